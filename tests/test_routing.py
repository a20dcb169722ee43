"""Next-hop tables: the sparse breadth-first search gives the same hops as a plain one, ties included."""

from collections import deque

import networkx as nx
import numpy as np
import pytest

from simulation.engine.routing import NO_HOP, Ties


def plain_next_hops(graph: nx.Graph, sources: list[int], kinds: set[str] | None = None) -> np.ndarray:
    """Breadth-first from all sources at once, neighbours in the graph's adjacency order."""
    hop = np.full(graph.number_of_nodes(), NO_HOP)
    seen = set(sources)
    frontier = deque(sources)
    while frontier:
        node = frontier.popleft()
        for other, data in graph.adj[node].items():
            if other not in seen and (kinds is None or data["kind"] in kinds):
                seen.add(other)
                hop[other] = node
                frontier.append(other)
    return hop


@pytest.mark.parametrize("seed", range(6))
def test_hops_match_a_plain_breadth_first_search(seed):
    rng = np.random.default_rng(seed)
    graph = nx.gnm_random_graph(300, 700, seed=seed)  # many equally short paths: ties matter
    for a, b in graph.edges:
        graph.edges[a, b]["kind"] = "reports_to" if rng.random() < 0.5 else "cross"
    everyone, reporting = Ties(graph, 300), Ties(graph, 300, {"reports_to"})
    for _ in range(10):
        sources = [int(s) for s in rng.choice(300, size=int(rng.integers(1, 12)), replace=False)]
        assert np.array_equal(everyone.next_hop_towards(sources), plain_next_hops(graph, sources))
        assert np.array_equal(
            reporting.next_hop_towards(sources), plain_next_hops(graph, sources, {"reports_to"})
        )


def test_a_tie_between_sources_goes_to_the_first_listed():
    graph = nx.Graph()
    graph.add_edges_from([(0, 1), (1, 2), (2, 3), (3, 4)], kind="team")
    graph.add_node(5)  # nobody reaches 5
    hops = Ties(graph, 6).next_hop_towards([0, 4])
    assert list(hops) == [NO_HOP, 0, 1, 4, NO_HOP, NO_HOP]
    assert list(Ties(graph, 6).next_hop_towards([4, 0])) == [NO_HOP, 0, 3, 4, NO_HOP, NO_HOP]
