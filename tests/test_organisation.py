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


def one_at_a_time(spec, rng):
    """The generator written as single ``add_node``/``add_edge`` calls: what the bulk version must equal."""
    graph, members = nx.Graph(), []

    def person(department, role, manager):
        index = graph.number_of_nodes()
        graph.add_node(index, department=department, role=role, manager=manager, expert=False)
        graph.nodes[index].update(team=False, spoke=False, expert_team=False)
        members[department].append(index)
        if manager >= 0:
            graph.add_edge(index, manager, kind="reports_to")
        return index

    members.append([])
    executive = person(0, "executive", -1)
    for number, department in enumerate(spec.departments, start=1):
        members.append([])
        staff = [person(number, "head", executive)]
        for position in range(1, department.size):
            manager = staff[(position - 1) // spec.span_of_control]
            if graph.nodes[manager]["role"] == "staff":
                graph.nodes[manager]["role"] = "manager"
            staff.append(person(number, "staff", manager))
        for manager in staff:
            reports = [n for n in graph.neighbors(manager) if graph.nodes[n]["manager"] == manager]
            for i, first in enumerate(reports):
                for second in reports[i + 1 :]:
                    graph.add_edge(first, second, kind="team")
        candidates = staff[1:] if department.expert_share < 1.0 and len(staff) > 1 else staff
        count = max(1, round(department.expert_share * len(candidates)))
        for chosen in rng.choice(np.array(candidates), size=count, replace=False):
            graph.nodes[int(chosen)]["expert"] = True
    department_of = np.array([graph.nodes[n]["department"] for n in graph])

    def draw(candidates, wanted, across):
        added = 0
        for _ in range(64):
            if added >= wanted:
                return
            pairs = candidates[rng.integers(0, len(candidates), size=(2 * (wanted - added) + 8, 2))]
            for first, second in pairs:
                inside = across and department_of[first] == department_of[second]
                if first == second or inside or graph.has_edge(first, second):
                    continue
                graph.add_edge(int(first), int(second), kind="cross")
                added += 1
                if added == wanted:
                    return

    people = graph.number_of_nodes()
    draw(np.arange(people), rng.poisson(people * spec.cross_department_ties / 2), True)
    for group in members:
        if len(group) >= 3:
            draw(np.array(group), rng.poisson(len(group) * spec.intra_department_ties / 2), False)
    return graph, members


def same_graph(built: nx.Graph, reference: nx.Graph) -> None:
    """Same nodes with the same attributes, and every person's neighbours in the same order."""
    assert list(built.nodes(data=True)) == list(reference.nodes(data=True))
    for node in reference:
        assert list(built.adj[node].items()) == list(reference.adj[node].items())


@pytest.mark.parametrize(
    ("span", "cross", "intra", "seed"),
    [(2, 1.5, 0.5, 0), (6, 3.0, 1.0, 1), (15, 0.0, 2.0, 2), (1000, 8.0, 0.0, 3)],
)
def test_bulk_generator_builds_the_graph_single_calls_build(span, cross, intra, seed):
    spec = organisation(span_of_control=span, cross_department_ties=cross, intra_department_ties=intra)
    chart = build_organisation(spec, np.random.default_rng(seed))
    reference, members = one_at_a_time(spec, np.random.default_rng(seed))
    same_graph(chart.graph, reference)
    assert [d.members for d in chart.departments] == members
    assert [d.head for d in chart.departments] == [m[0] for m in members]


def test_tiny_departments_build_as_single_calls_build():
    defaults = read_toml(DEFAULT)["organisation"]["departments"]
    tiny = [{**d, "size": size} for d, size in zip(defaults, (1, 2, 3, 7, 8, 1, 2, 4), strict=True)]
    spec = organisation(departments=tiny, span_of_control=3, intra_department_ties=2.0)
    chart = build_organisation(spec, np.random.default_rng(5))
    reference, members = one_at_a_time(spec, np.random.default_rng(5))
    same_graph(chart.graph, reference)
    assert [d.members for d in chart.departments] == members


def test_more_ties_than_pairs_complete_a_department_and_stop():
    # 50 ties per person wanted: more than a department of 22 has pairs, so the drawing gives up
    spec = organisation(span_of_control=2, intra_department_ties=50.0, cross_department_ties=0.0)
    chart = build_organisation(spec, np.random.default_rng(4))
    reference, _ = one_at_a_time(spec, np.random.default_rng(4))
    same_graph(chart.graph, reference)
    for record in chart.departments[1:]:
        size = len(record.members)
        if size <= 22:
            assert chart.graph.subgraph(record.members).number_of_edges() == size * (size - 1) // 2
