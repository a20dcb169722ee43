"""Routing strategies, precomputed into next-hop tables so the hot path does no graph search.

Every strategy answers one question: *who gets this inquiry next?* Inside a
department that owns the topic the answer is always its least-loaded expert;
elsewhere the ownership model's strategies are tried in order:

- ``hierarchy``: one step along the reporting tree towards the owning
  department's head (up to the common superior, then down);
- ``directory``: a directory user sends straight to the owning department's
  contact (its head, or its least-loaded spoke);
- ``expert_search``: an adopter of the enterprise social network reaches the
  least-loaded adopted expert on the topic directly;
- ``informal``: one step along the shortest path over all ties to the nearest expert;
- ``expert_team``: a member of the expert team reaches the owning department's
  nominated expert directly.
"""

from __future__ import annotations

from collections.abc import Collection
from itertools import chain

import networkx as nx
import numpy as np
from scipy.sparse import csr_array
from scipy.sparse.csgraph import breadth_first_order

NO_HOP = -1
_NO_TIE = {"kind": None}


def _rows(graph: nx.Graph, people: int) -> list[dict]:
    """Each person's neighbours as the graph's own dicts (several times faster than graph.adj[node])."""
    adjacency = dict(graph.adjacency())
    return list(map(adjacency.__getitem__, range(people)))


class Ties:
    """The graph's ties as compressed sparse rows, for fast searches.

    Row ``p`` lists ``p``'s neighbours in the graph's own adjacency order, which is the
    order the breadth-first search visits them in: that order decides ties between
    equally short paths, so the tables do not depend on how they are computed. One row
    more than there are people is left for a virtual start linked to the sources.
    """

    def __init__(self, graph: nx.Graph, people: int):
        rows = _rows(graph, people)
        counts = np.fromiter(map(len, rows), dtype=np.int32, count=people)
        self._set(
            people, counts, np.fromiter(chain.from_iterable(rows), dtype=np.int32, count=int(counts.sum()))
        )

    @classmethod
    def reporting(cls, graph: nx.Graph, people: int) -> Ties:
        """Only the ``reports_to`` ties: each links a person to their ``manager``, so they form a forest.

        In a forest one path leads from anyone to a single source, so a search from one source
        finds the same hops whatever the order of a row: the rows are built from the managers
        (one look-up per person) instead of reading the kind of each of the graph's ties.
        """
        rows, reports, managers = _rows(graph, people), [], []
        for person, data in graph.nodes(data=True):
            manager = data["manager"]
            if manager >= 0 and rows[person].get(manager, _NO_TIE)["kind"] == "reports_to":
                reports.append(person)
                managers.append(manager)
        ends = np.array(reports + managers, dtype=np.int32)
        others = np.array(managers + reports, dtype=np.int32)
        ties = cls.__new__(cls)
        ties._set(people, np.bincount(ends, minlength=people), others[np.argsort(ends, kind="stable")])
        return ties

    def _set(self, people: int, counts: np.ndarray, indices: np.ndarray) -> None:
        """Rows of ``counts[p]`` neighbours each, listed one row after another in ``indices``."""
        self.people = people
        self.indptr = np.zeros(people + 2, dtype=np.int32)
        np.cumsum(counts, out=self.indptr[1 : people + 1])
        self.indptr[people + 1] = self.indptr[people]
        self.indices = indices

    def next_hop_towards(self, sources: list[int]) -> np.ndarray:
        """For every person, the neighbour one step closer to the nearest of ``sources``.

        Breadth-first from all sources at once (from a virtual start whose neighbours are
        the sources, in order), so ties break towards the source listed first; ``NO_HOP``
        where no path exists or the person is a source.
        """
        people = self.people
        indptr = self.indptr.copy()
        indptr[people + 1] += len(sources)
        indices = np.concatenate([self.indices, np.asarray(sources, dtype=np.int32)])
        # float64 weights are what the search takes as they are; any other type is converted,
        # and the conversion may reorder a row (and so change which of two equal paths wins)
        matrix = csr_array((np.ones(indices.size), indices, indptr), shape=(people + 1, people + 1))
        _, predecessors = breadth_first_order(matrix, people, directed=True, return_predecessors=True)
        hop = predecessors[:people].astype(np.int64)
        hop[(hop < 0) | (hop == people)] = NO_HOP
        return hop


class RoutingTables:
    """Next-hop tables for one organisation under one ownership model.

    Only the strategies a model routes by read the search tables, so only theirs are made:
    searching 100,000 people for each owning department and topic is a tenth of a build.

    Attributes:
        owners: topic -> departments owning it (first is the default owner).
        owner_by_region: (topic, region name) -> preferred owning department.
        towards_head: department -> next hop towards its head on the reporting tree
            (empty unless ``strategies`` include ``hierarchy``).
        towards_expert: topic -> next hop towards the nearest expert over all ties
            (empty unless ``strategies`` include ``informal``).
        experts: (department, topic) -> experts of that department who may answer
            (all experts when ``answerers`` is not given).

    """

    def __init__(
        self,
        graph: nx.Graph,
        departments,
        topic_names: list[str],
        regions: list[str],
        answerers: set[int] | None = None,
        strategies: Collection[str] = ("hierarchy", "informal"),
    ):
        people = graph.number_of_nodes()
        self.owners: list[list[int]] = [
            [d.index for d in departments if topic in d.topics] for topic in topic_names
        ]
        self.owner_by_region: dict[tuple[int, str], int] = {}
        for topic, owning in enumerate(self.owners):
            for region in regions:
                local = [d for d in owning if departments[d].region == region]
                self.owner_by_region[(topic, region)] = (local or owning)[0]
        self.towards_head: dict[int, np.ndarray] = {}
        if "hierarchy" in strategies:
            reporting = Ties.reporting(graph, people)
            self.towards_head = {
                d.index: reporting.next_hop_towards([d.head])
                for d in departments
                if any(d.index in owning for owning in self.owners)
            }
        attributes = dict(graph.nodes(data=True))
        answering = {
            d: [
                m
                for m in departments[d].members
                if attributes[m]["expert"] and (answerers is None or m in answerers)
            ]
            for d in {d for owning in self.owners for d in owning}
        }
        self.experts: dict[tuple[int, int], list[int]] = {
            (department, topic): list(answering[department])
            for topic, owning in enumerate(self.owners)
            for department in owning
        }
        self.towards_expert: list[np.ndarray] = []
        if "informal" in strategies:
            ties = Ties(graph, people)
            self.towards_expert = [
                ties.next_hop_towards([m for d in owning for m in self.experts[(d, topic)]])
                for topic, owning in enumerate(self.owners)
            ]
