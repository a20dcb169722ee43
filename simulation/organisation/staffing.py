"""Staffing an ownership model adds to the organisation: teams, spokes, expert teams."""

from __future__ import annotations

from itertools import combinations

from simulation.core.errors import ScenarioError
from simulation.organisation.chart import EXECUTIVE, OrgChart
from simulation.ownership.parts import OwnershipParts
from simulation.scenario.types import Organisation, WorkingHours


def apply_staffing(chart: OrgChart, parts: OwnershipParts, spec: Organisation) -> None:
    """Add the model's team(s), nominate spokes and experts, and tie them together."""
    teams = _add_teams(chart, parts, spec) if parts.team else []
    line = [i for i, d in enumerate(chart.departments) if d.kind == "line"]
    attributes = dict(chart.graph.nodes(data=True))
    for index in line:
        record = chart.departments[index]
        candidates = record.members[1:] or record.members
        experts = sorted(n for n in candidates if attributes[n]["expert"])
        ranked = experts + sorted(n for n in candidates if not attributes[n]["expert"])  # experts first
        for person in ranked[: parts.spokes_per_department]:
            chart.graph.nodes[person]["spoke"] = True
            hubs = [t for t in teams if chart.departments[t].region == record.region] or teams
            for team in hubs:
                for member in chart.departments[team].members:
                    chart.graph.add_edge(person, member, kind="hub_spoke")
        for person in experts[: parts.experts_per_department]:
            chart.graph.nodes[person]["expert_team"] = True
    nominated = [n for n, data in chart.graph.nodes(data=True) if data["expert_team"]]
    for first, second in combinations(nominated, 2):
        if not chart.graph.has_edge(first, second):
            chart.graph.add_edge(first, second, kind="expert_team")


def _add_teams(chart: OrgChart, parts: OwnershipParts, spec: Organisation) -> list[int]:
    team = parts.team
    assert team is not None
    hours = WorkingHours(
        start=spec.working_hours.start if team.start_hour is None else team.start_hour,
        end=spec.working_hours.end if team.end_hour is None else team.end_hour,
        days=team.days or spec.working_hours.days,
    )
    regions = list(spec.regions) if team.per_region else [next(iter(spec.regions))]
    boss = _team_boss(chart, team.reports_to)
    added = []
    for region in regions:
        name = f"{team.name}_{region}" if team.per_region else team.name
        if any(d.name == name for d in chart.departments):
            raise ScenarioError(
                "ownership.team.name", f"{name!r} is already a department; choose another name"
            )
        index = chart.add_department(name, "social_media", region, hours)
        chart.staff_department(index, team.size, boss, spec.span_of_control, role="social_media_manager")
        for member in chart.departments[index].members:
            chart.graph.nodes[member]["team"] = True
        added.append(index)
    return added


def _team_boss(chart: OrgChart, reports_to: str) -> int:
    if reports_to == EXECUTIVE:
        return chart.departments[0].head
    name = reports_to.removeprefix("department:")
    for record in chart.departments:
        if record.name == name and record.kind == "line":
            return record.head
    raise ScenarioError(
        "ownership.team.reports_to",
        f"{reports_to!r} names no department; use 'executive' or 'department:NAME'",
    )
