"""The awards-per-day chart's geometry (badges.award_chart): bars on the baseline, in proportion, none for an empty
day, and a sentence that says what the chart shows."""
from __future__ import annotations

from badges.award_chart import HEIGHT, MIN_BAR, TOP_MARGIN, WIDTH, Bar, bars, chart, label, path

DAYS = [f"2012-01-{d:02d}" for d in range(1, 11)]


def test_no_award_draws_nothing_and_says_so():
    empty = chart([0] * 10, DAYS)
    assert (empty.path, empty.width, empty.height) == ("", WIDTH, HEIGHT)
    assert empty.label == "No awards in the last 10 days"


def test_bars_stand_on_the_baseline_in_proportion_to_the_busiest_day():
    drawn = bars([0, 4, 0, 2, 0, 0, 0, 0, 0, 1], width=100, height=42)
    room = 42 - TOP_MARGIN
    assert drawn == [Bar(10, 2, 10, room), Bar(30, 22, 10, 20), Bar(90, 32, 10, 10)]
    assert all(b.y + b.height == 42 for b in drawn)


def test_a_single_award_among_many_still_shows():
    drawn = bars([1000] + [1] + [0] * 8, width=100, height=42)
    assert drawn[1].height == MIN_BAR and drawn[1].y == 42 - MIN_BAR


def test_the_path_closes_one_rectangle_per_bar():
    assert path([Bar(10, 2, 10, 40), Bar(30.5, 22, 2, 20)]) == "M10 2h10v40h-10z M30.5 22h2v20h-2z"
    assert chart([0, 1] + [0] * 8, DAYS, width=100, height=42).path.count("z") == 1


def test_the_label_names_the_window_the_total_and_the_busiest_day():
    assert label([0, 3, 1, 0, 0, 0, 0, 0, 3, 0], DAYS) == (
        "Awards per day from 2012-01-01 to 2012-01-10: 7 in all, at most 3 in a day (2012-01-02)")
