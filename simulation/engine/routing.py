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

from collections import deque

import networkx as nx
import numpy as np

NO_HOP = -1


def next_hop_towards(
    graph: nx.Graph, sources: list[int], people: int, edge_kinds: set[str] | None = None
) -> np.ndarray:
    """For every person, the neighbour one step closer to the nearest of ``sources``.

    Breadth-first from all sources at once, so ties break towards the source
    listed first; ``NO_HOP`` where no path exists or the person is a source.
    """
    hop = np.full(people, NO_HOP, dtype=np.int64)
    seen = np.zeros(people, dtype=bool)
    frontier = deque(sources)
    seen[sources] = True
    while frontier:
        node = frontier.popleft()
        for neighbour, data in graph.adj[node].items():
            if seen[neighbour] or (edge_kinds is not None and data["kind"] not in edge_kinds):
                continue
            seen[neighbour] = True
            hop[neighbour] = node
            frontier.append(neighbour)
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
        self.towards_head = {
            d.index: next_hop_towards(graph, [d.head], people, {"reports_to"})
            for d in departments
            if any(d.index in owning for owning in self.owners)
        }
        self.experts: dict[tuple[int, int], list[int]] = {}
        for topic, owning in enumerate(self.owners):
            for department in owning:
                self.experts[(department, topic)] = [
                    m
                    for m in departments[department].members
                    if graph.nodes[m]["expert"] and (answerers is None or m in answerers)
                ]
        self.towards_expert = [
            next_hop_towards(graph, [m for d in owning for m in self.experts[(d, topic)]], people)
            for topic, owning in enumerate(self.owners)
        ]
