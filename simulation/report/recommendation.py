"""Writing a recommendation: the Pareto front as a table and a figure, and a scenario file per pick.

The scenario files are the input scenario with the chosen model and its settings written in,
so ``run.py compare FILE`` or ``run.py run FILE`` reproduces the candidate.
"""

from __future__ import annotations

import copy
import io
import math
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import ScalarFormatter

from simulation.decision.recommend import OBJECTIVES, Candidate, overrides_for
from simulation.experiments.output import atomic_write
from simulation.scenario.toml_writer import to_toml

LABELS = {
    "answered_within_1h_share": "answered within 1 h",
    "fte": "FTE",
    "incidents_per_1000_answers": "incidents / 1,000 answers",
    "answered_share": "answered by the deadline",
}


def picks(
    front: Sequence[Candidate], beating_stock: Sequence[Candidate], found: Sequence[Candidate] = ()
) -> list[tuple[str, Candidate]]:
    """Up to four recommended configurations, each with why it is picked.

    Picks from the front answer by the deadline at least as many as the best stock model
    (when any does), so the cheapest pick is never one that saves by not answering.
    """
    reach = max((c.objective("answered_share") for c in found if c.stock), default=math.nan)
    useful = [c for c in front if math.isfinite(reach) and c.objective("answered_share") >= reach]
    front = useful or list(front)
    chosen: list[tuple[str, Candidate]] = []
    if beating_stock:
        best = max(beating_stock, key=lambda c: c.objective(OBJECTIVES[0]))
        chosen.append(("dominates every stock model", best))
    if front:
        chosen.append(
            ("fastest on the front", max(front, key=lambda c: _finite(c.objective(OBJECTIVES[0]), 0.0)))
        )
        chosen.append(("fewest FTE on the front", min(front, key=lambda c: c.objective("fte"))))
        chosen.append(
            (
                "fewest incidents on the front",
                min(front, key=lambda c: _finite(c.objective(OBJECTIVES[2]), 1e9)),
            )
        )
    unique: dict[int, tuple[str, Candidate]] = {}
    for reason, candidate in chosen:
        if candidate.number in unique:
            unique[candidate.number] = (unique[candidate.number][0] + "; " + reason, candidate)
        else:
            unique[candidate.number] = (reason, candidate)
    return list(unique.values())


def table(found: Sequence[Candidate], front: Sequence[Candidate]) -> pd.DataFrame:
    """One row per candidate: parameters, means and CI half-widths, stock, feasible, on the front."""
    on_front = {c.number for c in front}
    rows = []
    for candidate in found:
        row: dict[str, Any] = {
            "trial": candidate.number,
            "configuration": candidate.label,
            **candidate.params,
        }
        for key, (mean, half) in candidate.outcomes.items():
            row[key] = mean
            row[f"{key}_ci"] = half
        row.update(stock=candidate.stock, feasible=candidate.feasible, pareto=candidate.number in on_front)
        rows.append(row)
    return pd.DataFrame(rows)


def front_figure(found: Sequence[Candidate], front: Sequence[Candidate]) -> Figure:
    """FTE against the share answered within an hour; colour: incidents; rings: the stock models."""
    figure = Figure(figsize=(9, 5.5), layout="constrained")
    axes = figure.add_subplot()
    everything = [c for c in found if math.isfinite(c.objective(OBJECTIVES[0]))]
    incidents = [_finite(c.objective(OBJECTIVES[2]), 0.0) for c in everything]
    points = axes.scatter(
        [c.objective("fte") for c in everything],
        [100 * c.objective(OBJECTIVES[0]) for c in everything],
        c=incidents,
        cmap="viridis_r",
        s=18,
        alpha=0.6,
    )
    figure.colorbar(points, ax=axes, label="incidents per 1,000 answers")
    axes.scatter(  # three objectives: the front is a set of points, not a line in this plane
        [c.objective("fte") for c in front],
        [100 * _finite(c.objective(OBJECTIVES[0]), 0.0) for c in front],
        marker="D",
        s=40,
        facecolors="none",
        edgecolors="#e15759",
        lw=1.4,
        label="Pareto front (feasible; incidents are the third objective)",
    )
    stock = sorted((c for c in found if c.stock), key=lambda c: c.objective("fte"))
    for index, candidate in enumerate(stock):
        x, y = candidate.objective("fte"), 100 * _finite(candidate.objective(OBJECTIVES[0]), 0.0)
        axes.scatter([x], [y], s=90, facecolors="none", edgecolors="#333", lw=1.2)
        offset = (6, 6) if index % 2 == 0 else (6, -12)  # neighbours alternate above and below
        axes.annotate(
            candidate.params["model"], (x, y), textcoords="offset points", xytext=offset, fontsize=7
        )
    axes.set_xscale("log")
    axes.xaxis.set_major_formatter(ScalarFormatter())
    axes.xaxis.set_minor_formatter(ScalarFormatter())
    axes.tick_params(axis="x", which="minor", labelsize=7)
    axes.set_xlabel("FTE on social media (inquiries + coordination; log scale)")
    axes.set_ylabel("answered within 1 h (% of inquiries)")
    axes.set_title("Candidates and the Pareto front (rings: the stock models as built)")
    axes.grid(alpha=0.3, which="both")
    axes.legend(fontsize=8, loc="upper right")
    return figure


def write(
    directory: Path,
    raw: Mapping[str, Any],
    found: Sequence[Candidate],
    front: Sequence[Candidate],
    chosen: Sequence[tuple[str, Candidate]],
) -> list[Path]:
    """Write ``candidates.csv``, ``pareto.png`` and ``recommended-N.toml``; return the scenario files."""
    atomic_write(directory / "candidates.csv", table(found, front).to_csv(index=False))
    buffer = io.BytesIO()
    front_figure(found, front).savefig(buffer, format="png", dpi=110)
    atomic_write(directory / "pareto.png", buffer.getvalue())
    files = []
    for index, (reason, candidate) in enumerate(chosen, start=1):
        path = directory / f"recommended-{index}.toml"
        header = f"# Recommended ({reason}): {candidate.label}, trial {candidate.number}.\n"
        atomic_write(path, header + to_toml(scenario_for(raw, candidate)))
        files.append(path)
    return files


def scenario_for(raw: Mapping[str, Any], candidate: Candidate) -> dict[str, Any]:
    """The input scenario running the candidate: its model, and its settings as model overrides."""
    result = copy.deepcopy(dict(raw))
    model = candidate.params["model"]
    result["ownership"] = {"model": model}
    overrides = result.setdefault("model_overrides", {})
    own = dict(overrides.get(model, {}))
    for key, value in overrides_for(candidate.params).items():
        own[key] = (
            {**own[key], **value} if isinstance(own.get(key), dict) and isinstance(value, dict) else value
        )
    overrides[model] = own
    return result


def _finite(value: float, default: float) -> float:
    return value if math.isfinite(value) else default
