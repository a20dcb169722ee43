"""What the teacher relies on, without a browser: fair axes, the difference line, explanations,
events on the charts, live what-ifs and readable exports."""

from __future__ import annotations

import csv
import io
import re
import time
from dataclasses import replace

import pytest

from simulation.engine.model import OrgModel
from simulation.ownership import model_names
from simulation.scenario.loading import default_scenario_path
from simulation.ui.exports import inquiries_csv, iso_time, summary_csv
from simulation.ui.lessons import explanation, friendly_name, model_for_name
from simulation.ui.race import difference_lines
from simulation.ui.state import Simulation, knobs_from_file, off_hours
from simulation.ui.svg_charts import Timeline, chart_svgs, shared_scales

DEFAULT = str(default_scenario_path())


@pytest.fixture(scope="module")
def race() -> Simulation:
    """Marketing silo against crowd of experts, two days and a crisis in."""
    simulation = Simulation(replace(knobs_from_file(DEFAULT), rivals=("crowd_of_experts",)))
    simulation.advance(8 * 60)
    simulation.surge("support", 8.0, 6.0)
    simulation.advance(40 * 60)
    return simulation


def axes(svg: str) -> tuple[float, ...]:
    """The data ranges a chart was drawn with (its ``<desc>``)."""
    found = re.search(r"<desc>x (\S+) (\S+) y (\S+) (\S+)</desc>", svg)
    assert found, svg[:200]
    return tuple(float(v) for v in found.groups())


def test_race_charts_share_their_axes(race):
    snapshots = race.snapshots()
    own = [chart_svgs(s) for s in snapshots]  # each on its own axes, as before
    assert axes(own[0]["backlog"])[3] != axes(own[1]["backlog"])[3]  # so sharing matters here
    scales = shared_scales(snapshots)
    shared = [chart_svgs(s, scales) for s in snapshots]
    for kind in ("backlog", "response", "middlemen", "answered"):
        assert axes(shared[0][kind]) == axes(shared[1][kind]), kind
    highest = max(float(s.backlog_open.max()) for s in snapshots)
    assert axes(shared[0]["backlog"])[3] >= highest


def test_difference_line_names_the_winner_in_points(race):
    first, second = race.snapshots()
    (line,) = difference_lines([first, second])
    points = round(100 * (second.summary["answered_share"] - first.summary["answered_share"]))
    assert line.startswith("Crowd of experts answers")
    assert f"{abs(points)} pp {'more' if points > 0 else 'fewer'}" in line
    assert "Marketing silo" in line
    assert difference_lines([first]) == []


def test_every_model_is_explained_with_a_source_quote():
    for name in model_names():
        text = explanation(name)
        assert text["name"] != name and "_" not in text["name"]
        assert model_for_name(text["name"]) == name
        assert len(text["description"]) > 40
        assert text["quote"] and text["gloss"] and text["source"] and text["watch"]
    assert friendly_name("my_custom_model") == "My custom model"


def test_crisis_and_nights_are_drawn_on_the_time_chart(race):
    (crisis,) = [m for m in race.markers if m.kind == "crisis"]
    assert (crisis.start, crisis.end) == (8 * 60, 14 * 60)
    snapshot = race.snapshot(0)
    svg = chart_svgs(snapshot, shared_scales([snapshot]), Timeline(race.off_hours(), race.markers))["backlog"]
    assert svg.count("orgsim-band-crisis") == 1
    assert svg.count("orgsim-marker-crisis") == 1
    assert svg.count("orgsim-band-off-hours") >= 2  # Monday night and Tuesday morning so far
    assert race.active_crises() == []  # six hours from 08:00 are over by Tuesday


def test_off_hours_follow_the_working_hours():
    scenario = Simulation(knobs_from_file(DEFAULT)).scenarios[0]
    bands = off_hours(scenario, 7 * 1440)
    hours = scenario.organisation.working_hours
    assert bands[0] == (0.0, hours.start * 60)  # Monday before work
    friday_evening = 4 * 1440 + hours.end * 60
    assert (friday_evening, 7 * 1440) in bands  # the weekend runs on to Monday 00:00 of week 2
    assert sum(end - start for start, end in bands) == pytest.approx(
        7 * 1440 - 5 * (hours.end - hours.start) * 60
    )


def test_live_rate_change_acts_from_now_and_is_marked():
    knobs = knobs_from_file(DEFAULT)
    calm, busy = Simulation(knobs), Simulation(knobs)
    for simulation in (calm, busy):
        simulation.advance(2 * 1440)
    before = len(busy.models[0].inquiries)
    assert busy.change_live("per_day", 4 * knobs.per_day)
    assert not busy.change_live("team_size", 7)  # needs a new run
    for simulation in (calm, busy):
        simulation.advance(3 * 1440)
    assert len(calm.models[0].inquiries[:before]) == before
    added_calm = len(calm.models[0].inquiries) - before
    added_busy = len(busy.models[0].inquiries) - before
    assert added_busy > 2.5 * added_calm  # four times the rate, within Poisson noise
    (marker,) = busy.markers
    assert (marker.kind, marker.start) == ("change", 2 * 1440)


def test_live_delay_change_reaches_the_model():
    simulation = Simulation(knobs_from_file(DEFAULT))
    simulation.advance(600)
    assert simulation.change_live("boundary_minutes", 5.0)
    assert simulation.models[0].barriers.boundary_minutes == 5.0


def test_change_from_now_keeps_the_past_and_common_random_numbers():
    scenario = Simulation(knobs_from_file(DEFAULT)).scenarios[0]
    first, second = OrgModel(scenario, 3), OrgModel(scenario, 3)
    first.advance_to(1440)
    second.advance_to(1440)
    second.change_from_now(handoff_minutes=1.0)
    assert second.barriers.handoff_minutes == 1.0
    assert first.barriers.handoff_minutes == scenario.barriers.handoff_minutes
    first.advance_to(3 * 1440)
    second.advance_to(3 * 1440)
    assert [q.arrival for q in first.inquiries] == [q.arrival for q in second.inquiries]


def test_a_live_delay_change_lengthens_the_hand_offs_from_then_on():
    """The workflow reads the delays as numbers kept beside the barriers: a change must reach them."""
    scenario = Simulation(knobs_from_file(DEFAULT)).scenarios[0]
    same, slow = OrgModel(scenario, 3), OrgModel(scenario, 3)
    for model in (same, slow):
        model.advance_to(1440)
    slow.change_from_now(handoff_minutes=20 * scenario.barriers.handoff_minutes)  # 10 -> 200 min a hop
    for model in (same, slow):
        model.advance_to(4 * 1440)

    def transit_per_hop(model: OrgModel) -> float:
        later = [q for q in model.inquiries if q.arrival > 1440 and q.handoffs]
        assert len(later) > 30
        return sum(q.transit_minutes for q in later) / sum(q.handoffs for q in later)

    assert transit_per_hop(slow) - transit_per_hop(same) > 100  # 190 min a hop more, in expectation


def test_exports_have_names_iso_times_and_rounded_minutes(race):
    rows = list(csv.DictReader(io.StringIO(inquiries_csv(race))))
    assert {row["model"] for row in rows} == {"Marketing silo", "Crowd of experts"}
    topics = set(race.topics)
    assert all(row["topic"] in topics for row in rows)
    assert {row["outcome"] for row in rows} <= {
        "open",
        "published",
        "dropped at a department boundary",
        "no route to an expert",
        "channel not monitored",
    }
    assert rows[0]["arrival_time"].startswith("2024-01-01T")  # minute 0 is a Monday
    answered = [row for row in rows if row["response_minutes"]]
    assert answered and all(re.fullmatch(r"\d+(\.\d)?", row["response_minutes"]) for row in answered)
    summary = list(csv.DictReader(io.StringIO(summary_csv(race))))
    assert [row["model_name"] for row in summary] == ["Marketing silo", "Crowd of experts"]
    assert summary[0]["clock_time"] == iso_time(race.now) == "2024-01-03T00:00:00"


def test_departments_get_distinct_colours_apart_from_hand_offs():
    from simulation.ui.network_view import LIT_COLOUR, MIDDLEMAN_COLOUR, department_colours

    colours = department_colours([f"department_{i}" for i in range(17)])
    assert len(set(colours)) == 17
    assert LIT_COLOUR not in colours and MIDDLEMAN_COLOUR not in colours


def test_while_building_a_spinner_shows_and_the_run_cannot_start(monkeypatch):
    import threading

    import ipyvuetify as vuetify
    import solara

    from simulation.ui import app

    release = threading.Event()

    class SlowSimulation(Simulation):
        def __init__(self, knobs):
            release.wait(30)  # as a 5,000-person organisation takes seconds to build
            super().__init__(knobs)

    monkeypatch.setattr(app, "Simulation", SlowSimulation)
    _, rc = solara.render(solara.Div(children=[app.Page()]), handle_error=False)
    try:
        rc.find(vuetify.Html, class_="orgsim-building-text").assert_single()
        assert rc.find(vuetify.Html, class_="orgsim-clock").widget.children == ["building…"]
        for button in ("orgsim-play", "orgsim-step", "orgsim-crisis"):
            assert rc.find(vuetify.Btn, class_=button).widget.disabled, button
    finally:
        release.set()
    rc.find(vuetify.Html, class_="orgsim-clock", children=["Day 1, Mon 00:00"]).wait_for(timeout=30)
    deadline = time.monotonic() + 10  # the render that removes the spinner may still be finishing
    while rc.find(vuetify.Html, class_="orgsim-building-text").widgets and time.monotonic() < deadline:
        time.sleep(0.05)
    rc.find(vuetify.Html, class_="orgsim-building-text").assert_empty()
    assert not rc.find(vuetify.Btn, class_="orgsim-play").widget.disabled


def test_following_an_inquiry_tells_who_touched_it_and_how_long_it_waited(race):
    from simulation.ui.follow import newest_inquiry, stories

    model = race.models[0]
    answered = next(q for q in model.inquiries if q.outcome == 1 and q.handoffs > 0)
    silo, crowd = stories(race, answered.id)
    assert (silo.model, crowd.model) == ("marketing_silo", "crowd_of_experts")  # same inquiry in both
    assert silo.lines[0].endswith(f"arrives, topic {model.topic_names[answered.topic]}")
    assert any("noticed by" in line for line in silo.lines)
    assert any(": answered after" in line for line in silo.lines)
    assert silo.lines[-1].startswith("Time spent:") and "at work" in silo.lines[-1]
    assert len(silo.hops) == answered.handoffs  # recent enough for the page's memory
    assert answered.noticer in silo.touched and answered.drafter in silo.touched
    assert newest_inquiry(race) == model.inquiries[-1].id
    assert stories(race, 10**9) == []


def test_classic_networks_have_their_shapes_and_the_wheel_needs_fewer_messages_than_the_chain():
    import networkx as nx

    from simulation.ui import classics

    simulation = Simulation(knobs_from_file(classics.PRESET))
    assert simulation.names == ["wheel", "chain", "circle", "all_channel"]
    for name, model in zip(simulation.names, simulation.models, strict=True):
        assert nx.is_isomorphic(model.graph, classics.SHAPES[name]), name
    simulation.advance(7 * 1440)
    wheel, chain, *_ = simulation.snapshots()
    assert wheel.summary["handoffs_per_inquiry"] < chain.summary["handoffs_per_inquiry"]  # as Leavitt found
    assert explanation("circle")["source"].startswith("[F-bavelas]")


def test_clicking_near_a_person_picks_the_inquiry_in_their_hands():
    import numpy as np

    from simulation.ui.follow import inquiry_at

    simulation = Simulation(knobs_from_file(DEFAULT))
    simulation.advance(1440 + 10 * 60)  # Tuesday 10:00, office hours
    model = simulation.models[0]
    points = np.array([[10.0 * i, 0.0] for i in range(len(model.people))])
    holder = next(p for p in model.people if p.task is not None and hasattr(p.task[1], "arrival"))
    assert inquiry_at(simulation, 0, points, 10.0 * holder.index + 2, 1.0, reach=5) == holder.task[1].id
    assert inquiry_at(simulation, 0, points, 5.0, 500.0, reach=5) is None  # nobody there
