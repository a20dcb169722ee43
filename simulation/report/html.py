"""Writing a comparison to a directory: a self-contained ``report.html``, PNG figures, ``results.csv``.

The HTML embeds every figure as a base64 data URI and uses inline CSS only, so it opens
from disk with no server and no internet.
"""

from __future__ import annotations

import base64
import html
import io
import math
from datetime import UTC, datetime
from pathlib import Path

from simulation.decision.findings import COST_PER_ANSWER
from simulation.engine.metrics import SUMMARY_KEYS, orgsim_version
from simulation.experiments.comparison import Comparison
from simulation.experiments.output import atomic_write, prepare_directory
from simulation.report.decision import decision_section
from simulation.report.figures import FIGURES, colour
from simulation.report.summary import RANKED_METRICS, findings, ranking, standings, statistics

CAPTIONS = {
    "response_ecdf": (
        "For every response time t (hours, log scale): the share of all counted inquiries answered "
        "within t. Curves further up and to the left are better; where a curve levels off is the "
        "model's answered share. Dotted lines: 1 h and 24 h."
    ),
    "answered_within": "Share of all counted inquiries answered within one hour and within one day.",
    "path_length": (
        "Middlemen: people who only passed the inquiry on. Boundary crossings: hand-offs from one "
        "department to another, each with the barrier delay and drop risk."
    ),
    "time_split": (
        "Mean hours of an answered inquiry spent waiting in someone's queue, travelling between "
        "people, waiting for and in approval, being worked on, and the rest (waiting for a shift, "
        "triage, publishing)."
    ),
    "flow_matrices": (
        "Messages (hand-offs) from the row department to the column department, mean per "
        "replicate; the diagonal is traffic inside a department. Colours on a log scale."
    ),
    "workload": (
        "Hours per week each person spends on social media (inquiries and coordination), people "
        "ranked from the busiest, averaged over replicates. A steep curve means a few people "
        "carry the load; the legend counts the people involved."
    ),
    "cost": (
        "Left: person-hours per run handling inquiries and in coordination, with the full-time "
        "equivalents they amount to (40-hour weeks over the days of arrivals). Right: the same hours "
        "(or their cost, when the scenario gives hourly costs per role) per inquiry answered by the "
        "deadline; a model that answered nothing has no cost per answer."
    ),
    "backlog": (
        "Inquiries that have arrived and are not yet closed (answered, dropped or given up), every hour, "
        "mean over replicates. Red bands: crisis surges; grey: the warm-up, not counted."
    ),
    "answered_over_time": (
        "Of the inquiries arriving in each week (month, for runs longer than half a year), the share "
        "answered by the deadline: a transformation shows here as a rising line."
    ),
}

STYLE = """
body { font-family: system-ui, -apple-system, 'Segoe UI', sans-serif; margin: 2rem auto; max-width: 1240px;
       padding: 0 1rem; color: #222; line-height: 1.45; }
h1 { margin-bottom: .2rem; } h2 { margin-top: 2.2rem; border-bottom: 1px solid #ddd; padding-bottom: .2rem; }
.meta { color: #666; font-size: .9rem; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; font-size: .8rem; margin: .8rem 0; }
th, td { padding: .3rem .4rem; border-bottom: 1px solid #e4e4e4; text-align: right; white-space: nowrap; }
th { background: #f4f4f4; white-space: normal; vertical-align: bottom; }
td:first-child, th:first-child, td:nth-child(2), th:nth-child(2) { text-align: left; }
td.best { font-weight: 600; background: #eaf5e9; }
.ci { color: #888; font-size: .78rem; }
.swatch { display: inline-block; width: .8rem; height: .8rem; border-radius: 2px; margin-right: .35rem;
          vertical-align: -1px; }
figure { margin: 1rem 0 2rem; } figure img { max-width: 100%; border: 1px solid #eee; }
figcaption { color: #555; font-size: .88rem; max-width: 900px; }
ul.findings li { margin-bottom: .35rem; }
"""


def write_report(comparison: Comparison, directory: str | Path, robustness: str | None = None) -> Path:
    """Write ``report.html``, one PNG per figure and ``results.csv``; return the report's path.

    Every file is written whole or not at all (:func:`atomic_write`); the report comes last,
    so a report that exists has all its figures beside it.

    Raises:
        ScenarioError: field ``--out`` when the directory cannot be created or a file written.

    """
    directory = prepare_directory(Path(directory))
    results = comparison.summary.to_csv(index=False, columns=list(SUMMARY_KEYS))
    atomic_write(directory / "results.csv", results)
    images = []
    for name, title, draw in FIGURES:
        figure = draw(comparison)
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", dpi=110)
        data = buffer.getvalue()
        atomic_write(directory / f"{name}.png", data)
        images.append((name, title, base64.b64encode(data).decode("ascii")))
    return atomic_write(directory / "report.html", render(comparison, images, robustness))


def render(comparison: Comparison, images: list[tuple[str, str, str]], robustness: str | None = None) -> str:
    """The report as one HTML string; ``images`` are (name, title, base64 PNG).

    ``robustness`` is the one-line verdict of :func:`simulation.decision.robustness.check_ranking`,
    shown in the decision section (``None``: not tested).
    """
    spec = comparison.scenario
    escape = html.escape
    meta = (
        f"{escape(spec.scenario.name)} · {spec.organisation.size:,} employees · "
        f"{spec.inquiries.per_day:g} inquiries/day · {spec.scenario.duration_days:g} days "
        f"(first {spec.scenario.warmup_days:g} warm-up, not counted) · {comparison.replicates} replicate(s) "
        f"per model, seed {comparison.seed}, common random numbers · orgsim {orgsim_version()} · "
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC"
    )
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>orgsim comparison: {escape(spec.scenario.name)}</title>",
        f"<style>{STYLE}</style></head><body>",
        f"<h1>Who should own social media? — {escape(spec.scenario.name)}</h1>",
        f'<p class="meta">{meta}</p>',
        "<h2>Findings</h2>",
        '<ul class="findings">',
        *(f"<li>{escape(sentence)}</li>" for sentence in findings(comparison)),
        "</ul>",
        "<h2>Ranking</h2>",
        "<p>Models ordered by answered share. Each cell: mean over replicates and the 95 % confidence "
        "interval half-width (Student's t). Shaded: the best model per column and every model not "
        "significantly worse (paired differences, common random numbers); nothing is shaded below "
        "three replicates or when all are tied. Response times and paths are over answered inquiries; "
        "a dash means the model answered nothing. Hours are per run.</p>",
        _ranking_table(comparison),
        "<h2>Figures</h2>",
    ]
    for name, title, encoded in images:
        parts += [
            f'<figure id="{name}"><h3>{escape(title)}</h3>',
            f'<img alt="{escape(title)}" src="data:image/png;base64,{encoded}">',
            f"<figcaption>{escape(CAPTIONS.get(name, ''))}</figcaption></figure>",
        ]
    parts += [
        decision_section(comparison, robustness),
        "<h2>About the numbers</h2>",
        "<p>Every model ran on the same scenario; replicate <i>i</i> of every model used the same seed, so "
        "all models saw the same arrivals, topics and work times (common random numbers). The raw rows "
        "are in <code>results.csv</code> (one per model and replicate), the figures in the PNG files next "
        "to this report. How to read this page: <code>docs/report.md</code>.</p>",
        "</body></html>",
    ]
    return "\n".join(parts)


def _ranking_table(comparison: Comparison) -> str:
    stats = statistics(comparison)
    order = ranking(comparison)
    leaders = {
        key: set(rank.leaders)
        for key, rank in standings(comparison).items()
        if rank.enough_replicates and not rank.all_tied
    }
    metrics = [m for m in RANKED_METRICS if any(math.isfinite(stats[model][m[0]][0]) for model in order)]
    currency = comparison.scenario.costs.currency if comparison.scenario.costs else ""
    head = "".join(
        f"<th>{html.escape(label + (f' ({currency})' if key == COST_PER_ANSWER else ''))}</th>"
        for key, label, _, _ in metrics
    )
    rows = [f'<div class="scroll"><table><thead><tr><th>#</th><th>model</th>{head}</tr></thead><tbody>']
    for rank, model in enumerate(order, start=1):
        cells = []
        for key, _, style, _ in metrics:
            mean, half, count = stats[model][key]
            if not math.isfinite(mean):
                cells.append('<td title="no data: nothing answered">–</td>')
                continue
            text = style.format(mean)
            if math.isfinite(half):
                text += f' <span class="ci">± {style.format(half)}</span>'
            if count < comparison.replicates:
                text += f' <span class="ci">({count} of {comparison.replicates} runs)</span>'
            marker = ' class="best"' if model in leaders.get(key, ()) else ""
            cells.append(f"<td{marker}>{text}</td>")
        swatch = f'<span class="swatch" style="background:{colour(comparison, model)}"></span>'
        rows.append(f"<tr><td>{rank}</td><td>{swatch}{html.escape(model)}</td>{''.join(cells)}</tr>")
    rows.append("</tbody></table></div>")
    return "\n".join(rows)
