"""From an export to a scenario: volume, trend, topic and channel shares, hour x weekday profiles.

One streaming pass counts messages per channel by local weekday and hour, per topic
and per local day; nothing else is kept, so the export may have millions of rows.
The scenario's arrival profile is a product (hour-of-day weight x weekday weight per
channel), so the fit estimates those two margins: the hour weights from the counts
per hour over the whole period, the weekday weights from the counts per weekday
divided by how many of that weekday the period holds. ``per_day`` is the mean daily
volume; its trend (a least-squares line through the daily counts) is reported with
its 95 % interval but not put into the scenario, which has no trend: vary
``inquiries.per_day`` to look ahead.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np
from scipy import stats

from simulation.calibration.export import ExportRow
from simulation.calibration.replay import Source

NO_CHANNEL, NO_TOPIC = "social", "general"


@dataclass
class Fit:
    """What the export says about arrivals, with the number of days it rests on."""

    first: date | None = None
    last: date | None = None
    messages: int = 0
    channels: dict[str, np.ndarray] = field(default_factory=dict)  # channel -> 7 x 24 counts
    topics: dict[str, int] = field(default_factory=dict)
    daily: dict[date, int] = field(default_factory=dict)

    @property
    def days(self) -> int:
        """Calendar days from the first message's to the last message's, both included."""
        return (self.last - self.first).days + 1 if self.first and self.last else 0

    @property
    def per_day(self) -> float:
        """Mean messages per calendar day."""
        return self.messages / self.days if self.days else 0.0

    def weekday_count(self, weekday: int) -> int:
        """How many days of the period fall on ``weekday`` (0 = Monday)."""
        assert self.first is not None
        return sum(1 for d in range(self.days) if (self.first + timedelta(days=d)).weekday() == weekday)

    def profile(self, channel: str) -> tuple[list[float], list[float]]:
        """The channel's hour-of-day and weekday weights (relative; rounded for the file)."""
        counts = self.channels[channel]
        diurnal = counts.sum(axis=0) / self.days
        weekly = np.array([counts[w].sum() / max(self.weekday_count(w), 1) for w in range(7)])
        return [round(float(v), 3) for v in diurnal], [round(float(v), 3) for v in weekly]

    def trend(self) -> tuple[float, float]:
        """Change of the daily volume per week, as a share of ``per_day``, and its 95 % half-width."""
        if self.days < 14 or self.per_day == 0:
            return math.nan, math.nan
        assert self.first is not None
        days = np.arange(self.days)
        counts = np.array([self.daily.get(self.first + timedelta(days=int(d)), 0) for d in days])
        line = stats.linregress(days, counts)
        half = stats.t.ppf(0.975, self.days - 2) * line.stderr
        return 7 * line.slope / self.per_day, 7 * half / self.per_day


def fit_arrivals(source: Source, rows=None) -> Fit:
    """Count the export's messages in the organisation's local time (one pass)."""
    found = Fit()
    for row in rows if rows is not None else source.rows():
        _count(found, row, source)
    return found


def _count(found: Fit, row: ExportRow, source: Source) -> None:
    local = row.received.astimezone(source.zone)
    day = local.date()
    found.first = found.first or day
    found.last = day
    found.messages += 1
    channel = row.channel or NO_CHANNEL
    counts = found.channels.get(channel)
    if counts is None:
        counts = found.channels[channel] = np.zeros((7, 24), dtype=np.int64)
    counts[local.weekday(), local.hour] += 1
    topic = row.topic or NO_TOPIC
    found.topics[topic] = found.topics.get(topic, 0) + 1
    found.daily[day] = found.daily.get(day, 0) + 1


def inquiries_table(found: Fit) -> dict[str, object]:
    """The ``[inquiries]`` values the fit gives: volume, shares, and a profile per channel."""
    total = found.messages
    return {
        "per_day": round(found.per_day, 3),
        "topics": {name: round(count / total, 4) for name, count in sorted(found.topics.items())},
        "channels": {name: round(int(c.sum()) / total, 4) for name, c in sorted(found.channels.items())},
        "profiles": {
            name: dict(zip(("diurnal", "weekly"), found.profile(name), strict=True))
            for name in sorted(found.channels)
        },
    }


def describe(found: Fit) -> list[str]:
    """The fit in a few lines: period, volume, trend, shares."""
    trend, half = found.trend()
    lines = [
        f"{found.messages:,} messages over {found.days} days ({found.first} to {found.last}): "
        f"{found.per_day:.1f} a day",
    ]
    if math.isnan(trend):
        lines.append("trend: needs at least 14 days")
    else:
        lines.append(f"trend: {trend:+.1%} a week (95 % interval {trend - half:+.1%} to {trend + half:+.1%})")
    shares = ", ".join(
        f"{n} {c / found.messages:.0%}" for n, c in sorted(found.topics.items(), key=lambda i: -i[1])
    )
    lines.append(f"topics: {shares}")
    return lines


def scenario_raw(
    found: Fit,
    export: dict[str, object],
    organisation: str,
    model: str,
    name: str,
) -> dict[str, dict[str, object]]:
    """A scenario's tables for the fitted arrivals: run as long as the export, on ``organisation``.

    ``export`` is the ``[inquiries.import]`` table (file, time zone, columns) and
    ``organisation`` the org chart's path, both as they should appear in the file.
    """
    return {
        "scenario": {"name": name, "seed": 1, "duration_days": float(found.days), "drain_days": 7.0},
        "organisation": {"import": organisation},
        "inquiries": {**inquiries_table(found), "import": export},
        "ownership": {"model": model},
    }
