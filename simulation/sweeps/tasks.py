"""Tasks: one (point, model, replicate) run each, with its seed, and the function a worker runs.

Seeds (common random numbers): task (point ``p``, replicate ``r``) runs with
``SeedSequence(sweep_seed, spawn_key=(p, r))`` whatever its model, order, worker
count or executor. The point id keys the non-model parameters only, so every
model run at one point and replicate sees the same arrivals, topics and work
times, and differences between models come from the models.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
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
class Job:
    """What a worker needs to run one task and write its part file (picklable)."""

    task: Task
    base: dict[str, Any]
    seed: int
    outputs: tuple[str, ...]
    columns: tuple[tuple[str, str], ...]
    parts: str


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
    from simulation.engine.metrics import summarise
    from simulation.engine.model import OrgModel

    return summarise(OrgModel(scenario, seed).run())


def run_job(job: Job) -> tuple[str, float]:
    """Run one task and write its part file; returns (task id, wall time in seconds).

    Runs in a worker process (or in-process with ``--workers 1``).
    """
    from simulation.sweeps.sink import write_part

    started = time.perf_counter()
    task = job.task
    scenario = scenario_from_dict(with_overrides(job.base, task.overrides))
    summary = simulate(scenario, task_seed(job.seed, task.point, task.replicate))
    wall = time.perf_counter() - started
    row: dict[str, object] = {
        "task": task.id,
        "point": task.point,
        "model": task.model,
        "replicate": task.replicate,
        "seed": seed_text(job.seed, task.point, task.replicate),
        **{name: value for name, value in task.overrides.items() if name != MODEL_PARAMETER},
        "scenario": summary["scenario"],
        "orgsim_version": summary["orgsim_version"],
        **{name: summary[name] for name in job.outputs},
        "wall_time_s": wall,
    }
    write_part(Path(job.parts), task.id, row, job.columns)
    return task.id, wall
