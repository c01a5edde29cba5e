"""Refusals of the write path; handlers turn them into 4xx JSON errors."""
from __future__ import annotations


class ActionError(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


def not_found(message: str) -> ActionError:
    return ActionError(404, message)


def conflict(message: str) -> ActionError:
    return ActionError(409, message)


def bad_request(message: str) -> ActionError:
    return ActionError(400, message)
