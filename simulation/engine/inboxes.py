"""Wiring an ownership model into an organisation: rights, shifts and channel inboxes.

Run once when a model is built; only the watcher groups' idle queues are kept up on the hot path.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field

from simulation.core.shifts import ShiftPattern, parse_days
from simulation.organisation.chart import OrgChart
from simulation.organisation.selectors import select
from simulation.ownership import OwnershipParts
from simulation.scenario.types import Scenario


class WatcherGroup:
    """The monitors of one inbox who share one shift pattern.

    ``idle`` holds ``(person, stamp)`` in the order people fell idle, so the monitor idle
    longest is picked first. An entry counts while the person's ``idle_stamp`` is still
    ``stamp``: starting work only changes the stamp, and stale entries are dropped when met
    (:meth:`first_idle`) or when they outnumber the members (:meth:`sweep_idle`). Groups
    of one scope and pattern have the same members (whoever watches one of their inboxes
    watches all), so they share one ``idle`` queue: a person falling idle is queued once.
    ``holders`` (person -> stamp, shared with the queue) has everyone who, while queued,
    was given work of their own: a superset of the idle members with a personal inbox.
    """

    __slots__ = (
        "always",
        "holders",
        "idle",
        "idle_limit",
        "inbox",
        "index",
        "members",
        "pattern",
        "queue",
        "wake_pending",
    )

    def __init__(
        self,
        index: int,
        queue: int,
        pattern: ShiftPattern,
        inbox: ChannelInbox,
        idle: deque[tuple[int, int]],
        holders: dict[int, int],
    ):
        self.index = index
        self.queue = queue
        self.pattern = pattern
        self.inbox = inbox
        self.members: list[int] = []
        self.idle = idle  # shared by the groups of one scope and pattern
        self.holders = holders  # shared like ``idle``
        self.idle_limit = 64  # sweep beyond this many entries: twice the members (as last joined), and some
        self.wake_pending = False
        self.always = pattern.always  # round-the-clock cover: no shift check needed

    def sweep_idle(self, people: list) -> None:
        """Drop stale entries (the workflow calls this beyond ``idle_limit`` entries), in place: shared."""
        live = [e for e in self.idle if people[e[0]].idle_stamp == e[1]]
        self.idle.clear()
        self.idle.extend(live)

    def first_idle(self, people: list) -> int:
        """The member idle longest, or -1 if nobody is idle."""
        idle = self.idle
        while idle:
            entry = idle[0]  # (member, stamp)
            person = people[entry[0]]
            if person.idle_stamp == entry[1]:
                return person.index
            idle.popleft()
        return -1

    def idle_members(self, people: list) -> list[int]:
        """Everyone idle, longest idle first."""
        return [member for member, stamp in self.idle if people[member].idle_stamp == stamp]


def to_try(group: WatcherGroup, people: list, groups: list[WatcherGroup]) -> Iterator:
    """The idle members to try at ``group``'s wake, longest idle first (people, not indices).

    Once the inboxes they share are empty (nothing arrives while they are tried) only
    someone with work of their own waiting can start: those are the ``holders``, so
    thousands of idle adopters are not walked (late in a year each look at a person costs
    a cache miss); the others would stay idle if tried. Lazy: the inboxes empty as the
    people yielded take items. A function, not a method: tests put a checking one in its place.
    """
    idle = group.idle
    first = group.first_idle(people)  # drops the stale entries in front
    if first < 0:
        return
    watched = [groups[group_index].inbox.items for group_index in people[first].groups]
    cut = idle[0][1]  # the stamp of the first entry the inboxes no longer reach
    if any(watched):
        walk = iter(list(idle))  # a copy: trying someone may queue them again
        for entry in walk:
            person = people[entry[0]]
            if person.idle_stamp != entry[1]:
                continue
            if not any(watched):
                break
            yield person
        else:
            return
        cut = entry[1]
    holders, due = group.holders, []
    for member, stamp in list(holders.items()):
        if people[member].idle_stamp != stamp:
            del holders[member]  # started since: stale
        elif stamp >= cut:
            del holders[member]  # tried now: noted again if still idle with work (off shift)
            due.append((stamp, member))
    due.sort()  # queue order: stamps grow along the queue
    for stamp, member in due:
        person = people[member]
        if person.idle_stamp == stamp and person.inbox:
            yield person


class ChannelInbox:
    """A shared inbox (one per channel and region, or per channel and department).

    ``woken_at``: the clock time its watcher groups were last seen to: each off-shift one
    then had a wake pending, and until a new group joins, nothing at that time changes it.
    """

    __slots__ = ("groups", "items", "key", "woken_at")

    def __init__(self, key: tuple[str, str]):
        self.key = key
        self.items: deque = deque()
        self.groups: list[int] = []
        self.woken_at = math.nan


def person_rights(chart: OrgChart, parts: OwnershipParts) -> dict[str, set[int]]:
    """Who monitors, publishes, is trained, may answer and may use the directory."""
    return {
        "monitor": select(chart, parts.monitors, "ownership.monitors"),
        "publisher": select(chart, parts.publishers, "ownership.publishers"),
        "trained": select(chart, parts.trained, "ownership.trained"),
        "answerer": select(chart, parts.answerers, "ownership.answerers"),
        "directory_user": select(chart, parts.directory_users, "ownership.directory_users"),
        "coordinator": select(chart, parts.coordination.participants, "ownership.coordination.participants"),
    }


def shift_patterns(chart: OrgChart, scenario: Scenario) -> list[ShiftPattern]:
    """One pattern per department: its hours, shifted by its region's UTC offset."""
    regions = scenario.organisation.regions
    return [
        ShiftPattern(
            parse_days(record.hours.days),
            record.hours.start * 60.0,
            record.hours.end * 60.0,
            regions[record.region] * 60.0,
        )
        for record in chart.departments
    ]


@dataclass
class InboxBoard:
    """The shared inboxes and the watcher groups of their monitors.

    A key is ``(channel, region)`` for shared inboxes and ``(channel, department)``
    for departmental ones; an inbox nobody watches loses what arrives on it.
    """

    inboxes: list[ChannelInbox]
    index: dict[tuple[str, str], int]
    by_department: bool
    regional: bool
    groups: list[WatcherGroup] = field(default_factory=list)
    _scopes: dict[str | None, list[int]] = field(default_factory=dict, repr=False)  # scope -> inboxes
    _group_of: dict[tuple[int, ShiftPattern], WatcherGroup] = field(default_factory=dict, repr=False)
    _groups_for: dict[tuple[str | None, ShiftPattern], list[WatcherGroup]] = field(
        default_factory=dict, repr=False
    )  # (scope, shift) -> the groups a monitor there joins
    _idle_of: dict[tuple[str | None, ShiftPattern], tuple[deque, dict]] = field(
        default_factory=dict, repr=False
    )

    def _in_scope(self, scope: str | None) -> list[int]:
        """Indices of the inboxes a monitor in ``scope`` watches (every inbox for ``None``)."""
        if scope not in self._scopes:
            self._scopes[scope] = [
                index for index, inbox in enumerate(self.inboxes) if scope is None or inbox.key[1] == scope
            ]
        return self._scopes[scope]

    def watch(self, people: list[int], department: str, region: str, pattern: ShiftPattern) -> list[int]:
        """Make ``people`` (of one scope and shift) monitors of the inboxes in their scope; the groups joined."""
        scope = department if self.by_department else region if self.regional else None
        groups = self._groups_for.get((scope, pattern))
        if groups is None:  # the first monitor of this scope and shift: find or open the groups
            groups = [self._group(index, scope, pattern) for index in self._in_scope(scope)]
            self._groups_for[scope, pattern] = groups
        for group in groups:
            group.members.extend(people)
            group.idle_limit = 2 * len(group.members) + 64
        return [group.index for group in groups]

    def _group(self, inbox_index: int, scope: str | None, pattern: ShiftPattern) -> WatcherGroup:
        """The watcher group of ``inbox_index`` for ``pattern``, opened if it is the first."""
        group = self._group_of.get((inbox_index, pattern))
        if group is None:
            inbox = self.inboxes[inbox_index]
            # one idle queue and one set of holders per scope and pattern
            idle, holders = self._idle_of.setdefault((scope, pattern), (deque(), {}))
            group = WatcherGroup(len(self.groups), inbox_index, pattern, inbox, idle, holders)
            self.groups.append(group)
            self._group_of[inbox_index, pattern] = group
            inbox.groups.append(group.index)
            inbox.woken_at = math.nan  # the new group has no wake pending yet
        return group


def channel_inboxes(scenario: Scenario, parts: OwnershipParts, departments: list[str]) -> InboxBoard:
    """The empty inboxes: one per channel and region, or per channel and department."""
    by_department = parts.inbox == "department"
    scopes = departments if by_department else list(scenario.organisation.regions)
    inboxes: list[ChannelInbox] = []
    index: dict[tuple[str, str], int] = {}
    for channel in scenario.inquiries.channels:
        for scope in scopes:
            inbox = ChannelInbox((channel, scope))
            index[inbox.key] = len(inboxes)
            inboxes.append(inbox)
    return InboxBoard(inboxes, index, by_department, parts.monitor_scope == "region")
