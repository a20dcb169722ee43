"""How an inquiry moves: noticing, routing, working, approval and publishing.

A mixin of :class:`simulation.engine.model.OrgModel`, kept apart so the clock and the
construction of the model stay readable. Every method here is on the hot path; who may
answer, approve or publish, and who gets an inquiry next, are decided in
:mod:`simulation.engine.decisions`.

Order of work for one person: personal inbox first (FIFO), then the oldest item of
the shared inboxes they watch. A task, once started,
is finished even past the end of the shift (overtime); a new one starts only on
shift.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from simulation.engine.agents import Employee, Task
from simulation.engine.decisions import Decisions
from simulation.engine.inboxes import to_try
from simulation.engine.inquiries import Inquiry, Outcome

MAX_HANDOFFS = 64
RECENT_HANDOFFS = 4096  # how many hand-offs the model remembers for live views


class Handoff(NamedTuple):
    """One message between two people; ``by_middleman`` when an intermediary passed it on."""

    time: float
    source: int
    target: int
    inquiry: int
    by_middleman: bool


# kinds of hot events; the last two come in batches (OrgModel._schedule_together)
ARRIVE, DELIVER, FINISH, WAKE, GROUP_WAKE = range(5)
FORWARD, DRAFT, PUBLISHED, APPROVED, SEARCHED = range(5)
HANDLE, APPROVE, PUBLISH = map(int, Task)  # plain ints: IntEnum members compare slower
ANSWERED = Outcome.PUBLISHED  # a module name: reading an Enum class attribute is slow


class Workflow(Decisions):
    """Event handlers for the life of an inquiry (see module docstring)."""

    # --- noticing ---------------------------------------------------------------------

    def _on_arrival(self) -> None:
        inquiry = self.stream.make(self.now)
        if self._tracing:
            inquiry.trace = [(self.now, -1, "arrive")]
        self.inquiries.append(inquiry)
        self.open_inquiries += 1
        self._receive(inquiry)
        self._schedule_next_arrival()

    def _receive(self, inquiry: Inquiry) -> None:
        """Put a new inquiry, arriving now, in its shared inbox, or hand it to an idle monitor."""
        if self._department_scope:
            misdirected, pick = self.stream.inbox_draws
            owner = self.tables.owner_by_region[(inquiry.topic, self._region_names[inquiry.region])]
            if misdirected < self.parts.misdirected_share:
                owner = self._line_departments[int(pick * len(self._line_departments))]
            key = (self.stream.channels[inquiry.channel], self.departments[owner].name)
            inbox = self.inboxes[self.inbox_index[key]]
        else:
            inbox = self._shared_inboxes[inquiry.channel][inquiry.region]
        if not inbox.groups:
            self._close(inquiry, Outcome.UNMONITORED)
            return
        now = self.now
        inquiry.enqueued_at = now
        groups, people = self.groups, self.people
        for group_index in inbox.groups:
            group = groups[group_index]
            if group.idle and (group.always or group.pattern.on_shift(now)):
                member = group.first_idle(people)
                if member >= 0:
                    person = people[member]
                    if not person.inbox:
                        taken_up(person)
                    self._start(person, (HANDLE, inquiry, now))
                    return
        inbox.items.append(inquiry)
        if inbox.woken_at != now:
            self._wake_groups_later(inbox)

    def _wake_groups_later(self, inbox) -> None:
        """Schedule a wake at its next shift start for each off-shift group watching ``inbox``.

        Once per clock time (callers check ``inbox.woken_at``): a group's pending wake is
        cleared only at its shift start, when it is on shift, so a second look at the same
        time would change nothing.
        """
        now = self.now
        inbox.woken_at = now
        for group_index in inbox.groups:
            group = self.groups[group_index]
            if not group.wake_pending and not group.pattern.on_shift(now):
                group.wake_pending = True
                self._schedule_together(group.pattern.next_start(now), GROUP_WAKE, group_index)

    def _on_group_wakes(self, group_indices: list[int], _item) -> None:
        self._batch_due(group_indices)
        groups = self.groups
        tried: set[int] = set()  # idle queues whose idle members were tried in this batch
        for group_index in group_indices:
            group = groups[group_index]
            group.wake_pending = False
            # groups sharing an idle queue have the same idle members: whoever the first
            # left idle found nothing, and nothing arrives during the batch, so a second
            # try starts nothing and changes nothing
            if id(group.idle) in tried:
                continue
            tried.add(id(group.idle))
            self._try_starts(to_try(group, self.people, groups))
            group.first_idle(self.people)  # drops the stale entries in front: all, when everyone started

    def _on_wakes(self, person_indices: list[int], _item) -> None:
        self._batch_due(person_indices)
        people = self.people
        waiting = []  # those with nothing in hand: work started at a group wake needs no try
        for index in person_indices:  # _try_start reads only its own person's flag: all at once is the same
            person = people[index]
            person.wake_pending = False
            if person.task is None:
                waiting.append(person)
        self._try_starts(waiting)

    def _try_starts(self, people: Iterable[Employee]) -> None:
        """:meth:`_try_start` for each idle one of ``people`` in turn.

        Someone already idle with nothing waiting for them, whose inboxes are empty, has
        nothing to start: skipped (idle queues are shared by people watching the same
        inboxes, and nothing arrives meanwhile, so an empty one stays empty).
        """
        groups = self.groups
        nothing_waiting: set[int] = set()  # idle queues whose watchers' inboxes are empty
        for person in people:
            if person.task is not None:
                continue
            inbox = person.inbox
            if not inbox and person.idle_stamp >= 0 and person.groups:
                team = id(groups[person.groups[0]].idle)
                if team in nothing_waiting:
                    continue
                if not any(groups[group_index].inbox.items for group_index in person.groups):
                    nothing_waiting.add(team)
                    continue
            self._try_start(person)

    def _on_deliver(self, person_index: int, task) -> None:
        person = self.people[person_index]
        if person.task is None and not person.inbox:
            taken_up(person)
        person.inbox.append(task)
        if person.task is None:
            self._try_start(person)

    # --- working ----------------------------------------------------------------------

    def try_start(self, person: Employee) -> None:
        """Give an idle person their next task, or mark them idle until there is one."""
        self._try_start(person)

    def mark_idle(self, person: Employee) -> None:
        """Queue ``person``, a watcher with nothing to do, as idle (a build marks its watchers)."""
        self._mark_idle(person)

    def _try_start(self, person: Employee) -> None:
        """:meth:`try_start`, for the workflow's own calls (compiled, a C call: no look for an override)."""
        now = self.now
        if not (person.always_on or person.pattern.on_shift(now)):
            if person.inbox and not person.wake_pending:
                person.wake_pending = True
                self._schedule_together(person.pattern.next_start(now), WAKE, person.index)
            if person.idle_stamp < 0 and person.groups:
                self._mark_idle(person)
            groups = self.groups
            if person.inbox and person.idle_stamp >= 0:  # idle with work waiting: a holder
                groups[person.groups[0]].holders[person.index] = person.idle_stamp
            for group_index in person.groups:
                group = groups[group_index]
                inbox = group.inbox
                if inbox.items and inbox.woken_at != now:
                    self._wake_groups_later(inbox)
            return
        if person.inbox:
            self._start(person, person.inbox.popleft())
            return
        oldest = None
        groups = self.groups
        for group_index in person.groups:
            group = groups[group_index]
            items = group.inbox.items
            if items:
                first = items[0]
                if oldest is None or first.enqueued_at < oldest[0].enqueued_at:
                    oldest = items
        if oldest is None:
            if person.idle_stamp < 0 and person.groups:  # only watchers queue as idle
                self._mark_idle(person)
            return
        inquiry = oldest.popleft()
        taken_up(person)
        self._start(person, (HANDLE, inquiry, inquiry.enqueued_at))

    def _mark_idle(self, person: Employee) -> None:
        """Queue ``person``, a watcher not queued yet (callers check), in the idle queue its groups share."""
        person.idle_stamp = stamp = next(self._sequence)
        group = self.groups[person.groups[0]]
        idle = group.idle
        idle.append((person.index, stamp))
        if len(idle) > group.idle_limit:
            group.sweep_idle(self.people)

    def _start(self, person: Employee, task) -> None:
        """Start an inquiry's task."""
        person.idle_stamp = -1  # out of the idle queues
        kind, inquiry, since = task
        now = self.now
        if kind == HANDLE:
            if now > since:  # taken up at once, it keeps the 0.0 it has: no new float kept per inquiry
                inquiry.queue_minutes += now - since
            if inquiry.noticer < 0:
                inquiry.noticer = person.index
                inquiry.noticed_at = now
            expert = inquiry.topic in person.knows
            if person.answerer and (expert or self._can_answer(person, inquiry)):
                duration = self._triage_minutes + inquiry.work
                inquiry.non_expert = not (expert or self._qualified(person, inquiry))
                if self._judged:
                    inquiry.wrong = self._draws.uniform() < self._error_chance(person, expert)
                person.pending = self._approver_for(person, inquiry) if self._approval_topics else -1
                if person.pending < 0 and (person.publisher or self._may_publish(person)):
                    duration += self._publish_minutes
                    action = PUBLISHED
                else:
                    action = DRAFT
            else:
                duration, action = self._triage_minutes, FORWARD
        elif kind == APPROVE:
            inquiry.approval_minutes += now - since
            duration = self._draws.exponential(self._approval_minutes)
            action = APPROVED
            if inquiry.wrong and self._draws.uniform() < self._quality.review_catch:
                inquiry.wrong = False  # caught: rewritten before it goes out
                duration += self._quality.rework_minutes
                inquiry.rework_minutes += self._quality.rework_minutes
            if self._may_publish(person):
                duration += self._publish_minutes
                action = PUBLISHED
        else:
            inquiry.queue_minutes += now - since
            duration, action = self._publish_minutes, PUBLISHED
        duration /= person.availability  # effort spread over the share of time they give
        if self._tracing:
            inquiry.trace.append((now, person.index, _step_name(kind, action)))
        person.task = task
        person.action = action
        person.started = now
        finish = now + duration
        if finish in self._batches:  # what OrgModel._schedule does, inline on this hot path
            del self._batches[finish]
        self._push((finish, next(self._sequence), FINISH, person.index, None))

    def _on_finish(self, person_index: int, _item) -> None:
        person = self.people[person_index]
        kind, inquiry, _ = person.task
        duration = self.now - person.started
        person.task = None
        person.tasks_done += 1
        action = person.action
        person.busy_minutes += duration * person.availability
        if kind == APPROVE:
            inquiry.approval_minutes += duration
        else:
            inquiry.work_minutes += duration
        if kind == HANDLE and action != FORWARD and action != SEARCHED:
            inquiry.drafter = person_index
        if action == SEARCHED:
            self._hand_off(person, person.search_target, HANDLE, inquiry)
        elif action == FORWARD:
            if self._forward(person, kind, inquiry):
                return  # still busy: searching for the expert
        elif action == PUBLISHED:
            self._close(inquiry, ANSWERED)
        elif action == DRAFT and person.pending >= 0:
            self._hand_off(person, person.pending, APPROVE, inquiry)
        else:
            publisher = self._publisher_for(inquiry, person)
            if publisher < 0:
                self._close(inquiry, Outcome.NO_ROUTE)
            else:
                self._hand_off(person, publisher, PUBLISH, inquiry)
        if not person.inbox:  # free again (until taken up): finished with nothing waiting
            for share, place in person.pools:
                share.free += 1
                if place < share.first_free:
                    share.first_free = place
            if not person.groups:
                return  # nothing waiting and no inbox watched: trying to start would change nothing
        self._try_start(person)

    def _forward(self, person: Employee, kind: Task, inquiry: Inquiry) -> bool:
        """Pass the inquiry on; True when an expert search keeps ``person`` busy first."""
        if person.index != inquiry.noticer:
            inquiry.middlemen += 1
        self._searched = False
        target = self._next_hop(person, inquiry)
        if target < 0 or inquiry.handoffs >= MAX_HANDOFFS:
            self._close(inquiry, Outcome.NO_ROUTE)
        elif self._searched and self._search_minutes > 0:
            self._search(person, kind, inquiry, target)
            return True
        else:
            self._hand_off(person, target, HANDLE, inquiry)
        return False

    def _search(self, person: Employee, kind: Task, inquiry: Inquiry, target: int) -> None:
        """Keep ``person`` busy looking the expert up before the hand-off: search is not free."""
        person.task = (kind, inquiry, self.now)
        person.action = SEARCHED
        person.started = self.now
        person.search_target = target
        self._schedule(self.now + self._search_minutes / person.availability, FINISH, person.index)

    # --- moving ---------------------------------------------------------------------------

    def _hand_off(self, source: Employee, target: int, kind: Task, inquiry: Inquiry) -> None:
        latency = self._draws.exponential(self._handoff_minutes)
        target_department = self.people[target].department
        inquiry.handoffs += 1
        self._flow_counts[source.department * self._department_count + target_department] += 1
        if self._recent is not None:  # a live view listens (OrgModel.record_handoffs)
            self._recent.append(  # plain tuples: Handoff objects are made only when a view asks
                (
                    self.now,
                    source.index,
                    target,
                    inquiry.id,
                    kind == HANDLE and source.index != inquiry.noticer,
                )
            )
        if source.department != target_department:
            inquiry.crossings += 1
            multiplier = self.barrier_multiplier
            latency += self._draws.exponential(self._boundary_minutes * multiplier)
            if self._draws.uniform() < self._boundary_drop * multiplier:
                self._close(inquiry, Outcome.DROPPED_AT_BOUNDARY)
                return
        inquiry.transit_minutes += latency
        delivery = self.now + latency
        self._schedule(delivery, DELIVER, target, (kind, inquiry, delivery))

    def _close(self, inquiry: Inquiry, outcome: Outcome) -> None:
        if inquiry.wrong and outcome == Outcome.PUBLISHED:
            inquiry.rework_minutes += self._quality.correction_minutes  # an incident: put it right
        inquiry.outcome = outcome
        inquiry.finished_at = self.now
        self.open_inquiries -= 1
        if inquiry.trace is not None:
            inquiry.trace.append((self.now, -1, outcome.name.lower()))


def taken_up(person: Employee) -> None:
    """``person`` had nothing in hand or waiting and now has: one free candidate less."""
    for share, _ in person.pools:
        share.free -= 1


def _step_name(kind: Task, action: int) -> str:
    """What a trace calls the start of a task: forward, draft, answer, approve or publish."""
    if kind == APPROVE:
        return "approve"
    if kind == PUBLISH:
        return "publish"
    return {FORWARD: "forward", DRAFT: "draft"}.get(action, "answer")
