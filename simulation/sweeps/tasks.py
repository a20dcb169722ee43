"""Tasks: one (point, model, replicate) run each, with its seed; batches of them for the workers.

Seeds (common random numbers): task (point ``p``, replicate ``r``) runs with
``SeedSequence(sweep_seed, spawn_key=(p, r))`` whatever its model, order, worker
count or executor. The point id keys the non-model parameters only, so every
model run at one point and replicate sees the same arrivals, topics and work
times, and differences between models come from the models.
"""

from __future__ import annotations

import math
import os
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from simulation.core.errors import ScenarioError
from simulation.scenario.loading import scenario_from_dict, with_overrides
from simulation.sweeps.samplers import Design
from simulation.sweeps.spec import MODEL_PARAMETER


@dataclass(frozen=True)
class Task:
    """One run of a sweep.

    Attributes:
        id: ``p<point>-m<model index>-r<replicate>``, zero-padded; names the part file.
        point: the point id (index into ``Design.points``).
        model: the ownership model.
        replicate: replicate number, from 0.
        overrides: dotted path -> value applied to the base scenario (point values and model).

    """

    id: str
    point: int
    model: str
    replicate: int
    overrides: dict[str, Any]


@dataclass(frozen=True)
class Context:
    """What every run of a sweep shares: the base scenario, the sweep's seed and its outputs."""

    base: dict[str, Any]
    seed: int
    outputs: tuple[str, ...]


@dataclass(frozen=True)
class Batch:
    """Consecutive tasks sent to a worker in one message (picklable)."""

    context: Context
    tasks: tuple[Task, ...]


@dataclass(frozen=True)
class BatchResult:
    """The rows of a batch and what it cost the worker that ran it.

    Attributes:
        rows: one row per task that finished, in the batch's order.
        error: (task id, exception) of the task that failed; the tasks after it did not run.
        pid: the worker's process id.
        start_cpu_s: the worker's CPU time (``time.process_time``) when the batch began;
            for its first batch, what starting the worker cost.
        cpu_s: CPU time the batch took in the worker.
        peak_mib: the worker's peak resident memory so far (MiB; 0 where unknown).

    """

    rows: tuple[dict[str, object], ...]
    error: tuple[str, Exception] | None
    pid: int
    start_cpu_s: float
    cpu_s: float
    peak_mib: float


@dataclass
class Usage:
    """What a sweep cost, for benchmarks and capacity planning (``frame.attrs["usage"]``).

    Per worker: CPU seconds before its first batch (start-up), in runs, its runs, batches
    and peak memory. For the parent, from the pool's start: its CPU seconds (all threads:
    handing out batches, receiving and writing rows; with one worker, the runs too), the
    wall seconds to the first and to the last result, and the runs in the first result.
    """

    batch_size: int = 0
    workers: dict[int, dict[str, float]] = field(default_factory=dict)
    parent_cpu_s: float = 0.0
    first_result_s: float = 0.0
    last_result_s: float = 0.0
    first_runs: int = 0
    _started: tuple[float, float] = (0.0, 0.0)

    def begin(self, size: int) -> None:
        """The pool is up and batches of ``size`` runs are about to go out."""
        self.batch_size = size
        self._started = (time.perf_counter(), time.process_time())

    def add(self, result: BatchResult) -> None:
        """Count one batch's result."""
        worker = self.workers.setdefault(
            result.pid, {"start_cpu_s": result.start_cpu_s, "run_cpu_s": 0.0, "runs": 0, "batches": 0}
        )
        worker["start_cpu_s"] = min(worker["start_cpu_s"], result.start_cpu_s)
        worker["run_cpu_s"] += result.cpu_s
        worker["runs"] += len(result.rows)
        worker["batches"] += 1
        worker["peak_mib"] = result.peak_mib
        wall, cpu = self._started
        self.last_result_s = time.perf_counter() - wall
        self.parent_cpu_s = time.process_time() - cpu
        if not self.first_runs:
            self.first_result_s, self.first_runs = self.last_result_s, len(result.rows)

    def record(self) -> dict[str, Any]:
        """As plain data."""
        fields = ("batch_size", "parent_cpu_s", "first_result_s", "last_result_s", "first_runs")
        return {
            **{name: getattr(self, name) for name in fields},
            "workers": [{"pid": pid, **w} for pid, w in self.workers.items()],
        }


BATCHES_PER_WORKER = 8  # enough that the last batches do not leave other workers idle for long
# Estimated seconds of work a batch may hold: the most one worker loses when a sweep is
# interrupted. The work budget's estimate runs 3-50 times high, so real batches take 1-10 s.
BATCH_SECONDS = 30.0
MAX_BATCH = 256  # bounds the size of one message and of one part file
TAIL_SHRINK = 8  # the last batches of a pool are down to an eighth of the others


def batch_size(runs: int, workers: int, seconds_per_run: float) -> int:
    """Runs per batch: a share of the runs per worker, bounded by time lost on interruption."""
    share = math.ceil(runs / (max(1, workers) * BATCHES_PER_WORKER))
    by_time = int(BATCH_SECONDS / max(seconds_per_run, 1e-3))
    return max(1, min(share, by_time, MAX_BATCH))


def make_batches(context: Context, tasks: Sequence[Task], size: int, workers: int = 1) -> Iterator[Batch]:
    """``tasks`` in order, at most ``size`` at a time (replicates of one point and model stay together).

    With several workers the last batches shrink, down to ``size / TAIL_SHRINK``: whoever
    took the last full batch would otherwise run alone while the other workers wait.
    """
    smallest = max(1, size // TAIL_SHRINK)
    start = 0
    while start < len(tasks):
        count = size
        if workers > 1:  # a share of what is left, as each batch is handed out
            count = max(smallest, min(size, math.ceil((len(tasks) - start) / (2 * workers))))
        yield Batch(context, tuple(tasks[start : start + count]))
        start += count


def task_seed(seed: int, point: int, replicate: int) -> np.random.SeedSequence:
    """The seed of every model's run at ``point`` and ``replicate``."""
    return np.random.SeedSequence(seed, spawn_key=(point, replicate))


def seed_text(seed: int, point: int, replicate: int) -> str:
    """The seed as recorded in the results: ``"<entropy> (<point>, <replicate>)"``."""
    return f"{seed} ({point}, {replicate})"


def make_tasks(design: Design, replicates: int) -> list[Task]:
    """Every (point, model, replicate), in design order."""
    model_index = {model: index for index, model in enumerate(design.models)}
    tasks = []
    for point, model in design.runs:
        overrides = {**design.points[point], MODEL_PARAMETER: model}
        for replicate in range(replicates):
            task_id = f"p{point:06d}-m{model_index[model]:02d}-r{replicate:04d}"
            tasks.append(Task(task_id, point, model, replicate, overrides))
    return tasks


def check_points(base: Mapping[str, Any], design: Design) -> None:
    """Build the scenario of every (point, model) before anything runs.

    Raises:
        ScenarioError: naming the parameter whose value makes the scenario invalid.

    """
    try:
        scenario_from_dict(base)
    except ScenarioError as error:
        raise ScenarioError(
            "sweep.base", f"with [fixed] applied, the base scenario is invalid: {error}"
        ) from None
    for point, model in design.runs:
        overrides = {**design.points[point], MODEL_PARAMETER: model}
        try:
            scenario_from_dict(with_overrides(base, overrides))
        except ScenarioError as error:
            name = _culprit(error.field, overrides)
            if name is None:
                raise ScenarioError(
                    "parameters", f"point {point} {overrides} gives an invalid scenario: {error}"
                ) from None
            raise ScenarioError(
                f"parameters.{name}",
                f"value {overrides[name]!r} at point {point} gives an invalid scenario: {error}",
            ) from None


def _culprit(field: str, overrides: Mapping[str, Any]) -> str | None:
    """The parameter an error's field points at (or the model for ownership errors)."""
    matches = [name for name in overrides if field == name or field.startswith(name + ".")]
    if matches:
        return max(matches, key=len)
    if field.split(".")[0] == "ownership":
        return MODEL_PARAMETER
    return None


def simulate(scenario: Any, seed: np.random.SeedSequence) -> dict[str, object]:
    """Run one model from an explicit seed sequence and return its summary row."""
    from simulation.engine.collector import collected_afterwards
    from simulation.engine.metrics import summarise
    from simulation.engine.model import OrgModel

    with collected_afterwards():
        return summarise(OrgModel(scenario, seed).run())


def run_batch(batch: Batch) -> BatchResult:
    """Run a batch's tasks in order and return their rows; runs in a worker (or in-process).

    A point's replicates share one scenario, parsed once. A task that fails ends the
    batch: the rows before it are returned with the error, so they are kept.
    """
    import simulation.engine.model  # noqa: F401  (started workers have it; an inline run imports it here)

    started = time.process_time()
    rows: list[dict[str, object]] = []
    error = None
    overrides: dict[str, Any] | None = None
    scenario = None
    for task in batch.tasks:
        try:
            if task.overrides != overrides:
                overrides = task.overrides
                scenario = scenario_from_dict(with_overrides(batch.context.base, overrides))
            rows.append(run_task(batch.context, task, scenario))
        except Exception as failure:  # reported with the rows that did finish
            error = (task.id, failure)
            break
    return BatchResult(tuple(rows), error, os.getpid(), started, time.process_time() - started, _peak_mib())


def run_task(context: Context, task: Task, scenario: Any) -> dict[str, object]:
    """Run one task on its (already parsed) scenario and return its dataset row."""
    started = time.perf_counter()
    summary = simulate(scenario, task_seed(context.seed, task.point, task.replicate))
    return {
        "task": task.id,
        "point": task.point,
        "model": task.model,
        "replicate": task.replicate,
        "seed": seed_text(context.seed, task.point, task.replicate),
        **{name: value for name, value in task.overrides.items() if name != MODEL_PARAMETER},
        "scenario": summary["scenario"],
        "orgsim_version": summary["orgsim_version"],
        **{name: summary[name] for name in context.outputs},
        "wall_time_s": time.perf_counter() - started,
    }


def _peak_mib() -> float:
    try:
        import resource
    except ImportError:  # not on Windows
        return 0.0
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
