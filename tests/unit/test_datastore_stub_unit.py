"""FinishedCall behaves as a completed gRPC future, holding a result or an error (no services)."""
from __future__ import annotations

import grpc
import pytest

from clients.datastore_stub import BlockingMethod, FinishedCall


class Refused(grpc.RpcError):
    pass


def test_a_finished_call_holds_its_result():
    call = FinishedCall("answer")
    assert call.done() and not call.running() and not call.cancelled() and not call.cancel()
    assert call.result() == "answer" and call.exception() is None and call.traceback() is None


def test_a_failed_call_raises_its_error_from_result():
    error = Refused("no")
    call = FinishedCall(error=error)
    assert call.exception() is error
    with pytest.raises(Refused):
        call.result()


def test_a_method_passes_request_timeout_and_metadata_and_keeps_errors():
    seen = []

    def answer(request, **kwargs):
        seen.append((request, kwargs))
        if request == "bad":
            raise Refused("bad request")
        return request.upper()

    method = BlockingMethod(answer)
    assert method.future("ok", timeout=3, metadata=[("a", "b")]).result() == "OK"
    assert seen == [("ok", {"timeout": 3, "metadata": [("a", "b")]})]
    assert isinstance(method.future("bad").exception(), Refused)
    with pytest.raises(Refused):
        method("bad")
