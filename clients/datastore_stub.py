"""The Datastore stub ndb is given: each RPC made as a blocking gRPC call, handed to ndb as a finished future.

ndb starts every RPC with ``method.future(request, ...)``. On a gRPC channel with no call in flight, each such
future starts a new "channel spin" thread that polls for the answer and hands it back, which costs about 200 µs
of CPU per RPC (three per action: begin, lookup, commit) and two thread switches, more under load. A blocking
call waits on a completion queue of its own, in the calling thread, with the GIL released.

Invariants: the same request, timeout and metadata reach the same transport method (so the same interceptors,
serializers and deadlines apply); a call's answer or its `grpc.RpcError` is what the future holds, so ndb's error
mapping and retries see exactly what a gRPC future would give them; the future is done when returned and runs a
done-callback at once. The only change is that ndb's event loop cannot overlap two RPCs of one request, which
this app never relies on: every action's reads are one batched lookup.
"""
from __future__ import annotations

from typing import Any, Callable

import grpc


class FinishedCall(grpc.Future):
    """A gRPC future whose call has already returned ``result`` or raised ``error``."""

    __slots__ = ("_result", "_error")

    def __init__(self, result: Any = None, error: grpc.RpcError | None = None):
        self._result, self._error = result, error

    def cancel(self) -> bool:
        return False

    def cancelled(self) -> bool:
        return False

    def running(self) -> bool:
        return False

    def done(self) -> bool:
        return True

    def result(self, timeout: float | None = None) -> Any:
        if self._error is not None:
            raise self._error
        return self._result

    def exception(self, timeout: float | None = None) -> grpc.RpcError | None:
        return self._error

    def traceback(self, timeout: float | None = None):
        return None if self._error is None else self._error.__traceback__

    def add_done_callback(self, fn: Callable[["FinishedCall"], None]) -> None:
        fn(self)


class BlockingMethod:
    """One RPC method of the transport; ``future`` makes the call now, in this thread."""

    __slots__ = ("_call",)

    def __init__(self, call: Callable[..., Any]):
        self._call = call

    def future(self, request, timeout: float | None = None, metadata=None, **kwargs) -> FinishedCall:
        try:
            return FinishedCall(self._call(request, timeout=timeout, metadata=metadata, **kwargs))
        except grpc.RpcError as error:
            return FinishedCall(error=error)

    def __call__(self, request, **kwargs) -> Any:
        return self._call(request, **kwargs)


class BlockingStub:
    """Wraps ndb's transport (``client.stub``): its RPC methods become `BlockingMethod`s, made once each."""

    def __init__(self, transport):
        self.transport = transport
        self._methods: dict[str, BlockingMethod] = {}

    def __getattr__(self, name: str) -> BlockingMethod:
        method = self._methods.get(name)
        if method is None:
            method = self._methods[name] = BlockingMethod(getattr(self.transport, name))
        return method
