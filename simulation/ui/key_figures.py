"""The key figures of one model as text: an HTML table on the page, label/value pairs for the PNG.

Text, not a picture, so it stays sharp on a projector and can be copied.
"""

from __future__ import annotations

import math
from html import escape


def key_figures_html(summary: dict[str, object]) -> str:
    """The key figures as an HTML table (text, so it stays sharp and selectable)."""
    rows = "".join(
        f"<tr><td>{escape(label)}</td><td>{escape(value)}</td></tr>" for label, value in key_figures(summary)
    )
    return f"<div class='orgsim-chart-title'>Key figures</div><table>{rows}</table>"


def key_figures(summary: dict[str, object]) -> list[tuple[str, str]]:
    """Label and formatted value of the headline numbers."""
    return [
        ("inquiries", f"{summary['inquiries']}"),
        ("answered", _percent(summary["answered_share"])),
        ("in their patience", _percent(summary["answered_within_patience_share"])),
        ("median answer", _minutes(summary["response_time_median_min"])),
        ("90 % within", _minutes(summary["response_time_p90_min"])),
        ("middlemen / inquiry", _decimal(summary["middlemen_per_inquiry"])),
        ("crossings / inquiry", _decimal(summary["boundary_crossings_per_inquiry"])),
        ("incidents / 1,000", _decimal(summary["incidents_per_1000_answers"], "{:.0f}")),
        ("person-hours", _decimal(summary["person_hours_social"], "{:.0f}")),
    ]


def _number(value: object) -> float:
    return float(value) if isinstance(value, int | float) else math.nan


def _percent(value: object) -> str:
    number = _number(value)
    return "–" if math.isnan(number) else f"{number:.0%}"


def _decimal(value: object, style: str = "{:.2f}") -> str:
    number = _number(value)
    return "–" if math.isnan(number) else style.format(number)


def _minutes(value: object) -> str:
    number = _number(value)
    if math.isnan(number):
        return "–"
    return f"{number:.0f} min" if number < 120 else f"{number / 60:.1f} h"
