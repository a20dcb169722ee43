"""Run metrics computed from the per-inquiry records (the keys of `run --json`, a contract).

Counted inquiries are those arriving after the warm-up. Shares have all counted
inquiries as denominator; response-time statistics cover answered inquiries
(published by their deadline). ``answered_within_patience_share`` holds each answer
against its customer's own patience instead of the deadline; incidents are wrong
answers that were published (in time or late), per 1,000 published answers;
rework hours are the rewriting of answers caught in review plus the corrections
after incidents. An inquiry published after its deadline is
*lost* and also *late*; one still in the organisation when the run ends is
*open* if its deadline has not passed, else lost.
"""

from __future__ import annotations

import math
from importlib.metadata import PackageNotFoundError, version

import numpy as np

from simulation.core.shifts import MINUTES_PER_DAY
from simulation.engine.inquiries import Outcome

SUMMARY_KEYS = (
    "scenario",
    "model",
    "seed",
    "replicate",
    "orgsim_version",
    "inquiries",
    "answered_share",
    "lost_share",
    "answered_within_1h_share",
    "answered_within_24h_share",
    "response_time_mean_min",
    "response_time_median_min",
    "response_time_p90_min",
    "response_time_p99_min",
    "handoffs_per_inquiry",
    "middlemen_per_inquiry",
    "boundary_crossings_per_inquiry",
    "messages_total",
    "time_in_queue_share",
    "time_in_transit_share",
    "time_in_approval_share",
    "coordination_hours",
    "person_hours_social",
    "max_utilisation",
    "workload_gini",
    "late_share",
    "open_share",
    "answered_by_non_expert_share",
    "answered_within_patience_share",
    "incidents_per_1000_answers",
    "rework_hours",
)


def orgsim_version() -> str:
    """The installed version, or the source tree's."""
    try:
        return version("orgsim")
    except PackageNotFoundError:
        return "0.1.0"


INQUIRY_COLUMNS = (
    "id",
    "topic",
    "channel",
    "region",
    "standard",
    "arrival",
    "deadline",
    "finished_at",
    "outcome",
    "noticer",
    "drafter",
    "handoffs",
    "crossings",
    "middlemen",
    "queue_minutes",
    "transit_minutes",
    "approval_minutes",
    "work_minutes",
    "non_expert",
    "patience",
    "wrong",
    "rework_minutes",
)


def inquiry_table(model) -> dict[str, np.ndarray]:
    """Per-inquiry columns (``INQUIRY_COLUMNS``) as arrays, one row per inquiry that arrived."""
    records = model.inquiries
    return {name: np.asarray([getattr(q, name) for q in records]) for name in INQUIRY_COLUMNS}


def summarise(model, replicate: int = 0, seed: int | None = None) -> dict[str, object]:
    """The run summary (`SUMMARY_KEYS`) of one finished run."""
    spec = model.scenario_spec
    table = inquiry_table(model)
    counted = table["arrival"] >= spec.scenario.warmup_days * MINUTES_PER_DAY
    table = {name: column[counted] for name, column in table.items()}
    total = int(counted.sum())
    published = table["outcome"] == Outcome.PUBLISHED
    in_time = published & (table["finished_at"] <= table["deadline"])
    still_open = (table["outcome"] == Outcome.OPEN) & (table["deadline"] > model.now)
    response = (table["finished_at"] - table["arrival"])[in_time]
    answered = int(in_time.sum())
    published_count = int(published.sum())
    spent = float(response.sum())
    busy = np.array([p.busy_minutes for p in model.people])

    def share(mask) -> float:
        return float(np.count_nonzero(mask)) / total if total else math.nan

    def part_of_response(column: str) -> float:
        return float(table[column][in_time].sum()) / spent if spent > 0 else math.nan

    def percentile(q: float) -> float:
        return float(np.percentile(response, q)) if answered else math.nan

    def per_inquiry(column: str) -> float:
        return float(table[column].mean()) if total else math.nan

    return {
        "scenario": spec.scenario.name,
        "model": spec.ownership.model,
        "seed": spec.scenario.seed if seed is None else seed,
        "replicate": replicate,
        "orgsim_version": orgsim_version(),
        "inquiries": total,
        "answered_share": share(in_time),
        "lost_share": share(~in_time & ~still_open),
        "answered_within_1h_share": share(in_time & (table["finished_at"] - table["arrival"] <= 60.0)),
        "answered_within_24h_share": share(in_time & (table["finished_at"] - table["arrival"] <= 1440.0)),
        "response_time_mean_min": float(response.mean()) if answered else math.nan,
        "response_time_median_min": percentile(50),
        "response_time_p90_min": percentile(90),
        "response_time_p99_min": percentile(99),
        "handoffs_per_inquiry": per_inquiry("handoffs"),
        "middlemen_per_inquiry": per_inquiry("middlemen"),
        "boundary_crossings_per_inquiry": per_inquiry("crossings"),
        "messages_total": int(table["handoffs"].sum()),
        "time_in_queue_share": part_of_response("queue_minutes"),
        "time_in_transit_share": part_of_response("transit_minutes"),
        "time_in_approval_share": part_of_response("approval_minutes"),
        "coordination_hours": sum(p.coordination_minutes for p in model.people) / 60.0,
        "person_hours_social": float(busy.sum()) / 60.0,
        "max_utilisation": max_utilisation(model),
        "workload_gini": gini(busy),
        "late_share": share(published & ~in_time),
        "open_share": share(still_open),
        "answered_by_non_expert_share": float(table["non_expert"][in_time].sum()) / answered
        if answered
        else math.nan,
        "answered_within_patience_share": share(
            published & (table["finished_at"] - table["arrival"] <= table["patience"])
        ),
        "incidents_per_1000_answers": 1000.0
        * float(np.count_nonzero(published & table["wrong"]))
        / published_count
        if published_count
        else math.nan,
        "rework_hours": float(table["rework_minutes"].sum()) / 60.0,
    }


def max_utilisation(model) -> float:
    """Largest share of on-shift time anyone spent on social work (overtime can push it past 1).

    On-shift time is the whole shift: the hours for inquiry work and the meetings at their start.
    """
    best = 0.0
    for person in model.people:
        meetings = person.coordination_minutes
        work = person.busy_minutes + meetings
        if work > 0:
            available = person.pattern.minutes_on_shift(0.0, model.now) + meetings
            best = max(best, work / available if available > 0 else math.inf)
    return best


def gini(values: np.ndarray) -> float:
    """Gini coefficient of non-negative values: 0 when all equal, towards 1 when one does all."""
    values = np.sort(np.asarray(values, dtype=float))
    if values.size == 0 or values.sum() == 0:
        return 0.0
    ranks = np.arange(1, values.size + 1)
    return float((2 * ranks - values.size - 1) @ values / (values.size * values.sum()))


def flow_matrix(model) -> tuple[list[str], np.ndarray]:
    """Department names and the messages sent from row department to column department."""
    return [d.name for d in model.departments], model.flow.copy()


def backlog(model, step_minutes: float = 60.0) -> tuple[np.ndarray, np.ndarray]:
    """Inquiries in the organisation (arrived, not yet closed) at every ``step_minutes``."""
    table = inquiry_table(model)
    times = np.arange(0.0, model.now + step_minutes, step_minutes)
    closed = np.where(table["outcome"] == Outcome.OPEN, np.inf, table["finished_at"])
    arrived = np.searchsorted(np.sort(table["arrival"]), times, side="right")
    done = np.searchsorted(np.sort(closed), times, side="right")
    return times, arrived - done


def workload(model) -> dict[str, np.ndarray]:
    """Per person (index order): department index, role, and hours of inquiry work and of coordination.

    ``inquiry_hours`` is the time spent triaging, forwarding, answering, approving and
    publishing; ``coordination_hours`` the time in meetings and alignment. Both in hours
    over the whole run (warm-up and drain included).
    """
    people = model.people
    return {
        "department": np.array([p.department for p in people], dtype=np.int64),
        "role": np.array([p.role for p in people], dtype=object),
        "inquiry_hours": np.array([p.busy_minutes for p in people], dtype=float) / 60.0,
        "coordination_hours": np.array([p.coordination_minutes for p in people], dtype=float) / 60.0,
    }
