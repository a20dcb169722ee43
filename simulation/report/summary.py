"""Plain-language findings generated from a comparison's numbers (no fixed text about models)."""

from __future__ import annotations

import math

from simulation.experiments.compare import Comparison
from simulation.experiments.statistics import confidence_interval

RANKED_METRICS = (
    ("answered_share", "answered", "{:.0%}", "high"),
    ("answered_within_1h_share", "≤ 1 h", "{:.0%}", "high"),
    ("answered_within_24h_share", "≤ 24 h", "{:.0%}", "high"),
    ("response_time_median_min", "median response (min)", "{:.0f}", "low"),
    ("response_time_p90_min", "p90 response (min)", "{:.0f}", "low"),
    ("middlemen_per_inquiry", "middlemen / inquiry", "{:.2f}", "low"),
    ("boundary_crossings_per_inquiry", "crossings / inquiry", "{:.2f}", "low"),
    ("person_hours_social", "person-hours", "{:.0f}", "low"),
    ("coordination_hours", "coordination hours", "{:.0f}", "low"),
    ("max_utilisation", "max. utilisation", "{:.0%}", "low"),
)


def statistics(comparison: Comparison) -> dict[str, dict[str, tuple[float, float]]]:
    """Per model and summary key: (mean, 95 % half-width) over replicates."""
    table = comparison.summary
    result = {}
    for model in comparison.models:
        rows = table[table["model"] == model]
        result[model] = {key: confidence_interval(float(v) for v in rows[key]) for key, *_ in RANKED_METRICS}
    return result


def ranking(comparison: Comparison) -> list[str]:
    """Models from most to least answered (by mean answered share)."""
    stats = statistics(comparison)
    return sorted(comparison.models, key=lambda m: -_finite(stats[m]["answered_share"][0], -1.0))


def findings(comparison: Comparison) -> list[str]:
    """Short sentences: who wins on what, at what cost, and how sure we are."""
    stats = statistics(comparison)
    models = comparison.models
    if len(models) == 1:
        return [f"Only {models[0]} was run; run more models to compare."]
    sentences = []
    best = _best(stats, models, "answered_share", "high")
    tied = _tied(stats, models, "answered_share", best)
    sentences.append(
        f"Most inquiries answered within the patience of "
        f"{_hours(comparison.scenario.inquiries.patience_hours)}: {best} "
        f"({_share(stats[best]['answered_share'])})"
        + (f"; statistically tied with {_names(tied)}." if tied else ", clearly ahead of the rest.")
    )
    worst = _best(stats, models, "answered_share", "low")
    sentences.append(f"Fewest answered: {worst} ({_share(stats[worst]['answered_share'])}).")
    fastest = _best(stats, models, "answered_within_1h_share", "high")
    sentences.append(
        f"Fastest first answers: {fastest} answers {_share(stats[fastest]['answered_within_1h_share'])} "
        f"within an hour; median response {_minutes(stats[fastest]['response_time_median_min'][0])}."
    )
    fewest = _best(stats, models, "middlemen_per_inquiry", "low")
    most = _best(stats, models, "middlemen_per_inquiry", "high")
    sentences.append(
        f"Shortest paths: {fewest} ({stats[fewest]['middlemen_per_inquiry'][0]:.2f} middlemen and "
        f"{stats[fewest]['boundary_crossings_per_inquiry'][0]:.2f} boundary crossings per inquiry); "
        f"longest: {most} ({stats[most]['middlemen_per_inquiry'][0]:.2f} middlemen, "
        f"{stats[most]['boundary_crossings_per_inquiry'][0]:.2f} crossings)."
    )
    cost = {
        m: _finite(stats[m]["person_hours_social"][0]) + _finite(stats[m]["coordination_hours"][0])
        for m in models
    }
    cheapest = min(models, key=cost.__getitem__)
    dearest = max(models, key=cost.__getitem__)
    sentences.append(
        f"Cost in person-hours per run (inquiries + coordination): cheapest {cheapest} "
        f"({cost[cheapest]:.0f} h), dearest {dearest} ({cost[dearest]:.0f} h, of which "
        f"{_finite(stats[dearest]['coordination_hours'][0]):.0f} h coordination)."
    )
    if best != cheapest and cost[cheapest] > 0:
        sentences.append(
            f"The trade-off: {best} answers {_points(stats, best, cheapest)} more than {cheapest} "
            f"and costs {cost[best] / cost[cheapest]:.1f}× its person-hours."
        )
    ceiling = max(_finite(stats[m]["answered_within_24h_share"][0]) for m in models)
    if ceiling < 0.8:
        sentences.append(
            f"No model answers more than {ceiling:.0%} within 24 h: look at who is on shift at night "
            "and at weekends, and at the patience, before blaming the ownership model."
        )
    if comparison.replicates < 3:
        sentences.append(
            f"Only {comparison.replicates} replicate(s): confidence intervals are missing or wide."
        )
    return sentences


def _best(stats, models, key: str, direction: str) -> str:
    sign = -1.0 if direction == "high" else 1.0
    return min(models, key=lambda m: sign * _finite(stats[m][key][0], -math.inf * sign))


def _tied(stats, models, key: str, best: str) -> list[str]:
    mean, half = stats[best][key]
    half = _finite(half)
    return [
        m
        for m in models
        if m != best and _finite(stats[m][key][0]) + _finite(stats[m][key][1]) >= mean - half
    ]


def _points(stats, first: str, second: str) -> str:
    difference = stats[first]["answered_share"][0] - stats[second]["answered_share"][0]
    return f"{100 * difference:.0f} percentage points"


def _finite(value: float, default: float = 0.0) -> float:
    return value if value is not None and math.isfinite(value) else default


def _share(pair: tuple[float, float]) -> str:
    mean, half = pair
    return f"{mean:.0%}" + ("" if math.isnan(half) else f" ± {half:.0%}")


def _minutes(value: float) -> str:
    if not math.isfinite(value):
        return "n/a"
    return f"{value:.0f} min" if value < 120 else f"{value / 60:.1f} h"


def _hours(value: float) -> str:
    return "no deadline" if math.isinf(value) else f"{value:g} h"


def _names(models: list[str]) -> str:
    return ", ".join(models[:-1]) + (" and " if len(models) > 1 else "") + models[-1]
