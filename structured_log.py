"""Log lines as Cloud Logging reads them: one JSON object per line on stdout.

Invariant: every line has ``severity``, ``message`` and ``time``; a line written while serving a request carries
that request's trace (``logging.googleapis.com/trace``, from ``X-Cloud-Trace-Context``) so Cloud Logging groups a
request's lines; fields passed as ``extra={"fields": {...}}`` become top-level keys (log-based metrics read them).
No email or other personal data is ever passed here. Nothing is written to local disk.
"""
from __future__ import annotations

import datetime
import json
import logging
import sys

from flask import has_request_context, request

TRACE_KEY = "logging.googleapis.com/trace"


def trace_of(header: str | None, project: str) -> str | None:
    """``projects/<project>/traces/<trace id>`` from an ``X-Cloud-Trace-Context: TRACE_ID/SPAN_ID;o=1`` header."""
    trace_id = (header or "").split("/", 1)[0].strip()
    if not trace_id or not trace_id.isalnum() or len(trace_id) > 64:
        return None
    return f"projects/{project}/traces/{trace_id}"


class JsonFormatter(logging.Formatter):
    def __init__(self, project: str):
        super().__init__()
        self.project = project

    def format(self, record: logging.LogRecord) -> str:
        line = {
            "severity": record.levelname,
            "message": record.getMessage(),
            "time": datetime.datetime.fromtimestamp(record.created, datetime.timezone.utc).isoformat(),
            "logger": record.name,
        }
        if record.exc_info:
            line["message"] += "\n" + self.formatException(record.exc_info)
        line.update(getattr(record, "fields", None) or {})
        if has_request_context():
            trace = trace_of(request.headers.get("X-Cloud-Trace-Context"), self.project)
            if trace:
                line[TRACE_KEY] = trace
        return json.dumps(line, default=str)


def install(project: str, level: int = logging.INFO) -> None:
    """Send the root logger's lines to stdout as JSON (App Engine); replaces its handlers, so call once."""
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(JsonFormatter(project))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
