"""Behaviour of the engine's processes, each checked on a run's records."""

import math
from pathlib import Path

import numpy as np
import pytest

from simulation.core.shifts import MINUTES_PER_DAY
from simulation.engine.inquiries import Outcome
from simulation.engine.metrics import backlog, summarise
from simulation.engine.model import OrgModel
from simulation.scenario.loading import read_toml, scenario_from_dict, with_overrides

DEFAULT = Path(__file__).parents[1] / "scenarios" / "default.toml"
# The processes below are checked with everyone giving their whole shift, so that what a
# test counts comes from the process it names, not from other duties.
FULL_TIME = {"availability.others": 1.0, "availability.other_duties_time": 0.0}


def build(overrides=None, **ownership):
    raw = read_toml(DEFAULT)
    settings = {"scenario.duration_days": 14, "scenario.warmup_days": 0, "scenario.record_traces": True}
    settings.update(FULL_TIME)
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
    model = build()
    model.record_handoffs()
    model.run()
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


def test_a_model_nobody_watches_keeps_no_hand_offs_and_runs_the_same():
    watched, unwatched = build(), build()
    watched.record_handoffs()
    watched.run(), unwatched.run()
    assert len(watched.recent_handoffs) > 100 and not unwatched.recent_handoffs
    assert summarise(watched) == summarise(unwatched)


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
    regions = {
        "organisation.regions": {"global": utc_offset},
        "scenario.drain_days": 0,
        "barriers.alignment_minutes_per_peer": 0,  # only the model's own meetings
    }
    model = build(
        regions, model="central_team", coordination={"hours_per_week": 5.0, "participants": ["team"]}
    )
    model.run()
    team = [p for p in model.people if p.team]
    # 14 days of arrivals from Monday 00:00 UTC: ten local working days; east of UTC the first
    # Monday's meeting is before the start and the third Monday's before the end
    for person in team:
        assert person.coordination_minutes == pytest.approx(10 * 60.0)


def test_each_region_follows_the_daily_profile_on_its_own_clock():
    """Inquiries from Asia peak at Asian noon, from America at American noon (UTC+8 vs UTC-5)."""
    daytime = [0.0] * 8 + [1.0] * 12 + [0.0] * 4  # only 08:00-20:00 local
    raw_overrides = {
        "organisation.regions": {"asia": 8.0, "america": -5.0},
        "inquiries.regions": {"asia": 1.0, "america": 1.0},
        "inquiries.diurnal": daytime,
        "inquiries.profiles": {},  # every channel follows the common profile
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


MMC = Path(__file__).parents[1] / "scenarios" / "validation" / "mmc.toml"


def mmc_model(**settings) -> OrgModel:
    """The M/M/c reduction, lightly loaded and short, with ``settings`` laid over it."""
    base = {"scenario.duration_days": 10, "scenario.warmup_days": 1, "inquiries.per_day": 100}
    return OrgModel(scenario_from_dict(with_overrides(read_toml(MMC), {**base, **settings})))


def test_half_availability_doubles_each_task_on_the_clock_but_not_the_effort():
    model = mmc_model(**{"availability.others": 0.5}).run()
    answered = [q for q in model.inquiries if q.outcome == Outcome.PUBLISHED]
    assert len(answered) > 500
    for inquiry in answered:
        assert inquiry.work_minutes == pytest.approx(2 * inquiry.work)
    effort = sum(p.busy_minutes for p in model.people)
    assert effort == pytest.approx(sum(q.work for q in answered))


def test_the_customers_own_patience_reproduces_the_survey_figures():
    model = mmc_model(**{"inquiries.per_day": 2000}).run()
    patience = np.array([q.patience for q in model.inquiries])
    assert patience.size > 15_000
    for minutes, surveyed in ((5, 0.237), (60, 0.498), (1440, 0.792)):
        assert np.mean(patience <= minutes) == pytest.approx(surveyed, abs=0.02)


def test_patience_drawn_for_a_block_is_each_uniforms_own_inverse_cdf():
    from statistics import NormalDist

    from simulation.engine.inquiries import _patience_quantiles

    spec = mmc_model().scenario_spec.inquiries.patience
    uniforms = [0.0, 1e-15, 0.01, 0.237, 0.5, 0.9, 1.0 - 1e-15]
    assert spec.distribution != "fixed" and spec.sigma > 0
    plain = NormalDist(math.log(spec.median_minutes), spec.sigma)
    expected = [math.exp(plain.inv_cdf(min(max(u, 1e-12), 1 - 1e-12))) for u in uniforms]
    assert _patience_quantiles(spec)(uniforms) == expected


def test_a_channel_with_an_office_hours_profile_gets_its_messages_in_office_hours():
    office = [0.0] * 9 + [1.0] * 8 + [0.0] * 7  # 09:00-17:00
    model = mmc_model(
        **{
            "scenario.duration_days": 14,  # whole weeks: a profile shapes timing, not volume
            "inquiries.channels": {"facebook": 1.0, "linkedin": 1.0},
            "inquiries.profiles": {"linkedin": {"diurnal": office, "weekly": [1, 1, 1, 1, 1, 0, 0]}},
        }
    ).run()
    linkedin = [q.arrival for q in model.inquiries if q.channel == 1]
    facebook = [q.arrival for q in model.inquiries if q.channel == 0]
    assert all(9 <= (t / 60) % 24 < 17 and (t // MINUTES_PER_DAY) % 7 < 5 for t in linkedin)
    assert any(not 9 <= (t / 60) % 24 < 17 for t in facebook), "facebook keeps the flat profile"
    assert len(linkedin) / (len(linkedin) + len(facebook)) == pytest.approx(0.5, abs=0.03)


def quality_model(review_catch: float) -> OrgModel:
    """Every answer approved by the executive; every writer's error chance is 0.3."""
    return mmc_model(
        **{
            "organisation.departments": [
                {"name": "servers", "size": 3, "topics": ["general"], "expert_share": 0.0}
            ],
            "ownership.answer_scope": "department",
            "ownership.approval": {"topics": ["*"], "approver": "executive"},
            "quality.error_untrained": 0.3,
            "quality.error_expert": 0.3,  # the generator keeps at least one expert per department
            "quality.review_catch": review_catch,
            "quality.rework_minutes": 20,
            "quality.correction_minutes": 50,
        }
    ).run()


def test_approval_catches_its_share_of_wrong_answers_and_the_rest_become_incidents():
    unreviewed = summarise(quality_model(review_catch=0.0))
    reviewed = summarise(quality_model(review_catch=0.8))
    assert unreviewed["incidents_per_1000_answers"] == pytest.approx(300, abs=40)
    assert reviewed["incidents_per_1000_answers"] == pytest.approx(300 * 0.2, abs=20)


def test_rework_hours_are_the_caught_rewrites_plus_the_corrections():
    model = quality_model(review_catch=0.5)
    published = [q for q in model.inquiries if q.outcome == Outcome.PUBLISHED]
    incidents = sum(q.wrong for q in published)
    caught = sum(q.rework_minutes in (20.0, 70.0) for q in published)
    assert incidents > 20 and caught > 20
    assert sum(q.rework_minutes for q in model.inquiries) == pytest.approx(20 * caught + 50 * incidents)


def test_expert_search_keeps_the_searcher_busy_for_the_search_time():
    free = build({"barriers.expert_search_minutes": 0}, model="holistic").run()
    costly = build({"barriers.expert_search_minutes": 30}, model="holistic").run()
    searched = [q for q in costly.inquiries if q.handoffs > 0 and q.outcome == Outcome.PUBLISHED]
    assert searched
    by_id = {q.id: q for q in free.inquiries}
    extra = np.mean([q.work_minutes - by_id[q.id].work_minutes for q in searched])
    assert extra >= 25  # about 30 minutes of search per hand-off found by search


def test_alignment_grows_with_the_number_of_publishers():
    settings = {"barriers.alignment_minutes_per_peer": 1.0, "ownership.coordination": {"hours_per_week": 0.0}}
    few = build(settings, model="central_team")
    many = build(settings, model="holistic")  # everyone publishes: more than the limit of 150 peers
    publishers_few = sum(p.publisher for p in few.people)
    publishers_many = sum(p.publisher for p in many.people)
    assert publishers_few < 10 and publishers_many > 151
    for model, count in ((few, publishers_few), (many, publishers_many)):
        weekly = [p.meeting_minutes_per_week for p in model.people if p.publisher]
        assert weekly and all(w == pytest.approx(min(count - 1, 150)) for w in weekly)
