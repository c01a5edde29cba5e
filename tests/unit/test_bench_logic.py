"""The benchmarks' own logic: the scripted students' answers, the request order of a round, the percentiles and
the profile summary (the numbers in bench/results rest on these)."""
from __future__ import annotations

import random

import pytest

from bench import engine_parts, profile_stacks
from bench.requests_cpu import BEFORE, OPS, round_order
from bench.stats import p90, percentile, summary
from bench.students import solve


@pytest.mark.parametrize("question,answer", [("3 + 4", "7"), ("-3 - 4", "-7"), ("12 * -3", "-36"),
                                             ("-42 / 6", "-7"), ("0 / 5", "0")])
def test_level_one_questions_are_answered(question, answer):
    assert solve(question) == answer


@pytest.mark.parametrize("question", ["3 + x", "3+4", "1 % 2", "sin(x)"])
def test_anything_else_is_refused(question):
    with pytest.raises(ValueError):
        solve(question)


def test_a_round_sends_every_request_type_once_each_serve_before_its_attempt():
    rng = random.Random(1)
    orders = [round_order(rng) for _ in range(200)]
    for order in orders:
        assert sorted(order) == sorted(OPS)
        for first, then in BEFORE:
            assert order.index(first) < order.index(then)
    assert len({tuple(order) for order in orders}) > 100  # interleaved, not a fixed order


def test_percentiles_interpolate_between_closest_ranks():
    values = [10.0, 20.0, 30.0, 40.0, 50.0]
    assert percentile(values, 0.5) == 30.0
    assert percentile(values, 0.9) == pytest.approx(46.0)
    assert percentile(values[::-1], 0.0) == 10.0 and percentile(values, 1.0) == 50.0
    assert p90(values[::-1]) == percentile(values, 0.9)
    assert percentile([7.0], 0.9) == 7.0


RAW = """process 1:"gunicorn";Thread.run (threading.py:982);get_problem (handlers/api.py:45);serve (actions/exercises.py:70);Key.get (ndb/key.py:880) 3
process 1:"gunicorn";Thread.run (threading.py:982);get_problem (handlers/api.py:45);serve (actions/exercises.py:71) 1
process 1:"gunicorn";Thread.run (threading.py:982);post_attempt (handlers/api.py:70);attempt (actions/exercises.py:150) 5
process 1:"gunicorn";Thread.run (threading.py:982);get_problem (handlers/api.py:45);Key.get (ndb/key.py
"""


def test_a_profile_counts_a_views_samples_only_with_shares_of_them():
    stacks = profile_stacks.parse(RAW)
    assert len(stacks) == 3  # the line cut short when py-spy stopped is left out
    top = profile_stacks.top(stacks, profile_stacks.VIEWS["serve"])
    assert top["samples"] == 4
    assert dict(top["inclusive"]) == {"serve (actions/exercises.py)": 1.0, "Key.get (ndb/key.py)": 0.75}
    assert dict(top["self"]) == {"Key.get (ndb/key.py)": 0.75, "serve (actions/exercises.py)": 0.25}


def test_the_engines_parts_add_up_to_the_whole_engine():
    medians = {"engine off": 5.0, "engine on": 5.4, "no send": 5.32, "no append": 5.27, "no pass": 5.2}
    found = engine_parts.parts({"rows": [{"mode": m, "median": v} for m, v in medians.items()]})
    assert found["evaluation pass"] == pytest.approx(200)
    assert found["send (after the commit)"] == pytest.approx(80)
    assert found["encode (after the commit)"] == pytest.approx(50)
    assert found["the step's own structure"] == pytest.approx(70)
    rest = sum(us for name, us in found.items() if name != "engine, in all")
    assert rest == pytest.approx(found["engine, in all"]) == pytest.approx(400)


def test_a_summary_is_median_p90_mean_and_max():
    values = [50.0, 10.0, 40.0, 20.0, 30.0]
    assert summary(values) == {"median": 30.0, "p90": pytest.approx(46.0), "mean": 30.0, "max": 50.0}
