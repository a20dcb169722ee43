"""OrgModel: inquiries travelling through an organisation, as discrete events.

Nothing ticks. Per-inquiry events (arrival, delivery after a hand-off, end of a
task, start of a shift) live in a lean heap inside the model (:mod:`simulation.engine.events`; the next
arrival beside it, in the same order); daily processes (adoption) are Mesa events.
The hot loop runs up to the next Mesa event, then hands over to ``Model.run_until``,
so both queues share one clock. At equal times Mesa's events go first; hot events
keep the order they were scheduled in.

Shift starts come in thousands at one time: such
events of one kind, scheduled one after another for the same time, share one heap
entry (a batch: the kind and a list of subjects) and are handled in the order they
were scheduled, exactly as separate entries would be.
"""

from __future__ import annotations

import math
from collections import deque
from itertools import count

import mesa
import numpy as np
from mesa.time import Schedule

from simulation.core.seeding import replicate_seed
from simulation.core.shifts import MINUTES_PER_DAY
from simulation.engine.agents import Employee
from simulation.engine.builder import build
from simulation.engine.clock import NO_ARRIVAL
from simulation.engine.collector import collection_paused
from simulation.engine.draws import BufferedDraws
from simulation.engine.events import event_queue
from simulation.engine.inquiries import Inquiry, Outcome
from simulation.engine.workflow import ARRIVE, RECENT_HANDOFFS, Handoff, Workflow
from simulation.scenario.types import Scenario


class OrgModel(Workflow, mesa.Model):
    """One organisation, one ownership model, one stream of inquiries.

    Args:
        scenario: the validated scenario.
        seed: root of all randomness; spawns the organisation, arrival, behaviour
            and adoption streams. An integer (default: the scenario's seed) means
            replicate 0 of that seed, as ``run_one`` gives it.

    """

    def __init__(self, scenario: Scenario, seed: np.random.SeedSequence | int | None = None):
        if isinstance(seed, np.random.SeedSequence):
            root = seed
        else:
            root = replicate_seed(scenario.scenario.seed if seed is None else seed, 0)
        organisation_seed, arrival_seed, behaviour_seed, adoption_seed = root.spawn(4)
        super().__init__(rng=np.random.default_rng(behaviour_seed))
        self._default_schedule.stop()  # no per-unit steps: time is continuous minutes
        self.scenario_spec = scenario
        self.parts = scenario.ownership.parts
        self._take_barriers(scenario.barriers)
        self.now = 0.0
        self.end_of_arrivals = scenario.scenario.duration_days * MINUTES_PER_DAY
        self.end_of_drain = self.end_of_arrivals + scenario.scenario.drain_days * MINUTES_PER_DAY
        self.events_processed = 0
        self._heap, self._push, self._run_before = event_queue()  # (time, sequence, kind, subject, item)
        self._sequence = count()
        self._batches: dict[float, tuple[int, list]] = {}  # (kind, subjects) still open at their time
        self._draws = BufferedDraws(self.rng)
        self._arrival = NO_ARRIVAL  # (time, sequence) of the pending arrival, kept beside the heap
        self._handlers = (
            self._on_replaced_arrival,
            self._on_deliver,
            self._on_finish,
            self._on_wakes,
            self._on_group_wakes,
        )

        build(self, scenario, organisation_seed, arrival_seed, adoption_seed)
        self.inquiries: list[Inquiry] = []
        self.open_inquiries = 0
        self._flow_counts = [0] * len(self.departments) ** 2  # source-major; see ``flow``
        self._recent: deque[tuple] | None = None  # Handoff fields, newest last, once a view listens
        self._update_daily_state()
        self._schedule_next_arrival()
        self.schedule_recurring(self._on_new_day, Schedule(interval=MINUTES_PER_DAY, start=MINUTES_PER_DAY))

    @property
    def flow(self) -> np.ndarray:
        """Messages from department (row) to department (column) so far."""
        size = len(self.departments)
        return np.array(self._flow_counts, dtype=np.int64).reshape(size, size)

    def record_handoffs(self) -> None:
        """Remember the latest hand-offs from now on, for :attr:`recent_handoffs` (live views call this).

        Off unless asked for: a run nobody watches would make a record per hand-off for
        nothing (about 5 % of marketing_silo's time at 20,000 people).
        """
        if self._recent is None:
            self._recent = deque(maxlen=RECENT_HANDOFFS)

    @property
    def recent_handoffs(self) -> deque[Handoff]:
        """The latest hand-offs since :meth:`record_handoffs`, newest last (at most ``RECENT_HANDOFFS``)."""
        return deque(map(Handoff._make, self._recent or ()), maxlen=RECENT_HANDOFFS)

    def watch(self, people: list[Employee]) -> None:
        """Make ``people``, of one department and work pattern, monitors of the inboxes in its scope.

        At once: a build makes whole departments monitors (holistic: 100,000 people), and one
        call each cost 0.2 s; a department has one region.
        """
        first = people[0]
        groups = self.board.watch(
            [person.index for person in people],
            self.departments[first.department].name,
            first.region,
            first.pattern,
        )
        for person in people:
            person.monitor = True
            person.groups = list(groups)

    # --- the clock -----------------------------------------------------------------

    def _process_before(self, boundary: float) -> None:
        """Run hot events strictly earlier than ``boundary`` (:func:`simulation.engine.events.run_before`)."""
        processed = self._run_before(self, boundary)  # first: handlers count batches into events_processed
        self.events_processed += processed

    def advance(self, minutes: float) -> None:
        """Advance the clock by ``minutes`` (for step-wise use, such as the UI)."""
        self.advance_to(self.now + minutes)

    def advance_to(self, target: float) -> None:
        """Process every event up to clock ``target``, Mesa's and the model's."""
        while self.now < target:
            upcoming = self._event_list.peek_ahead(1) if not self._event_list.is_empty() else []
            boundary = min(target, upcoming[0].time) if upcoming else target
            self._process_before(boundary)
            self.run_until(boundary)
            self.now = boundary

    def run(self) -> OrgModel:
        """Run arrivals for the scenario's duration, then drain open work (cyclic GC paused)."""
        with collection_paused():
            self.advance_to(self.end_of_arrivals)
            while self.open_inquiries and self.now < self.end_of_drain:
                self.advance_to(min(self.end_of_drain, self.now + MINUTES_PER_DAY))
        return self

    # --- daily Mesa events ----------------------------------------------------------

    def _on_new_day(self) -> None:
        self.now = self.time
        self._update_daily_state()

    def _update_daily_state(self) -> None:
        adoption = self.parts.adoption
        self.adoption_share = adoption_share_at(adoption, self.now / MINUTES_PER_DAY)
        for experts in self._topic_experts:  # the expert search's free counts take in new adopters
            experts.count_below(self.adoption_share)
        self.barrier_multiplier = self.parts.barrier_multiplier * (
            1.0 - adoption.barrier_reduction * self.adoption_share
        )
        while self.future_monitors and self.future_monitors[0].adoption_threshold < self.adoption_share:
            person = self.future_monitors.popleft()  # adopted: watches the channels from now on
            self.watch([person])
            if person.task is None:
                self.try_start(person)

    # --- arrivals ---------------------------------------------------------------------

    def _reschedule_arrival(self) -> None:
        """Replace the pending arrival, drawn from an old stream or rate, by a new draw.

        The old one still comes, as an event that does nothing (as it always has).
        """
        if self._arrival[0] < math.inf:  # one is pending
            self._push((*self._arrival, ARRIVE, None, None))
        self._schedule_next_arrival()

    def replace_arrivals(self, stream) -> None:
        """Take arrivals from ``stream`` from now on (an ``ArrivalStream``'s methods, e.g. a replay).

        The stream must number topics and channels as the scenario lists them.
        """
        self.stream = stream
        self._reschedule_arrival()  # the pending arrival came from the old stream

    def inject_surge(self, topic: str, factor: float, hours: float) -> None:
        """A crisis starting now: ``topic``'s rate times ``factor`` for ``hours``."""
        self.stream.add_surge(topic, self.now, hours * 60.0, factor)
        self._reschedule_arrival()  # the pending arrival was drawn at the old rate

    def change_from_now(self, rate_factor: float = 1.0, **barriers: float) -> None:
        """A what-if from the current clock on, for live views: arrivals times ``rate_factor``, new barriers.

        ``barriers`` are fields of ``Scenario.barriers`` (``handoff_minutes=30``); they apply from
        the next draw on, while delays already drawn stand. The rate factor multiplies every
        topic's rate until the end of arrivals, on top of surges.
        """
        if barriers:
            self._take_barriers(self.barriers.model_copy(update=barriers))
        if rate_factor != 1.0:
            for topic in self.topic_names:
                self.stream.add_surge(topic, self.now, self.end_of_arrivals - self.now, rate_factor)
            self._reschedule_arrival()  # the pending arrival was drawn at the old rate

    def _on_replaced_arrival(self, _subject, _item) -> None:
        """An arrival replaced by a new draw (:meth:`_reschedule_arrival`): nothing arrives."""


def adoption_share_at(adoption, day: float) -> float:
    """Share of employees who have adopted by ``day``, along the configured curve."""
    if adoption.ramp_days <= 0:
        progress = 1.0 if day >= adoption.start_day else 0.0
    else:
        progress = min(1.0, max(0.0, (day - adoption.start_day) / adoption.ramp_days))
        if adoption.shape == "logistic":
            low, high = 1 / (1 + math.exp(5)), 1 / (1 + math.exp(-5))
            progress = (1 / (1 + math.exp(-10 * (progress - 0.5))) - low) / (high - low)
    return adoption.start_share + (adoption.end_share - adoption.start_share) * progress


__all__ = ["OrgModel", "Outcome", "adoption_share_at"]
