"""Behaviour of the engine's processes, each checked on a run's records."""

from pathlib import Path

import numpy as np
import pytest

from simulation.core.shifts import MINUTES_PER_DAY
from simulation.engine.inquiries import Outcome
from simulation.engine.metrics import backlog, summarise
from simulation.engine.model import OrgModel
from simulation.scenario.loading import read_toml, scenario_from_dict, with_overrides

DEFAULT = Path(__file__).parents[1] / "scenarios" / "default.toml"


def build(overrides=None, **ownership):
    raw = read_toml(DEFAULT)
    settings = {"scenario.duration_days": 14, "scenario.warmup_days": 0, "scenario.record_traces": True}
    settings.update(overrides or {})
    settings.update({f"ownership.{key}": value for key, value in ownership.items()})
    return OrgModel(scenario_from_dict(with_overrides(raw, settings)))


def test_silo_escalates_cross_department_questions_through_the_common_superior():
    model = build()
    executive = model.departments[0].head
    marketing = next(d.index for d in model.departments if d.name == "marketing")
    model.run()
    legal_topic = model.topic_names.index("legal")
    routed = [
        q
        for q in model.inquiries
        if q.topic == legal_topic and not q.standard and q.trace and q.outcome == Outcome.PUBLISHED
    ]
    assert routed, "some non-standard legal questions must be answered in two weeks"
    for inquiry in routed:
        people = [person for _, person, _ in inquiry.trace if person >= 0]
        assert model.people[people[0]].department == marketing, "marketing notices first"
        assert executive in people, "hierarchy routes via the executive, the common superior"
        assert inquiry.crossings >= 2 and inquiry.middlemen >= 2


def test_nobody_notices_outside_working_hours():
    model = build().run()
    for inquiry in model.inquiries:
        if inquiry.noticer >= 0:
            assert model.people[inquiry.noticer].pattern.on_shift(inquiry.noticed_at)


def test_an_unwatched_inbox_loses_everything_on_it():
    model = build(inbox="department", monitors=["department:marketing"]).run()
    campaign = model.topic_names.index("campaign")
    outcomes = {(q.topic == campaign, q.outcome) for q in model.inquiries}
    assert (False, Outcome.UNMONITORED) in outcomes
    assert all(outcome == Outcome.UNMONITORED for is_campaign, outcome in outcomes if not is_campaign)


def test_approval_gate_is_passed_by_every_published_answer_in_the_silo():
    model = build().run()
    head = next(d.head for d in model.departments if d.name == "marketing")
    for inquiry in model.inquiries:
        if inquiry.outcome == Outcome.PUBLISHED and inquiry.drafter != head:
            assert any(step == "approve" and person == head for _, person, step in inquiry.trace)


def test_surge_multiplies_the_topic_rate_during_its_window():
    surge = [{"kind": "surge", "topic": "press", "at_day": 3, "hours": 24, "factor": 10}]
    model = build({"events": surge, "inquiries.per_day": 200}).run()
    press = model.topic_names.index("press")
    arrivals = np.array([q.arrival for q in model.inquiries if q.topic == press]) / MINUTES_PER_DAY
    in_window = np.count_nonzero((arrivals >= 3) & (arrivals < 4))
    other_days = np.count_nonzero((arrivals < 3) | (arrivals >= 4)) / 13
    expected_base = 200 * 0.05
    assert other_days == pytest.approx(expected_base, rel=0.3)
    assert in_window > 5 * other_days  # factor 10, with Poisson noise


def test_coordination_takes_the_weekly_hours_from_each_participant():
    model = build(model="central_team", coordination={"hours_per_week": 5.0, "participants": ["team"]}).run()
    team = [p for p in model.people if p.team]
    weeks = model.now / (7 * MINUTES_PER_DAY)
    for person in team:
        assert person.coordination_minutes / 60 == pytest.approx(5.0 * weeks, rel=0.25)


def test_flow_matrix_counts_every_message_and_backlog_drains():
    model = build({"scenario.drain_days": 30}, model="central_team").run()
    summary = summarise(model)
    assert model.flow.sum() == summary["messages_total"]
    _times, open_counts = backlog(model)
    assert (open_counts >= 0).all()
    assert open_counts[-1] == model.open_inquiries == 0


def test_late_answers_are_lost_and_counted_late():
    model = build({"inquiries.patience_hours": 1.0}).run()
    summary = summarise(model)
    assert summary["late_share"] > 0
    assert summary["answered_share"] + summary["lost_share"] + summary["open_share"] == pytest.approx(1.0)
    assert summary["response_time_p99_min"] <= 60.0


def test_recent_handoffs_remember_the_newest_messages_and_their_middlemen():
    model = build().run()
    messages = sum(q.handoffs for q in model.inquiries)
    recent = list(model.recent_handoffs)
    assert len(recent) == min(messages, model.recent_handoffs.maxlen)
    assert [h.time for h in recent] == sorted(h.time for h in recent)
    by_id = {q.id: q for q in model.inquiries}
    for handoff in recent:
        inquiry = by_id[handoff.inquiry]
        assert handoff.source != handoff.target
        if handoff.by_middleman:
            assert handoff.source != inquiry.noticer and inquiry.middlemen > 0


def test_adopters_start_watching_the_channels_as_adoption_spreads():
    adoption = {"start_share": 0.0, "end_share": 1.0, "start_day": 2, "ramp_days": 6, "shape": "linear"}
    model = build(model="central_team", adoption={**adoption, "adopters_monitor": True})
    watching_at_start = sum(p.monitor for p in model.people)
    assert watching_at_start == sum(p.team for p in model.people)
    model.run()
    assert all(p.monitor for p in model.people), "everyone has adopted after the ramp"
    late = [q for q in model.inquiries if q.arrival > 9 * 1440 and q.noticer >= 0]
    assert any(not model.people[q.noticer].team for q in late), "adopters notice inquiries"


@pytest.mark.parametrize("utc_offset", [-5.0, 0.0, 10.0])
def test_coordination_is_one_meeting_per_local_working_day_in_any_time_zone(utc_offset):
    regions = {"organisation.regions": {"global": utc_offset}, "scenario.drain_days": 0}
    model = build(
        regions, model="central_team", coordination={"hours_per_week": 5.0, "participants": ["team"]}
    )
    model.run()
    team = [p for p in model.people if p.team]
    # 14 days of arrivals from Monday 00:00 UTC: two working weeks, give or take the local day
    # that straddles the start or the end of the run
    for person in team:
        assert person.coordination_minutes / 60 == pytest.approx(10.0, abs=1.0)


def test_each_region_follows_the_daily_profile_on_its_own_clock():
    """Inquiries from Asia peak at Asian noon, from America at American noon (UTC+8 vs UTC-5)."""
    daytime = [0.0] * 8 + [1.0] * 12 + [0.0] * 4  # only 08:00-20:00 local
    raw_overrides = {
        "organisation.regions": {"asia": 8.0, "america": -5.0},
        "inquiries.regions": {"asia": 1.0, "america": 1.0},
        "inquiries.diurnal": daytime,
        "inquiries.per_day": 400,
        "organisation.departments": [
            {"name": "marketing", "size": 6, "topics": ["campaign"], "region": "asia"},
            {"name": "support", "size": 6, "topics": ["support"], "region": "america"},
        ],
        "inquiries.topics": {"campaign": 1.0, "support": 1.0},
    }
    model = build(raw_overrides, monitors=["all"], publishers=["all"], approval={"topics": []}).run()
    offsets = {0: 8.0, 1: -5.0}
    for inquiry in model.inquiries:
        local_hour = (inquiry.arrival / 60 + offsets[inquiry.region]) % 24
        assert 8 <= local_hour < 20
    regions = [q.region for q in model.inquiries]
    assert 0.45 < regions.count(0) / len(regions) < 0.55
