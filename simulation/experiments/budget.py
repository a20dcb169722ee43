"""The work budget: what a command will cost, estimated before anything runs.

A scenario with ``per_day = 1e9``, ten years of 100,000 inquiries a day or a grid
sweep of a million samples is valid input but runaway work: left alone it grows to
the machine's memory limit and dies, or runs for days. :func:`estimate` prices a
command from the scenario alone (people, arrivals, days, runs, processes), and
:func:`check_budget` refuses an estimate above :data:`MAX_EVENTS` or
:data:`MAX_MEMORY_BYTES` unless the user passed ``--allow-large``.

The coefficients were measured with orgsim's own engine on a 2-core machine
(``docs/reliability.md``, "The work budget"): about 20 events per arriving inquiry
in the busiest ownership model, two shift events per person and day, 40,000 events
a second, 6 KB per person, 1 KB per inquiry held by a run. They err on the high
side; the estimate is an order of magnitude, not a promise.
"""

from __future__ import annotations

from dataclasses import dataclass

from simulation.core.errors import ScenarioError
from simulation.scenario.types import Scenario

ALLOW_FLAG = "--allow-large"
MAX_EVENTS = 2e8  # about an hour and a half of simulation on one core
MAX_MEMORY_BYTES = 8 * 1024**3  # per process

EVENTS_PER_ARRIVAL = 20.0
SHIFT_EVENTS_PER_PERSON_DAY = 2.0
EVENTS_PER_SECOND = 40_000.0
BUILD_SECONDS_PER_PERSON = 0.0005
BASE_BYTES = 250 * 1024**2  # the interpreter with numpy, networkx, pydantic and mesa loaded
BYTES_PER_PERSON = 6 * 1024
BYTES_PER_IMPORTED_PERSON = 2 * 1024  # the person records read from the file, on top
BYTES_PER_INQUIRY = 1024
BYTES_PER_TRACED_INQUIRY = 2 * 1024  # with scenario.record_traces, on top
BYTES_KEPT_PER_INQUIRY = 200  # per-inquiry rows a comparison keeps for every run
BYTES_KEPT_PER_PERSON = 64  # per-person workload rows a comparison keeps for every run
TIES_IN_BYTES_PER_PERSON = 4.0  # ties per person that BYTES_PER_PERSON already pays for
BYTES_PER_TIE = 300  # a networkx edge with its attributes, beyond those
IMPORTED_TEAM_SIZE = 12  # the importer's largest team (simulation.organisation.importers)


@dataclass(frozen=True)
class Work:
    """One run's size, taken from a scenario.

    Attributes:
        people: employees in the organisation.
        arrivals: expected inquiries arriving in one run (surges included).
        days: simulated days (duration and drain).
        imported: whether the people were read from a file.
        traces: whether every step of every inquiry is recorded.
        ties: edges of the communication graph (teams are cliques: a wide span costs
            the square of its size).

    """

    people: int
    arrivals: float
    days: float
    imported: bool = False
    traces: bool = False
    ties: float = 0.0


def work_of(scenario: Scenario) -> Work:
    """The size of one run of ``scenario``: people, expected arrivals and simulated days."""
    inquiries = scenario.inquiries
    meta = scenario.scenario
    arrivals = inquiries.per_day * meta.duration_days
    total_weight = sum(inquiries.topics.values())
    for event in scenario.events:
        share = inquiries.topics.get(event.topic, 0.0) / total_weight
        arrivals += inquiries.per_day * share * max(event.factor - 1.0, 0.0) * event.hours / 24.0
    organisation = scenario.organisation
    informal = 1.0 + (organisation.cross_department_ties + organisation.intra_department_ties) / 2
    if organisation.people:
        team_ties = organisation.size * (IMPORTED_TEAM_SIZE - 1) / 2
    else:
        span = organisation.span_of_control
        team_ties = sum(d.size * (min(span, d.size) - 1) / 2 for d in organisation.departments)
    return Work(
        people=organisation.size,
        arrivals=arrivals,
        days=meta.duration_days + meta.drain_days,
        imported=bool(organisation.people),
        traces=meta.record_traces,
        ties=team_ties + informal * organisation.size,
    )


@dataclass(frozen=True)
class Estimate:
    """What a command costs: every run of it, on ``processes`` processes side by side.

    Attributes:
        work: the size of one run (the costliest, for a sweep).
        runs: simulation runs in all (replicates × models × sweep points).
        processes: runs side by side (sweep workers), each holding its own run.
        kept_per_run: whether every run's per-inquiry rows stay in memory (``compare``).

    """

    work: Work
    runs: int
    processes: int = 1
    kept_per_run: bool = False

    @property
    def events(self) -> float:
        """Simulation events over all runs."""
        work = self.work
        per_run = EVENTS_PER_ARRIVAL * work.arrivals + SHIFT_EVENTS_PER_PERSON_DAY * work.people * work.days
        return per_run * self.runs

    @property
    def memory_bytes(self) -> float:
        """Peak memory of all processes together (bytes)."""
        work = self.work
        per_person = BYTES_PER_PERSON + (BYTES_PER_IMPORTED_PERSON if work.imported else 0)
        per_inquiry = BYTES_PER_INQUIRY + (BYTES_PER_TRACED_INQUIRY if work.traces else 0)
        extra_ties = max(0.0, work.ties - TIES_IN_BYTES_PER_PERSON * work.people)
        one = BASE_BYTES + per_person * work.people + BYTES_PER_TIE * extra_ties + per_inquiry * work.arrivals
        if self.kept_per_run:
            one += self.runs * (BYTES_KEPT_PER_INQUIRY * work.arrivals + BYTES_KEPT_PER_PERSON * work.people)
        return one * min(self.processes, self.runs)

    @property
    def wall_seconds(self) -> float:
        """Wall time, with the runs spread over the processes."""
        build = BUILD_SECONDS_PER_PERSON * self.work.people * self.runs
        return (self.events / EVENTS_PER_SECOND + build) / max(1, min(self.processes, self.runs))

    def describe(self) -> str:
        """One line: runs, events, memory and wall time, rounded for people."""
        runs = f"{self.runs:,} run{'s' if self.runs != 1 else ''}"
        return (
            f"{runs} of {self.work.people:,} people and ~{_count(self.work.arrivals)} inquiries: "
            f"~{_count(self.events)} events, ~{_bytes(self.memory_bytes)} memory, ~{_duration(self.wall_seconds)}"
        )

    def excess(self) -> str | None:
        """What exceeds the budget, or None when the estimate is within it."""
        over = []
        if self.events > MAX_EVENTS:
            over.append(f"{_count(self.events)} events > {_count(MAX_EVENTS)}")
        if self.memory_bytes > MAX_MEMORY_BYTES:
            over.append(f"{_bytes(self.memory_bytes)} memory > {_bytes(MAX_MEMORY_BYTES)}")
        return "; ".join(over) or None

    def culprit(self) -> str:
        """The field that makes the work large, for the error message."""
        work = self.work
        per_run_events = self.events / self.runs
        per_run_bytes = self.memory_bytes / max(1, min(self.processes, self.runs))
        if (per_run_events > MAX_EVENTS or per_run_bytes > MAX_MEMORY_BYTES) and (
            EVENTS_PER_ARRIVAL * work.arrivals >= SHIFT_EVENTS_PER_PERSON_DAY * work.people * work.days
        ):
            return "inquiries.per_day"
        if per_run_events > MAX_EVENTS or per_run_bytes > MAX_MEMORY_BYTES:
            return "organisation"
        return "runs"


def check_budget(estimate: Estimate, allow_large: bool, runs_field: str = "--replicates") -> None:
    """Refuse an estimate above the budget unless ``allow_large``.

    Raises:
        ScenarioError: naming the field that makes the work large, with the estimate,
            the limits and the flag that allows it.

    """
    excess = estimate.excess()
    if excess is None or allow_large:
        return
    field = estimate.culprit()
    if field == "runs":
        field = runs_field
    raise ScenarioError(
        field,
        f"too much work: {estimate.describe()} ({excess}); make it smaller, "
        f"or pass {ALLOW_FLAG} to run it anyway",
    )


def _count(value: float) -> str:
    for limit, suffix in ((1e12, " trillion"), (1e9, " billion"), (1e6, " million")):
        if value >= limit:
            return f"{value / limit:.3g}{suffix}"
    return f"{value:,.0f}"


def _bytes(value: float) -> str:
    if value >= 1024**4:
        return f"{value / 1024**4:,.1f} TB"
    if value >= 1024**3:
        return f"{value / 1024**3:.1f} GB"
    return f"{value / 1024**2:,.0f} MB"


def _duration(seconds: float) -> str:
    if seconds >= 2 * 86400:
        return f"{seconds / 86400:,.0f} days"
    if seconds >= 2 * 3600:
        return f"{seconds / 3600:.0f} h"
    if seconds >= 120:
        return f"{seconds / 60:.0f} min"
    return f"{max(seconds, 1):.0f} s"
