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

from copy import copy
from itertools import chain
from operator import itemgetter

import networkx as nx
import numpy as np
from scipy.sparse import csr_array
from scipy.sparse.csgraph import breadth_first_order

NO_HOP = -1


def _rows(graph: nx.Graph, people: int) -> list[dict]:
    """Each person's neighbours as the graph's own dicts (several times faster than graph.adj[node])."""
    adjacency = dict(graph.adjacency())
    return list(map(adjacency.__getitem__, range(people)))


class Ties:
    """The graph's ties (optionally of some kinds only) as compressed sparse rows, for fast searches.

    Row ``p`` lists ``p``'s neighbours in the graph's own adjacency order, which is the
    order the breadth-first search visits them in: that order decides ties between
    equally short paths, so the tables do not depend on how they are computed. One row
    more than there are people is left for a virtual start linked to the sources.
    """

    def __init__(self, graph: nx.Graph, people: int, edge_kinds: set[str] | None = None):
        rows = _rows(graph, people)
        counts = np.fromiter(map(len, rows), dtype=np.int32, count=people)
        self.people = people
        self.indptr = np.zeros(people + 2, dtype=np.int32)
        np.cumsum(counts, out=self.indptr[1 : people + 1])
        self.indptr[people + 1] = self.indptr[people]
        self.indices = np.fromiter(chain.from_iterable(rows), dtype=np.int32, count=int(self.indptr[people]))
        if edge_kinds is not None:
            self._keep(rows, edge_kinds)

    def of_kinds(self, graph: nx.Graph, edge_kinds: set[str]) -> Ties:
        """These ties, only those of ``edge_kinds``: ``Ties(graph, people, edge_kinds)`` without reading the graph twice."""
        subset = copy(self)
        subset._keep(_rows(graph, self.people), edge_kinds)
        return subset

    def _keep(self, rows: list[dict], edge_kinds: set[str]) -> None:
        people, indptr = self.people, self.indptr
        kinds = map(itemgetter("kind"), chain.from_iterable(map(dict.values, rows)))
        keep = np.fromiter(map(edge_kinds.__contains__, kinds), dtype=bool, count=int(indptr[people]))
        row_of = np.repeat(np.arange(people), np.diff(indptr[: people + 1]))
        self.indptr = np.zeros(people + 2, dtype=np.int32)
        np.cumsum(np.bincount(row_of[keep], minlength=people), out=self.indptr[1 : people + 1])
        self.indptr[people + 1] = self.indptr[people]
        self.indices = self.indices[keep]

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

    Attributes:
        owners: topic -> departments owning it (first is the default owner).
        owner_by_region: (topic, region name) -> preferred owning department.
        towards_head: department -> next hop towards its head on the reporting tree.
        towards_expert: topic -> next hop towards the nearest expert over all ties.
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
        ties = Ties(graph, people)
        reporting = ties.of_kinds(graph, {"reports_to"})
        self.towards_head = {
            d.index: reporting.next_hop_towards([d.head])
            for d in departments
            if any(d.index in owning for owning in self.owners)
        }
        expert = dict(graph.nodes(data="expert"))
        answering = {
            d: [m for m in departments[d].members if expert[m] and (answerers is None or m in answerers)]
            for d in {d for owning in self.owners for d in owning}
        }
        self.experts: dict[tuple[int, int], list[int]] = {
            (department, topic): list(answering[department])
            for topic, owning in enumerate(self.owners)
            for department in owning
        }
        self.towards_expert = [
            ties.next_hop_towards([m for d in owning for m in self.experts[(d, topic)]])
            for topic, owning in enumerate(self.owners)
        ]
