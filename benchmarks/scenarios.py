"""The scenarios the benchmark runs: generated organisations and the M/M/N problem.

*Realistic* load is one inquiry per four employees per day on an organisation
generated from ``scenarios/default.toml`` with its departments scaled to the
requested head count. The *M/M/N problem* is the engine reduced to a queue (like
``scenarios/validation/mmc.toml``): N monitors in one department who answer
everything round the clock, Poisson arrivals, exponential work, no routing,
approval, barrier or expiry. Baselines A and B implement exactly that queue.
"""

from __future__ import annotations

import copy
import math
from dataclasses import dataclass
from pathlib import Path

from simulation.scenario.loading import read_toml, scenario_from_dict
from simulation.scenario.types import Scenario

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT / "scenarios" / "default.toml"
MINUTES_PER_DAY = 1440.0
WORK_MEAN_MIN = 25.0  # the default scenario's mean work time
SATURATED_UTILISATION = 0.6
REALISTIC_PER_EMPLOYEE_DAY = 0.25
WARMUP_DAYS = 1.0
DRAIN_DAYS = 30.0


@dataclass(frozen=True)
class Queue:
    """One M/M/N problem: N servers, arrivals per minute, mean work in minutes."""

    servers: int
    arrival_rate: float
    work_mean: float
    days: float
    warmup_days: float = WARMUP_DAYS

    @property
    def utilisation(self) -> float:
        """Offered load per server, rho = lambda / (N mu)."""
        return self.arrival_rate * self.work_mean / self.servers


def load_rate(load: str, employees: int) -> float:
    """Arrivals per minute for ``realistic`` or ``saturated`` load on ``employees`` people."""
    if load == "realistic":
        return employees * REALISTIC_PER_EMPLOYEE_DAY / MINUTES_PER_DAY
    if load == "saturated":
        return SATURATED_UTILISATION * employees / WORK_MEAN_MIN
    raise ValueError(f"unknown load {load!r}; use realistic or saturated")


def queue_problem(load: str, employees: int, days: float) -> Queue:
    """The M/M/N problem with N = ``employees`` at the given load."""
    return Queue(employees, load_rate(load, employees), WORK_MEAN_MIN, days)


def scaled_departments(employees: int) -> list[dict]:
    """The default scenario's departments, sizes scaled to sum to ``employees``."""
    departments = read_toml(DEFAULT)["organisation"]["departments"]
    total = sum(d["size"] for d in departments)
    exact = [d["size"] * employees / total for d in departments]
    sizes = [max(1, math.floor(x)) for x in exact]
    # largest remainders get the missing people, so the sum is exact
    order = sorted(range(len(exact)), key=lambda i: exact[i] - math.floor(exact[i]), reverse=True)
    for i in order[: employees - sum(sizes)]:
        sizes[i] += 1
    return [{**d, "size": size} for d, size in zip(departments, sizes, strict=True)]


def organisation_scenario(model: str, employees: int, days: float, seed: int = 42) -> Scenario:
    """The default scenario at ``employees`` people, realistic load, ``model`` owning social media."""
    raw = copy.deepcopy(read_toml(DEFAULT))
    raw["scenario"].update(duration_days=days, warmup_days=WARMUP_DAYS, seed=seed)
    raw["organisation"]["departments"] = scaled_departments(employees)
    raw["inquiries"]["per_day"] = load_rate("realistic", employees) * MINUTES_PER_DAY
    raw["ownership"] = {"model": model}
    return scenario_from_dict(raw)


def queue_scenario(problem: Queue, seed: int = 2024) -> Scenario:
    """The engine reduced to ``problem`` (the mmc.toml reduction with N servers)."""
    raw = {
        "scenario": {
            "name": f"M/M/{problem.servers}",
            "seed": seed,
            "duration_days": problem.days,
            "warmup_days": problem.warmup_days,
            "drain_days": DRAIN_DAYS,
        },
        "organisation": {
            "departments": [
                {"name": "servers", "size": problem.servers, "topics": ["general"], "expert_share": 1.0}
            ],
            "working_hours": {"start": 0, "end": 24, "days": "mon-sun"},
            "cross_department_ties": 0,
            "intra_department_ties": 0,
        },
        "inquiries": {
            "per_day": problem.arrival_rate * MINUTES_PER_DAY,
            "topics": {"general": 1.0},
            "standard_share": 0.0,
            "patience_hours": math.inf,
            "work_minutes": {"distribution": "exponential", "mean": problem.work_mean},
        },
        "barriers": {
            "handoff_minutes": 0,
            "boundary_minutes": 0,
            "boundary_drop": 0,
            "approval_minutes": 0,
            "triage_minutes": 0,
            "publish_minutes": 0,
            "expert_search_minutes": 0,
            "alignment_minutes_per_peer": 0,
        },
        "availability": {"others": 1.0},  # every server gives the whole shift
        "ownership": {
            "model": "custom",
            "monitors": ["department:servers"],
            "publishers": ["department:servers"],
            "trained": [],
            "answerers": ["department:servers"],
            "routing": ["hierarchy"],
        },
    }
    return scenario_from_dict(raw)


def erlang_c_response(servers: int, arrival_rate: float, work_mean: float) -> float:
    """Mean time in system of an M/M/N queue (Erlang C), computed stably for large N."""
    load = arrival_rate * work_mean
    rho = load / servers
    if rho >= 1:
        return math.inf
    # Erlang B by recursion, then C from B: no factorials, fine for N = 20,000
    blocking = 1.0
    for k in range(1, servers + 1):
        blocking = load * blocking / (k + load * blocking)
    waiting = blocking / (1 - rho * (1 - blocking))
    return waiting / (servers / work_mean - arrival_rate) + work_mean
