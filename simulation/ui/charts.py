"""The charts of one model as a PNG, for the *Charts PNG* download (drawn only when asked for).

The page itself shows the same charts as SVG drawn by the browser
(:mod:`simulation.ui.svg_charts`). Plain ``matplotlib.figure.Figure`` objects (no pyplot:
no global state, safe in threads), with fonts large enough for a projector.
"""

from __future__ import annotations

import io
import math

import numpy as np
from matplotlib.figure import Figure

from simulation.ui.key_figures import key_figures
from simulation.ui.state import Snapshot

FONT = 13
TITLE = 15
BAR_COLOUR = "#1f77b4"
GOOD = "#2ca02c"
BAD = "#d62728"


def charts_figure(snapshot: Snapshot, narrow: bool = False) -> Figure:
    """Five charts and the key figures of one model: 2 x 3, or 3 x 2 when ``narrow`` (a race)."""
    size, shape = ((9.0, 11.0), (3, 2)) if narrow else ((13.0, 7.6), (2, 3))
    figure = Figure(figsize=size, dpi=72, layout="constrained")
    axes = figure.subplots(*shape).ravel()
    _response_times(axes[0], snapshot)
    _answered(axes[1], snapshot)
    _backlog(axes[2], snapshot)
    _middlemen(axes[3], snapshot)
    _flow(axes[4], snapshot)
    _key_figures(axes[5], snapshot)
    figure.suptitle(snapshot.label.replace("_", " "), fontsize=TITLE + 3, weight="bold")
    return figure


def png_bytes(figure: Figure) -> bytes:
    """The figure as PNG (for download and for the page)."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


def _style(axes, title: str, xlabel: str = "", ylabel: str = "") -> None:
    axes.set_title(title, fontsize=TITLE)
    axes.set_xlabel(xlabel, fontsize=FONT)
    axes.set_ylabel(ylabel, fontsize=FONT)
    axes.tick_params(labelsize=FONT - 1)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)


def _response_times(axes, snapshot: Snapshot) -> None:
    hours = snapshot.response_hours
    _style(axes, "Response time", "hours from arrival to answer", "answered inquiries")
    if hours.size:
        top = max(1.0, float(np.ceil(hours.max())))
        axes.hist(hours, bins=np.linspace(0.0, top, 25), color=BAR_COLOUR)
        axes.axvline(float(np.median(hours)), color="black", linestyle="--", linewidth=2)
    else:
        _empty(axes, "no answers yet")


def _answered(axes, snapshot: Snapshot) -> None:
    summary = snapshot.summary
    labels = ["≤ 1 h", "≤ 24 h", "lost"]
    values = [
        _number(summary[key])
        for key in ("answered_within_1h_share", "answered_within_24h_share", "lost_share")
    ]
    _style(axes, "Answered within", "", "share of inquiries")
    bars = axes.bar(labels, [0.0 if math.isnan(v) else v for v in values], color=[GOOD, GOOD, BAD])
    axes.set_ylim(0, 1.15)
    for bar, value in zip(bars, values, strict=True):
        text = "–" if math.isnan(value) else f"{value:.0%}"
        axes.text(
            bar.get_x() + bar.get_width() / 2, bar.get_height() + 0.03, text, ha="center", fontsize=FONT + 1
        )


def _backlog(axes, snapshot: Snapshot) -> None:
    _style(axes, "Backlog", "day", "open inquiries")
    axes.plot(snapshot.backlog_days, snapshot.backlog_open, color=BAR_COLOUR, linewidth=2.5)
    axes.set_xlim(0, max(1.0, float(snapshot.backlog_days[-1]) if snapshot.backlog_days.size else 1.0))
    axes.set_ylim(bottom=0)


def _middlemen(axes, snapshot: Snapshot) -> None:
    _style(axes, "Middlemen per inquiry", "middlemen", "inquiries")
    counts = snapshot.middlemen
    if counts.size:
        tally = np.bincount(counts)
        axes.bar(np.arange(tally.size), tally, color=BAR_COLOUR)
        axes.set_xticks(np.arange(tally.size) if tally.size <= 12 else np.arange(0, tally.size, 2))
    else:
        _empty(axes, "no inquiries yet")


def _flow(axes, snapshot: Snapshot) -> None:
    names = [_short(n) for n in snapshot.departments]
    flow = snapshot.flow
    axes.imshow(np.log1p(flow), cmap="Blues", aspect="auto")
    axes.set_title("Messages: from row to column", fontsize=TITLE)
    axes.set_xticks(range(len(names)), names, rotation=60, ha="right", fontsize=FONT - 2)
    axes.set_yticks(range(len(names)), names, fontsize=FONT - 2)
    if len(names) <= 12:
        high = flow.max() if flow.size else 0
        for (row, column), value in np.ndenumerate(flow):
            if value:
                colour = "white" if value > 0.5 * high else "black"
                axes.text(column, row, str(value), ha="center", va="center", fontsize=FONT - 3, color=colour)


def _key_figures(axes, snapshot: Snapshot) -> None:
    summary = snapshot.summary
    axes.set_axis_off()
    lines = key_figures(summary)
    axes.set_title("Key figures", fontsize=TITLE)
    for row, (label, value) in enumerate(lines):
        y = 0.92 - row * 0.135
        axes.text(0.0, y, label, fontsize=FONT + 2, transform=axes.transAxes)
        axes.text(1.0, y, value, fontsize=FONT + 2, weight="bold", ha="right", transform=axes.transAxes)


def _empty(axes, message: str) -> None:
    axes.text(
        0.5, 0.5, message, ha="center", va="center", fontsize=FONT, color="#777777", transform=axes.transAxes
    )


def _short(name: str) -> str:
    return name.replace("customer_service", "service").replace("communications", "comms").replace("_", " ")


def _number(value: object) -> float:
    return float(value) if isinstance(value, int | float) else math.nan
