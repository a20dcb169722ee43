"""Invariants of any run, checked with hypothesis over small random scenarios (STYLE.md, 6).

What is legitimate is read off ``simulation/engine/workflow.py``:

- a trace is ``arrive``, then one entry per task an employee starts (``forward``,
  ``draft``, ``answer`` = answer and publish, ``approve``, ``publish``), then one outcome
  once the inquiry is closed;
- a ``forward`` hop goes, inside a department that owns the topic, to one of its experts
  on that topic; elsewhere along an edge of the graph (``hierarchy``, ``informal``,
  ``expert_team``), to the owning department's head or spoke (``directory``) or to an
  expert on the topic (``expert_search``);
- after a ``draft`` the answer goes to its approver or to someone who may publish; after an
  ``approve`` that did not publish, to someone who may publish;
- the minutes of queue, transit, approval and work tile the time from arrival to the close.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from itertools import pairwise

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from simulation.engine.inquiries import Outcome
from simulation.engine.metrics import backlog, summarise
from simulation.engine.model import OrgModel
from simulation.ownership import model_names
from simulation.scenario.loading import scenario_from_dict, with_overrides

BUILT_IN_MODELS = model_names()  # every registered model, the eight built-ins at least
TOLERANCE = 1e-6
STEP_LETTERS = {
    "arrive": "A",
    "forward": "F",
    "draft": "D",
    "answer": "N",
    "approve": "V",
    "publish": "P",
    "published": "p",
    "dropped_at_boundary": "d",
    "no_route": "r",
    "unmonitored": "u",
}
OPEN_TRACE = re.compile(r"AF*(N|DV?P?)?")
CLOSED_TRACE = {
    Outcome.PUBLISHED: re.compile(r"AF*(Np|DVp|DV?Pp)"),
    Outcome.DROPPED_AT_BOUNDARY: re.compile(r"A(F+|F*DV?)d"),
    Outcome.NO_ROUTE: re.compile(r"A(F+|F*DV?)r"),
    Outcome.UNMONITORED: re.compile(r"Au"),
}


@st.composite
def small_scenarios(draw, small_raw):
    """A tiny scenario with drawn load, sizes, barriers, approval, patience, model and seed."""
    raw = small_raw()
    sizes = draw(st.lists(st.integers(1, 8), min_size=3, max_size=3))
    for department, size in zip(raw["organisation"]["departments"], sizes, strict=True):
        department["size"] = size
    model = draw(st.sampled_from(BUILT_IN_MODELS))
    overrides = {
        "scenario.seed": draw(st.integers(0, 2**32 - 1)),
        "scenario.record_traces": True,
        "scenario.drain_days": draw(st.sampled_from([0.5, 3.0])),
        "inquiries.per_day": draw(st.floats(0.0, 60.0)),
        "inquiries.standard_share": draw(st.floats(0.0, 1.0)),
        "inquiries.patience_hours": draw(st.one_of(st.floats(0.5, 72.0), st.just(math.inf))),
        "inquiries.work_minutes.distribution": draw(st.sampled_from(["exponential", "lognormal", "fixed"])),
        "barriers.boundary_drop": draw(st.floats(0.0, 1.0)),
        "ownership.model": model,
    }
    if draw(st.booleans()):  # approval off; otherwise the model's own rules
        overrides["ownership.approval"] = {"topics": []}
    routing = draw(st.sampled_from([None, None, ["informal"], ["directory"], ["expert_search", "hierarchy"]]))
    if routing is not None:  # 'directory' alone leaves non-users without a route
        overrides["ownership.routing"] = routing
    if draw(st.integers(0, 4)) == 0:  # departmental inboxes: some channels go unwatched
        overrides["ownership.inbox"] = "department"
    if draw(st.booleans()):
        overrides["inquiries.weekly"] = [1, 1, 1, 1, 1, 0.2, 0]
    if draw(st.booleans()):
        surge = {"topic": "pricing", "at_day": draw(st.floats(0, 5)), "hours": 6, "factor": 8}
        overrides["events"] = [surge]
    if draw(st.booleans()):  # two regions in different time zones, round-the-clock in one
        raw["organisation"]["regions"] = {"europe": 1.0, "america": -6.0}
        raw["organisation"]["departments"][1]["region"] = "america"
        raw["organisation"]["departments"][2]["working_hours"] = {"start": 0, "end": 24, "days": "mon-sun"}
        for department in raw["organisation"]["departments"][::2]:
            department["region"] = "europe"
        raw["inquiries"]["regions"] = {"europe": 0.5, "america": 0.5}
    return scenario_from_dict(with_overrides(raw, overrides))


MAX_EVENTS_AT_ONE_INSTANT = 10_000


class StuckClockError(AssertionError):
    """The model keeps processing events without the clock moving (a livelock)."""


def guard_against_livelock(model: OrgModel) -> OrgModel:
    """Wrap the model's event handlers so that a livelock fails instead of hanging.

    Counts events, not seconds: more than ``MAX_EVENTS_AT_ONE_INSTANT`` events in a row at
    one clock time raise :class:`StuckClockError`. Reads the engine's private handler table.
    """
    state = {"time": math.nan, "count": 0}

    def guarded(handler):
        def handle(subject, item):
            if model.now == state["time"]:
                state["count"] += 1
                if state["count"] > MAX_EVENTS_AT_ONE_INSTANT:
                    raise StuckClockError(f"{state['count']} events at clock {model.now} and counting")
            else:
                state["time"], state["count"] = model.now, 0
            handler(subject, item)

        return handle

    model._handlers = tuple(guarded(handler) for handler in model._handlers)
    return model


def run_traced(scenario) -> OrgModel:
    return guard_against_livelock(OrgModel(scenario)).run()


def trace_letters(trace) -> str:
    return "".join(STEP_LETTERS[step] for _, _, step in trace)


def check_conservation(model: OrgModel) -> None:
    arrived = model.stream.count
    assert len(model.inquiries) == arrived
    assert [q.id for q in model.inquiries] == list(range(arrived))
    outcomes = Counter(q.outcome for q in model.inquiries)
    assert set(outcomes) <= set(Outcome)
    assert sum(outcomes[outcome] for outcome in Outcome) == arrived
    assert model.open_inquiries == outcomes[Outcome.OPEN]
    for inquiry in model.inquiries:
        closes = [step for _, person, step in inquiry.trace if person < 0 and step != "arrive"]
        if inquiry.outcome == Outcome.OPEN:
            assert closes == [], inquiry.trace
            assert math.isnan(inquiry.finished_at)
        else:
            assert closes == [inquiry.outcome.name.lower()], inquiry.trace
            assert inquiry.trace[-1] == (inquiry.finished_at, -1, inquiry.outcome.name.lower())


def check_trace_shape_and_times(model: OrgModel) -> None:
    for inquiry in model.inquiries:
        trace = inquiry.trace
        assert trace[0] == (inquiry.arrival, -1, "arrive")
        letters = trace_letters(trace)
        pattern = OPEN_TRACE if inquiry.outcome == Outcome.OPEN else CLOSED_TRACE[inquiry.outcome]
        assert pattern.fullmatch(letters), (inquiry.outcome, trace)
        times = [time for time, _, _ in trace]
        assert times == sorted(times), trace
        assert inquiry.arrival <= times[0] and times[-1] <= model.now
        assert 0 <= inquiry.arrival < model.end_of_arrivals
        assert model.now <= model.end_of_drain
        for _, person, step in trace:
            assert (person >= 0) == (step in ("forward", "draft", "answer", "approve", "publish"))
        if inquiry.noticer >= 0:
            assert trace[1][1] == inquiry.noticer and trace[1][0] == inquiry.noticed_at
            assert model.people[inquiry.noticer].monitor


def check_minutes(model: OrgModel) -> None:
    for inquiry in model.inquiries:
        parts = (
            inquiry.queue_minutes,
            inquiry.transit_minutes,
            inquiry.approval_minutes,
            inquiry.work_minutes,
        )
        assert all(minutes >= 0 for minutes in parts), parts
        spent = sum(parts)
        if inquiry.outcome == Outcome.OPEN:
            # transit is booked when a hand-off is sent, so one still on its way at the end
            # counts minutes past the end; the other parts are booked when they are over
            assert spent - inquiry.transit_minutes <= model.now - inquiry.arrival + TOLERANCE
        else:
            # every close happens at the end of an accounted stretch, so the parts tile
            # [arrival, finished_at] exactly (published or not)
            assert spent == pytest.approx(inquiry.finished_at - inquiry.arrival, abs=TOLERANCE)


def _may_publish(model: OrgModel, person) -> bool:
    return person.publisher or model.parts.adoption.adopters_publish


def _forward_is_legitimate(model: OrgModel, inquiry, source: int, target: int) -> bool:
    people, topic = model.people, inquiry.topic
    owners = model.tables.owners[topic]
    sender, receiver = people[source], people[target]
    if sender.department in owners:  # inside an owning department: straight to its expert
        return receiver.department == sender.department and topic in receiver.knows
    routing = model.parts.routing
    if model.graph.has_edge(source, target) and {"hierarchy", "informal", "expert_team"} & set(routing):
        return True
    owner_contact = receiver.department in owners and (
        target == model.departments[receiver.department].head or receiver.spoke
    )
    if "directory" in routing and sender.directory_user and owner_contact:
        return True
    if "expert_search" in routing and topic in receiver.knows:
        return True
    return (
        "expert_team" in routing
        and sender.expert_team
        and receiver.expert_team
        and receiver.department in owners
    )


def _approver_is_legitimate(model: OrgModel, drafter: int, approver: int) -> bool:
    rule = model.parts.approval.approver
    if rule == "team":
        return model.people[approver].team
    if rule == "executive":
        return approver == model.departments[0].head
    if rule.startswith("head:"):
        name = rule.removeprefix("head:")
        return approver == next(d.head for d in model.departments if d.name == name)
    return approver == model.departments[model.people[drafter].department].head


def check_hops(model: OrgModel) -> None:
    for inquiry in model.inquiries:
        steps = [(person, step) for _, person, step in inquiry.trace if person >= 0]
        for (source, source_step), (target, target_step) in pairwise(steps):
            assert source != target, inquiry.trace
            if source_step == "forward":
                assert target_step in ("forward", "draft", "answer"), inquiry.trace
                assert _forward_is_legitimate(model, inquiry, source, target), (source, target, inquiry.trace)
            elif target_step == "approve":
                assert source_step == "draft", inquiry.trace
                assert model.parts.approval.topics, "approval without approval rules"
                assert _approver_is_legitimate(model, source, target), (source, target, inquiry.trace)
            else:
                assert (source_step, target_step) in (("draft", "publish"), ("approve", "publish")), (
                    inquiry.trace
                )
                assert _may_publish(model, model.people[target]), (target, inquiry.trace)
        for person, step in steps:
            if step in ("answer", "publish"):
                assert _may_publish(model, model.people[person]), (person, inquiry.trace)


def check_counters(model: OrgModel) -> None:
    assert model.flow.min() >= 0
    assert model.flow.sum() == sum(q.handoffs for q in model.inquiries)
    off_diagonal = model.flow.sum() - model.flow.trace()
    assert off_diagonal == sum(q.crossings for q in model.inquiries)
    for inquiry in model.inquiries:
        assert 0 <= inquiry.middlemen <= inquiry.handoffs
        assert 0 <= inquiry.crossings <= inquiry.handoffs
        if inquiry.outcome == Outcome.OPEN:
            continue
        people = [person for _, person, _ in inquiry.trace if person >= 0]
        dropped = inquiry.outcome == Outcome.DROPPED_AT_BOUNDARY
        assert inquiry.handoffs == max(0, len(people) - 1) + dropped, inquiry.trace
        crossed = sum(model.people[a].department != model.people[b].department for a, b in pairwise(people))
        assert inquiry.crossings == crossed + dropped, inquiry.trace


def check_people_and_inboxes(model: OrgModel) -> None:
    queued = []
    for inbox in model.inboxes:
        assert len(inbox.items) >= 0
        queued.extend(inbox.items)
    for person in model.people:
        assert person.busy_minutes >= 0
        assert person.coordination_minutes >= 0
        assert len(person.inbox) >= 0
        queued.extend(task[1] for task in person.inbox if hasattr(task[1], "outcome"))
    assert all(inquiry.outcome == Outcome.OPEN for inquiry in queued)
    assert len({id(inquiry) for inquiry in queued}) == len(queued), "an inquiry waits in two places"
    _times, open_counts = backlog(model)
    assert (open_counts >= 0).all()


def check_summary(model: OrgModel) -> None:
    summary = summarise(model)
    for key, value in summary.items():
        if key.endswith("_share") and not math.isnan(value):
            assert 0.0 <= value <= 1.0, (key, value)
    if summary["inquiries"]:
        total = summary["answered_share"] + summary["lost_share"] + summary["open_share"]
        assert total == pytest.approx(1.0)
        assert summary["late_share"] <= summary["lost_share"] + TOLERANCE
        assert summary["answered_within_1h_share"] <= summary["answered_within_24h_share"]
        assert summary["answered_within_24h_share"] <= summary["answered_share"]
    if summary["answered_share"] and not math.isnan(summary["answered_share"]):
        median, p90, p99 = (summary[f"response_time_{q}_min"] for q in ("median", "p90", "p99"))
        assert 0.0 <= median <= p90 <= p99
        assert summary["response_time_mean_min"] >= 0.0
        phases = sum(summary[f"time_in_{phase}_share"] for phase in ("queue", "transit", "approval"))
        if not math.isnan(phases):
            assert phases <= 1.0 + TOLERANCE
    assert summary["person_hours_social"] >= 0.0
    assert summary["coordination_hours"] >= 0.0
    assert 0.0 <= summary["workload_gini"] <= 1.0


def check_all(model) -> None:
    """Every invariant above, on one finished run."""
    check_conservation(model)
    check_trace_shape_and_times(model)
    check_minutes(model)
    check_hops(model)
    check_counters(model)
    check_people_and_inboxes(model)
    check_summary(model)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_run_invariants(data, small_raw):
    model = run_traced(data.draw(small_scenarios(small_raw), label="scenario"))
    check_all(model)


@pytest.mark.parametrize("model_name", BUILT_IN_MODELS)
def test_every_built_in_model_on_the_small_scenario(model_name, small_raw):
    """The same checks once per model, at a load that exercises routing and approval."""
    raw = small_raw()
    overrides = {"ownership.model": model_name, "scenario.record_traces": True, "inquiries.per_day": 60}
    model = run_traced(scenario_from_dict(with_overrides(raw, overrides)))
    assert model.inquiries
    check_all(model)


@pytest.mark.parametrize("offset_hours", [0.0, 1.0])
def test_a_fractional_start_hour_does_not_stall_the_clock(offset_hours, small_raw):
    raw = small_raw()
    raw["organisation"]["working_hours"] = {"start": 8.3, "end": 17, "days": "mon-fri"}
    raw["organisation"]["regions"] = {"europe": offset_hours}
    for department in raw["organisation"]["departments"]:
        department["region"] = "europe"
    raw["inquiries"]["regions"] = {"europe": 1.0}
    model = run_traced(scenario_from_dict(with_overrides(raw, {"scenario.record_traces": True})))
    check_conservation(model)
    check_trace_shape_and_times(model)
