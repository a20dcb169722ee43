"""Next-hop tables: the sparse breadth-first search gives the same hops as a plain one, ties included."""

from collections import deque

import networkx as nx
import numpy as np
import pytest

from simulation.engine.model import OrgModel
from simulation.engine.routing import NO_HOP, RoutingTables, Ties
from simulation.scenario.loading import load_scenario


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
    everyone = Ties(graph, 300)
    for _ in range(10):
        sources = [int(s) for s in rng.choice(300, size=int(rng.integers(1, 12)), replace=False)]
        assert np.array_equal(everyone.next_hop_towards(sources), plain_next_hops(graph, sources))


@pytest.mark.parametrize("seed", range(4))
def test_reporting_hops_match_a_plain_search_over_the_reporting_ties(seed):
    """Managers' ties, some of them turned into other kinds, among many other ties in shuffled order."""
    rng = np.random.default_rng(seed)
    people = 300
    managers = [-1] + [int(rng.integers(0, p)) for p in range(1, people)]
    pairs = [
        (p, m, "reports_to" if rng.random() < 0.9 else "hub_spoke") for p, m in enumerate(managers) if m >= 0
    ]
    pairs += [(int(a), int(b), "cross") for a, b in rng.integers(0, people, size=(600, 2)) if a != b]
    graph = nx.Graph()
    graph.add_nodes_from((p, {"manager": m}) for p, m in enumerate(managers))
    for index in rng.permutation(len(pairs)):
        first, second, kind = pairs[index]
        if not graph.has_edge(first, second):
            graph.add_edge(first, second, kind=kind)
    reporting = Ties.reporting(graph, people)
    for source in rng.choice(people, size=20, replace=False).tolist():
        assert np.array_equal(
            reporting.next_hop_towards([source]), plain_next_hops(graph, [source], {"reports_to"})
        )


def test_a_tie_between_sources_goes_to_the_first_listed():
    graph = nx.Graph()
    graph.add_edges_from([(0, 1), (1, 2), (2, 3), (3, 4)], kind="team")
    graph.add_node(5)  # nobody reaches 5
    hops = Ties(graph, 6).next_hop_towards([0, 4])
    assert list(hops) == [NO_HOP, 0, 1, 4, NO_HOP, NO_HOP]
    assert list(Ties(graph, 6).next_hop_towards([4, 0])) == [NO_HOP, 0, 3, 4, NO_HOP, NO_HOP]


def test_tables_are_made_for_the_strategies_routed_by_only(default_scenario_path):
    model = OrgModel(load_scenario(default_scenario_path))
    people, departments, topics = model.people, model.departments, model.topic_names
    regions = list(model.scenario_spec.organisation.regions)
    answerers = {p.index for p in people if p.answerer}
    full = RoutingTables(model.graph, departments, topics, regions, answerers)
    assert full.towards_head and full.towards_expert
    for routing in (["informal"], ["hierarchy"], ["directory", "expert_search"]):
        only = RoutingTables(model.graph, departments, topics, regions, answerers, routing)
        assert (only.owners, only.owner_by_region, only.experts) == (
            full.owners,
            full.owner_by_region,
            full.experts,
        )
        heads = {d: hops.tolist() for d, hops in only.towards_head.items()}
        assert heads == (
            {d: hops.tolist() for d, hops in full.towards_head.items()} if "hierarchy" in routing else {}
        )
        experts = [hops.tolist() for hops in only.towards_expert]
        assert experts == ([hops.tolist() for hops in full.towards_expert] if "informal" in routing else [])
