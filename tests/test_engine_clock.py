"""The clock's shortcuts run events in the order the plain heap runs them.

The pending arrival waits beside the heap instead of in it (one push and pop less per
inquiry); here a model that keeps every arrival in the heap, as the plain definition has
it, must give the same inquiries, event for event, with surges and rate changes replacing
the pending arrival mid-run.
"""

import math

import numpy as np
import pytest

from benchmarks.scenarios import organisation_scenario, queue_problem, queue_scenario
from simulation.engine.metrics import summarise
from simulation.engine.model import OrgModel
from simulation.engine.replay import ReplayStream
from simulation.engine.workflow import ARRIVE, WAKE


class ArrivalsInTheHeap(OrgModel):
    """Every arrival a heap event; one replaced by a new draw is skipped by its generation."""

    generation = 0

    def _schedule_next_arrival(self) -> None:
        time = self.stream.next_time(self.now, self.end_of_arrivals)
        if time < math.inf:
            self._schedule(time, ARRIVE, self.generation)

    def _reschedule_arrival(self) -> None:
        self.generation += 1
        self._schedule_next_arrival()

    def _on_replaced_arrival(self, generation: int, _item) -> None:
        if generation == self.generation:
            self._on_arrival()


def record(inquiry) -> tuple:
    return (
        inquiry.arrival,
        inquiry.topic,
        inquiry.outcome,
        inquiry.finished_at if inquiry.outcome else None,  # NaN while open, which equals nothing
        inquiry.noticer,
        inquiry.drafter,
        inquiry.handoffs,
        inquiry.queue_minutes,
        inquiry.transit_minutes,
    )


def run_with_changes(model: OrgModel) -> OrgModel:
    """Steps, a surge and two rate changes: each replaces the pending arrival."""
    while model.now < 1.5 * 1440:
        model.advance(53.0)
    model.inject_surge(model.topic_names[0], 4.0, hours=6)
    model.advance_to(2 * 1440 + 500)
    model.change_from_now(rate_factor=0.5)
    model.advance_to(2 * 1440 + 900)
    model.change_from_now(rate_factor=3.0, handoff_minutes=2.0)
    return model.run()


SCENARIOS = {
    "marketing_silo": lambda: organisation_scenario("marketing_silo", 2000, 3, seed=5),
    "holistic": lambda: organisation_scenario("holistic", 2000, 3, seed=5),
    "M/M/N": lambda: queue_scenario(queue_problem("saturated", 200, 3), seed=5),
}


@pytest.mark.parametrize("name", SCENARIOS)
def test_the_pending_arrival_beside_the_heap_runs_as_a_heap_event_would(name):
    scenario = SCENARIOS[name]()
    fast, plain = OrgModel(scenario), ArrivalsInTheHeap(scenario)
    fast_events, plain_events = logged(fast), logged(plain)
    run_with_changes(fast)
    run_with_changes(plain)
    assert fast_events == plain_events
    assert plain.generation == 3, "three replaced arrivals were skipped in the plain model"
    assert len(fast.inquiries) > 500
    assert [record(i) for i in fast.inquiries] == [record(i) for i in plain.inquiries]
    assert fast.events_processed == plain.events_processed
    assert summarise(fast) == summarise(plain)


def logged(model: OrgModel) -> list[tuple]:
    """From now on, every event ``model`` handles: time, kind and subject (a batch's together)."""
    handled = []

    def logging(kind, handler):
        def handle(subject, item):
            if kind != ARRIVE:  # an arrival is logged when it arrives, a replaced one never
                handled.append((model.now, kind, tuple(subject) if isinstance(subject, list) else subject))
            handler(subject, item)

        return handle

    def arrive(on_arrival=model._on_arrival):
        handled.append((model.now, ARRIVE, len(model.inquiries)))
        on_arrival()

    model._handlers = tuple(logging(kind, handler) for kind, handler in enumerate(model._handlers))
    model._on_arrival = arrive
    return handled


@pytest.mark.parametrize("model_class", [OrgModel, ArrivalsInTheHeap])
def test_an_arrival_closes_the_batch_open_at_its_time(model_class):
    """Wakes scheduled for its time after it run after it, as after its heap entry."""
    scenario = SCENARIOS["marketing_silo"]()
    model = model_class(scenario)
    model.advance_to(100.0)
    handled = logged(model)
    model._schedule_together(160.0, WAKE, 1)
    model.replace_arrivals(ReplayStream(scenario, [(160.0, -1, -1)], np.random.default_rng(7)))
    model._schedule_together(160.0, WAKE, 2)
    model._schedule_together(160.0, WAKE, 3)
    model.advance_to(161.0)
    assert [event for event in handled if event[0] == 160.0] == [
        (160.0, WAKE, (1,)),
        (160.0, ARRIVE, len(model.inquiries) - 1),
        (160.0, WAKE, (2, 3)),
    ]
