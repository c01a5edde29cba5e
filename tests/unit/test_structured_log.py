"""Structured log lines: severity, message, the request's trace, extra fields; no request needed."""
import json
import logging

from flask import Flask

from structured_log import TRACE_KEY, JsonFormatter, trace_of


def record(message="hello", fields=None, level=logging.INFO):
    rec = logging.LogRecord("badges.awards", level, __file__, 1, message, (), None)
    if fields is not None:
        rec.fields = fields
    return rec


def test_a_line_is_one_json_object_with_severity_and_fields():
    line = JsonFormatter("proj").format(record("award", {"event": "award", "badge": "nicestreak"}, logging.WARNING))
    assert "\n" not in line
    data = json.loads(line)
    assert data["severity"] == "WARNING" and data["message"] == "award"
    assert data["event"] == "award" and data["badge"] == "nicestreak"
    assert TRACE_KEY not in data


def test_a_line_written_in_a_request_carries_its_trace():
    app = Flask(__name__)
    with app.test_request_context("/", headers={"X-Cloud-Trace-Context": "105445aa7843bc8bf206b12000100000/1;o=1"}):
        data = json.loads(JsonFormatter("proj").format(record()))
    assert data[TRACE_KEY] == "projects/proj/traces/105445aa7843bc8bf206b12000100000"


def test_trace_of_refuses_junk():
    assert trace_of(None, "p") is None
    assert trace_of("", "p") is None
    assert trace_of("abc def/1", "p") is None
    assert trace_of("a" * 65, "p") is None
    assert trace_of("abc123", "p") == "projects/p/traces/abc123"
