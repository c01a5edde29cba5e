"""Day bucketing and the programme's sums (badges.award_stats): pure parts, no services."""
from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from badges.award_stats import DAYS, day_key, moved, summarize, window

TODAY = datetime.date(2012, 4, 2)


@dataclass
class Shard:
    badge_name: str
    awards: int = 0
    by_day: dict = field(default_factory=dict)
    first_award: datetime.datetime | None = None
    last_award: datetime.datetime | None = None


def test_a_day_is_its_utc_date_and_the_window_ends_today_oldest_first():
    assert day_key(datetime.datetime(2012, 4, 2, 23, 59, 59)) == "2012-04-02"
    days = window(TODAY)
    assert len(days) == DAYS == 90 and days[-1] == "2012-04-02" and days[0] == "2012-01-04"
    assert days == sorted(days) and len(set(days)) == DAYS


def test_moving_a_day_counts_it_and_drops_days_out_of_the_window_and_zeros():
    counts = moved(None, "2012-04-02", 1, TODAY)
    counts = moved(counts, "2012-04-02", 1, TODAY)
    counts = moved(counts, "2012-03-01", 1, TODAY)
    assert counts == {"2012-03-01": 1, "2012-04-02": 2}
    assert moved(counts, "2012-03-01", -1, TODAY) == {"2012-04-02": 2}
    later = datetime.date(2012, 5, 30)  # 2012-03-01 is now older than 90 days: dropped when the shard is written
    assert moved(counts, "2012-05-30", 1, later) == {"2012-04-02": 2, "2012-05-30": 1}
    assert moved({"2012-04-02": 2}, "2011-01-01", -1, TODAY) == {"2012-04-02": 2}  # out of every window: ignored
    assert moved({}, "2012-04-03", 1, TODAY) == {"2012-04-03": 1}  # a clock behind the award's is not trusted


def test_shards_sum_per_badge_with_the_7_and_30_day_windows_and_first_and_last_award():
    t = datetime.datetime(2012, 1, 1)
    shards = [
        Shard("a", 3, {"2012-04-02": 1, "2012-03-27": 1, "2012-03-26": 1}, t, t.replace(month=4, day=2)),
        Shard("a", 2, {"2012-03-04": 1, "2012-03-03": 1}, t.replace(day=5), t.replace(month=3, day=4)),
        Shard("b", 0, {}, None, None),
    ]
    stats = summarize(shards, {"a": 4, "c": 1}, TODAY)
    a = stats["a"]
    assert (a.holders, a.awards, a.last_7, a.last_30) == (4, 5, 2, 4)  # 03-27..04-02 and 03-04..04-02
    assert (a.first, a.last) == (t, datetime.datetime(2012, 4, 2))
    assert len(a.per_day) == DAYS and a.per_day[-1] == 1 and sum(a.per_day) == 5
    assert stats["b"].awards == 0 and stats["b"].first is None and stats["c"].holders == 1
    assert stats["c"].per_day == (0,) * DAYS
