"""The org chart: a networkx graph of employees plus department records, and informal ties.

Plain data shared by the generator and the importer; the engine turns it into Mesa agents.
Edges carry a ``kind``: ``reports_to``, ``team``, ``cross``, ``hub_spoke`` or ``expert_team``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import networkx as nx
import numpy as np

from simulation.scenario.types import WorkingHours

EXECUTIVE = "executive"


@dataclass
class DepartmentRecord:
    """A department as built: who is in it and what it answers."""

    name: str
    kind: str
    region: str
    hours: WorkingHours
    topics: tuple[str, ...] = ()
    head: int = -1
    members: list[int] = field(default_factory=list)


@dataclass
class OrgChart:
    """The built organisation: the graph plus department records.

    Node attributes: ``department`` (index), ``role`` (executive, head, manager,
    staff, social_media_manager), ``manager`` (index or -1), ``expert`` (bool),
    ``team``, ``spoke``, ``expert_team`` (bools set by the ownership staffing).
    """

    graph: nx.Graph
    departments: list[DepartmentRecord]

    def add_person(self, department: int, role: str, manager: int, expert: bool = False) -> int:
        """Add an employee and its reporting edge; return its index."""
        index = self.graph.number_of_nodes()
        self.graph.add_node(
            index,
            department=department,
            role=role,
            manager=manager,
            expert=expert,
            team=False,
            spoke=False,
            expert_team=False,
        )
        self.departments[department].members.append(index)
        if manager >= 0:
            self.graph.add_edge(index, manager, kind="reports_to")
        return index

    def add_department(
        self, name: str, kind: str, region: str, hours: WorkingHours, topics: tuple[str, ...] = ()
    ) -> int:
        """Add an empty department record; return its index."""
        self.departments.append(DepartmentRecord(name, kind, region, hours, topics))
        return len(self.departments) - 1

    def staff_department(
        self, department: int, size: int, reports_to: int, span: int, role: str = "staff"
    ) -> None:
        """Fill a department with a head and a reporting tree of ``span`` reports each."""
        record = self.departments[department]
        head_role = "head" if role == "staff" else role
        record.head = self.add_person(department, head_role, reports_to)
        members = [record.head]
        for position in range(1, size):
            manager = members[(position - 1) // span]
            if self.graph.nodes[manager]["role"] == "staff":
                self.graph.nodes[manager]["role"] = "manager"
            members.append(self.add_person(department, role, manager))
        for manager in members:
            reports = [n for n in self.graph.neighbors(manager) if self.graph.nodes[n]["manager"] == manager]
            for i, first in enumerate(reports):
                for second in reports[i + 1 :]:
                    self.graph.add_edge(first, second, kind="team")


def add_informal_ties(chart: OrgChart, cross: float, intra: float, rng: np.random.Generator) -> None:
    """Draw informal ``cross`` ties, on average ``cross`` per person to other departments.

    And ``intra`` per person to colleagues of its own department it has no tie with yet.

    The number of ties is Poisson; rejected pairs (same department, self, an existing tie) are
    redrawn, so the realised mean matches the nominal one unless the graph is nearly complete.
    """
    people = chart.graph.number_of_nodes()
    department_of = np.array([chart.graph.nodes[n]["department"] for n in range(people)])
    everyone = np.arange(people)
    _draw_ties(chart, everyone, rng.poisson(people * cross / 2), rng, department_of)
    for record in chart.departments:
        members = np.array(record.members)
        if len(members) >= 3:
            _draw_ties(chart, members, rng.poisson(len(members) * intra / 2), rng, None)


def _draw_ties(
    chart: OrgChart, candidates: np.ndarray, wanted: int, rng: np.random.Generator, department_of
) -> None:
    """Add ``wanted`` new ties between random ``candidates``; across departments when given them."""
    added = 0
    for _ in range(64):  # a nearly complete graph may not have room for all of them
        if added >= wanted:
            return
        pairs = candidates[rng.integers(0, len(candidates), size=(2 * (wanted - added) + 8, 2))]
        for first, second in pairs:
            same_department = department_of is not None and department_of[first] == department_of[second]
            if first == second or same_department or chart.graph.has_edge(first, second):
                continue
            chart.graph.add_edge(int(first), int(second), kind="cross")
            added += 1
            if added == wanted:
                return
