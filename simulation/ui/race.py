"""The race in words: one sentence per rival saying how it differs from the first model.

Students read the winner from this line, so it states differences in the units a class
uses (percentage points of inquiries answered, hours of median response) and says "as many"
when the difference is below what the display can show.
"""

from __future__ import annotations

import math

from simulation.ui.lessons import friendly_name
from simulation.ui.state import Snapshot


def difference_lines(snapshots: list[Snapshot]) -> list[str]:
    """``Crowd of experts answers 36 pp more in time than Marketing silo (74% vs 38%); …`` per rival.

    Then the median answer's difference in hours and, if it differs, hand-offs per inquiry
    (the messages of the classic network experiments).
    """
    if len(snapshots) < 2:
        return []
    first = snapshots[0]
    return [_difference(rival, first) for rival in snapshots[1:]]


def _difference(rival: Snapshot, first: Snapshot) -> str:
    name, other = friendly_name(rival.label), friendly_name(first.label)
    share, base = _share(rival), _share(first)
    if math.isnan(share) or math.isnan(base):
        return f"{name} vs {other}: no inquiries yet"
    points = round(100 * (share - base))
    if points == 0:
        answered = f"{name} answers as many in time as {other} ({share:.0%})"
    else:
        word = "more" if points > 0 else "fewer"
        answered = f"{name} answers {abs(points)} pp {word} in time than {other} ({share:.0%} vs {base:.0%})"
    median, base_median = _median(rival), _median(first)
    if not (math.isnan(median) or math.isnan(base_median)):
        hours = (median - base_median) / 60.0
        speed = (
            "as fast" if abs(hours) < 0.05 else f"{abs(hours):.1f} h {'faster' if hours < 0 else 'slower'}"
        )
        answered = f"{answered}; median answer {speed}"
    messages = _number(rival, "handoffs_per_inquiry") - _number(first, "handoffs_per_inquiry")
    if abs(messages) >= 0.05:
        answered = (
            f"{answered}; {abs(messages):.1f} {'more' if messages > 0 else 'fewer'} hand-offs per inquiry"
        )
    return answered


def _share(snapshot: Snapshot) -> float:
    return _number(snapshot, "answered_share")


def _median(snapshot: Snapshot) -> float:
    return _number(snapshot, "response_time_median_min")


def _number(snapshot: Snapshot, key: str) -> float:
    value = snapshot.summary.get(key)
    return float(value) if isinstance(value, int | float) else math.nan
