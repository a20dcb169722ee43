"""The live charts of one model as small SVG strings, drawn by the browser.

Each chart is a separate string (a few kB), so a Step sends only the charts whose picture
changed, and building all of them takes a millisecond or two. The same charts as a PNG,
for download, come from :mod:`simulation.ui.charts` (matplotlib, drawn on demand).

A chart is drawn at its own size in CSS pixels (one SVG unit is one pixel, never scaled), so
its text is 18–22 px wherever it appears: readable from the back of a lecture hall.

In a race every chart of one kind uses the same axes (``shared_scales``): the same bar means
the same number in every model's panel. Time charts carry the nights and weekends as grey
bands, each crisis as a red band and each live change as a dashed line (``Timeline``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from html import escape

import numpy as np

from simulation.core.shifts import MINUTES_PER_DAY
from simulation.ui.state import Marker, Snapshot

WIDTH, HEIGHT = 400, 270  # a chart's default size in pixels
LEFT, RIGHT, TOP, BOTTOM = 64, 16, 44, 56
TITLE_SIZE, LABEL_SIZE, TICK_SIZE = 22, 19, 18
NIGHT = "#f0f0f0"
CRISIS = "#d62728"
CHANGE = "#6a3d9a"
BAR = "#1f77b4"
GOOD = "#2ca02c"
BAD = "#d62728"
AXIS = "#444444"
MUTED = "#777777"
FONT = "font-family='Roboto, Helvetica, Arial, sans-serif'"


@dataclass(frozen=True)
class Scales:
    """Axis ranges shared by every model on the page, so the same height means the same number."""

    response_hours: float = 1.0  # x: 0 to this many hours
    response_count: float = 1.0  # y: tallest histogram bar
    backlog_days: float = 1.0  # x: 0 to this day
    backlog_open: float = 1.0  # y: highest backlog
    middlemen_values: int = 1  # x: 0 .. this - 1 middlemen
    middlemen_count: float = 1.0
    flow_top: float = 0.0  # darkest cell


@dataclass(frozen=True)
class Timeline:
    """What the time charts mark: grey nights and weekends, crisis bands, live changes."""

    off_hours: list[tuple[float, float]] = field(default_factory=list)  # clock minutes
    markers: list[Marker] = field(default_factory=list)


BINS = 24


def shared_scales(snapshots: list[Snapshot]) -> Scales:
    """The common axes of the charts of ``snapshots`` (one per model in a race)."""
    hours = [s.response_hours for s in snapshots if s.response_hours.size]
    top = max((float(np.ceil(h.max())) for h in hours), default=1.0)
    top = max(1.0, top)
    counts = [np.histogram(h, bins=BINS, range=(0.0, top))[0].max() for h in hours]
    tallies = [np.bincount(s.middlemen) for s in snapshots if s.middlemen.size]
    return Scales(
        response_hours=top,
        response_count=float(max(counts, default=1)),
        backlog_days=max(
            1.0, max((float(s.backlog_days[-1]) for s in snapshots if s.backlog_days.size), default=1.0)
        ),
        backlog_open=max(
            1.0, max((float(s.backlog_open.max()) for s in snapshots if s.backlog_open.size), default=1.0)
        ),
        middlemen_values=max((t.size for t in tallies), default=1),
        middlemen_count=float(max((t.max() for t in tallies), default=1)),
        flow_top=max((float(s.flow.max()) for s in snapshots if s.flow.size), default=0.0),
    )


def chart_svgs(
    snapshot: Snapshot, scales: Scales | None = None, timeline: Timeline | None = None, width: int = WIDTH
) -> dict[str, str]:
    """The five charts of one model, by name (their order is the page's); backlog is the main chart."""
    scales = scales or shared_scales([snapshot])
    timeline = timeline or Timeline()
    return {
        "backlog": backlog(snapshot.backlog_days, snapshot.backlog_open, scales, timeline, width),
        "answered": answered(snapshot.summary, width),
        "response": response_times(snapshot.response_hours, scales, width),
        "middlemen": middlemen(snapshot.middlemen, scales, width),
        "flow": flow(snapshot.departments, snapshot.flow, scales, width),
    }


def response_times(hours: np.ndarray, scales: Scales, width: int = WIDTH) -> str:
    """Histogram of hours from arrival to answer; dashed line at the median."""
    chart = _Chart("Response time", "hours from arrival to answer", "answered", width)
    chart.scale(0.0, scales.response_hours, 0.0, scales.response_count)
    chart.x_ticks(_nice_ticks(scales.response_hours))
    if not hours.size:
        return chart.empty("no answers yet")
    counts, edges = np.histogram(hours, bins=BINS, range=(0.0, scales.response_hours))
    chart.bars(edges[:-1], edges[1:], counts, BAR)
    x = chart.x(float(np.median(hours)))
    chart.parts.append(
        f"<line x1='{x:.1f}' y1='{TOP}' x2='{x:.1f}' y2='{chart.height - BOTTOM}' stroke='black' "
        "stroke-width='2.5' stroke-dasharray='7 5'/>"
    )
    return chart.svg()


def answered(summary: dict[str, object], width: int = WIDTH) -> str:
    """Shares answered within 1 h and 24 h, and lost, with their percentages (always 0–100 %)."""
    chart = _Chart("Answered within", "", "share", width)
    labels = ["≤ 1 h", "≤ 24 h", "lost"]
    values = [
        _number(summary[key])
        for key in ("answered_within_1h_share", "answered_within_24h_share", "lost_share")
    ]
    chart.scale(-0.5, 2.5, 0.0, 1.2, y_ticks=[0.0, 0.5, 1.0], y_format="{:.0%}")
    for index, (label, value, colour) in enumerate(zip(labels, values, [GOOD, GOOD, BAD], strict=True)):
        height = 0.0 if math.isnan(value) else value
        chart.bars([index - 0.35], [index + 0.35], [height], colour)
        text = "–" if math.isnan(value) else f"{value:.0%}"
        chart.text(chart.x(index), chart.y(height) - 6, text, LABEL_SIZE + 1, anchor="middle", bold=True)
        chart.text(chart.x(index), chart.height - BOTTOM + 22, label, TICK_SIZE, anchor="middle")
    return chart.svg()


def backlog(
    days: np.ndarray, open_count: np.ndarray, scales: Scales, timeline: Timeline, width: int = WIDTH
) -> str:
    """Open inquiries over time, over grey nights and weekends, with crises and live changes marked."""
    chart = _Chart("Backlog: open inquiries", "days from the start", "open", width, height=round(width * 0.6))
    right = scales.backlog_days
    chart.x0, chart.x1 = 0.0, right
    bands = [
        (start / MINUTES_PER_DAY, end / MINUTES_PER_DAY, NIGHT, "off-hours")
        for start, end in timeline.off_hours
    ]
    bands += [
        (m.start / MINUTES_PER_DAY, m.end / MINUTES_PER_DAY, CRISIS, "crisis")
        for m in timeline.markers
        if m.kind == "crisis"
    ]
    for start, end, colour, kind in bands:  # behind the axes and the line
        if start >= right:
            continue
        x0, x1 = chart.x(start), chart.x(min(end, right))
        opacity = "0.22" if kind == "crisis" else "1"
        chart.parts.append(
            f"<rect class='orgsim-band-{kind}' x='{x0:.1f}' y='{TOP}' width='{max(x1 - x0, 2.0):.1f}' "
            f"height='{chart.height - BOTTOM - TOP}' fill='{colour}' fill-opacity='{opacity}'/>"
        )
    chart.scale(0.0, right, 0.0, 1.05 * scales.backlog_open)
    chart.x_ticks(_nice_ticks(right))
    if days.size:
        points = " ".join(
            f"{chart.x(x):.1f},{chart.y(y):.1f}"
            for x, y in zip(days.tolist(), open_count.tolist(), strict=True)
        )
        chart.parts.append(
            f"<polyline points='{points}' fill='none' stroke='{BAR}' stroke-width='3' stroke-linejoin='round'/>"
        )
    for marker in timeline.markers:
        day = marker.start / MINUTES_PER_DAY
        if day > right:
            continue
        x = chart.x(day)
        colour, dashes = (CRISIS, "none") if marker.kind == "crisis" else (CHANGE, "6 4")
        chart.parts.append(
            f"<line class='orgsim-marker-{marker.kind}' x1='{x:.1f}' y1='{TOP - 2}' x2='{x:.1f}' "
            f"y2='{chart.height - BOTTOM}' stroke='{colour}' stroke-width='3' stroke-dasharray='{dashes}'>"
            f"<title>{escape(marker.label)}</title></line>"
        )
        chart.parts.append(_text(x, TOP - 4, "▼", TICK_SIZE, anchor="middle", fill=colour))
    return chart.svg()


def middlemen(counts: np.ndarray, scales: Scales, width: int = WIDTH) -> str:
    """How many inquiries passed through 0, 1, 2, ... middlemen."""
    chart = _Chart("Middlemen per inquiry", "middlemen", "inquiries", width)
    size = max(scales.middlemen_values, 2)
    chart.scale(-0.5, size - 0.5, 0.0, scales.middlemen_count)
    every = max(1, math.ceil(size * 34 / (width - LEFT - RIGHT)))
    for value in range(0, size, every):
        chart.text(chart.x(value), chart.height - BOTTOM + 22, str(value), TICK_SIZE, anchor="middle")
    if not counts.size:
        return chart.empty("no inquiries yet")
    tally = np.bincount(counts)
    positions = np.arange(tally.size)
    chart.bars(positions - 0.4, positions + 0.4, tally, BAR)
    return chart.svg()


def flow(departments: list[str], matrix: np.ndarray, scales: Scales, width: int = WIDTH) -> str:
    """Messages from row department to column department, darker for more (log scale, shared)."""
    names = [_short(name) for name in departments]
    count = len(names)
    label = TICK_SIZE
    cell = 24.0  # one label line per row: 18 px text needs a 24 px row
    left = 12 + int(0.56 * label * max((len(n) for n in names), default=4))
    top, bottom = TOP + 6, left
    side = cell * count
    width = max(width, int(left + side + RIGHT))
    height = top + side + bottom
    high = scales.flow_top
    scale = math.log1p(high) or 1.0
    parts = [_title("Messages: from row to column", width)]
    for row in range(count):
        y = top + row * cell
        parts.append(_text(left - 6, y + cell / 2 + 6, names[row], label, anchor="end"))
        for column in range(count):
            value = int(matrix[row, column])
            x = left + column * cell
            parts.append(
                f"<rect x='{x:.1f}' y='{y:.1f}' width='{cell:.1f}' height='{cell:.1f}' "
                f"fill='{_blue(math.log1p(value) / scale)}' stroke='white' stroke-width='0.5'><title>"
                f"{escape(names[row])} → {escape(names[column])}: {value}</title></rect>"
            )
    for column in range(count):
        x = left + column * cell + cell / 2 + 6
        y = top + count * cell + 8
        parts.append(
            f"<text x='{x:.1f}' y='{y:.1f}' font-size='{label}' text-anchor='end' fill='{AXIS}' "
            f"transform='rotate(-60 {x:.1f} {y:.1f})'>{escape(names[column])}</text>"
        )
    return _svg(parts, width, height)


class _Chart:
    """A plot area with axes, ``width`` x ``height`` pixels; ``scale`` sets the data ranges, then parts are added."""

    def __init__(self, title: str, xlabel: str, ylabel: str, width: int = WIDTH, height: int | None = None):
        self.width = width
        self.height = height or max(HEIGHT, round(width * 0.62))
        self.parts = [_title(title, width)]
        if xlabel:
            self.parts.append(
                _text((LEFT + width - RIGHT) / 2, self.height - 8, xlabel, LABEL_SIZE, anchor="middle")
            )
        if ylabel:
            middle = (TOP + self.height - BOTTOM) / 2
            self.parts.append(
                f"<text x='20' y='{middle}' font-size='{LABEL_SIZE}' text-anchor='middle' fill='{AXIS}' "
                f"transform='rotate(-90 20 {middle})'>{escape(ylabel)}</text>"
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
        ticks = y_ticks if y_ticks is not None else _nice_ticks(max(y1, 1.0), count=3, whole=True)
        top = max(y1, ticks[-1]) if y_ticks is None else y1
        self.x0, self.x1, self.y0, self.y1 = x0, x1 if x1 > x0 else x0 + 1.0, y0, top
        base = self.height - BOTTOM
        for tick in ticks:
            y = self.y(tick)
            self.parts.append(
                f"<line x1='{LEFT}' y1='{y:.1f}' x2='{self.width - RIGHT}' y2='{y:.1f}' stroke='#d0d0d0'/>"
            )
            self.parts.append(_text(LEFT - 6, y + 6, _tick_label(tick, y_format), TICK_SIZE, anchor="end"))
        self.parts.append(
            f"<path d='M{LEFT} {TOP - 4}V{base}H{self.width - RIGHT}' fill='none' stroke='{AXIS}' stroke-width='1.5'/>"
        )
        self.parts.insert(0, f"<desc>x {self.x0:g} {self.x1:g} y {self.y0:g} {self.y1:g}</desc>")

    def x(self, value: float) -> float:
        """Data x to SVG x."""
        return LEFT + (value - self.x0) / (self.x1 - self.x0) * (self.width - LEFT - RIGHT)

    def y(self, value: float) -> float:
        """Data y to SVG y."""
        return self.height - BOTTOM - (value - self.y0) / (self.y1 - self.y0) * (self.height - BOTTOM - TOP)

    def x_ticks(self, ticks: list[float]) -> None:
        """Tick labels under the x axis (every other one when they would crowd)."""
        room = (self.width - LEFT - RIGHT) / max(len(ticks), 1)
        every = 1 if room >= 44 else 2
        for tick in ticks[::every]:
            self.text(self.x(tick), self.height - BOTTOM + 22, _tick_label(tick), TICK_SIZE, anchor="middle")

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
        """A label at (x, y) in pixels."""
        self.parts.append(_text(x, y, text, size, anchor=anchor, bold=bold))

    def empty(self, message: str) -> str:
        """The chart with a grey message in the middle."""
        self.parts.append(
            _text(self.width / 2, self.height / 2, message, LABEL_SIZE + 1, anchor="middle", fill=MUTED)
        )
        return self.svg()

    def svg(self) -> str:
        """The finished chart."""
        return _svg(self.parts, self.width, self.height)


def _svg(parts: list[str], width: float, height: float) -> str:
    return (
        f"<svg width='{width:.0f}' height='{height:.0f}' viewBox='0 0 {width:.0f} {height:.0f}' "
        f"xmlns='http://www.w3.org/2000/svg' {FONT} style='display:block;max-width:none'>{''.join(parts)}</svg>"
    )


def _title(title: str, width: float) -> str:
    return _text(width / 2, 26, title, TITLE_SIZE, anchor="middle", bold=True, fill="#222222")


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
