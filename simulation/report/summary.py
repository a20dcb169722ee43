"""Plain-language findings generated from a comparison's numbers (no fixed text about models).

Every comparative sentence is built from :func:`simulation.decision.findings.standing`, which
respects confidence intervals and ties, ranks only models with data on the metric, and refuses
to name a winner below its minimum of replicates. The sentences here only put words to it.
"""

from __future__ import annotations

import math

from simulation.decision.findings import (
    COST_PER_ANSWER,
    FTE,
    HOURS_PER_ANSWER,
    MIN_REPLICATES,
    Standing,
    ahead,
    replicate_values,
    standing,
)
from simulation.experiments.comparison import Comparison
from simulation.experiments.statistics import confidence_interval

RANKED_METRICS = (
    ("answered_share", "answered by the deadline", "{:.0%}", "high"),
    ("answered_within_1h_share", "≤ 1 h", "{:.0%}", "high"),
    ("answered_within_24h_share", "≤ 24 h", "{:.0%}", "high"),
    ("answered_within_patience_share", "within own patience", "{:.0%}", "high"),
    ("response_time_median_min", "median response (min)", "{:.0f}", "low"),
    ("response_time_p90_min", "p90 response (min)", "{:.0f}", "low"),
    ("middlemen_per_inquiry", "middlemen / inquiry", "{:.2f}", "low"),
    ("boundary_crossings_per_inquiry", "crossings / inquiry", "{:.2f}", "low"),
    ("incidents_per_1000_answers", "incidents / 1,000 answers", "{:.1f}", "low"),
    ("rework_hours", "rework hours", "{:.0f}", "low"),
    ("person_hours_social", "person-hours", "{:.0f}", "low"),
    ("coordination_hours", "coordination hours", "{:.0f}", "low"),
    (HOURS_PER_ANSWER, "person-hours / answered inquiry", "{:.2f}", "low"),
    (FTE, "FTE (40 h weeks)", "{:.2f}", "low"),
    (COST_PER_ANSWER, "cost / answered inquiry", "{:,.2f}", "low"),
    ("max_utilisation", "max. utilisation", "{:.0%}", "low"),
)


def statistics(comparison: Comparison) -> dict[str, dict[str, tuple[float, float, int]]]:
    """Per model and ranked metric: (mean, 95 % half-width, replicates with data)."""
    result: dict[str, dict[str, tuple[float, float, int]]] = {m: {} for m in comparison.models}
    for key, *_ in RANKED_METRICS:
        for model, values in metric_values(comparison, key).items():
            finite = [v for v in values if math.isfinite(v)]
            mean, half = confidence_interval(finite)
            result[model][key] = (mean, half, len(finite))
    return result


TOTALS = ("rework_hours", "person_hours_social", "coordination_hours", FTE, "max_utilisation")
"""Work totals: a model that answered nothing is not ranked on them (doing nothing is no saving)."""


def standings(comparison: Comparison) -> dict[str, Standing]:
    """Per ranked metric, the models' standing (ties, gaps and missing data stated)."""
    answered = metric_values(comparison, "answered_share")
    idle = {m for m, values in answered.items() if not any(v > 0 for v in values)}
    result = {}
    for key, _, _, direction in RANKED_METRICS:
        values = metric_values(comparison, key)
        if key in TOTALS:
            values = {m: [math.nan] * len(v) if m in idle else v for m, v in values.items()}
        result[key] = standing(values, direction)
    return result


def ranking(comparison: Comparison) -> list[str]:
    """Models from most to least answered (by mean answered share; no data last)."""
    order = standings(comparison)["answered_share"]
    return order.ranked + order.without_data


def findings(comparison: Comparison) -> list[str]:
    """Short sentences: who is ahead on what, at what cost per answer, and how sure we are."""
    models = comparison.models
    sentences = [f"{name} was not run: {reason}." for name, reason in comparison.not_applicable.items()] + [
        f"{name} was adapted to this organisation: {note}." for name, note in comparison.adapted.items()
    ]
    if len(models) < 2:
        shown = models[0] if models else "no model"
        return [*sentences, f"Only {shown} was run; run more models to compare."]
    stats = statistics(comparison)
    order = standings(comparison)
    deadline = _hours(comparison.scenario.inquiries.patience_hours)
    answered = order["answered_share"]
    if not answered.enough_replicates:
        low, high = min(answered.means.values()), max(answered.means.values())
        if comparison.replicates >= MIN_REPLICATES:
            sentences.append(
                f"The replicates do not order the models consistently (some have no data in some runs): "
                f"answered shares range from {low:.0%} to {high:.0%}; run more replicates."
            )
            return sentences + _ceiling(comparison, stats, deadline)
        sentences.append(
            f"Not enough replicates to tell the models apart ({comparison.replicates} per model; at least "
            f"{MIN_REPLICATES} needed): answered shares range from {low:.0%} to {high:.0%}. "
            f"Re-run with --replicates {max(MIN_REPLICATES, 5)}."
        )
        return sentences + _ceiling(comparison, stats, deadline)
    sentences.append(_answered(answered, stats, deadline))
    if answered.trailing:
        sentences.append(
            f"Fewest answered by the deadline: {_names(answered.trailing)} "
            f"({_mean_range(stats, answered.trailing, 'answered_share', '{:.0%}')})."
        )
    sentences += _speed(order, stats)
    sentences += _paths(order, stats)
    sentences += _incidents(order, stats)
    sentences += _cost(comparison, order, stats)
    sentences += _ceiling(comparison, stats, deadline)
    return sentences


def metric_values(comparison: Comparison, key: str) -> dict[str, list[float]]:
    """Per model, one ranked metric in replicate order (NaN where the model has no data)."""
    meta = comparison.scenario.scenario
    return replicate_values(
        comparison.summary,
        comparison.models,
        key,
        counted_share=(meta.duration_days - meta.warmup_days) / meta.duration_days,
        weeks=meta.duration_days / 7.0,
        money=comparison.money,
    )


def _answered(answered: Standing, stats, deadline: str) -> str:
    best = answered.leaders[0]
    if answered.all_tied:
        low, high = min(answered.means.values()), max(answered.means.values())
        return (
            f"All {len(answered.means)} models answer statistically indistinguishable shares by the "
            f"{deadline} deadline ({low:.0%} to {high:.0%}); the ownership model does not decide this here."
        )
    text = f"Most inquiries answered by the {deadline} deadline: {best} ({_share(stats[best]['answered_share'])})"
    others = answered.leaders[1:]
    if others:
        return text + f"; statistically tied with {_names(others)}."
    return text + ", ahead of every other model (95 % CI of the paired differences)."


def _speed(order: dict[str, Standing], stats) -> list[str]:
    fast = order["answered_within_1h_share"]
    leaders = fast.leaders
    if not leaders or stats[leaders[0]]["answered_within_1h_share"][0] < 0.005:
        return ["No model answers even 1 % of inquiries within an hour."]
    if fast.all_tied:
        return [f"Within an hour all models answer statistically tied shares ({_range(fast, '{:.0%}')})."]
    text = f"Most answered within an hour: {_names(leaders)} "
    text += f"({_mean_range(stats, leaders, 'answered_within_1h_share', '{:.0%}')})"
    median = stats[leaders[0]]["response_time_median_min"]
    if math.isfinite(median[0]):
        text += f"; median response of {leaders[0]} {_minutes(median)}"
    return [text + "."]


def _paths(order: dict[str, Standing], stats) -> list[str]:
    sentences = []
    for key, noun in (
        ("middlemen_per_inquiry", "middlemen"),
        ("boundary_crossings_per_inquiry", "department-boundary crossings"),
    ):
        rank = order[key]
        if len(rank.means) < 2:
            continue
        if rank.all_tied:
            sentences.append(
                f"All models that answered pass inquiries through similar numbers of {noun} ({_range(rank, '{:.2f}')})."
            )
            continue
        best, worst = rank.leaders, rank.trailing
        text = f"Fewest {noun} per inquiry: {_names(best)} ({_mean_range(stats, best, key, '{:.2f}')})"
        if worst:
            text += f"; most: {_names(worst)} ({_mean_range(stats, worst, key, '{:.2f}')})"
        if rank.without_data:
            text += f"; not ranked, (almost) nothing answered: {_names(rank.without_data)}"
        sentences.append(text + ".")
    return sentences


def _incidents(order: dict[str, Standing], stats) -> list[str]:
    rank = order["incidents_per_1000_answers"]
    if len(rank.means) < 2:
        return []
    if rank.all_tied:
        return [
            f"Incidents (wrong answers published) are statistically tied ({_range(rank, '{:.1f}')} per 1,000 answers)."
        ]
    text = (
        f"Fewest incidents (wrong answers published): {_names(rank.leaders)} "
        f"({_mean_range(stats, rank.leaders, 'incidents_per_1000_answers', '{:.1f}')} per 1,000 answers)"
    )
    if rank.trailing:
        text += f"; most: {_names(rank.trailing)} ({_mean_range(stats, rank.trailing, 'incidents_per_1000_answers', '{:.1f}')})"
    return [text + "."]


def _cost(comparison: Comparison, order: dict[str, Standing], stats) -> list[str]:
    cost = order[HOURS_PER_ANSWER]
    if len(cost.means) < 2:
        return []
    sentences = []
    if cost.all_tied:
        sentences.append(
            f"Person-hours per answered inquiry are statistically tied ({_range(cost, '{:.2f} h')})."
        )
    else:
        cheap, dear = cost.leaders, cost.trailing
        text = (
            f"Cheapest per answered inquiry: {_names(cheap)} ({_mean_range(stats, cheap, HOURS_PER_ANSWER, '{:.2f}')} "
            "person-hours each, inquiries and coordination)"
        )
        if dear:
            text += f"; dearest: {_names(dear)} ({_mean_range(stats, dear, HOURS_PER_ANSWER, '{:.2f}')})"
        if cost.without_data:
            text += f"; too few answers to divide by: {_names(cost.without_data)}"
        sentences.append(text + ".")
    best = order["answered_share"].clear_leader
    cheapest = cost.clear_leader
    if best and cheapest and best != cheapest:
        values = metric_values(comparison, "answered_share")
        hours = metric_values(comparison, HOURS_PER_ANSWER)
        if ahead(values[best], values[cheapest], "high") and ahead(hours[cheapest], hours[best], "low"):
            gain = stats[best]["answered_share"][0] - stats[cheapest]["answered_share"][0]
            ratio = stats[best][HOURS_PER_ANSWER][0] / stats[cheapest][HOURS_PER_ANSWER][0]
            sentences.append(
                f"The trade-off: {best} answers {100 * gain:.0f} percentage points more than {cheapest} "
                f"and costs {ratio:.1f}× its person-hours per answered inquiry."
            )
    return sentences


def _ceiling(comparison: Comparison, stats, deadline: str) -> list[str]:
    means = [
        stats[m]["answered_share"][0]
        for m in comparison.models
        if math.isfinite(stats[m]["answered_share"][0])
    ]
    if not means or max(means) >= 0.8:
        return []
    return [
        f"No model answers more than {max(means):.0%} by the {deadline} deadline: look at who is on shift "
        "at night and at weekends, and at the deadline itself, before blaming the ownership model."
    ]


def _share(triple: tuple[float, float, int]) -> str:
    mean, half, _ = triple
    return f"{mean:.0%}" + ("" if math.isnan(half) else f" ± {half:.0%}")


def _minutes(triple: tuple[float, float, int]) -> str:
    mean, half, _ = triple
    if mean < 120:
        return f"{mean:.0f} min" + ("" if math.isnan(half) else f" ± {half:.0f}")
    return f"{mean / 60:.1f} h" + ("" if math.isnan(half) else f" ± {half / 60:.1f}")


def _mean_range(stats, models: list[str], key: str, style: str) -> str:
    """One model's mean ± CI, or the range of the tied models' means."""
    if len(models) == 1:
        mean, half, _ = stats[models[0]][key]
        return style.format(mean) + ("" if math.isnan(half) else f" ± {style.format(half)}")
    low, high = (style.format(f(stats[m][key][0] for m in models)) for f in (min, max))
    return f"statistically tied, {low}" if low == high else f"statistically tied, {low} to {high}"


def _range(rank: Standing, style: str) -> str:
    values = list(rank.means.values())
    return f"{style.format(min(values))} to {style.format(max(values))}"


def _hours(value: float) -> str:
    return "open-ended" if math.isinf(value) else f"{value:g} h"


def _names(models: list[str]) -> str:
    return ", ".join(models[:-1]) + (" and " if len(models) > 1 else "") + models[-1]
