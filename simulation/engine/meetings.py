"""Coordination meetings: the first minutes of each of a coordinator's shifts.

Someone with weekly meeting time spends ``weekly minutes / working days per week`` at
the start of every shift in meetings (at most the whole shift). Their shift is split
in two patterns, once when the model is built: the meeting block, and the rest, their
work pattern, the only hours in which they take up inquiry work. Nothing happens at
run time for a meeting; its minutes are read off the block when asked for.
"""

from __future__ import annotations

from simulation.core.shifts import ShiftPattern


class MeetingBlock:
    """The meeting part of a shift pattern, shared by everyone with that pattern and meeting time.

    The minutes in it up to a clock time are kept for the last time asked: a summary
    asks for thousands of people at one time.
    """

    __slots__ = ("_last", "pattern")

    def __init__(self, pattern: ShiftPattern):
        self.pattern = pattern
        self._last = (-1.0, 0.0)  # (clock time, minutes in meetings before it)

    def minutes(self, now: float, spells=()) -> float:
        """Minutes in meetings before clock ``now``, less those inside ``spells`` (disjoint, away)."""
        if self._last[0] != now:
            self._last = (now, self.pattern.minutes_on_shift(0.0, now))
        total = self._last[1]
        for start, end in spells:
            total -= self.pattern.minutes_on_shift(max(0.0, start), min(end, now))
        return total


def plan_meetings(people: list, coordinators: set[int], hours_per_week: float, barriers) -> None:
    """Each person's weekly meeting time, and their shift split into meeting block and work pattern.

    Coordinators (by index) meet ``hours_per_week``; each publisher also aligns with the
    others for ``alignment_minutes_per_peer`` a week per other publisher, up to
    ``alignment_peer_limit`` of them: more publishers, more alignment ([S3]), until
    nobody can keep up with more ([F-dunbar]). Runs before anything keys on patterns.
    """
    peers = min(sum(p.publisher for p in people) - 1, barriers.alignment_peer_limit)
    alignment = barriers.alignment_minutes_per_peer * peers if peers > 0 else 0.0
    coordination = hours_per_week * 60.0
    split: dict[tuple[ShiftPattern, float], tuple[ShiftPattern, MeetingBlock, bool]] = {}
    # the same by the pattern object: departments' equal patterns would each be compared by value
    by_object: dict[tuple[int, float], tuple[ShiftPattern, MeetingBlock, bool]] = {}
    for person in people:
        weekly = (coordination if person.index in coordinators else 0.0) + (
            alignment if person.publisher else 0.0
        )
        person.meeting_minutes_per_week = weekly
        if weekly <= 0:
            continue
        parts = by_object.get((id(person.pattern), weekly))
        if parts is None:
            key = (person.pattern, weekly)
            parts = split.get(key)
            if parts is None:
                work, block = (
                    split_shift(person.pattern, weekly) if any(person.pattern.days) else (None, None)
                )
                parts = split[key] = work, block, work is not None and work.always
            by_object[id(person.pattern), weekly] = parts
        work, block, always = parts
        if work is not None:  # a pattern without working days has nothing to split
            person.pattern, person.block, person.always_on = work, block, always


def split_shift(pattern: ShiftPattern, weekly_minutes: float) -> tuple[ShiftPattern, MeetingBlock]:
    """The work pattern and the meeting block of ``pattern`` with ``weekly_minutes`` of meetings."""
    length = min(weekly_minutes / sum(pattern.days), pattern.end - pattern.start)
    meeting_end = pattern.start + length
    block = MeetingBlock(ShiftPattern(pattern.days, pattern.start, meeting_end, pattern.offset))
    if meeting_end < pattern.end:
        work = ShiftPattern(pattern.days, meeting_end, pattern.end, pattern.offset)
    else:  # meetings take the whole shift: never on shift for inquiries
        work = ShiftPattern((False,) * 7, pattern.start, pattern.end, pattern.offset)
    return work, block
