"""Building the organisation from imported people (a real org chart) instead of generating it.

The records come from the scenario (``organisation.people``, read from the file by
``loading``); this module reads no files. The result is the same :class:`OrgChart` the
generator gives:

- the top person (no ``manager_id``) is the executive, alone in department ``executive``;
- every other department is a line department named as in the file; its head is its
  member highest in the reporting line (ties: first in the file); other members with
  reports are managers, the rest staff;
- experts are the people who list topics, or whose role is ``expert``; a department owns
  the topics its members list;
- a department's region is its members' region (default: the first region), its working
  hours the hours most of its members have (default: the organisation's);
- people with the same manager in the same department are tied as a team (split into teams
  of at most twelve in file order, so a flat export stays linear in people); informal ties
  are drawn as in the generator (``cross_department_ties``, ``intra_department_ties``).
"""

from __future__ import annotations

from collections import Counter

import networkx as nx
import numpy as np

from simulation.organisation.chart import EXECUTIVE, OrgChart, add_informal_ties
from simulation.scenario.types import Organisation, PersonRecord

EXPERT_ROLE = "expert"
TEAM_SIZE = 12  # the mean span of control (Gallup 2025: 12.1); larger groups of reports are split


def build_imported(spec: Organisation, rng: np.random.Generator) -> OrgChart:
    """The organisation of ``spec.people`` (validated: one top person, no cycles, known managers)."""
    people = {person.id: person for person in spec.people}
    top = next(person for person in spec.people if person.manager_id is None)
    reports: dict[str, list[str]] = {}
    for person in spec.people:
        if person.manager_id is not None:
            reports.setdefault(person.manager_id, []).append(person.id)
    order = [top.id]  # breadth first: managers before their reports, heads first in a department
    for ident in order:
        order.extend(reports.get(ident, ()))

    first_region = next(iter(spec.regions))
    chart = OrgChart(nx.Graph(), [])
    executive_department = chart.add_department(
        EXECUTIVE, EXECUTIVE, top.region or first_region, top.working_hours or spec.working_hours
    )
    members: dict[str, list[PersonRecord]] = {}
    for ident in order[1:]:
        members.setdefault(people[ident].department, []).append(people[ident])
    department_index = {}
    for name, group in members.items():
        hours = Counter(p.working_hours or spec.working_hours for p in group).most_common(1)[0][0]
        topics = tuple(dict.fromkeys(t for p in group for t in p.topics))
        department_index[name] = chart.add_department(
            name, "line", group[0].region or first_region, hours, topics
        )

    node_of: dict[str, int] = {}
    for ident in order:
        person = people[ident]
        department = executive_department if person is top else department_index[person.department]
        manager = -1 if person.manager_id is None else node_of[person.manager_id]
        expert = bool(person.topics) or (person.role or "").lower() == EXPERT_ROLE
        node = chart.add_person(department, "staff", manager, expert)
        chart.graph.nodes[node]["person_id"] = person.id
        chart.graph.nodes[node]["name"] = person.name
        node_of[ident] = node
        record = chart.departments[department]
        if record.head < 0:
            record.head = node
    _assign_roles(chart, node_of[top.id])
    _tie_teams(chart)
    add_informal_ties(chart, spec.cross_department_ties, spec.intra_department_ties, rng)
    return chart


def _assign_roles(chart: OrgChart, executive: int) -> None:
    nodes = chart.graph.nodes
    for node in nodes:
        manager = nodes[node]["manager"]
        if manager >= 0 and nodes[manager]["role"] == "staff":
            nodes[manager]["role"] = "manager"
    for record in chart.departments:
        if record.head >= 0:
            nodes[record.head]["role"] = "head"
    nodes[executive]["role"] = "executive"


def _tie_teams(chart: OrgChart) -> None:
    """Tie each manager's reports in a department as teams of at most :data:`TEAM_SIZE`, in file order.

    A flat export (hundreds of people under one manager) would otherwise become one clique
    whose ties grow with the square of its size: 10,000 people under one head are 50
    million ties. Real teams of that size do not exist; splitting keeps the graph linear in
    people, like the generator's teams of ``span_of_control``.
    """
    nodes = chart.graph.nodes
    teams: dict[tuple[int, int], list[int]] = {}
    for node in nodes:
        if nodes[node]["manager"] >= 0:
            teams.setdefault((nodes[node]["manager"], nodes[node]["department"]), []).append(node)
    for members in teams.values():
        for start in range(0, len(members), TEAM_SIZE):
            team = members[start : start + TEAM_SIZE]
            for position, first in enumerate(team):
                for second in team[position + 1 :]:
                    chart.graph.add_edge(first, second, kind="team")
