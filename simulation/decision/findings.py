"""Who is ahead on one metric, decided from replicates with common random numbers.

Every comparative sentence of the report comes from :func:`standing`: it ranks only the
models that have data on the metric, calls two models different only when the 95 %
confidence interval of their paired differences (replicate ``i`` of both models saw the
same arrivals) excludes zero, and refuses to rank at all below a minimum of replicates.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
from scipy import stats

MIN_REPLICATES = 3
"""Below this many replicates a difference cannot be told from noise; nothing is ranked."""

Direction = Literal["high", "low"]


@dataclass(frozen=True)
class Standing:
    """The models' order on one metric, with ties and gaps stated.

    Attributes:
        direction: ``"high"`` when more is better, ``"low"`` when less is.
        means: per ranked model, the mean over replicates (best first).
        leaders: the best model and the models after it in mean order up to the first that is
            significantly worse than it (so a noisy model far down is never called a leader).
        laggards: the worst model and the models before it in mean order, worst first, up to the
            first that is significantly better than it.
        without_data: models with no value on the metric (e.g. nothing answered), or with a value
            in fewer than :data:`MIN_REPLICATES` replicates while other models have enough.
        trailing: the laggards that are significantly behind the best model, and only when the
            worst by mean is too: the only models a sentence may call the worst.
        enough_replicates: ``False`` below :data:`MIN_REPLICATES` paired replicates, or when gaps
            in the data make the paired and the mean order disagree; leaders and laggards are then
            every ranked model, and no sentence may name a winner.

    """

    direction: Direction
    means: dict[str, float]
    leaders: list[str]
    laggards: list[str]
    without_data: list[str]
    enough_replicates: bool
    trailing: list[str] = field(default_factory=list)

    @property
    def ranked(self) -> list[str]:
        """The models with data, best mean first."""
        return list(self.means)

    @property
    def all_tied(self) -> bool:
        """No ranked model can be told apart from the best one."""
        return len(self.leaders) == len(self.means)

    @property
    def clear_leader(self) -> str | None:
        """The one model significantly ahead of every other ranked model, if there is one."""
        if self.enough_replicates and len(self.leaders) == 1 and len(self.means) > 1:
            return self.leaders[0]
        return None


def standing(
    values: Mapping[str, Sequence[float]], direction: Direction, min_replicates: int = MIN_REPLICATES
) -> Standing:
    """Rank models on one metric from per-replicate values (index ``i`` = replicate ``i``).

    Args:
        values: model -> its value in each replicate; NaN where the metric is undefined.
            Replicates are paired across models (common random numbers).
        direction: ``"high"`` if more is better.
        min_replicates: fewest paired replicates needed before any difference is claimed.

    """
    sign = 1.0 if direction == "high" else -1.0
    arrays = {m: np.asarray(v, dtype=float) for m, v in values.items()}
    with_data = {m: a for m, a in arrays.items() if np.isfinite(a).any()}
    if any(_finite_count(a) >= min_replicates for a in with_data.values()):
        # a model with data in too few replicates (it answered almost nothing) cannot be ranked,
        # and it must not stop the others from being ranked
        with_data = {m: a for m, a in with_data.items() if _finite_count(a) >= min_replicates}
    without = [m for m in arrays if m not in with_data]
    means = {m: float(np.nanmean(a)) for m, a in with_data.items()}
    order = sorted(with_data, key=lambda m: (-sign * means[m], list(arrays).index(m)))
    ordered = {m: means[m] for m in order}
    if not order:
        return Standing(direction, {}, [], [], without, False)
    enough = min(_finite_count(with_data[m]) for m in order) >= min_replicates
    if not enough:
        return Standing(direction, ordered, list(order), list(order), without, False)
    best, worst = order[0], order[-1]

    def beaten(model: str) -> bool:
        return any(_ahead(with_data[o], with_data[model], sign, min_replicates) for o in order if o != model)

    def beats(model: str) -> bool:
        return any(_ahead(with_data[model], with_data[o], sign, min_replicates) for o in order if o != model)

    if beaten(best) or beats(worst):  # paired and marginal means disagree (gaps in the data)
        return Standing(direction, ordered, list(order), list(order), without, False)
    leaders = _while(order, lambda m: not beaten(m))
    laggards = _while(order[::-1], lambda m: not beats(m))
    trailing = []
    if _ahead(with_data[best], with_data[worst], sign, min_replicates):  # else "the worst" is noise
        trailing = [
            m
            for m in laggards
            if m not in leaders and _ahead(with_data[best], with_data[m], sign, min_replicates)
        ]
    return Standing(direction, ordered, leaders, laggards, without, True, trailing)


def _while(order: list[str], keep) -> list[str]:
    """The first model and those after it until the first that ``keep`` rejects."""
    result = [order[0]]
    for model in order[1:]:
        if not keep(model):
            break
        result.append(model)
    return result


def ahead(
    first: Sequence[float],
    second: Sequence[float],
    direction: Direction,
    min_replicates: int = MIN_REPLICATES,
) -> bool:
    """Whether ``first`` is significantly better than ``second`` on paired replicates."""
    sign = 1.0 if direction == "high" else -1.0
    return _ahead(np.asarray(first, float), np.asarray(second, float), sign, min_replicates)


def _ahead(first: np.ndarray, second: np.ndarray, sign: float, min_replicates: int) -> bool:
    """The 95 % t interval of the paired differences lies wholly on the better side of zero."""
    size = min(first.size, second.size)
    difference = sign * (first[:size] - second[:size])
    difference = difference[np.isfinite(difference)]
    if difference.size < max(min_replicates, 2):
        return False
    mean = float(difference.mean())
    spread = float(difference.std(ddof=1))
    if spread == 0.0:
        return mean > 0.0
    half = float(stats.t.ppf(0.975, difference.size - 1)) * spread / math.sqrt(difference.size)
    return mean - half > 0.0


def _finite_count(values: np.ndarray) -> int:
    return int(np.isfinite(values).sum())


ANSWER_DEPENDENT = (
    "response_time_mean_min",
    "response_time_median_min",
    "response_time_p90_min",
    "response_time_p99_min",
    "handoffs_per_inquiry",
    "middlemen_per_inquiry",
    "boundary_crossings_per_inquiry",
    "incidents_per_1000_answers",
)
"""Metrics that describe answered inquiries: undefined in a replicate that answered nothing."""

HOURS_PER_ANSWER = "hours_per_answer"
"""Derived: person-hours (inquiries + coordination) per inquiry answered by the deadline."""

FTE = "fte"
"""Derived: full-time equivalents the social-media hours amount to (40-hour weeks of arrivals)."""

COST_PER_ANSWER = "cost_per_answer"
"""Derived: money (``scenario.costs``) per inquiry answered by the deadline."""

HOURS_PER_FTE_WEEK = 40.0


def replicate_values(
    summary,
    models: Sequence[str],
    key: str,
    *,
    counted_share: float = 1.0,
    weeks: float | None = None,
    money=None,
) -> dict[str, list[float]]:
    """Per model, the metric in replicate order, NaN where the model has no data on it.

    Args:
        summary: a comparison's summary table (one row per model × replicate).
        models: the models, in the order wanted.
        key: a summary column or one of :data:`HOURS_PER_ANSWER`, :data:`FTE`,
            :data:`COST_PER_ANSWER`.
        counted_share: share of the run's hours spent on counted (post-warm-up) arrivals,
            ``(duration - warm-up) / duration``: per-answer figures divide only those hours.
        weeks: weeks of arrivals, for :data:`FTE`.
        money: table ``model``, ``replicate``, ``cost`` for :data:`COST_PER_ANSWER`.

    Metrics in :data:`ANSWER_DEPENDENT` and the per-answer ones are NaN in a replicate in
    which the model answered nothing, so such a model is never ranked on them.

    """
    result = {}
    for model in models:
        rows = summary[summary["model"] == model].sort_values("replicate")
        answered = rows["answered_share"].to_numpy(dtype=float) * rows["inquiries"].to_numpy(dtype=float)
        hours = rows["person_hours_social"].to_numpy(dtype=float) + rows["coordination_hours"].to_numpy(
            dtype=float
        )
        with np.errstate(divide="ignore", invalid="ignore"):
            if key == HOURS_PER_ANSWER:
                values = np.where(answered > 0, counted_share * hours / answered, np.nan)
            elif key == FTE:
                values = hours / (weeks * HOURS_PER_FTE_WEEK) if weeks else np.full(len(rows), np.nan)
            elif key == COST_PER_ANSWER:
                values = np.full(len(rows), np.nan)
                if money is not None and len(money):
                    priced = money[money["model"] == model].set_index("replicate")["cost"]
                    cost = priced.reindex(rows["replicate"]).to_numpy(dtype=float)
                    values = np.where(answered > 0, counted_share * cost / answered, np.nan)
            else:
                values = rows[key].to_numpy(dtype=float)
                if key in ANSWER_DEPENDENT:
                    values = np.where(answered > 0, values, np.nan)
        result[model] = [float(v) for v in values]
    return result
