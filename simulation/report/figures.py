"""The comparison report's figures: one function per figure, each returning a matplotlib Figure.

Figures are drawn with the object-oriented API (no pyplot, no global state), so they can be
made in any thread or process without a display.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
from matplotlib.colors import LogNorm
from matplotlib.figure import Figure

from simulation.experiments.comparison import Comparison
from simulation.experiments.statistics import confidence_interval

PALETTE = (
    "#4e79a7",
    "#f28e2b",
    "#e15759",
    "#76b7b2",
    "#59a14f",
    "#edc948",
    "#b07aa1",
    "#ff9da7",
    "#9c755f",
    "#bab0ac",
)
PHASES = (
    ("queue_minutes", "waiting in queues", "#4e79a7"),
    ("transit_minutes", "in transit (hand-offs, boundaries)", "#f28e2b"),
    ("approval_minutes", "in approval", "#e15759"),
    ("work_minutes", "being worked on", "#59a14f"),
    ("other_minutes", "other (between shifts, publishing)", "#bab0ac"),
)


def colour(comparison: Comparison, model: str) -> str:
    """The model's colour, the same in every figure."""
    return PALETTE[comparison.models.index(model) % len(PALETTE)]


def _statistic(comparison: Comparison, model: str, key: str) -> tuple[float, float]:
    rows = comparison.summary[comparison.summary["model"] == model]
    mean, half = confidence_interval(float(v) for v in rows[key])
    return mean, 0.0 if math.isnan(half) else half


def response_ecdf(comparison: Comparison) -> Figure:
    """Share of inquiries answered within t hours, per model (pooled over replicates)."""
    figure = Figure(figsize=(9, 5), layout="constrained")
    axes = figure.add_subplot()
    patience = comparison.scenario.inquiries.patience_hours
    upper = patience if math.isfinite(patience) else 24.0 * 7
    grid = np.logspace(math.log10(5 / 60), math.log10(upper), 300)
    for model in comparison.models:
        table = comparison.inquiries[comparison.inquiries["model"] == model]
        hours = np.sort(table["response_minutes"].dropna().to_numpy() / 60.0)
        share = np.searchsorted(hours, grid, side="right") / max(len(table), 1)
        axes.step(grid, 100 * share, where="post", label=model, color=colour(comparison, model), lw=1.8)
    for mark, text in ((1, "1 h"), (24, "24 h")):
        if mark <= upper:
            axes.axvline(mark, color="#888", ls=":", lw=1)
            axes.text(mark * 1.05, 2, text, ha="left", va="bottom", fontsize=8, color="#555")
    axes.set_xscale("log")
    axes.set_xlim(grid[0], upper)
    _hour_ticks(axes, grid[0], upper)
    axes.set_ylim(0, 100)
    axes.set_xlabel("response time t (log scale)")
    axes.set_ylabel("inquiries answered within t (% of all inquiries)")
    axes.set_title("Response-time distribution (ECDF; the plateau is the answered share)")
    axes.grid(alpha=0.3, which="both")
    axes.legend(loc="upper left", fontsize=8)
    return figure


def _grouped_bars(
    comparison: Comparison, metrics: list[tuple[str, str]], ylabel: str, title: str, scale: float = 1.0
) -> Figure:
    figure = Figure(figsize=(9, 4.5), layout="constrained")
    axes = figure.add_subplot()
    positions = np.arange(len(metrics))
    width = 0.8 / len(comparison.models)
    for offset, model in enumerate(comparison.models):
        stats = [_statistic(comparison, model, key) for key, _ in metrics]
        axes.bar(
            positions + (offset - (len(comparison.models) - 1) / 2) * width,
            [scale * mean for mean, _ in stats],
            width,
            yerr=[scale * half for _, half in stats],
            capsize=2,
            label=model,
            color=colour(comparison, model),
        )
    axes.set_xticks(positions, [label for _, label in metrics])
    axes.set_ylabel(ylabel)
    axes.set_title(title)
    axes.grid(axis="y", alpha=0.3)
    axes.legend(fontsize=8, ncols=4, loc="upper center", bbox_to_anchor=(0.5, -0.1), frameon=False)
    return figure


def answered_within(comparison: Comparison) -> Figure:
    """Answered within 1 h and within 24 h, mean and 95 % CI per model."""
    figure = _grouped_bars(
        comparison,
        [("answered_within_1h_share", "within 1 hour"), ("answered_within_24h_share", "within 24 hours")],
        "inquiries answered (% of all inquiries)",
        "Answered within 1 h and 24 h (mean, bars: 95 % CI over replicates)",
        scale=100.0,
    )
    figure.axes[0].set_ylim(0, 100)
    return figure


def path_length(comparison: Comparison) -> Figure:
    """Middlemen and department-boundary crossings per inquiry."""
    return _grouped_bars(
        comparison,
        [("middlemen_per_inquiry", "middlemen"), ("boundary_crossings_per_inquiry", "boundary crossings")],
        "per inquiry (count)",
        "Middlemen and boundary crossings per inquiry (mean, 95 % CI)",
    )


def time_split(comparison: Comparison) -> Figure:
    """Where an answered inquiry's time goes: stacked mean minutes per phase."""
    figure = Figure(figsize=(9, 0.5 * len(comparison.models) + 2.2), layout="constrained")
    axes = figure.add_subplot()
    models = comparison.models[::-1]
    left = np.zeros(len(models))
    for column, label, shade in PHASES:
        values = []
        for model in models:
            table = comparison.inquiries[
                (comparison.inquiries["model"] == model) & comparison.inquiries["answered"]
            ]
            if column == "other_minutes":
                known = sum(table[c] for c, _, _ in PHASES[:-1])
                value = float((table["response_minutes"] - known).clip(lower=0).mean()) if len(table) else 0.0
            else:
                value = float(table[column].mean()) if len(table) else 0.0
            values.append(value / 60.0)
        axes.barh(models, values, left=left, color=shade, label=label)
        left += np.array(values)
    axes.set_xlabel("mean time per answered inquiry (hours)")
    axes.set_title("Where the time goes (answered inquiries)")
    axes.grid(axis="x", alpha=0.3)
    axes.legend(fontsize=8, ncols=3, loc="upper center", bbox_to_anchor=(0.5, -0.12), frameon=False)
    return figure


def flow_matrices(comparison: Comparison) -> Figure:
    """Department × department messages (hand-offs) per replicate, one heat map per model."""
    count = len(comparison.models)
    columns = min(count, 3)
    rows = math.ceil(count / columns)
    figure = Figure(figsize=(4.6 * columns, 4.4 * rows + 0.6), layout="constrained")
    largest = max(float(flow.max()) for _, flow in comparison.flows.values()) / comparison.replicates
    norm = LogNorm(vmin=0.1, vmax=max(largest, 1.0))
    image = None
    for position, model in enumerate(comparison.models, start=1):
        names, flow = comparison.flows[model]
        axes = figure.add_subplot(rows, columns, position)
        values = flow / comparison.replicates
        image = axes.imshow(np.where(values > 0, values, np.nan), cmap="viridis", norm=norm)
        size = 7 if len(names) <= 10 else 5.5
        axes.set_xticks(range(len(names)), names, rotation=90, fontsize=size)
        axes.set_yticks(range(len(names)), names, fontsize=size)
        axes.set_title(f"{model}\n{values.sum():.0f} messages", fontsize=9)
        axes.set_xlabel("to department", fontsize=7)
        axes.set_ylabel("from department", fontsize=7)
    if image is not None:
        figure.colorbar(image, ax=figure.axes, shrink=0.6, label="messages per replicate (log scale)")
    figure.suptitle("Message flow between departments (white: none)")
    return figure


def workload(comparison: Comparison) -> Figure:
    """Social-media hours per person per week, people ranked from the busiest (mean over replicates)."""
    figure = Figure(figsize=(9, 5), layout="constrained")
    axes = figure.add_subplot()
    weeks = comparison.scenario.scenario.duration_days / 7.0
    for model in comparison.models:
        table = comparison.workload[comparison.workload["model"] == model]
        ranked = []
        for _, replicate in table.groupby("replicate"):
            total = (replicate["inquiry_hours"] + replicate["coordination_hours"]).to_numpy() / weeks
            ranked.append(np.sort(total)[::-1])
        size = min(len(r) for r in ranked)
        mean = np.mean([r[:size] for r in ranked], axis=0)
        involved = int(np.count_nonzero(mean > 0.01))
        shown = mean[: max(involved, 1)]
        axes.plot(
            np.arange(1, shown.size + 1),
            shown,
            label=f"{model} ({involved} people)",
            color=colour(comparison, model),
            lw=1.8,
        )
    axes.set_xscale("log")
    axes.set_yscale("log")
    axes.set_xlabel("person rank (1 = busiest; log scale)")
    axes.set_ylabel("hours per week on social media (inquiries + coordination; log)")
    axes.set_title("Workload per person (people with more than 0.01 h a week)")
    axes.grid(alpha=0.3, which="both")
    axes.legend(fontsize=8)
    return figure


def cost(comparison: Comparison) -> Figure:
    """Person-hours per run (inquiries + coordination), and per answered inquiry with FTE and money."""
    from simulation.report.summary import statistics  # the report's own numbers, one definition

    stats = statistics(comparison)
    costs = comparison.scenario.costs
    figure = Figure(figsize=(10, 0.5 * len(comparison.models) + 2.4), layout="constrained")
    left, right = figure.subplots(1, 2, sharey=True)
    models = comparison.models[::-1]
    work = np.array([_statistic(comparison, m, "person_hours_social")[0] for m in models])
    meetings = np.array([_statistic(comparison, m, "coordination_hours")[0] for m in models])
    left.barh(models, work, color="#59a14f", label="handling inquiries")
    left.barh(models, meetings, left=work, color="#b07aa1", label="coordination")
    for row, model in enumerate(models):
        fte = stats[model]["fte"][0]
        if math.isfinite(fte):
            left.text(work[row] + meetings[row], row, f" {fte:.1f} FTE", va="center", fontsize=7)
    left.set_xlim(0, 1.22 * max(float((work + meetings).max()), 1.0))  # room for the FTE labels
    left.set_xlabel(f"person-hours per run ({comparison.scenario.scenario.duration_days:g} days of arrivals)")
    left.set_title("Person-hours and full-time equivalents")
    left.legend(fontsize=8, ncols=2, loc="upper center", bbox_to_anchor=(0.5, -0.14), frameon=False)
    key = "cost_per_answer" if costs is not None else "hours_per_answer"
    values = [stats[m][key] for m in models]
    means = [v[0] if math.isfinite(v[0]) else 0.0 for v in values]
    errors = [v[1] if math.isfinite(v[1]) else 0.0 for v in values]
    lower = [min(e, m) for e, m in zip(errors, means, strict=True)]  # a cost is never below zero
    right.barh(models, means, xerr=[lower, errors], capsize=2, color=[colour(comparison, m) for m in models])
    for row, (mean, *_rest) in enumerate(values):
        if not math.isfinite(mean):
            right.text(0, row, " nothing answered", va="center", fontsize=7, color="#555")
    unit = (
        f"{costs.currency} per answered inquiry" if costs is not None else "person-hours per answered inquiry"
    )
    right.set_xlabel(unit)
    right.set_title("Per inquiry answered by the deadline (95 % CI)")
    for axes in (left, right):
        axes.grid(axis="x", alpha=0.3)
    return figure


HOUR_TICKS = (
    (5 / 60, "5 min"),
    (15 / 60, "15 min"),
    (0.5, "30 min"),
    (1, "1 h"),
    (2, "2 h"),
    (4, "4 h"),
    (8, "8 h"),
    (24, "1 day"),
    (48, "2 days"),
    (72, "3 days"),
    (168, "1 week"),
)


def _hour_ticks(axes, low: float, high: float) -> None:
    """Readable ticks on a log axis in hours (5 min … 1 week) instead of powers of ten."""
    ticks = [(value, text) for value, text in HOUR_TICKS if low <= value <= high]
    axes.set_xticks([v for v, _ in ticks], [text for _, text in ticks])
    axes.minorticks_off()


def backlog(comparison: Comparison) -> Figure:
    """Inquiries arrived and not yet closed, over the run (mean over replicates), per model."""
    figure = Figure(figsize=(9, 4.5), layout="constrained")
    axes = figure.add_subplot()
    table = comparison.backlog
    for model in comparison.models:
        rows = table[table["model"] == model]
        mean = rows.groupby("day")["open"].mean()
        axes.plot(mean.index, mean.to_numpy(), label=model, color=colour(comparison, model), lw=1.4)
    for event in comparison.scenario.events:
        axes.axvspan(event.at_day, event.at_day + event.hours / 24, color="#e15759", alpha=0.15, lw=0)
    warmup = comparison.scenario.scenario.warmup_days
    if warmup > 0:
        axes.axvspan(0, warmup, color="#bbb", alpha=0.2, lw=0)
        axes.text(
            warmup / 2,
            0.98,
            "warm-up",
            transform=axes.get_xaxis_transform(),
            ha="center",
            va="top",
            fontsize=8,
        )
    axes.set_xlabel("day of the run")
    axes.set_ylabel("inquiries open (arrived, not yet closed)")
    axes.set_title("Backlog over time" + (" (red: crisis surges)" if comparison.scenario.events else ""))
    axes.grid(alpha=0.3)
    axes.legend(fontsize=8, ncols=4, loc="upper center", bbox_to_anchor=(0.5, -0.14), frameon=False)
    return figure


def answered_over_time(comparison: Comparison) -> Figure:
    """Share of each period's arrivals answered by the deadline (pooled over replicates), per model."""
    figure = Figure(figsize=(9, 4.5), layout="constrained")
    axes = figure.add_subplot()
    days = comparison.scenario.scenario.duration_days
    period, unit = (7.0, "week") if days <= 180 else (30.0, "month")
    table = comparison.inquiries
    for model in comparison.models:
        rows = table[table["model"] == model]
        bucket = (rows["arrival"] // (period * 24 * 60)).astype(int)
        share = rows.groupby(bucket)["answered"].mean()
        axes.plot(
            (share.index + 0.5) * period,
            100 * share.to_numpy(),
            marker="o",
            ms=3,
            lw=1.4,
            label=model,
            color=colour(comparison, model),
        )
    axes.set_ylim(0, 100)
    axes.set_xlabel(f"day of arrival (points: one {unit} each)")
    axes.set_ylabel("answered by the deadline (% of arrivals)")
    axes.set_title(f"Answered share over time, per {unit} of arrivals")
    axes.grid(alpha=0.3)
    axes.legend(fontsize=8, ncols=4, loc="upper center", bbox_to_anchor=(0.5, -0.14), frameon=False)
    return figure


FIGURES: tuple[tuple[str, str, Callable[[Comparison], Figure]], ...] = (
    ("response_ecdf", "Response-time distribution", response_ecdf),
    ("answered_within", "Answered within 1 h and 24 h", answered_within),
    ("path_length", "Middlemen and boundary crossings", path_length),
    ("time_split", "Where the time goes", time_split),
    ("flow_matrices", "Message flow between departments", flow_matrices),
    ("workload", "Workload per person", workload),
    ("cost", "What it costs", cost),
    ("backlog", "Backlog over time", backlog),
    ("answered_over_time", "Answered share over time", answered_over_time),
)
