"""The live charts of one model as small SVG strings, drawn by the browser.

Each chart is a separate string (a few kB), so a Step sends only the charts whose picture
changed, and building all of them takes a millisecond or two. The same charts as a PNG,
for download, come from :mod:`simulation.ui.charts` (matplotlib, drawn on demand).

Sizes are in SVG user units; a chart is 360 x 260 units and is shown about that many pixels
wide, so the fonts (15–19 units) stay readable on a projector.
"""

from __future__ import annotations

import math
from html import escape

import numpy as np

from simulation.ui.state import Snapshot

WIDTH, HEIGHT = 360, 260
LEFT, RIGHT, TOP, BOTTOM = 58, 14, 40, 50
TITLE_SIZE, LABEL_SIZE, TICK_SIZE = 19, 15, 14
BAR = "#1f77b4"
GOOD = "#2ca02c"
BAD = "#d62728"
AXIS = "#444444"
MUTED = "#777777"
FONT = "font-family='Roboto, Helvetica, Arial, sans-serif'"


def chart_svgs(snapshot: Snapshot) -> dict[str, str]:
    """The five charts of one model, by name (their order is the page's)."""
    return {
        "response": response_times(snapshot.response_hours),
        "answered": answered(snapshot.summary),
        "backlog": backlog(snapshot.backlog_days, snapshot.backlog_open),
        "middlemen": middlemen(snapshot.middlemen),
        "flow": flow(snapshot.departments, snapshot.flow),
    }


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
        ("median answer", _minutes(summary["response_time_median_min"])),
        ("90 % within", _minutes(summary["response_time_p90_min"])),
        ("middlemen / inquiry", _decimal(summary["middlemen_per_inquiry"])),
        ("crossings / inquiry", _decimal(summary["boundary_crossings_per_inquiry"])),
        ("person-hours", _decimal(summary["person_hours_social"], "{:.0f}")),
    ]


def response_times(hours: np.ndarray) -> str:
    """Histogram of hours from arrival to answer; dashed line at the median."""
    chart = _Chart("Response time", "hours from arrival to answer", "answered")
    if not hours.size:
        return chart.empty("no answers yet")
    top = max(1.0, float(np.ceil(hours.max())))
    counts, edges = np.histogram(hours, bins=24, range=(0.0, top))
    chart.scale(0.0, top, 0.0, float(counts.max()))
    chart.x_ticks(_nice_ticks(top))
    chart.bars(edges[:-1], edges[1:], counts, BAR)
    median = float(np.median(hours))
    x = chart.x(median)
    chart.parts.append(
        f"<line x1='{x:.1f}' y1='{TOP}' x2='{x:.1f}' y2='{HEIGHT - BOTTOM}' stroke='black' "
        "stroke-width='2.5' stroke-dasharray='7 5'/>"
    )
    return chart.svg()


def answered(summary: dict[str, object]) -> str:
    """Shares answered within 1 h and 24 h, and lost, with their percentages."""
    chart = _Chart("Answered within", "", "share")
    labels = ["≤ 1 h", "≤ 24 h", "lost"]
    values = [
        _number(summary[key])
        for key in ("answered_within_1h_share", "answered_within_24h_share", "lost_share")
    ]
    chart.scale(-0.5, 2.5, 0.0, 1.15, y_ticks=[0.0, 0.5, 1.0], y_format="{:.0%}")
    for index, (label, value, colour) in enumerate(zip(labels, values, [GOOD, GOOD, BAD], strict=True)):
        height = 0.0 if math.isnan(value) else value
        chart.bars([index - 0.35], [index + 0.35], [height], colour)
        text = "–" if math.isnan(value) else f"{value:.0%}"
        chart.text(chart.x(index), chart.y(height) - 6, text, LABEL_SIZE + 1, anchor="middle", bold=True)
        chart.text(chart.x(index), HEIGHT - BOTTOM + 20, label, TICK_SIZE + 1, anchor="middle")
    return chart.svg()


def backlog(days: np.ndarray, open_count: np.ndarray) -> str:
    """Open inquiries over time."""
    chart = _Chart("Backlog", "day", "open inquiries")
    right = max(1.0, float(days[-1]) if days.size else 1.0)
    chart.scale(0.0, right, 0.0, 1.05 * float(open_count.max()) if open_count.size else 1.0)
    chart.x_ticks(_nice_ticks(right))
    if days.size:
        points = " ".join(
            f"{chart.x(x):.1f},{chart.y(y):.1f}"
            for x, y in zip(days.tolist(), open_count.tolist(), strict=True)
        )
        chart.parts.append(
            f"<polyline points='{points}' fill='none' stroke='{BAR}' stroke-width='3' stroke-linejoin='round'/>"
        )
    return chart.svg()


def middlemen(counts: np.ndarray) -> str:
    """How many inquiries passed through 0, 1, 2, ... middlemen."""
    chart = _Chart("Middlemen per inquiry", "middlemen", "inquiries")
    if not counts.size:
        return chart.empty("no inquiries yet")
    tally = np.bincount(counts)
    chart.scale(-0.5, tally.size - 0.5, 0.0, float(tally.max()))
    every = 1 if tally.size <= 10 else 2
    for value in range(0, tally.size, every):
        chart.text(chart.x(value), HEIGHT - BOTTOM + 19, str(value), TICK_SIZE, anchor="middle")
    positions = np.arange(tally.size)
    chart.bars(positions - 0.4, positions + 0.4, tally, BAR)
    return chart.svg()


def flow(departments: list[str], matrix: np.ndarray) -> str:
    """Messages from row department to column department, darker for more (log scale)."""
    names = [_short(name) for name in departments]
    count = len(names)
    left, top, bottom = 92, TOP + 6, 84
    side = WIDTH - left - RIGHT
    height = top + side + bottom
    cell = side / max(count, 1)
    label = 15 if count <= 10 else 12
    high = float(matrix.max()) if matrix.size else 0.0
    scale = math.log1p(high) or 1.0
    parts = [_title("Messages: from row to column")]
    for row in range(count):
        y = top + row * cell
        parts.append(_text(left - 6, y + cell / 2 + 5, names[row], label, anchor="end"))
        for column in range(count):
            value = int(matrix[row, column])
            x = left + column * cell
            parts.append(
                f"<rect x='{x:.1f}' y='{y:.1f}' width='{cell:.1f}' height='{cell:.1f}' "
                f"fill='{_blue(math.log1p(value) / scale)}' stroke='white' stroke-width='0.5'/>"
            )
            if value and count <= 12:
                colour = "white" if value > 0.5 * high else "black"
                parts.append(
                    _text(x + cell / 2, y + cell / 2 + 4, str(value), 11, anchor="middle", fill=colour)
                )
    for column in range(count):
        x = left + column * cell + cell / 2 + 4
        y = top + count * cell + 8
        parts.append(
            f"<text x='{x:.1f}' y='{y:.1f}' font-size='{label}' text-anchor='end' fill='{AXIS}' "
            f"transform='rotate(-55 {x:.1f} {y:.1f})'>{escape(names[column])}</text>"
        )
    return _svg(parts, height)


class _Chart:
    """A plot area with axes; ``scale`` sets the data ranges, then parts are added."""

    def __init__(self, title: str, xlabel: str, ylabel: str):
        self.parts = [_title(title)]
        if xlabel:
            self.parts.append(
                _text((LEFT + WIDTH - RIGHT) / 2, HEIGHT - 8, xlabel, LABEL_SIZE, anchor="middle")
            )
        if ylabel:
            middle = (TOP + HEIGHT - BOTTOM) / 2
            self.parts.append(
                f"<text x='16' y='{middle}' font-size='{LABEL_SIZE}' text-anchor='middle' fill='{AXIS}' "
                f"transform='rotate(-90 16 {middle})'>{escape(ylabel)}</text>"
            )
        self.x0, self.x1, self.y0, self.y1 = 0.0, 1.0, 0.0, 1.0

    def scale(
        self,
        x0: float,
        x1: float,
        y0: float,
        y1: float,
        y_ticks: list[float] | None = None,
        y_format: str = "{:g}",
    ) -> None:
        """Set the data ranges and draw the axes with the y ticks (nice numbers by default)."""
        ticks = y_ticks if y_ticks is not None else _nice_ticks(max(y1, 1.0), whole=True)
        top = max(y1, ticks[-1]) if y_ticks is None else y1
        self.x0, self.x1, self.y0, self.y1 = x0, x1 if x1 > x0 else x0 + 1.0, y0, top
        base = HEIGHT - BOTTOM
        for tick in ticks:
            y = self.y(tick)
            self.parts.append(
                f"<line x1='{LEFT}' y1='{y:.1f}' x2='{WIDTH - RIGHT}' y2='{y:.1f}' stroke='#e4e4e4'/>"
            )
            self.parts.append(_text(LEFT - 6, y + 5, _tick_label(tick, y_format), TICK_SIZE, anchor="end"))
        self.parts.append(
            f"<path d='M{LEFT} {TOP - 4}V{base}H{WIDTH - RIGHT}' fill='none' stroke='{AXIS}' stroke-width='1.5'/>"
        )

    def x(self, value: float) -> float:
        """Data x to SVG x."""
        return LEFT + (value - self.x0) / (self.x1 - self.x0) * (WIDTH - LEFT - RIGHT)

    def y(self, value: float) -> float:
        """Data y to SVG y."""
        return HEIGHT - BOTTOM - (value - self.y0) / (self.y1 - self.y0) * (HEIGHT - BOTTOM - TOP)

    def x_ticks(self, ticks: list[float]) -> None:
        """Tick labels under the x axis."""
        for tick in ticks:
            self.text(self.x(tick), HEIGHT - BOTTOM + 19, _tick_label(tick), TICK_SIZE, anchor="middle")

    def bars(self, lefts, rights, heights, colour: str) -> None:
        """Bars from the x axis; zero-height ones are skipped."""
        base = self.y(self.y0)
        for left, right, height in zip(lefts, rights, heights, strict=True):
            if height <= 0:
                continue
            x, top = self.x(float(left)), self.y(float(height))
            width = max(self.x(float(right)) - x - 1.0, 1.0)
            self.parts.append(
                f"<rect x='{x + 0.5:.1f}' y='{top:.1f}' width='{width:.1f}' height='{base - top:.1f}' fill='{colour}'/>"
            )

    def text(
        self, x: float, y: float, text: str, size: int, anchor: str = "start", bold: bool = False
    ) -> None:
        """A label at (x, y) in SVG units."""
        self.parts.append(_text(x, y, text, size, anchor=anchor, bold=bold))

    def empty(self, message: str) -> str:
        """The chart with only a grey message in the middle."""
        self.parts.append(_text(WIDTH / 2, HEIGHT / 2, message, LABEL_SIZE + 1, anchor="middle", fill=MUTED))
        return self.svg()

    def svg(self) -> str:
        """The finished chart."""
        return _svg(self.parts)


def _svg(parts: list[str], height: float = HEIGHT) -> str:
    return (
        f"<svg viewBox='0 0 {WIDTH} {height:.0f}' xmlns='http://www.w3.org/2000/svg' {FONT} "
        f"style='display:block;width:100%;height:auto'>{''.join(parts)}</svg>"
    )


def _title(title: str) -> str:
    return _text(WIDTH / 2, 24, title, TITLE_SIZE, anchor="middle", bold=True, fill="#222222")


def _text(
    x: float, y: float, text: str, size: int, anchor: str = "start", bold: bool = False, fill: str = AXIS
) -> str:
    weight = " font-weight='700'" if bold else ""
    return (
        f"<text x='{x:.1f}' y='{y:.1f}' font-size='{size}' text-anchor='{anchor}' fill='{fill}'{weight}>"
        f"{escape(text)}</text>"
    )


def _nice_ticks(top: float, count: int = 4, whole: bool = False) -> list[float]:
    """0, step, 2 step, ... covering ``top`` with a round step (1, 2, 2.5 or 5 times a power of ten).

    ``whole``: counts, so the step is a whole number (no 2.5, nothing below 1).
    """
    if top <= 0:
        return [0.0, 1.0]
    raw = top / count
    power = 10.0 ** math.floor(math.log10(raw))
    factors = (1.0, 2.0, 5.0, 10.0) if whole else (1.0, 2.0, 2.5, 5.0, 10.0)
    step = next(f * power for f in factors if f * power >= raw)
    if whole:
        step = max(1.0, round(step))
    return [i * step for i in range(math.ceil(top / step - 1e-9) + 1)]


def _tick_label(value: float, style: str = "{:g}") -> str:
    return style.format(value)


def _blue(share: float) -> str:
    """White to dark blue (like matplotlib's ``Blues``) for ``share`` in [0, 1]."""
    low, high = (247, 251, 255), (8, 48, 107)
    share = min(max(share, 0.0), 1.0)
    red, green, blue = (round(a + (b - a) * share) for a, b in zip(low, high, strict=True))
    return f"#{red:02x}{green:02x}{blue:02x}"


def _short(name: str) -> str:
    return name.replace("customer_service", "service").replace("communications", "comms").replace("_", " ")


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
