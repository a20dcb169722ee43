"""Three baselines for the M/M/N problem of :mod:`benchmarks.scenarios`.

*A* is written the way a typical Mesa user would: time-stepped, one
``model.step()`` per simulated minute, every agent's ``step()`` checking the
shared inbox (Mesa 3.5 ``Agent`` and ``AgentSet.shuffle_do``). Arrival and
finishing times stay continuous inside a minute (an agent freed at 12.3 starts
the next item at 12.3, not at 13), so A is the same M/M/N queue and not a
discretised one; the only approximation is that, inside one minute, an agent
freed later may take an item before an idle one (measured: well under 1 % on
the mean).

*B* is the same queue as a minimal ``heapq`` event loop with no framework.

*D* is B's loop keeping what the engine keeps: each inquiry comes from the engine's own
arrival stream, seeded as the engine seeds it (so the two answer the very same inquiries,
each with its rows of pre-drawn numbers and its ``Inquiry`` record), every record is
kept and filled in as the engine fills it, and each server keeps its busy minutes, tasks done
and place in an idle queue. The engine is then compared with a loop doing the same
bookkeeping without its structure (ownership parts, routing, shifts, rights): what is left
between the two is the cost of that structure, what lies between D and B the cost of the
records.

*C* is the same queue in Ciw, a discrete-event library for queueing networks, as its
documentation writes an M/M/c queue. Ciw is not a dependency of orgsim: it comes with the
``bench`` extra (``uv sync --extra bench``), and only ``--ciw`` runs it.

All four return the response times of inquiries arriving after the warm-up.
"""

from __future__ import annotations

import math
import random
from collections import deque
from heapq import heappop, heappush
from itertools import count

import mesa
import numpy as np

from benchmarks.scenarios import DRAIN_DAYS, MINUTES_PER_DAY, Queue, queue_scenario
from simulation.core.seeding import replicate_seed
from simulation.engine.collector import collection_paused
from simulation.engine.inquiries import ArrivalStream, Inquiry, Outcome

ARRIVE, FINISH = 0, 1
PUBLISHED = Outcome.PUBLISHED


def run_heapq(problem: Queue, seed: int = 1) -> tuple[np.ndarray, int, int]:
    """Baseline B: response times (minutes) after the warm-up, events processed, arrivals."""
    rng = random.Random(seed)
    expo = rng.expovariate
    arrival_rate, service_rate = problem.arrival_rate, 1.0 / problem.work_mean
    end = problem.days * MINUTES_PER_DAY
    warmup = problem.warmup_days * MINUTES_PER_DAY
    sequence = count()
    heap = [(expo(arrival_rate), next(sequence), ARRIVE, 0.0)]
    waiting: deque[float] = deque()
    idle = problem.servers
    responses: list[float] = []
    record = responses.append
    events = arrivals = 0
    while heap:
        now, _, kind, arrival = heappop(heap)
        events += 1
        if kind == ARRIVE:
            arrivals += 1
            following = now + expo(arrival_rate)
            if following < end:
                heappush(heap, (following, next(sequence), ARRIVE, 0.0))
            if idle:
                idle -= 1
                heappush(heap, (now + expo(service_rate), next(sequence), FINISH, now))
            else:
                waiting.append(now)
        else:
            if arrival >= warmup:
                record(now - arrival)
            if waiting:
                heappush(heap, (now + expo(service_rate), next(sequence), FINISH, waiting.popleft()))
            else:
                idle += 1
    return np.asarray(responses), events, arrivals


class Server:
    """Baseline D's server: what the engine keeps per person for its tasks."""

    __slots__ = ("busy_minutes", "index", "started", "task", "tasks_done")

    def __init__(self, index: int):
        self.index = index
        self.task: Inquiry | None = None
        self.started = 0.0
        self.busy_minutes = 0.0
        self.tasks_done = 0


def run_records(problem: Queue, seed: int = 1) -> tuple[np.ndarray, int, int]:
    """Baseline D: response times (minutes) after the warm-up, events processed, arrivals."""
    end = problem.days * MINUTES_PER_DAY
    _, arrival_seed, _, _ = replicate_seed(seed, 0).spawn(4)  # as OrgModel seeds its arrival stream
    stream = ArrivalStream(queue_scenario(problem), np.random.default_rng(arrival_seed))
    servers = [Server(index) for index in range(problem.servers)]
    idle = deque(servers)  # longest idle first, as the engine picks
    waiting: deque[Inquiry] = deque()
    inquiries: list[Inquiry] = []
    heap: list[tuple[float, int, int]] = []
    sequence = count()
    arrival = stream.next_time(0.0, end)
    events = 0

    def start(server: Server, inquiry: Inquiry, now: float) -> None:
        if now > inquiry.enqueued_at:
            inquiry.queue_minutes += now - inquiry.enqueued_at
        inquiry.noticer = server.index
        inquiry.noticed_at = now
        server.task = inquiry
        server.started = now
        heappush(heap, (now + inquiry.work, next(sequence), server.index))

    with collection_paused():  # as the engine runs: millions of records kept, no cycles among them
        while True:
            events += 1
            if arrival < (heap[0][0] if heap else math.inf):
                now = arrival
                inquiry = stream.make(now)
                inquiries.append(inquiry)
                if idle:
                    start(idle.popleft(), inquiry, now)
                else:
                    waiting.append(inquiry)
                arrival = stream.next_time(now, end)
            elif heap:
                now, _, index = heappop(heap)
                server = servers[index]
                inquiry = server.task
                duration = now - server.started
                server.task = None
                server.tasks_done += 1
                server.busy_minutes += duration
                inquiry.work_minutes += duration
                inquiry.drafter = index
                inquiry.outcome = PUBLISHED
                inquiry.finished_at = now
                if waiting:
                    start(server, waiting.popleft(), now)
                else:
                    idle.append(server)
            else:
                break
    warmup = problem.warmup_days * MINUTES_PER_DAY
    responses = [q.finished_at - q.arrival for q in inquiries if q.arrival >= warmup]
    return np.asarray(responses), events - 1, len(inquiries)


class Monitor(mesa.Agent):
    """Baseline A's agent: finishes its task when due, then takes the oldest inquiry."""

    def __init__(self, model: SteppedQueue):
        super().__init__(model)
        self.arrival = -1.0  # arrival of the inquiry in hand, -1 when idle
        self.busy_until = 0.0

    def step(self) -> None:
        """Check the inbox once per simulated minute."""
        model = self.model
        horizon = model.minute + 1.0
        inbox = model.inbox
        while self.busy_until < horizon:
            if self.arrival >= 0:
                model.finish(self.arrival, self.busy_until)
                self.arrival = -1.0
            if not inbox:
                return
            arrival, work = inbox.popleft()
            self.arrival = arrival
            self.busy_until = max(self.busy_until, arrival) + work


class SteppedQueue(mesa.Model):
    """Baseline A: one ``step()`` per simulated minute; every agent steps every minute."""

    def __init__(self, problem: Queue, seed: int = 1):
        super().__init__(rng=np.random.default_rng(seed))
        self.problem = problem
        self.minute = 0
        self.end = problem.days * MINUTES_PER_DAY
        self.warmup = problem.warmup_days * MINUTES_PER_DAY
        self.inbox: deque[tuple[float, float]] = deque()
        self.open = 0
        self.arrivals = 0
        self.responses: list[float] = []
        self.agent_steps = 0
        self._expo = self.random.expovariate
        self.next_arrival = self._expo(problem.arrival_rate)
        Monitor.create_agents(self, problem.servers)

    def step(self) -> None:
        """Bring this minute's arrivals into the inbox, then let every agent look at it."""
        horizon = self.minute + 1.0
        rate, work_rate = self.problem.arrival_rate, 1.0 / self.problem.work_mean
        while self.next_arrival < horizon and self.next_arrival < self.end:
            self.inbox.append((self.next_arrival, self._expo(work_rate)))
            self.open += 1
            self.arrivals += 1
            self.next_arrival += self._expo(rate)
        self.agents.shuffle_do("step")
        self.agent_steps += len(self.agents)
        self.minute += 1

    def finish(self, arrival: float, at: float) -> None:
        """An agent finished the inquiry that arrived at ``arrival``."""
        self.open -= 1
        if arrival >= self.warmup:
            self.responses.append(at - arrival)

    @property
    def done(self) -> bool:
        """Arrivals are over and every inquiry has been answered."""
        return self.minute >= self.end and self.open == 0


def run_mesa(problem: Queue, seed: int = 1) -> tuple[np.ndarray, int, int]:
    """Baseline A: response times (minutes) after the warm-up, agent steps taken, arrivals."""
    model = SteppedQueue(problem, seed)
    while not model.done:
        model.step()
    return np.asarray(model.responses), model.agent_steps, model.arrivals


CIW_MISSING = "baseline C needs Ciw, which is not installed: `uv sync --extra bench` (then `uv run ...`)"


def run_ciw(problem: Queue, seed: int = 1) -> tuple[np.ndarray, int, int]:
    """Baseline C: response times (minutes) after the warm-up, events (arrivals and departures), arrivals.

    Arrivals stop at the end of the horizon and the queue drains, as in A and B.
    """
    try:
        import ciw
    except ImportError:
        raise SystemExit(CIW_MISSING) from None
    end = problem.days * MINUTES_PER_DAY

    class ArrivalsUntilEnd(ciw.dists.Exponential):
        """Poisson arrivals that stop at the end of the horizon (Ciw's own would go on)."""

        def sample(self, t=None, ind=None):
            gap = super().sample(t, ind)
            return gap if t + gap < end else float("inf")

    ciw.seed(seed)
    network = ciw.create_network(
        arrival_distributions=[ArrivalsUntilEnd(problem.arrival_rate)],
        service_distributions=[ciw.dists.Exponential(1.0 / problem.work_mean)],
        number_of_servers=[problem.servers],
    )
    simulation = ciw.Simulation(network)
    simulation.simulate_until_max_time(end + DRAIN_DAYS * MINUTES_PER_DAY)
    records = simulation.get_all_records()
    warmup = problem.warmup_days * MINUTES_PER_DAY
    responses = [r.exit_date - r.arrival_date for r in records if r.arrival_date >= warmup]
    return np.asarray(responses), 2 * len(records), len(records)
