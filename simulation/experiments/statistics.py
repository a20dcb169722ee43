"""Means and 95 % confidence intervals across replicates (Student's t)."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

import numpy as np
from scipy import stats


def confidence_interval(values: Iterable[float], level: float = 0.95) -> tuple[float, float]:
    """Mean and half-width of the two-sided t interval; half-width NaN for one value.

    NaN values (a metric undefined in a replicate, such as a response time when
    nothing was answered) are left out.
    """
    data = np.array([v for v in values if v is not None and not math.isnan(v)], dtype=float)
    if data.size == 0:
        return math.nan, math.nan
    mean = float(data.mean())
    if data.size < 2:
        return mean, math.nan
    half = float(stats.t.ppf(0.5 + level / 2, data.size - 1) * data.std(ddof=1) / math.sqrt(data.size))
    return mean, half


def summarise_replicates(
    rows: Sequence[dict[str, object]], keys: Sequence[str]
) -> dict[str, tuple[float, float]]:
    """For each numeric key: (mean, 95 % half-width) over the rows."""
    return {key: confidence_interval(float(row[key]) for row in rows) for key in keys}
