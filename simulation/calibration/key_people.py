"""Key people: what a week without one person costs (ORA's removal impact, on the simulated organisation).

For an imported organisation, each person in turn is taken out for a week — their
reports answer to their manager meanwhile — and the week is simulated with the same
seeds as the week with everyone (common random numbers), so the difference is the
person's. The cost is the drop in answered share, then the rise in median response,
each the mean of paired differences over replicates with a 95 % t interval. A person
who is the only one answering a topic is reported as such: while they are away, nobody
can answer it, and every inquiry on it is lost.

Only people the model leans on are tried when the organisation is large: those with the
most social-media hours in a run with everyone, plus every monitor and publisher.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from simulation.core.errors import ScenarioError
from simulation.core.seeding import replicate_seed
from simulation.engine.metrics import summarise
from simulation.engine.model import OrgModel
from simulation.experiments.statistics import confidence_interval
from simulation.scenario.types import Scenario

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
        """Costliest first: sole answerers, then the largest drop in answered share, then slower medians."""
        if self.sole_topics:
            return (-math.inf, 0.0)
        answered = self.answered_change[0]
        median = self.median_change[0]
        return (answered if not math.isnan(answered) else 0.0, -(median if not math.isnan(median) else 0.0))


def week_of(scenario: Scenario, days: float) -> Scenario:
    """``scenario`` cut to ``days`` of arrivals without warm-up (the absence)."""
    meta = scenario.scenario.model_copy(update={"duration_days": float(days), "warmup_days": 0.0})
    return scenario.model_copy(update={"scenario": meta})


def without(scenario: Scenario, person: str) -> Scenario:
    """``scenario`` with ``person`` away: their reports answer to their manager.

    Raises:
        ScenarioError: the organisation is not imported, or the person is its top person.

    """
    people = scenario.organisation.people
    leaving = next(p for p in people if p.id == person)
    if leaving.manager_id is None:
        raise ScenarioError(
            "organisation.import", f"{person!r} is the top person; the organisation needs one"
        )
    kept = tuple(
        p.model_copy(update={"manager_id": leaving.manager_id}) if p.manager_id == person else p
        for p in people
        if p.id != person
    )
    data = scenario.model_dump(by_alias=True)
    data["organisation"]["people"] = [p.model_dump() for p in kept]
    return Scenario.model_validate(data)


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
        if record.manager_id is None:
            continue
        sole = tuple(
            t
            for t in record.topics
            if t in scenario.inquiries.topics
            and not any(t in other.topics for other in scenario.organisation.people if other.id != person)
        )
        if sole:
            results.append(_absence(record, (math.nan, math.nan), (math.nan, math.nan), sole))
            continue
        away = without(week, person)
        answered, median = [], []
        for replicate, (baseline, _) in enumerate(present):
            summary, _ = _run(away, replicate)
            answered.append(float(summary["answered_share"]) - float(baseline["answered_share"]))
            median.append(
                float(summary["response_time_median_min"]) - float(baseline["response_time_median_min"])
            )
        results.append(_absence(record, confidence_interval(answered), confidence_interval(median), ()))
    return sorted(results, key=lambda absence: absence.sort_key)


def _absence(record, answered, median, sole) -> Absence:
    return Absence(record.id, record.name, record.role or "staff", record.department, answered, median, sole)


def describe(absence: Absence) -> str:
    """One line per person, in plain words."""
    who = f"{absence.name or absence.person} ({absence.role}, {absence.department})"
    if absence.sole_topics:
        return (
            f"{who}: the only one who answers {', '.join(absence.sole_topics)}; away, none of it is answered"
        )
    answered, half = absence.answered_change
    median, median_half = absence.median_change
    return f"{who}: answered share {answered:+.1%} (±{half:.1%}), median response {median:+.0f} min (±{median_half:.0f})"
