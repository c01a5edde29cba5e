"""How every request is read before a handler sees it: path values, JSON bodies and the body size.

Invariants, for every route and every caller:
- a path value (``<name>`` in a route) is at most ``MAX_PATH_VALUE_BYTES`` of UTF-8 and not ``__reserved__``, so
  it can always be a Datastore key name or an indexed value (the Datastore refuses either over 1,500 bytes); any
  other matches no route (404);
- a JSON body is RFC 8259 JSON: no ``NaN``/``Infinity``, no number beyond a double's range, no lone surrogate in
  a string, nesting at most ``MAX_JSON_DEPTH`` deep; anything else reads as unparseable
  (``get_json(silent=True)`` gives ``None``, and the handlers answer 400);
- a body over ``MAX_CONTENT_LENGTH``, announced by ``Content-Length`` or sent chunked, is refused with 413 before
  any handler runs.
"""
from __future__ import annotations

import io
import json
import math

from flask import Flask, request
from flask.json.provider import DefaultJSONProvider
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.routing import BaseConverter, ValidationError

MAX_PATH_VALUE_BYTES = 500
MAX_JSON_DEPTH = 32
OVER_LIMIT = "meteorite.body_over_limit"


def fits_key_name(value: str) -> bool:
    """Whether ``value`` is always a valid Datastore key name: 1 to ``MAX_PATH_VALUE_BYTES`` bytes of UTF-8, and not
    of the form ``__name__`` (reserved by the Datastore)."""
    reserved = len(value) >= 4 and value.startswith("__") and value.endswith("__")
    return 0 < len(value.encode("utf-8", "surrogatepass")) <= MAX_PATH_VALUE_BYTES and not reserved


class PathValueConverter(BaseConverter):
    """The default ``<value>`` converter: one path segment that `fits_key_name`."""

    regex = f"[^/]{{1,{MAX_PATH_VALUE_BYTES}}}"

    def to_python(self, value: str) -> str:
        if not fits_key_name(value):
            raise ValidationError()
        return value


def _refuse_constant(name: str):
    raise ValueError(f"{name} is not JSON")


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"{text[:20]} is out of range")
    return value


def _double_range_int(text: str) -> int:
    """An integer within a double's range, as every JSON reader can take it (and ``float(value)`` never fails)."""
    value = int(text)
    try:
        float(value)
    except OverflowError as exc:
        raise ValueError(f"{text[:20]}... is out of range") from exc
    return value


def _nodes(value):
    """Every value inside a parsed JSON value, object keys included, with its depth (the value itself is 0)."""
    stack = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        yield item, depth
        if isinstance(item, dict):
            stack.extend((key, depth + 1) for key in item)
        if isinstance(item, (dict, list)):
            stack.extend((child, depth + 1) for child in (item.values() if isinstance(item, dict) else item))


def nesting_depth(value) -> int:
    """How deep lists and objects nest in a parsed JSON value (a scalar is 0), without recursion."""
    return max((depth + 1 for item, depth in _nodes(value) if isinstance(item, (dict, list))), default=0)


def is_unicode(value) -> bool:
    """Whether every string in a parsed JSON value is Unicode text: a lone surrogate (``"\\ud800"``) is not, and
    neither UTF-8 nor the Datastore can hold one."""
    try:
        for item, _ in _nodes(value):
            if isinstance(item, str):
                item.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


class StrictJSONProvider(DefaultJSONProvider):
    """Flask's JSON provider, reading only standard, finite, shallow JSON; every refusal is a ``ValueError``."""

    def loads(self, s, **kwargs):
        kwargs.setdefault("parse_constant", _refuse_constant)
        kwargs.setdefault("parse_float", _finite_float)
        kwargs.setdefault("parse_int", _double_range_int)
        try:
            value = json.loads(s, **kwargs)
        except RecursionError as exc:
            raise ValueError("JSON nested too deeply") from exc
        if nesting_depth(value) > MAX_JSON_DEPTH:
            raise ValueError(f"JSON nested more than {MAX_JSON_DEPTH} deep")
        if not is_unicode(value):
            raise ValueError("JSON strings must be Unicode text (no lone surrogates)")
        return value


class ChunkedBodyLimit:
    """WSGI middleware: a chunked body (no ``Content-Length``) is read here, up to one byte past ``limit``.

    A body within the limit is handed on as an ordinary body with its ``Content-Length``; a longer one is
    dropped unread past that byte and the request is marked, so the app answers 413.
    """

    def __init__(self, wsgi_app, limit: int):
        self.wsgi_app = wsgi_app
        self.limit = limit

    def __call__(self, environ, start_response):
        chunked = "chunked" in environ.get("HTTP_TRANSFER_ENCODING", "").lower()
        if chunked and not environ.get("CONTENT_LENGTH"):
            body = self._read(environ["wsgi.input"])
            if len(body) > self.limit:
                environ[OVER_LIMIT], body = True, b""
            environ["wsgi.input"], environ["CONTENT_LENGTH"] = io.BytesIO(body), str(len(body))
            environ.pop("wsgi.input_terminated", None)
            environ.pop("HTTP_TRANSFER_ENCODING")
        return self.wsgi_app(environ, start_response)

    def _read(self, stream) -> bytes:
        parts, size = [], 0
        while size <= self.limit:
            part = stream.read(self.limit + 1 - size)
            if not part:
                break
            parts.append(part)
            size += len(part)
        return b"".join(parts)


def refuse_oversized_body() -> None:
    """Before every request: a body over the limit is a 413, whether or not the handler would read it."""
    limit = request.max_content_length
    if request.environ.get(OVER_LIMIT) or (limit is not None and (request.content_length or 0) > limit):
        raise RequestEntityTooLarge(f"the request body is over {limit} bytes")


def install(app: Flask) -> None:
    """Install the parsing rules on ``app``; call before any blueprint is registered (routes bind converters)."""
    app.url_map.converters["default"] = PathValueConverter
    app.url_map.converters["string"] = PathValueConverter
    app.json = StrictJSONProvider(app)
    app.before_request(refuse_oversized_body)
    app.wsgi_app = ChunkedBodyLimit(app.wsgi_app, app.config["MAX_CONTENT_LENGTH"])
