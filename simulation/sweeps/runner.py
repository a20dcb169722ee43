"""The sweep: design, check every point, run the missing tasks, consolidate, return a DataFrame."""

from __future__ import annotations

import dataclasses
import math
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from simulation.core.errors import ScenarioError
from simulation.experiments.budget import Estimate, Work, check_budget, work_of
from simulation.experiments.output import lock_directory
from simulation.scenario.loading import scenario_from_dict
from simulation.sweeps import sink
from simulation.sweeps.executors import map_unordered, open_executor, start_fork_server
from simulation.sweeps.samplers import Design, make_design
from simulation.sweeps.spec import MODEL_PARAMETER, Sweep, load_sweep
from simulation.sweeps.tasks import (
    Context,
    Task,
    Usage,
    batch_size,
    check_points,
    make_batches,
    make_tasks,
    run_batch,
)

Progress = Callable[[int, int], None]


@dataclasses.dataclass(frozen=True)
class Plan:
    """A sweep ready to run: the design, its tasks and the dataset's columns."""

    sweep: Sweep
    design: Design
    tasks: tuple[Task, ...]
    columns: tuple[tuple[str, str], ...]
    estimate: Estimate


def plan(
    source: str | Path | Sweep, allow_large: bool = False, processes: int = 1, fork_server: bool = False
) -> Plan:
    """Load (if needed), price, sample and check a sweep; nothing runs.

    The work estimate comes first, from the counted size of the design, so a runaway
    sweep (a grid of a million samples) is refused before a single point is sampled.
    With ``fork_server`` the process pool's fork server starts once the estimate passed,
    and imports the engine (2 s of CPU) while this process checks the points.

    Raises:
        ScenarioError: a bad sweep file, a point whose scenario is invalid, or work
            above the budget without ``allow_large``.

    """
    sweep = source if isinstance(source, Sweep) else load_sweep(source)
    estimate = Estimate(_costliest_run(sweep), design_size(sweep) * sweep.settings.replicates, processes)
    check_budget(estimate, allow_large, runs_field="sweep.samples")
    if fork_server:
        start_fork_server()
    design = make_design(sweep)
    check_points(sweep.base, design)
    tasks = tuple(make_tasks(design, sweep.settings.replicates))
    types = {}
    for name in design.parameters:
        parameter = next((p for p in sweep.parameters if p.path == name), None)
        integer = parameter is not None and parameter.integer
        types[name] = sink.arrow_type((point[name] for point in design.points), integer)
    return Plan(sweep, design, tasks, sink.column_types(types, sweep.outputs), estimate)


def design_size(sweep: Sweep) -> int:
    """How many (point, model) runs the design has, counted without sampling it (an upper bound)."""
    models = next((len(p.values or ()) for p in sweep.parameters if p.path == MODEL_PARAMETER), 1)
    if sweep.design_rows is not None:
        return len(sweep.design_rows)
    settings = sweep.settings
    categorical = math.prod(
        len(p.values or ()) for p in sweep.parameters if not p.continuous and p.path != MODEL_PARAMETER
    )
    continuous = [p for p in sweep.parameters if p.continuous]
    dimensions = len(continuous)
    if settings.sampler == "grid":
        rows = math.prod(_grid_levels(p.low, p.high, p.integer, settings.samples) for p in continuous)
    elif settings.sampler == "lhs":
        rows = settings.samples
    elif settings.sampler == "sobol":
        rows = settings.samples * (2 * dimensions + 2 if settings.second_order else dimensions + 2)
    else:  # morris: one trajectory of dimensions + 1 points per sample
        rows = settings.samples * (dimensions + 1)
    return rows * categorical * models


def _grid_levels(low: float | None, high: float | None, integer: bool, samples: int) -> int:
    if integer and low is not None and high is not None:  # rounded values repeat and collapse
        return min(samples, math.ceil(high) - math.floor(low) + 1)
    return samples


def _costliest_run(sweep: Sweep) -> Work:
    """One run's size at the sweep's costliest corner (the largest swept volume and length)."""
    try:
        base = scenario_from_dict(sweep.base)
    except ScenarioError as error:
        raise ScenarioError(
            "sweep.base", f"with [fixed] applied, the base scenario is invalid: {error}"
        ) from None
    work = work_of(base)
    largest = {p.path: _largest(p) for p in sweep.parameters}
    if sweep.design_rows is not None:
        for row in sweep.design_rows:
            for name, value in row.items():
                if isinstance(value, int | float) and not isinstance(value, bool):
                    largest[name] = max(value, largest.get(name) or value)
    scale = 1.0
    per_day, duration = largest.get("inquiries.per_day"), largest.get("scenario.duration_days")
    if per_day is not None and base.inquiries.per_day > 0:
        scale *= max(1.0, per_day / base.inquiries.per_day)
    elif per_day is not None:
        scale *= max(1.0, per_day * base.scenario.duration_days / max(work.arrivals, 1.0))
    if duration is not None:
        scale *= max(1.0, duration / base.scenario.duration_days)
    days = work.days + max(0.0, (duration or 0.0) - base.scenario.duration_days)
    return dataclasses.replace(work, arrivals=work.arrivals * scale, days=days)


def _largest(parameter) -> float | None:
    if parameter.continuous:
        return parameter.high
    numbers = [v for v in parameter.values or () if isinstance(v, int | float) and not isinstance(v, bool)]
    return max(numbers) if numbers else None


def default_directory(sweep: Sweep) -> Path:
    """``out/sweeps/<sweep name>``, relative to the working directory."""
    return Path("out") / "sweeps" / sweep.name


def sweep(
    source: str | Path | Sweep | Plan,
    out: str | Path | None = None,
    workers: int | None = None,
    dask: str | None = None,
    resume: bool = False,
    on_progress: Progress | None = None,
    allow_large: bool = False,
):
    """Run a sweep into ``out`` (default ``out/sweeps/<name>``) and return its results.

    Tasks already on disk are skipped, so calling it again after an interruption
    finishes the sweep. The DataFrame has one row per (point, model, replicate);
    ``frame.attrs["directory"]`` is the sweep directory; ``frame.attrs["usage"]`` what
    the workers reported (batch size; per worker start-up and run CPU seconds, runs, peak MiB).

    Args:
        source: sweep file, a loaded :class:`Sweep`, or a :class:`Plan` from :func:`plan`.
        out: sweep directory; must be new or hold the same sweep.
        workers: processes; 1 runs in this process; default ``os.cpu_count()``.
        dask: a Dask scheduler address, or ``"local"`` for a two-process local cluster.
        resume: require ``out`` to hold this sweep already.
        on_progress: called with (tasks done, tasks in all) at the start and after each batch.
        allow_large: run even when the work estimate is above the budget.

    Raises:
        ScenarioError: bad sweep file, bad point, work above the budget, ``out`` holds
            another sweep or another process is writing it.

    """
    processes = workers if workers is not None else (os.cpu_count() or 1)
    pool = dask is None and processes > 1
    ready = source if isinstance(source, Plan) else plan(source, allow_large, processes, fork_server=pool)
    directory = Path(out) if out is not None else default_directory(ready.sweep)
    if resume and not (directory / sink.DESIGN_FILE).is_file():
        raise ScenarioError("--resume", f"{directory} holds no sweep to resume (no {sink.DESIGN_FILE})")
    with lock_directory(directory):  # one sweep at a time writes a directory
        return _sweep_into(ready, directory, workers, dask, resume, on_progress)


def _sweep_into(
    ready: Plan,
    directory: Path,
    workers: int | None,
    dask: str | None,
    resume: bool,
    on_progress: Progress | None,
):
    sink.prepare(directory, design_record(ready), resume)
    sink.consolidate(directory)
    done = sink.done_tasks(directory)
    todo = [task for task in ready.tasks if task.id not in done]
    total = len(ready.tasks)
    finished = total - len(todo)
    if on_progress is not None:
        on_progress(finished, total)
    usage = Usage()
    try:
        if todo:
            sink.import_writer()
            with open_executor(workers, dask) as pool:
                usage.begin(batch_size(len(todo), pool.workers, _seconds_per_run(ready)))
                context = Context(ready.sweep.base, ready.sweep.settings.seed, ready.sweep.outputs)
                batches = make_batches(context, todo, usage.batch_size, pool.workers)
                for result in map_unordered(pool, run_batch, batches):
                    if result.rows:  # streamed to disk as each batch returns
                        sink.write_part(directory / sink.PARTS, result.rows, ready.columns)
                    usage.add(result)  # after the part is written: the parent's work per batch
                    if result.error is not None:
                        _raise(*result.error)
                    finished += len(result.rows)
                    if on_progress is not None:
                        on_progress(finished, total)
    finally:
        sink.consolidate(directory)
    frame = sink.read_results(directory)
    frame.attrs["directory"] = str(directory)
    frame.attrs["usage"] = usage.record()
    return frame


def _seconds_per_run(ready: Plan) -> float:
    """The estimated time of the costliest run, on one process."""
    return dataclasses.replace(ready.estimate, runs=1, processes=1).wall_seconds


def _raise(task_id: str, error: Exception):
    if isinstance(error, ScenarioError | MemoryError):  # a full disk, too much work: say so
        raise error
    raise RuntimeError(f"task {task_id} failed: {type(error).__name__}: {error}") from error


def design_record(ready: Plan) -> dict[str, Any]:
    """The resolved design as written to ``design.json``."""
    sweep, design = ready.sweep, ready.design
    return {
        "sweep_file": str(sweep.path),
        "base_file": str(sweep.base_path),
        "name": sweep.name,
        "settings": sweep.settings.model_dump(),
        "base": sweep.base,
        "fixed": sweep.fixed,
        "parameters": [dataclasses.asdict(p) for p in sweep.parameters],
        "model_parameter": MODEL_PARAMETER,
        "outputs": list(sweep.outputs),
        "columns": [list(c) for c in ready.columns],
        "models": list(design.models),
        "point_parameters": list(design.parameters),
        "points": [
            {"point": i, "sample": design.samples[i], "values": values}
            for i, values in enumerate(design.points)
        ],
        "runs": [list(run) for run in design.runs],
        "tasks": len(ready.tasks),
        "problem": design.problem,
        "matrix": [list(row) for row in design.matrix] if design.matrix is not None else None,
    }
