"""The report's last word: which model to choose, why, what it costs, how robust, and what is left out.

The choice follows the same standings as the findings: the model answering the most by the
deadline, or among models statistically tied on that, the one cheapest per answered inquiry.
"""

from __future__ import annotations

import html
import math

from simulation.decision.findings import COST_PER_ANSWER, FTE, HOURS_PER_ANSWER, MIN_REPLICATES, standing
from simulation.experiments.comparison import Comparison
from simulation.report.summary import RANKED_METRICS, metric_values, standings, statistics

CAVEATS = (
    "Only response, reach (answered share), paths, workload, incidents and hours are modelled: tone, "
    "brand voice, what customers think of the answer and sales effects are not.",
    "People are interchangeable within their role and do not learn on the job; illness, leave and "
    "departures count only as far as the scenario's absences set them.",
    "Inquiries arrive from outside only; campaigns, content production and community building, which "
    "also take the team's time, are not simulated.",
    "The numbers behind delays, availability and error rates are the scenario's assumptions; the "
    "robustness test varies them within their plausible ranges, not beyond.",
    "Changing the ownership model costs time and money (training, tools, re-organisation) that these "
    "steady-state runs do not include.",
)


def choose(comparison: Comparison) -> tuple[list[str], str]:
    """The recommended model(s) and the reason in words; several models when the data cannot separate them."""
    order = standings(comparison)
    answered = order["answered_share"]
    if not answered.enough_replicates:
        return [], f"not enough replicates to choose (at least {MIN_REPLICATES} per model)"
    if answered.clear_leader:
        return [
            answered.clear_leader
        ], "it answers the most inquiries by the deadline, ahead of every other model"
    tied = answered.leaders
    hours = metric_values(comparison, HOURS_PER_ANSWER)
    cost = standing({m: hours[m] for m in tied}, "low")  # among the tied models only
    if cost.clear_leader and not cost.without_data:
        others = [m for m in tied if m != cost.clear_leader]
        return [cost.clear_leader], (
            f"it is statistically tied on answered share with {', '.join(others)} "
            f"and significantly cheaper per answered inquiry than {', '.join(others)}"
        )
    return (
        tied,
        "they are statistically tied on answered share, and none is clearly cheapest per answered inquiry",
    )


WATCHED = (
    ("incidents_per_1000_answers", "incidents per 1,000 answers", "{:.1f}"),
    (HOURS_PER_ANSWER, "person-hours per answered inquiry", "{:.2f}"),
    (FTE, "FTE", "{:.1f}"),
    ("answered_within_1h_share", "answered within an hour", "{:.0%}"),
)


def weaknesses(comparison: Comparison, model: str) -> list[str]:
    """Where ``model`` is significantly behind the best model: the price of choosing it."""
    stats = statistics(comparison)
    answering = [m for m in comparison.models if _finite(stats[m]["answered_share"][0]) > 0.0]
    result = []
    for key, label, style in WATCHED:  # against models that answer something: not answering is no saving
        values = {m: v for m, v in metric_values(comparison, key).items() if m in answering}
        rank = standing(values, next(d for k, _, _, d in RANKED_METRICS if k == key))
        if model in rank.ranked and rank.enough_replicates and model not in rank.leaders:
            best = rank.leaders[0]
            result.append(
                f"{label}: {style.format(stats[model][key][0])} against {style.format(stats[best][key][0])} "
                f"for {best}"
            )
    return result


def decision_line(comparison: Comparison) -> str:
    """The decision in one line, for the terminal."""
    chosen, reason = choose(comparison)
    if not chosen:
        return f"Decision: none yet, {reason}."
    behind = weaknesses(comparison, chosen[0])
    price = f" The price of {chosen[0]}: {'; '.join(behind)}." if behind else ""
    return f"Decision: {' or '.join(chosen)}, because {reason}.{price}"


def decision_section(comparison: Comparison, robustness: str | None = None) -> str:
    """The decision as HTML: recommendation, why, cost, robustness and caveats."""
    escape = html.escape
    chosen, reason = choose(comparison)
    stats = statistics(comparison)
    costs = comparison.scenario.costs
    items = []
    if chosen:
        names = " or ".join(chosen)
        items.append(f"<p><b>Recommendation: {escape(names)}</b>, because {escape(reason)}.</p>")
        for model in chosen:
            row = stats[model]
            parts = [
                f"answers {_pct(row['answered_share'])} by the deadline",
                f"{_pct(row['answered_within_1h_share'])} within an hour",
            ]
            if math.isfinite(row["incidents_per_1000_answers"][0]):
                parts.append(f"{row['incidents_per_1000_answers'][0]:.1f} incidents per 1,000 answers")
            money = ""
            if costs is not None and math.isfinite(row[COST_PER_ANSWER][0]):
                money = f", {costs.currency} {row[COST_PER_ANSWER][0]:,.2f} per answered inquiry"
            items.append(
                f"<p>{escape(model)}: {escape(', '.join(parts))}. It costs "
                f"{row[HOURS_PER_ANSWER][0]:.2f} person-hours per answered inquiry{escape(money)}, "
                f"{row[FTE][0]:.1f} FTE in all (inquiries and coordination, 40-hour weeks).</p>"
            )
            behind = weaknesses(comparison, model)
            if behind:
                items.append(
                    f"<p><b>The price of {escape(model)}:</b> it is significantly behind the best model on "
                    f"{escape('; '.join(behind))}.</p>"
                )
    else:
        items.append(f"<p><b>No recommendation yet</b>: {escape(reason)}.</p>")
    robust = (
        robustness or "Not tested: run compare with --robustness quick (or full) to vary the assumptions."
    )
    items.append(f"<p><b>How robust:</b> {escape(robust)}</p>")
    items.append("<p><b>What the model leaves out:</b></p><ul>")
    items += [f"<li>{escape(caveat)}</li>" for caveat in CAVEATS]
    items.append("</ul>")
    return '<section id="decision"><h2>Decision</h2>' + "\n".join(items) + "</section>"


def _finite(value: float) -> float:
    return value if math.isfinite(value) else 0.0


def _pct(triple: tuple[float, float, int]) -> str:
    mean, half, _ = triple
    return f"{mean:.0%}" + ("" if math.isnan(half) else f" ± {half:.0%}")
