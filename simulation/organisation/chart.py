"""The org chart: a networkx graph of employees plus department records, and informal ties.

Plain data shared by the generator and the importer; the engine turns it into Mesa agents.
Edges carry a ``kind``: ``reports_to``, ``team``, ``cross``, ``hub_spoke`` or ``expert_team``.

A generated organisation of 100,000 people has about 450,000 ties, so departments are
staffed and ties drawn as arrays and written into the graph in bulk; the graph is the same,
node for node and neighbour for neighbour (in the same order), as one built with
``add_node``/``add_edge`` calls in the order of the loops the docstrings describe.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import chain

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
        self.add_people(department, [role], [manager], expert)
        return index

    def add_people(
        self, department: int, roles: list[str], managers: list[int], expert: bool = False
    ) -> None:
        """Add employees of one department with their reporting edges, numbered on from the last.

        The same graph as one ``add_person`` per employee: node ``i``'s edge to its manager
        is added right after node ``i`` (a manager is always added before its reports).
        """
        nodes, adj = _dicts(self.graph)
        first = self.graph.number_of_nodes()
        indices = range(first, first + len(roles))
        for index, role, manager in zip(indices, roles, managers, strict=True):
            nodes[index] = {
                "department": department,
                "role": role,
                "manager": manager,
                "expert": expert,
                "team": False,
                "spoke": False,
                "expert_team": False,
            }
            if manager >= 0:  # a new person's first tie, added before any of their reports'
                tie = {"kind": "reports_to"}
                adj[index] = {manager: tie}
                adj[manager][index] = tie
            else:
                adj[index] = {}
        self.departments[department].members.extend(indices)

    def add_department(
        self, name: str, kind: str, region: str, hours: WorkingHours, topics: tuple[str, ...] = ()
    ) -> int:
        """Add an empty department record; return its index."""
        self.departments.append(DepartmentRecord(name, kind, region, hours, topics))
        return len(self.departments) - 1

    def staff_department(
        self, department: int, size: int, reports_to: int, span: int, role: str = "staff"
    ) -> None:
        """Fill a department with a head and a reporting tree of ``span`` reports each.

        Member ``p`` (0 is the head) reports to member ``(p - 1) // span``; then, manager by
        manager in member order, each manager's reports are tied pairwise as a team.
        """
        record = self.departments[department]
        first = self.graph.number_of_nodes()
        record.head = first
        position = np.arange(1, size)
        managers = [reports_to, *(first + (position - 1) // span).tolist()]
        roles = ["head" if role == "staff" else role] + [role] * (size - 1)
        if role == "staff":  # members with reports (other than the head) are managers
            for member in range(1, (size - 2) // span + 1):
                roles[member] = "manager"
        self.add_people(department, roles, managers)
        groups = (size - 2) // span + 1 if size >= 2 else 0
        one, other = np.triu_indices(min(span, max(size - 1, 1)), 1)  # pairs within a team
        start = first + 1 + span * np.arange(groups)[:, None]
        first_of_pair, second_of_pair = (start + one).ravel(), (start + other).ravel()
        keep = second_of_pair < first + size
        add_ties(
            self.graph, zip(first_of_pair[keep].tolist(), second_of_pair[keep].tolist(), strict=True), "team"
        )


def _dicts(graph: nx.Graph) -> tuple[dict, dict]:
    """The node and adjacency dicts of a plain ``nx.Graph``, for writing many entries at once.

    ``add_node``/``add_edge`` cost a few microseconds each in checks and cache clearing;
    writing the dicts they write is several times faster. The graph's cache is cleared as
    those methods clear it.
    """
    if type(graph) is not nx.Graph:
        raise TypeError("bulk writes need a plain networkx.Graph")
    nx._clear_cache(graph)
    return graph._node, graph._adj


def add_ties(graph: nx.Graph, pairs, kind: str) -> None:
    """``graph.add_edge(a, b, kind=kind)`` for every pair in order (both people must exist)."""
    _, adj = _dicts(graph)
    for first, second in pairs:
        mine = adj[first]
        data = mine.get(second)
        if data is None:
            data = {"kind": kind}
            mine[second] = data
            adj[second][first] = data
        else:
            data["kind"] = kind


def add_informal_ties(chart: OrgChart, cross: float, intra: float, rng: np.random.Generator) -> None:
    """Draw informal ``cross`` ties, on average ``cross`` per person to other departments.

    And ``intra`` per person to colleagues of its own department it has no tie with yet.

    The number of ties is Poisson; rejected pairs (same department, self, an existing tie) are
    redrawn, so the realised mean matches the nominal one unless the graph is nearly complete.
    """
    people = chart.graph.number_of_nodes()
    department_of = np.zeros(people, dtype=np.int64)
    for index, record in enumerate(chart.departments):
        department_of[record.members] = index
    existing = _tie_keys(chart.graph, people)
    wanted = rng.poisson(people * cross / 2)
    across = _draw_ties(np.arange(people), wanted, rng, people, existing, department_of)
    if across.size:
        existing = np.sort(np.concatenate([existing, _keys(across[:, 0], across[:, 1], people)]))
    inside = []
    for record in chart.departments:
        members = np.array(record.members)
        if len(members) >= 3:
            wanted = rng.poisson(len(members) * intra / 2)
            inside.append(_draw_ties(members, wanted, rng, people, existing, None))
    add_ties(chart.graph, chain(across.tolist(), *(pairs.tolist() for pairs in inside)), "cross")


def _draw_ties(
    candidates: np.ndarray,
    wanted: int,
    rng: np.random.Generator,
    people: int,
    existing: np.ndarray,
    department_of: np.ndarray | None,
) -> np.ndarray:
    """``wanted`` new ties (rows of two people) between random ``candidates``; across departments when given them.

    The pairs are drawn in batches and taken in order, skipping one that is a self-tie, inside a
    department (with ``department_of``), already in ``existing`` (sorted keys, see :func:`_keys`)
    or taken earlier: the ties a loop adding them to the graph one by one would add.
    """
    taken: list[np.ndarray] = []
    added = 0
    for _ in range(64):  # a nearly complete graph may not have room for all of them
        if added >= wanted:
            break
        pairs = candidates[rng.integers(0, len(candidates), size=(2 * (wanted - added) + 8, 2))]
        first, second = pairs[:, 0], pairs[:, 1]
        keys = _keys(first, second, people)
        ok = first != second
        if department_of is not None:
            ok &= department_of[first] != department_of[second]
        ok &= ~_contains(existing, keys)
        if taken:
            ok &= ~np.isin(keys, np.concatenate([_keys(t[:, 0], t[:, 1], people) for t in taken]))
        _, first_seen = np.unique(keys, return_index=True)
        earliest = np.zeros(len(keys), dtype=bool)
        earliest[first_seen] = True
        chosen = np.flatnonzero(ok & earliest)[: wanted - added]
        taken.append(pairs[chosen])
        added += len(chosen)
    return np.concatenate(taken) if taken else np.empty((0, 2), dtype=np.int64)


def _keys(first: np.ndarray, second: np.ndarray, people: int) -> np.ndarray:
    """One integer per unordered pair of people."""
    first, second = first.astype(np.int64), second.astype(np.int64)
    return np.minimum(first, second) * people + np.maximum(first, second)


def _contains(sorted_keys: np.ndarray, keys: np.ndarray) -> np.ndarray:
    """Which of ``keys`` are in ``sorted_keys``."""
    if sorted_keys.size == 0:
        return np.zeros(len(keys), dtype=bool)
    at = np.minimum(np.searchsorted(sorted_keys, keys), sorted_keys.size - 1)
    return sorted_keys[at] == keys


def _tie_keys(graph: nx.Graph, people: int) -> np.ndarray:
    """The sorted keys of every tie of ``graph`` (people ``0 .. people - 1``)."""
    rows = dict(graph.adjacency())
    adjacency = [rows[node] for node in range(people)]
    counts = np.fromiter(map(len, adjacency), dtype=np.int64, count=people)
    others = np.fromiter(chain.from_iterable(adjacency), dtype=np.int64, count=int(counts.sum()))
    selves = np.repeat(np.arange(people, dtype=np.int64), counts)
    once = selves < others  # each tie is listed by both of its people
    return np.sort(selves[once] * people + others[once])
