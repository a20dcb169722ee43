"""One benchmark case, measured in its own process so peak memory is its own.

``python -m benchmarks.cases '<case as JSON>'`` runs one case and prints its
measurements as one JSON line; ``--profile`` runs it under cProfile instead and
prints the top functions by cumulative time.
"""

from __future__ import annotations

import cProfile
import io
import json
import math
import pstats
import resource
import sys
import time
from dataclasses import asdict, dataclass

import numpy as np

from benchmarks.baselines import run_ciw, run_heapq, run_mesa, run_records
from benchmarks.scenarios import (
    MINUTES_PER_DAY,
    erlang_c_response,
    organisation_scenario,
    queue_problem,
    queue_scenario,
)
from simulation.engine.inquiries import Outcome
from simulation.engine.model import OrgModel

BATCHES = 30


@dataclass(frozen=True)
class Case:
    """What to run: ``engine`` on an organisation or on the M/M/N problem, or a baseline."""

    implementation: str  # "orgsim" or a baseline: "baseline A (Mesa, stepped)", "baseline B (heapq)", ...
    problem: str  # "organisation", "M/M/N", or "build" (an organisation built, not run)
    employees: int
    load: str  # "realistic" or "saturated"
    days: float
    model: str = "custom"  # the ownership model for problem == "organisation"
    seed: int = 1

    @property
    def label(self) -> str:
        """Short name for tables."""
        return f"{self.implementation} | {self.problem} {self.model} | {self.employees} | {self.load}"


def batch_standard_error(values: np.ndarray) -> float:
    """Standard error of the mean by batch means (robust to the queue's autocorrelation)."""
    if values.size < 2 * BATCHES:
        return float(values.std(ddof=1) / math.sqrt(values.size)) if values.size > 1 else math.nan
    usable = values[: values.size - values.size % BATCHES]
    means = usable.reshape(BATCHES, -1).mean(axis=1)
    return float(means.std(ddof=1) / math.sqrt(BATCHES))


def _engine(case: Case) -> tuple[np.ndarray, int, int, int, float, float, float]:
    if case.problem == "build":
        scenario = organisation_scenario(case.model, case.employees, case.days, seed=case.seed)
        started, cpu_started = time.perf_counter(), time.process_time()
        model = OrgModel(scenario)
        wall, cpu = time.perf_counter() - started, time.process_time() - cpu_started
        return np.array([]), 0, 0, len(model.people), wall, wall, cpu
    if case.problem == "organisation":
        scenario = organisation_scenario(case.model, case.employees, case.days, seed=case.seed)
    else:
        scenario = queue_scenario(queue_problem(case.load, case.employees, case.days), seed=case.seed)
    started, cpu_started = time.perf_counter(), time.process_time()
    model = OrgModel(scenario)
    build = time.perf_counter() - started
    model.run()
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    warmup = scenario.scenario.warmup_days * MINUTES_PER_DAY
    responses = np.array(
        [
            q.finished_at - q.arrival
            for q in model.inquiries
            if q.arrival >= warmup and q.outcome == Outcome.PUBLISHED
        ]
    )
    return responses, len(model.inquiries), model.events_processed, len(model.people), build, wall, cpu


def run_case(case: Case) -> dict[str, object]:
    """Build and run ``case``; wall and CPU time cover building and running, not imports or analysis.

    CPU time is this process's own: on a shared machine it moves less than wall time.
    """
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    build = 0.0
    if case.implementation == "orgsim":
        responses, inquiries, events, people, build, wall, cpu = _engine(case)
    else:
        runner = {"A": run_mesa, "B": run_heapq, "C": run_ciw, "D": run_records}[
            case.implementation.split()[1]
        ]
        started, cpu_started = time.perf_counter(), time.process_time()
        responses, events, inquiries = runner(queue_problem(case.load, case.employees, case.days), case.seed)
        wall, cpu = time.perf_counter() - started, time.process_time() - cpu_started
        people = case.employees
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    expected = math.nan
    if case.problem == "M/M/N":
        problem = queue_problem(case.load, case.employees, case.days)
        expected = erlang_c_response(problem.servers, problem.arrival_rate, problem.work_mean)
    return {
        **asdict(case),
        "label": case.label,
        "people": people,
        "inquiries": int(inquiries),
        "events": int(events),
        "wall_s": wall,
        "cpu_s": cpu,
        "build_s": build,
        "inquiries_per_s": inquiries / max(wall, 1e-9),
        "inquiries_per_cpu_s": inquiries / max(cpu, 1e-9),
        "events_per_s": events / max(wall, 1e-9),
        "sim_days_per_s": case.days / wall,
        "peak_rss_mb": rss_after / 1024,
        "rss_before_mb": rss_before / 1024,
        "response_mean_min": float(responses.mean()) if responses.size else math.nan,
        "response_se_min": batch_standard_error(responses),
        "answered": int(responses.size),
        "erlang_c_min": expected,
    }


def profile_case(case: Case, top: int = 15) -> str:
    """Run ``case`` under cProfile; the ``top`` functions by cumulative time, as text."""
    profiler = cProfile.Profile()
    profiler.enable()
    run_case(case)
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out).strip_dirs()  # file names only: no paths of this machine
    stats.sort_stats("cumulative").print_stats(top)
    out.write("\n--- by own time (tottime) ---\n")
    stats.sort_stats("tottime").print_stats(top)
    return out.getvalue()


def main(argv: list[str]) -> None:
    """Entry point of the per-case subprocess."""
    profile = "--profile" in argv
    case = Case(**json.loads(next(a for a in argv if a != "--profile")))
    if profile:
        print(profile_case(case))
    else:
        print(json.dumps(run_case(case)))


if __name__ == "__main__":
    main(sys.argv[1:])
