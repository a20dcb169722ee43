"""Coordination meetings: handed out daily, started at shift start, ended together.

A mixin of :class:`simulation.engine.model.OrgModel`. A meeting is a task without an
inquiry, put in front of a coordinator's personal inbox at UTC midnight; it starts at
the person's next shift start (or when the task in hand is done) and keeps them busy.
With thousands of coordinators on one shift, each step is done for a batch at once:
wakes and meeting ends share one heap entry per time (``OrgModel._schedule_together``),
and colleagues, who come one after another, share their shift state and idle queue.
"""

from __future__ import annotations

import math

from simulation.core.shifts import MINUTES_PER_DAY
from simulation.engine.agents import Employee, Task
from simulation.engine.inboxes import WatcherGroup
from simulation.engine.workflow import COORDINATED, MEETING_END, WAKE


class Meetings:
    """Hand-out, start and end of coordination meetings (see module docstring)."""

    def _hand_out_coordination(self) -> None:
        """One meeting per local working day for each coordinator, put in front of the inbox.

        Handed out at UTC midnight for a shift that starts (or runs) within the next 24 h,
        at most once per local day of that shift, so time zones do not add meetings.
        """
        now, groups = self.now, self.groups
        # per shift pattern: the share of the weekly minutes due today (0: none), and the
        # next shift start when off shift now (-1: on shift)
        today: dict[int, tuple[float, float]] = {}
        meetings: dict[float, tuple] = {}  # one task per length: people share it
        looked_at: set[int] = set()  # idle queues (one per scope and shift) whose inboxes were checked
        last_pattern, share, wake_at = None, 0.0, -1.0
        for person in self.coordinators:  # each has meeting_minutes_per_week > 0
            pattern = person.pattern
            if pattern is not last_pattern:  # colleagues come one after another
                due = today.get(id(pattern))
                if due is None:
                    due = (
                        self._meeting_share(pattern),
                        -1.0 if pattern.on_shift(now) else pattern.next_start(now),
                    )
                    today[id(pattern)] = due
                last_pattern, (share, wake_at) = pattern, due
            if share <= 0:
                continue
            minutes = person.meeting_minutes_per_week * share
            meeting = meetings.get(minutes)
            if meeting is None:
                meeting = meetings[minutes] = (Task.COORDINATE, minutes, now)
            inbox = person.inbox
            if person.task is not None:
                inbox.appendleft(meeting)
            elif inbox or wake_at < 0 or person.always_on or person.wake_pending or person.idle_stamp < 0:
                if not inbox:
                    self._taken_up(person)
                inbox.appendleft(meeting)
                self._try_start(person)
            else:  # the usual case, idle and off shift: what _try_start does then, inline
                self._taken_up(person)
                inbox.appendleft(meeting)
                person.wake_pending = True
                self._schedule_together(wake_at, WAKE, person.index)
                # everyone sharing an idle queue watches the same inboxes, and nothing arrives
                # during the hand-out: their inboxes need looking at once
                team = groups[person.groups[0]].idle
                if id(team) not in looked_at:
                    looked_at.add(id(team))
                    for group_index in person.groups:
                        if groups[group_index].inbox.items:
                            self._wake_groups_later(groups[group_index].inbox)

    def _meeting_share(self, pattern) -> float:
        """Share of the weekly meeting minutes due today for ``pattern``; 0 when not due."""
        start = pattern.next_start(self.now)
        local_day = math.floor((start + pattern.offset) / MINUTES_PER_DAY)
        key = id(pattern)
        if start >= self.now + MINUTES_PER_DAY or self._last_meeting_day.get(key) == local_day:
            return 0.0
        self._last_meeting_day[key] = local_day
        return 1.0 / sum(pattern.days)

    def _start_meeting(self, person: Employee, task) -> None:
        """Start a meeting: no inquiry, and it ends together with the day's others."""
        person.idle_stamp = -1  # out of the idle queues
        person.task = task
        person.action = COORDINATED
        person.started = self.now
        self._schedule_together(self.now + task[1], MEETING_END, person.index)

    def _on_meetings_end(self, person_indices: list[int], _item) -> None:
        """What :meth:`_on_finish` does at the end of a meeting, for a batch of them."""
        self._batch_due(person_indices)
        now, people, groups, sequence = self.now, self.people, self.groups, self._sequence
        # idle queues (one per scope and shift: the same inboxes) whose inboxes are empty;
        # nothing arrives during the batch, so they stay empty
        nothing_waiting: set[int] = set()
        swept: dict[int, WatcherGroup] = {}  # a group per idle queue appended to: swept at the end
        # colleagues end one after another: the last pattern's shift state and the last idle
        # queue found empty (the same answers the sets and on_shift give, looked up once)
        pattern, on_shift, empty_team = None, False, None
        for person_index in person_indices:
            person = people[person_index]
            person.coordination_minutes += now - person.started
            person.task = None
            person.tasks_done += 1
            if person.inbox:
                self._try_start(person)
                continue
            for pool in person.pools:  # free again (until taken up): finished with nothing waiting
                pool.free += 1
            watched = person.groups
            if watched:
                if person.pattern is not pattern:
                    pattern = person.pattern
                    on_shift = pattern.on_shift(now)
                if on_shift or person.always_on:
                    group = groups[watched[0]]
                    team = group.idle
                    if team is not empty_team:
                        if id(team) not in nothing_waiting:
                            if any(groups[group_index].inbox.items for group_index in watched):
                                self._try_start(person)
                                continue
                            nothing_waiting.add(id(team))
                        if id(team) not in swept:
                            swept[id(team)] = group
                        empty_team = team
                    if person.idle_stamp < 0:  # the usual case, nothing to take up: _mark_idle, inline
                        person.idle_stamp = stamp = next(sequence)
                        team.append((person_index, stamp))
                    continue
            self._try_start(person)
        for group in swept.values():
            if len(group.idle) > group.idle_limit:
                group.sweep_idle(people)
