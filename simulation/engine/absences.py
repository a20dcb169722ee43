"""People away: holidays and sick leave, by calendar or by rate.

An absent person is off shift for the whole spell: their work waits in their own
inbox, routing prefers colleagues who are in (as it prefers those on shift), and a
monitor leaves the shared inboxes' watcher groups for the spell, so no new message
is handed to them. A task in hand when the spell starts is finished first (as at
the end of a shift).

Spells by rate are drawn from a stream spawned off the model's behaviour seed, so
they are the same for every ownership model in a replicate (common random numbers)
and a scenario without absences draws nothing.
"""

from __future__ import annotations

import math

import numpy as np

from simulation.core.shifts import MINUTES_PER_DAY, ShiftPattern


class AwayPattern:
    """A shift pattern with spells away: off shift inside ``spells`` (clock minutes, sorted)."""

    __slots__ = ("base", "days", "offset", "spells")

    def __init__(self, base: ShiftPattern, spells: list[tuple[float, float]]):
        self.base = base
        self.days = base.days
        self.offset = base.offset
        self.spells = sorted(spells)

    @property
    def always(self) -> bool:
        """Never round the clock: the spells need checking."""
        return False

    def away(self, time: float) -> float | None:
        """The end of the spell ``time`` falls in, or ``None``."""
        for start, end in self.spells:
            if start <= time < end:
                return end
        return None

    def on_shift(self, time: float) -> bool:
        """On the base shift and not away."""
        return self.away(time) is None and self.base.on_shift(time)

    def next_start(self, time: float) -> float:
        """The earliest time ``>= time`` on the base shift and outside every spell."""
        while time < math.inf:
            time = self.base.next_start(time)
            end = self.away(time)
            if end is None:
                return time
            time = end
        return math.inf

    def minutes_on_shift(self, begin: float, finish: float) -> float:
        """Minutes on the base shift between two clock times, less those inside spells."""
        total = self.base.minutes_on_shift(begin, finish)
        for start, end in self.spells:
            total -= self.base.minutes_on_shift(max(begin, start), min(finish, end))
        return total


class Spell:
    """One absence of one person; its bound methods are the model's events at its start and end."""

    def __init__(self, model, person, start: float, end: float):
        self.model, self.person, self.start, self.end = model, person, start, end
        self.groups: list[int] = []

    def begin(self) -> None:
        """Leave the watcher groups; the pattern keeps the person off shift until the end."""
        person, groups = self.person, self.model.groups
        self.groups = person.groups
        for index in self.groups:
            groups[index].members.remove(person.index)
        person.groups = []
        person.idle_stamp = -1  # its entries in the idle queues no longer count

    def finish(self) -> None:
        """Back: rejoin the watcher groups left at the start, keep any joined meanwhile (adoption)."""
        person, groups = self.person, self.model.groups
        for index in self.groups:
            groups[index].members.append(person.index)
        person.groups = self.groups + [index for index in person.groups if index not in self.groups]
        self.model.now = self.model.time
        if person.task is None:
            self.model.try_start(person)


def plan_absences(model, spec, named: dict[str, int]) -> None:
    """Give the model's people the absences of ``spec`` (``Scenario.absences``).

    ``named`` maps an imported person's id to their index, for the calendar.
    """
    spells: dict[int, list[tuple[float, float]]] = {}
    for entry in spec.calendar:
        start = entry.from_day * MINUTES_PER_DAY
        spells.setdefault(named[entry.person], []).append((start, start + entry.days * MINUTES_PER_DAY))
    if spec.rate > 0:
        rng = np.random.default_rng(model.rng.bit_generator.seed_seq.spawn(1)[0])
        horizon = model.end_of_drain / MINUTES_PER_DAY
        starts_per_day = spec.rate / spec.mean_days  # a share of days away, in spells of mean_days
        for person in model.people:
            day = rng.exponential(1.0 / starts_per_day)
            while day < horizon:
                length = max(1.0, round(rng.exponential(spec.mean_days)))
                start = math.floor(day) * MINUTES_PER_DAY
                spells.setdefault(person.index, []).append((start, start + length * MINUTES_PER_DAY))
                day += length + rng.exponential(1.0 / starts_per_day)
    model.spells = []
    for index, stretches in spells.items():
        stretches = _merged(stretches)
        person = model.people[index]
        person.pattern = AwayPattern(person.pattern, stretches)
        person.always_on = False
        for start, end in stretches:
            spell = Spell(model, person, start, end)
            model.spells.append(spell)  # the model's events hold only weak references
            if start <= model.time:
                spell.begin()  # away from the start: Mesa runs no event at the current time
            else:
                model.schedule_event(spell.begin, at=start)
            model.schedule_event(spell.finish, at=end)


def _merged(stretches: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Overlapping or touching spells as one: a person leaves and returns once per stretch."""
    merged: list[tuple[float, float]] = []
    for start, end in sorted(stretches):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged
