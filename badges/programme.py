"""The admin page's view of the badge programme: every badge (catalogue and custom) with its holders, awards in
the last 7 and 30 days, first and last award, and its chart of awards per day.

Invariant: read only from the counter shards (`badges.award_stats.programme`), never from `UserBadge` entities,
so the page costs the same whatever the number of awards.
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass

from badges import award_chart, award_stats, listing
from badges.award_chart import Chart
from badges.award_stats import BadgeStats
from badges.catalog import Badge

EMPTY = BadgeStats(holders=0, awards=0, last_7=0, last_30=0, first=None, last=None,
                   per_day=(0,) * award_stats.DAYS)


@dataclass(frozen=True)
class ProgrammeRow:
    badge: Badge
    stats: BadgeStats
    chart: Chart


def rows(today: datetime.date) -> list[ProgrammeRow]:
    """One row per badge, in catalogue order then custom badges by name."""
    figures = award_stats.programme(today)
    days = award_stats.window(today)
    out = []
    for badge in listing.all_badges():
        stats = figures.get(badge.name, EMPTY)
        out.append(ProgrammeRow(badge, stats, award_chart.chart(stats.per_day, days)))
    return out
