"""The UI without a browser: the state layer, and the page rendered with ``solara.render``."""

from __future__ import annotations

import time

import ipyvuetify as vuetify
import ipywidgets
import numpy as np
import solara
from solara.widgets import HTML

from simulation.scenario.loading import default_scenario_path, read_toml
from simulation.ui.exports import inquiries_csv, summary_csv
from simulation.ui.key_figures import key_figures, key_figures_html
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
    simulation = Simulation(type(knobs)(**{**knobs.__dict__, "rivals": ("holistic",)}))
    simulation.advance(3 * 1440)
    silo, holistic = simulation.models
    assert silo.now == holistic.now == 3 * 1440
    assert [q.arrival for q in silo.inquiries] == [q.arrival for q in holistic.inquiries]
    assert [q.topic for q in silo.inquiries] == [q.topic for q in holistic.inquiries]
    first, second = simulation.snapshots()
    assert first.recent_edges or second.recent_edges
    assert set(first.recent_middlemen) <= set(range(len(silo.people)))
    assert inquiries_csv(simulation).splitlines()[0].startswith("model,id,topic")
    assert len(summary_csv(simulation).splitlines()) == 3


def test_surge_raises_arrivals_in_every_model():
    knobs = knobs_from_file(DEFAULT)
    calm = Simulation(type(knobs)(**{**knobs.__dict__, "rivals": ("central_team",)}))
    crisis = Simulation(type(knobs)(**{**knobs.__dict__, "rivals": ("central_team",)}))
    crisis.surge("support", 20.0, 24.0)
    calm.advance(1440)
    crisis.advance(1440)
    assert all(len(c.inquiries) > len(q.inquiries) for c, q in zip(crisis.models, calm.models, strict=True))


def test_clock_text():
    assert clock_text(0.0) == "Day 1, Mon 00:00"
    assert clock_text(2 * 1440 + 14 * 60 + 5) == "Day 3, Wed 14:05"


def test_page_renders_and_steps_without_a_browser():
    _, rc = solara.render(solara.Div(children=[_page()]), handle_error=False)
    wait_until_built(rc)
    assert rc.find(vuetify.Html, class_="orgsim-clock").widget.children == ["Day 1, Mon 00:00"]
    background = html_widget(rc, "orgsim-graph-background")
    rc.find(vuetify.Btn, class_="orgsim-step").widget.fire_event("click", None)
    assert rc.find(vuetify.Html, class_="orgsim-clock").widget.children == ["Day 1, Mon 01:00"]
    assert html_widget(rc, "orgsim-graph-background") is background  # sent once
    pictures = html_widgets(rc, "orgsim-chart")
    assert len(pictures) == 5
    assert html_widget(rc, "orgsim-chart-backlog").unsafe_innerHTML.count("orgsim-band-off-hours") >= 1
    assert all(p.unsafe_innerHTML.startswith("<svg") for p in pictures)
    assert html_widget(rc, "orgsim-graph-overlay").unsafe_innerHTML.startswith("<svg")
    assert "Key figures" in html_widget(rc, "orgsim-keyfigures").unsafe_innerHTML
    titles = rc.find(vuetify.Html, class_="orgsim-panel-title").widgets
    assert [t.children for t in titles] == [["Marketing silo"]]
    assert not rc.find(ipywidgets.Image).widgets  # no PNG on the page


def test_step_re_renders_only_what_shows_the_clock(monkeypatch):
    from simulation.ui import app

    # explanation runs once per model per render of Page (its Explainer), clock_text once per
    # render of the run bar.
    renders = {"Page": 0, "Clock": 0}
    explanation, clock_text_of = app.explanation, app.clock_text

    def counted_explanation(name):
        renders["Page"] += 1
        return explanation(name)

    def counted_clock_text(minutes):
        renders["Clock"] += 1
        return clock_text_of(minutes)

    monkeypatch.setattr(app, "explanation", counted_explanation)
    monkeypatch.setattr(app, "clock_text", counted_clock_text)
    _, rc = solara.render(solara.Div(children=[app.Page()]), handle_error=False)
    wait_until_built(rc)
    before = dict(renders)
    assert before["Page"] >= 1
    rc.find(vuetify.Btn, class_="orgsim-step").widget.fire_event("click", None)
    assert rc.find(vuetify.Html, class_="orgsim-clock").widget.children == ["Day 1, Mon 01:00"]
    assert renders["Clock"] > before["Clock"]
    assert renders["Page"] == before["Page"]  # so the settings and the explanations are left alone


def test_downloads_are_pngs_drawn_on_demand():
    from simulation.ui.app import charts_png, graph_png

    simulation = Simulation(knobs_from_file(DEFAULT))
    simulation.advance(600)
    assert charts_png(simulation, 0).startswith(b"\x89PNG")
    assert graph_png(simulation, 0).startswith(b"\x89PNG")


def test_recent_hand_offs_come_from_the_model_not_traces():
    simulation = Simulation(knobs_from_file(DEFAULT))
    assert not simulation.scenarios[0].scenario.record_traces
    simulation.advance(1440 + 12 * 60)
    snapshot = simulation.snapshot(0)
    model = simulation.models[0]
    assert snapshot.recent_edges
    recent = [h for h in model.recent_handoffs if h.time >= model.now - 480]
    assert set(snapshot.recent_edges) == {(h.source, h.target) for h in recent if h.source != h.target}
    assert set(snapshot.recent_middlemen) == {h.source for h in recent if h.by_middleman}


def test_svg_pictures_are_small():
    from simulation.ui.network_view import drawing_for, layout_for, overlay_svg
    from simulation.ui.svg_charts import chart_svgs

    simulation = Simulation(knobs_from_file(DEFAULT))
    simulation.advance(1440 + 12 * 60)
    snapshot = simulation.snapshot(0)
    layout = layout_for(simulation.models[0].graph, snapshot.person_department, snapshot.graph_key)
    drawing = drawing_for(layout, snapshot.person_department, snapshot.departments, snapshot.graph_key)
    assert drawing.points.shape == (len(snapshot.person_load), 2)
    assert len(overlay_svg(drawing, snapshot)) < 20_000
    assert sum(len(svg) for svg in chart_svgs(snapshot).values()) < 40_000


def test_layout_is_cached_per_organisation():
    from simulation.ui.network_view import layout_for

    simulation = Simulation(knobs_from_file(DEFAULT))
    snapshot = simulation.snapshots()[0]
    graph = simulation.models[0].graph
    first = layout_for(graph, snapshot.person_department, snapshot.graph_key)
    assert layout_for(graph, snapshot.person_department, snapshot.graph_key) is first
    assert first.positions.shape == (graph.number_of_nodes(), 2)
    assert np.isfinite(first.positions).all()


def wait_until_built(rc, timeout: float = 30.0) -> None:
    """Wait until the page has built its simulation in the worker thread and drawn the graph."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if html_widgets(rc, "orgsim-graph-overlay") and html_widgets(rc, "orgsim-legend-box"):
            time.sleep(0.2)  # the render that drew them may still be finishing
            return
        time.sleep(0.05)
    raise TimeoutError("the page did not finish building its simulation")


def html_widgets(rc, name: str) -> list:
    """The ``solara.HTML`` widgets with CSS class ``name`` (their class is an attribute)."""
    return [w for w in rc.find(HTML).widgets if name in w.attributes.get("class", "").split()]


def html_widget(rc, name: str):
    (widget,) = html_widgets(rc, name)
    return widget


def _page():
    from simulation.ui.app import Page

    return Page()


def test_key_figures_show_risk_and_the_customers_own_patience():
    simulation = Simulation(knobs_from_file(DEFAULT))
    simulation.advance(10 * 1440)
    summary = simulation.snapshots()[0].summary
    html = key_figures_html(summary)
    assert "incidents / 1,000" in html and "in their patience" in html
    figures = dict(key_figures(summary))
    incidents = summary["incidents_per_1000_answers"]
    assert figures["incidents / 1,000"] == ("–" if incidents != incidents else f"{incidents:.0f}")
    assert figures["in their patience"] == f"{summary['answered_within_patience_share']:.0%}"
