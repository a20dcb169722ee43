"""Building a model: Mesa's network space as Mesa connects it, the collector left as it was found."""

import gc

import pytest
from mesa import Model
from mesa.discrete_space import Cell, Network
from mesa.experimental.mesa_signals.signal_types import ModelSignals

from simulation.core.shifts import ShiftPattern
from simulation.engine.agents import Employee
from simulation.engine.builder import OrgNetwork
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


def test_the_network_holds_what_mesas_network_holds(model):
    ours, theirs = (
        OrgNetwork(model.graph, model.random),
        Network(model.graph, random=model.random, layout=None),
    )
    own = ("_cells", "cell_klass", "all_cells")  # all_cells: cached when first used (by Mesa's connecting)
    assert {k: v for k, v in vars(ours).items() if k not in own} == {
        k: v for k, v in vars(theirs).items() if k not in own
    }
    assert list(ours._cells) == list(theirs._cells)
    fields = ("coordinate", "_position", "capacity", "properties", "random", "agents")
    for node, cell in ours._cells.items():
        assert [getattr(cell, name) for name in fields] == [getattr(theirs[node], name) for name in fields]
        assert list(cell.connections) == list(theirs[node].connections)


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


def person_state(person):
    """Everything a person holds, Mesa's part included, with its model and cell by identity."""
    own = {name: getattr(person, name) for name in type(person).__slots__}
    own["pools"] = [(share.pattern, share.free, place) for share, place in person.pools]
    mesa = {key: value for key, value in vars(person).items() if key not in ("model", "_mesa_cell", "block")}
    mesa["block"] = person.block and person.block.pattern
    cell = person.cell
    return own, mesa, list(vars(person)), cell.coordinate, cell.agents == [person], cell.empty


@pytest.mark.parametrize("name", ["holistic", "central_team"])
def test_people_are_made_as_one_constructor_call_each_would_make_them(
    default_scenario_path, monkeypatch, name
):
    raw = read_toml(default_scenario_path)
    scenario = scenario_from_dict(with_overrides(raw, {"ownership.model": name}))
    batched = OrgModel(scenario, 5)
    monkeypatch.setattr(
        Employee,
        "many",
        classmethod(
            lambda cls, model, cells, rows: [
                cls(model, c, *r[:5], *r[6:]) for c, r in zip(cells, rows, strict=True)
            ]
        ),
    )
    plain = OrgModel(scenario, 5)
    assert [person_state(p) for p in batched.people] == [person_state(p) for p in plain.people]
    assert all(p.model is batched and p.cell is batched.network[p.index] for p in batched.people)
    assert [(type(a), a.unique_id) for a in batched.agents] == [(type(a), a.unique_id) for a in plain.agents]
    for kind, agents in plain.agents_by_type.items():
        assert [a.unique_id for a in batched.agents_by_type[kind]] == [a.unique_id for a in agents]
    assert batched.agent_id_counter == plain.agent_id_counter


def test_people_made_while_someone_listens_are_announced_one_by_one():
    model, heard = Model(rng=1), []

    def listen(signal):
        heard.append(signal.additional_kwargs["args"][0])

    model.observe("agents", ModelSignals.AGENT_ADDED, listen)
    pattern = ShiftPattern((True,) * 7, 0.0, 1440.0)
    rows = [(i, 0, "staff", "north", pattern, True, False, frozenset()) for i in range(3)]
    people = Employee.many(model, [Cell(i) for i in range(3)], rows)
    assert heard == people and [p.unique_id for p in people] == [1, 2, 3]
