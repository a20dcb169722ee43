"""The UI without a browser: the state layer, and the page rendered with ``solara.render``."""

from __future__ import annotations

import time

import ipyvuetify as vuetify
import ipywidgets
import numpy as np
import solara

from simulation.loading import default_scenario_path, read_toml
from simulation.ui.state import Simulation, clock_text, knobs_from_file, model_defaults, scenario_for

DEFAULT = str(default_scenario_path())


def test_knobs_start_at_the_scenario_values():
    knobs = knobs_from_file(DEFAULT)
    raw = read_toml(DEFAULT)
    assert knobs.per_day == raw["inquiries"]["per_day"]
    assert knobs.handoff_minutes == raw["barriers"]["handoff_minutes"]
    assert knobs.boundary_minutes == raw["barriers"]["boundary_minutes"]
    assert knobs.seed == raw["scenario"]["seed"]
    assert knobs.model == raw["ownership"]["model"]
    assert (knobs.approval, knobs.team_size, knobs.adoption) == (None, None, None)


def test_model_knobs_follow_the_ownership_model():
    raw = read_toml(DEFAULT)
    assert model_defaults(raw, "central_team").team_size == 3
    assert model_defaults(raw, "marketing_silo").team_size is None
    knobs = knobs_from_file(DEFAULT).with_model("central_team")
    bigger = scenario_for(
        raw, type(knobs)(**{**knobs.__dict__, "team_size": 7, "approval": False}), "central_team"
    )
    assert bigger.ownership.parts.team.size == 7
    assert bigger.ownership.parts.approval.topics == []
    silo = scenario_for(raw, type(knobs)(**{**knobs.__dict__, "team_size": 7}), "marketing_silo")
    assert silo.ownership.parts.team is None  # a team knob never adds a team to a model without one


def test_race_models_see_the_same_arrivals():
    knobs = knobs_from_file(DEFAULT)
    simulation = Simulation(type(knobs)(**{**knobs.__dict__, "rival": "holistic"}))
    simulation.advance(3 * 1440)
    silo, holistic = simulation.models
    assert silo.now == holistic.now == 3 * 1440
    assert [q.arrival for q in silo.inquiries] == [q.arrival for q in holistic.inquiries]
    assert [q.topic for q in silo.inquiries] == [q.topic for q in holistic.inquiries]
    first, second = simulation.snapshots()
    assert first.recent_edges or second.recent_edges
    assert set(first.recent_middlemen) <= set(range(len(silo.people)))
    assert "model,id" in simulation.inquiries_csv().splitlines()[0].replace(" ", "")
    assert len(simulation.summary_csv().splitlines()) == 3


def test_surge_raises_arrivals_in_every_model():
    knobs = knobs_from_file(DEFAULT)
    calm = Simulation(type(knobs)(**{**knobs.__dict__, "rival": "central_team"}))
    crisis = Simulation(type(knobs)(**{**knobs.__dict__, "rival": "central_team"}))
    crisis.surge("support", 20.0, 24.0)
    calm.advance(1440)
    crisis.advance(1440)
    assert all(len(c.inquiries) > len(q.inquiries) for c, q in zip(crisis.models, calm.models, strict=True))


def test_clock_text():
    assert clock_text(0.0) == "Day 1, Mon 00:00"
    assert clock_text(2 * 1440 + 14 * 60 + 5) == "Day 3, Wed 14:05"


def test_page_renders_and_steps_without_a_browser():
    _, rc = solara.render(solara.Div(children=[_page()]), handle_error=False)
    assert rc.find(vuetify.Html, class_="orgsim-clock").widget.children == ["Day 1, Mon 00:00"]
    rc.find(vuetify.Btn, class_="orgsim-step").widget.fire_event("click", None)
    assert rc.find(vuetify.Html, class_="orgsim-clock").widget.children == ["Day 1, Mon 01:00"]
    deadline = time.monotonic() + 30
    while len(rc.find(ipywidgets.Image).widgets) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    images = rc.find(ipywidgets.Image).widgets
    assert len(images) == 2
    assert all(bytes(image.value).startswith(b"\x89PNG") for image in images)
    titles = rc.find(vuetify.Html, class_="orgsim-panel-title").widgets
    assert [t.children for t in titles] == [["marketing silo"]]


def test_layout_is_cached_per_organisation():
    from simulation.ui.network_view import layout_for

    simulation = Simulation(knobs_from_file(DEFAULT))
    snapshot = simulation.snapshots()[0]
    graph = simulation.models[0].graph
    first = layout_for(graph, snapshot.person_department, snapshot.graph_key)
    assert layout_for(graph, snapshot.person_department, snapshot.graph_key) is first
    assert first.positions.shape == (graph.number_of_nodes(), 2)
    assert np.isfinite(first.positions).all()


def _page():
    from simulation.ui.app import Page

    return Page()
