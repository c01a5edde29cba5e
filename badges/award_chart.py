"""The small chart of a badge's awards per day, drawn on the server as SVG geometry: one bar per day with awards,
in one path, and a sentence saying what it shows (its accessible name).

Invariants: pure, no I/O. Bars stand on the baseline (y = ``height``), left to right oldest to newest, one slot of
``width / days`` per day; the busiest day's bar is ``height - TOP_MARGIN`` tall and every other is in proportion,
at least `MIN_BAR` tall so a single award still shows; a day without awards draws nothing.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

WIDTH = 180
HEIGHT = 40
TOP_MARGIN = 2
MIN_BAR = 1.0


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    path: str  # SVG path data of every bar, "" when there is none
    label: str


def bars(per_day: Sequence[int], width: float = WIDTH, height: float = HEIGHT) -> list[Bar]:
    """One bar per day with awards (``per_day`` oldest first)."""
    peak = max(per_day, default=0)
    if peak <= 0:
        return []
    slot, room = width / len(per_day), height - TOP_MARGIN
    out = []
    for i, count in enumerate(per_day):
        if count > 0:
            tall = max(MIN_BAR, round(room * count / peak, 2))
            out.append(Bar(round(i * slot, 2), round(height - tall, 2), round(slot, 2), tall))
    return out


def path(drawn: Sequence[Bar]) -> str:
    """``M x y h w v h h -w z`` per bar: closed rectangles in one path."""
    return " ".join(f"M{b.x:g} {b.y:g}h{b.width:g}v{b.height:g}h{-b.width:g}z" for b in drawn)


def label(per_day: Sequence[int], days: Sequence[str]) -> str:
    """What the chart shows, in words: the window, the total and the busiest day."""
    total = sum(per_day)
    if not per_day or total == 0:
        return f"No awards in the last {len(per_day)} days"
    peak = max(per_day)
    busiest = days[per_day.index(peak)]
    return (f"Awards per day from {days[0]} to {days[-1]}: {total} in all, "
            f"at most {peak} in a day ({busiest})")


def chart(per_day: Sequence[int], days: Sequence[str], width: int = WIDTH, height: int = HEIGHT) -> Chart:
    return Chart(width, height, path(bars(per_day, width, height)), label(per_day, days))
