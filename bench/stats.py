"""The one percentile every benchmark reports: the q-quantile by linear interpolation between closest ranks (numpy's
default, ``statistics.quantiles(method="inclusive")``), so a p90 means the same in every table."""
from __future__ import annotations


def percentile(values: list[float], q: float) -> float:
    """The q-quantile (0 ≤ q ≤ 1) of ``values`` by linear interpolation between closest ranks."""
    ordered = sorted(values)
    position = (len(ordered) - 1) * q
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def p90(values: list[float]) -> float:
    return percentile(values, 0.9)
