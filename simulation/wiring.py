"""Wiring an ownership model into an organisation: rights, shifts and channel inboxes.

Run once when a model is built; nothing here is on the hot path.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field

from simulation.organisation import OrgChart
from simulation.ownership import OwnershipParts
from simulation.ownership.selectors import select
from simulation.scenario import Scenario
from simulation.shifts import ShiftPattern, parse_days


@dataclass
class WatcherGroup:
    """The monitors of one inbox who share one shift pattern.

    ``idle`` keeps insertion order, so the monitor idle longest is picked first.
    """

    index: int
    queue: int
    pattern: ShiftPattern
    members: list[int] = field(default_factory=list)
    idle: dict[int, None] = field(default_factory=dict)
    wake_pending: bool = False
    always: bool = field(init=False)  # round-the-clock cover: no shift check needed

    def __post_init__(self) -> None:
        self.always = self.pattern.always


@dataclass
class ChannelInbox:
    """A shared inbox (one per channel and region, or per channel and department)."""

    key: tuple[str, str]
    items: deque = field(default_factory=deque)
    groups: list[int] = field(default_factory=list)


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


def channel_inboxes(
    chart: OrgChart,
    scenario: Scenario,
    parts: OwnershipParts,
    monitors: set[int],
    patterns: list[ShiftPattern],
) -> tuple[list[ChannelInbox], dict[tuple[str, str], int], list[WatcherGroup], dict[int, list[int]]]:
    """Build the shared inboxes, who watches each, and the watcher groups.

    Returns the inboxes, an index by key, the groups, and each monitor's groups.
    A key is ``(channel, region)`` for shared inboxes and ``(channel, department)``
    for departmental ones; an inbox nobody watches loses what arrives on it.
    """
    nodes = chart.graph.nodes
    inboxes: list[ChannelInbox] = []
    index: dict[tuple[str, str], int] = {}
    groups: list[WatcherGroup] = []
    memberships: dict[int, list[int]] = {}
    by_department = parts.inbox == "department"
    scopes = [d.name for d in chart.departments] if by_department else list(scenario.organisation.regions)
    for channel in scenario.inquiries.channels:
        for scope in scopes:
            inbox = ChannelInbox((channel, scope))
            index[inbox.key] = len(inboxes)
            inboxes.append(inbox)
    for person in sorted(monitors):
        department = chart.departments[nodes[person]["department"]]
        for inbox_index, inbox in enumerate(inboxes):
            scope = inbox.key[1]
            if by_department and scope != department.name:
                continue
            if not by_department and parts.monitor_scope == "region" and scope != department.region:
                continue
            pattern = patterns[nodes[person]["department"]]
            group = next((groups[g] for g in inbox.groups if groups[g].pattern == pattern), None)
            if group is None:
                group = WatcherGroup(len(groups), inbox_index, pattern)
                groups.append(group)
                inbox.groups.append(group.index)
            group.members.append(person)
            memberships.setdefault(person, []).append(group.index)
    return inboxes, index, groups, memberships
