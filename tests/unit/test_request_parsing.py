"""The request parsing rules, without services: JSON that is refused, nesting depth, the path value limit."""
from __future__ import annotations

import pytest
from flask import Flask
from werkzeug.routing import ValidationError

from handlers.request_parsing import (MAX_JSON_DEPTH, MAX_PATH_VALUE_BYTES, PathValueConverter, StrictJSONProvider,
                                      fits_key_name, nesting_depth)


@pytest.fixture
def provider() -> StrictJSONProvider:
    return StrictJSONProvider(Flask(__name__))


@pytest.mark.parametrize("text", ["[" * 1000, "[" * 100000, "NaN", '{"a": Infinity}', '{"a": -Infinity}', "1e999",
                                  "-1e400", "1" + "0" * 400, '{"a": [-1' + "0" * 309 + "]}", "[" * (MAX_JSON_DEPTH + 1) + "]" * (MAX_JSON_DEPTH + 1), "9" * 5000,
                                  b"\xff\xfe{", '"\\ud800"', '{"a": ["ok", "\\udfff"]}', '{"\\ud83d": 1}'])
def test_refused_json_is_a_value_error(provider, text):
    with pytest.raises(ValueError):
        provider.loads(text)


def test_large_numbers_within_a_double_still_read(provider):
    assert provider.loads("1" + "0" * 300) == 10 ** 300
    assert provider.loads("1.5e308") == 1.5e308


def test_plain_json_reads_as_usual(provider):
    assert provider.loads('{"a": [1, 2.5e10, "x", null, true], "b": {}, "\\u00e9": "\\ud83d\\ude00"}') == {
        "a": [1, 2.5e10, "x", None, True], "b": {}, "é": "\N{GRINNING FACE}"}
    deepest = "[" * MAX_JSON_DEPTH + "]" * MAX_JSON_DEPTH
    assert nesting_depth(provider.loads(deepest)) == MAX_JSON_DEPTH


@pytest.mark.parametrize("value,depth", [(1, 0), ("x", 0), ([], 1), ({}, 1), ([[1], {"a": [2]}], 3),
                                         ({"a": {"b": {"c": None}}}, 3)])
def test_nesting_depth(value, depth):
    assert nesting_depth(value) == depth


def test_nesting_depth_needs_no_recursion():
    value: list = []
    for _ in range(100000):
        value = [value]
    assert nesting_depth(value) == 100001


def test_path_values_are_bounded_in_utf8_bytes():
    converter = PathValueConverter(None)
    assert converter.to_python("a" * MAX_PATH_VALUE_BYTES) == "a" * MAX_PATH_VALUE_BYTES
    assert converter.to_python("é" * (MAX_PATH_VALUE_BYTES // 2)) == "é" * (MAX_PATH_VALUE_BYTES // 2)
    with pytest.raises(ValidationError):
        converter.to_python("é" * (MAX_PATH_VALUE_BYTES // 2 + 1))


@pytest.mark.parametrize("value,fits", [("addition_1", True), ("_x_", True), ("__", True), ("___", True),
                                        ("__key__", False), ("____", False), ("", False),
                                        ("a" * MAX_PATH_VALUE_BYTES, True), ("a" * (MAX_PATH_VALUE_BYTES + 1), False)])
def test_what_fits_a_key_name(value, fits):
    assert fits_key_name(value) is fits
