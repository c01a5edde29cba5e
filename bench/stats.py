"""The one percentile, and the one summary of a sample list, that every benchmark reports: the q-quantile by
linear interpolation between closest ranks (numpy's default, ``statistics.quantiles(method="inclusive")``), so a
p90 means the same in every table."""
from __future__ import annotations

import statistics


def percentile(values: list[float], q: float) -> float:
    """The q-quantile (0 ≤ q ≤ 1) of ``values`` by linear interpolation between closest ranks."""
    ordered = sorted(values)
    position = (len(ordered) - 1) * q
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def p90(values: list[float]) -> float:
    return percentile(values, 0.9)


def summary(values: list[float]) -> dict:
    """Median, p90, mean and max of ``values``: what the benchmarks' tables and JSON report of a sample list."""
    return {"median": statistics.median(values), "p90": p90(values), "mean": statistics.fmean(values),
            "max": max(values)}
