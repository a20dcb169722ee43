"""Key people: what a week without one person costs (ORA's removal impact, on the simulated organisation).

For an imported organisation, each person in turn is away for a week
(:mod:`simulation.engine.absences`: off shift, their work waits for them, colleagues
who are in take what routing can give them), and the week is simulated with the same
seeds as the week with everyone (common random numbers), so the difference is the
person's. The cost is the drop in answered share, then the rise in median response,
each the mean of paired differences over replicates with a 95 % t interval. A person
who is the only one answering a topic is named as such.

Only people the model leans on are tried when the organisation is large: those with the
most social-media hours in a run with everyone, plus every monitor and publisher.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from simulation.core.errors import ScenarioError
from simulation.core.seeding import replicate_seed
from simulation.engine.collector import collected_afterwards
from simulation.engine.metrics import summarise
from simulation.engine.model import OrgModel
from simulation.experiments.statistics import confidence_interval
from simulation.scenario.types import AbsenceEntry, Scenario

MAX_CANDIDATES = 40


@dataclass(frozen=True)
class Absence:
    """What one person's week away costs; differences are away minus present."""

    person: str
    name: str
    role: str
    department: str
    answered_change: tuple[float, float]  # mean and 95 % half-width, share points
    median_change: tuple[float, float]  # minutes
    sole_topics: tuple[str, ...] = ()

    @property
    def sort_key(self) -> tuple[float, float]:
        """Costliest first: the largest drop in answered share, then the slowest median."""
        answered = self.answered_change[0]
        median = self.median_change[0]
        return (answered if not math.isnan(answered) else 0.0, -(median if not math.isnan(median) else 0.0))


def week_of(scenario: Scenario, days: float) -> Scenario:
    """``scenario`` cut to ``days`` of arrivals without warm-up (the absence)."""
    meta = scenario.scenario.model_copy(update={"duration_days": float(days), "warmup_days": 0.0})
    return scenario.model_copy(update={"scenario": meta})


def away(scenario: Scenario, person: str, days: float) -> Scenario:
    """``scenario`` with ``person`` away from the first day for ``days`` (``absences.calendar``)."""
    entry = AbsenceEntry(person=person, from_day=0.0, days=days)
    absences = scenario.absences.model_copy(update={"calendar": [*scenario.absences.calendar, entry]})
    return scenario.model_copy(update={"absences": absences})


def _run(scenario: Scenario, replicate: int) -> tuple[dict[str, object], OrgModel]:
    model = OrgModel(scenario, replicate_seed(scenario.scenario.seed, replicate)).run()
    return summarise(model, replicate=replicate), model


def key_people(scenario: Scenario, days: float = 7.0, replicates: int = 5) -> list[Absence]:
    """Every candidate's week away against the week with everyone, costliest first."""
    if not scenario.organisation.people:
        raise ScenarioError(
            "organisation.import", "the key-person analysis needs real people: import an org chart"
        )
    week = week_of(scenario, days)
    present = [_run(week, replicate) for replicate in range(replicates)]
    model = present[0][1]
    records = {p.id: p for p in scenario.organisation.people}
    hours = {model.graph.nodes[p.index]["person_id"]: p.busy_minutes for p in model.people}
    leaned_on = {
        model.graph.nodes[p.index]["person_id"] for p in model.people if p.monitor or p.publisher or p.team
    }
    ranked = sorted(hours, key=lambda person: -hours[person])
    candidates = [p for p in ranked if p in leaned_on or hours[p] > 0][:MAX_CANDIDATES]
    results = []
    for person in candidates:
        record = records[person]
        sole = tuple(
            t
            for t in record.topics
            if t in scenario.inquiries.topics
            and not any(t in other.topics for other in scenario.organisation.people if other.id != person)
        )
        absent = away(week, person, days)
        answered, median = [], []
        for replicate, (baseline, _) in enumerate(present):
            with collected_afterwards():  # one model after another: each one's memory given back
                summary = _run(absent, replicate)[0]
            answered.append(float(summary["answered_share"]) - float(baseline["answered_share"]))
            median.append(
                float(summary["response_time_median_min"]) - float(baseline["response_time_median_min"])
            )
        results.append(_absence(record, confidence_interval(answered), confidence_interval(median), sole))
    return sorted(results, key=lambda absence: absence.sort_key)


def _absence(record, answered, median, sole) -> Absence:
    return Absence(record.id, record.name, record.role or "staff", record.department, answered, median, sole)


def describe(absence: Absence) -> str:
    """One line per person, in plain words."""
    who = f"{absence.name or absence.person} ({absence.role}, {absence.department})"
    answered, half = absence.answered_change
    median, median_half = absence.median_change
    sole = f"; the only one who answers {', '.join(absence.sole_topics)}" if absence.sole_topics else ""
    return (
        f"{who}: answered share {answered:+.1%} (±{half:.1%}), "
        f"median response {median:+.0f} min (±{median_half:.0f}){sole}"
    )
