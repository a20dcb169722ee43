"""The sweep: design, check every point, run the missing tasks, consolidate, return a DataFrame."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, wait
from pathlib import Path
from typing import Any

from simulation.sweeps import sink
from simulation.sweeps.executors import open_executor
from simulation.sweeps.samplers import Design, make_design
from simulation.sweeps.spec import MODEL_PARAMETER, Sweep, load_sweep
from simulation.sweeps.tasks import Job, Task, check_points, make_tasks, run_job

Progress = Callable[[int, int], None]


@dataclasses.dataclass(frozen=True)
class Plan:
    """A sweep ready to run: the design, its tasks and the dataset's columns."""

    sweep: Sweep
    design: Design
    tasks: tuple[Task, ...]
    columns: tuple[tuple[str, str], ...]


def plan(source: str | Path | Sweep) -> Plan:
    """Load (if needed), sample and check a sweep; nothing runs.

    Raises:
        ScenarioError: a bad sweep file, or a point whose scenario is invalid.

    """
    sweep = source if isinstance(source, Sweep) else load_sweep(source)
    design = make_design(sweep)
    check_points(sweep.base, design)
    tasks = tuple(make_tasks(design, sweep.settings.replicates))
    types = {}
    for name in design.parameters:
        parameter = next((p for p in sweep.parameters if p.path == name), None)
        integer = parameter is not None and parameter.integer
        types[name] = sink.arrow_type((point[name] for point in design.points), integer)
    return Plan(sweep, design, tasks, sink.column_types(types, sweep.outputs))


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
):
    """Run a sweep into ``out`` (default ``out/sweeps/<name>``) and return its results.

    Tasks already on disk are skipped, so calling it again after an interruption
    finishes the sweep. The DataFrame has one row per (point, model, replicate);
    ``frame.attrs["directory"]`` is the sweep directory.

    Args:
        source: sweep file, a loaded :class:`Sweep`, or a :class:`Plan` from :func:`plan`.
        out: sweep directory; must be new or hold the same sweep.
        workers: processes; 1 runs in this process; default ``os.cpu_count()``.
        dask: a Dask scheduler address, or ``"local"`` for a two-process local cluster.
        resume: require ``out`` to hold this sweep already.
        on_progress: called with (tasks done, tasks in all) at the start and after each task.

    Raises:
        ScenarioError: bad sweep file, bad point, or ``out`` holds another sweep.

    """
    ready = source if isinstance(source, Plan) else plan(source)
    directory = Path(out) if out is not None else default_directory(ready.sweep)
    sink.prepare(directory, design_record(ready), resume)
    sink.consolidate(directory)
    done = sink.done_tasks(directory)
    todo = [task for task in ready.tasks if task.id not in done]
    total = len(ready.tasks)
    finished = total - len(todo)
    if on_progress is not None:
        on_progress(finished, total)
    base = ready.sweep.base
    jobs = (
        Job(
            task,
            base,
            ready.sweep.settings.seed,
            ready.sweep.outputs,
            ready.columns,
            str(directory / sink.PARTS),
        )
        for task in todo
    )
    try:
        if todo:
            with open_executor(workers, dask) as pool:
                for _ in _run(pool.executor, jobs, pool.slots):
                    finished += 1
                    if on_progress is not None:
                        on_progress(finished, total)
    finally:
        sink.consolidate(directory)
    frame = sink.read_results(directory)
    frame.attrs["directory"] = str(directory)
    return frame


def _run(executor, jobs, slots: int):
    """Submit jobs keeping at most ``slots`` in flight; yield each finished (task id, wall time)."""
    pending: dict[Future, Job] = {}
    jobs = iter(jobs)
    exhausted = False
    while pending or not exhausted:
        while not exhausted and len(pending) < slots:
            job = next(jobs, None)
            if job is None:
                exhausted = True
                break
            pending[executor.submit(run_job, job)] = job
        if not pending:
            break
        finished, _ = wait(pending, return_when=FIRST_COMPLETED)
        for future in finished:
            job = pending.pop(future)
            error = future.exception()
            if error is not None:
                for other in pending:
                    other.cancel()
                raise RuntimeError(f"task {job.task.id} failed: {type(error).__name__}: {error}") from error
            yield future.result()


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
