"""Building a model: Mesa's network space as Mesa connects it, the collector left as it was found."""

import gc

import pytest
from mesa.discrete_space import Network

from simulation.engine.model import OrgModel
from simulation.scenario.loading import load_scenario, read_toml, scenario_from_dict, with_overrides


@pytest.fixture(scope="module")
def model(default_scenario_path):
    return OrgModel(load_scenario(default_scenario_path))


def test_cells_are_connected_as_mesa_connects_them(model):
    mesa = Network(model.graph, random=model.random, layout=None)
    for node in model.graph:
        ours, theirs = model.network[node].connections, mesa[node].connections
        assert [(key, cell.coordinate) for key, cell in ours.items()] == [
            (key, cell.coordinate) for key, cell in theirs.items()
        ]
        assert all(cell is model.network[key] for key, cell in ours.items())


def test_every_person_stands_on_its_cell_among_its_ties(model):
    assert len(model.agents) == len(model.people) + len(model.departments)
    for person in model.people:
        assert person.cell is model.network[person.index] and person.cell.agents == [person]
        neighbours = {other.index for other in person.cell.neighborhood.agents}
        assert neighbours == set(model.graph.adj[person.index])


def test_cells_connect_and_disconnect_as_mesa_cells_do(small_raw):
    model = OrgModel(scenario_from_dict(small_raw()))
    strangers = [c for c in model.network if c.coordinate != 0 and c.coordinate not in model.graph.adj[0]]
    first, second = model.network[0], strangers[0]
    before = list(first.connections)
    model.network.add_connection(first, second)
    assert list(first.connections) == [*before, second.coordinate] and first in second.neighborhood
    model.network.remove_connection(first, second)
    assert list(first.connections) == before and not model.graph.has_edge(0, second.coordinate)


def test_the_collector_is_left_as_it_was_found(default_scenario_path):
    scenario = load_scenario(default_scenario_path)
    assert gc.isenabled()
    OrgModel(scenario)
    assert gc.isenabled()
    gc.disable()
    try:
        OrgModel(scenario)
        assert not gc.isenabled()
    finally:
        gc.enable()


@pytest.mark.parametrize("name", ["holistic", "decentralized", "central_team"])
def test_monitors_join_their_groups_as_one_watch_each_would(default_scenario_path, monkeypatch, name):
    """Runs of monitors join their watcher groups at once: the same groups as one ``watch`` per person."""
    raw = read_toml(default_scenario_path)
    scenario = scenario_from_dict(with_overrides(raw, {"ownership.model": name}))
    batched = OrgModel(scenario, 5)
    one_at_a_time = OrgModel.watch
    monkeypatch.setattr(OrgModel, "watch", lambda model, people: [one_at_a_time(model, [p]) for p in people])
    plain = OrgModel(scenario, 5)
    assert sum(p.monitor for p in batched.people) > 1
    for ours, theirs in zip(batched.people, plain.people, strict=True):
        assert (ours.monitor, ours.groups, ours.idle_stamp) == (
            theirs.monitor,
            theirs.groups,
            theirs.idle_stamp,
        )
        assert ours.groups is not theirs.groups
    assert [(g.members, list(g.idle), g.idle_limit) for g in batched.groups] == [
        (g.members, list(g.idle), g.idle_limit) for g in plain.groups
    ]
