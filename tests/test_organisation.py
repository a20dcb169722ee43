"""The organisation generator builds connected, realistic graphs from a few numbers."""

from pathlib import Path

import networkx as nx
import numpy as np
import pytest

from simulation.organisation.generator import build_organisation
from simulation.scenario.loading import read_toml, scenario_from_dict, with_overrides

DEFAULT = Path(__file__).parents[1] / "scenarios" / "default.toml"


def organisation(**overrides):
    raw = with_overrides(read_toml(DEFAULT), {f"organisation.{k}": v for k, v in overrides.items()})
    return scenario_from_dict(raw).organisation


@pytest.mark.parametrize("span", [2, 6, 15])
def test_reporting_tree_is_connected_and_respects_the_span_of_control(span):
    chart = build_organisation(organisation(span_of_control=span), np.random.default_rng(1))
    graph = chart.graph
    assert nx.is_connected(graph)
    tree = nx.Graph((a, b) for a, b, d in graph.edges(data=True) if d["kind"] == "reports_to")
    assert nx.is_tree(tree) and tree.number_of_nodes() == graph.number_of_nodes()
    executive = chart.departments[0].head
    for node in graph.nodes:
        reports = [n for n in graph.neighbors(node) if graph.nodes[n]["manager"] == node]
        if node != executive:  # every department head reports to the executive
            assert len(reports) <= span
    assert sum(1 for d in chart.departments if d.kind == "line") == 8


def test_informal_ties_reach_their_nominal_mean():
    spec = organisation(cross_department_ties=2.0, intra_department_ties=0.5)
    across, inside = [], []
    for seed in range(30):
        graph = build_organisation(spec, np.random.default_rng(seed)).graph
        department = nx.get_node_attributes(graph, "department")
        informal = [(a, b) for a, b, d in graph.edges(data=True) if d["kind"] == "cross"]
        across.append(2 * sum(department[a] != department[b] for a, b in informal) / len(graph))
        inside.append(2 * sum(department[a] == department[b] for a, b in informal) / len(graph))
    # Poisson totals over 201 people: the mean over 30 organisations is within a few per cent
    assert np.mean(across) == pytest.approx(2.0, rel=0.05)
    assert np.mean(inside) == pytest.approx(0.5, rel=0.1)


def test_experts_follow_the_expert_share():
    chart = build_organisation(organisation(), np.random.default_rng(3))
    for record in chart.departments[1:]:
        experts = sum(chart.graph.nodes[m]["expert"] for m in record.members)
        assert experts == max(1, round(0.3 * (len(record.members) - 1)))
