"""Comparing ownership models on one scenario with common random numbers.

Replicate ``i`` of every model runs from ``replicate_seed(seed, i)``, so in one
replicate every model sees the same arrivals, topics and work times; differences
between the models come from the models. Nothing here prints or writes files.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from simulation.core.errors import ScenarioError
from simulation.core.shifts import MINUTES_PER_DAY
from simulation.engine.inquiries import Outcome
from simulation.engine.metrics import SUMMARY_KEYS
from simulation.experiments.replicates import RunResult, run_one
from simulation.ownership import model_names
from simulation.scenario.loading import with_model
from simulation.scenario.types import Scenario

ALL = "all"


@dataclass(frozen=True)
class Comparison:
    """Everything a comparison produced, as plain tables.

    Attributes:
        scenario: the scenario as given (its own ownership model is not used).
        models: model names in the order they were run.
        replicates: replicates per model.
        seed: root seed; replicate ``i`` of every model used ``replicate_seed(seed, i)``.
        summary: one row per model × replicate, columns ``SUMMARY_KEYS``.
        inquiries: one row per inquiry that arrived after the warm-up, per model and
            replicate: ``model``, ``replicate``, the per-inquiry columns of
            :func:`simulation.engine.metrics.inquiry_table`, plus ``answered`` (published by the
            deadline) and ``response_minutes`` (NaN unless answered).
        flows: per model, the department names and the messages sent from row to column
            department, summed over replicates.
        workload: one row per person, model and replicate: ``model``, ``replicate``,
            ``person``, ``department``, ``inquiry_hours``, ``coordination_hours``.

    """

    scenario: Scenario
    models: list[str]
    replicates: int
    seed: int
    summary: pd.DataFrame
    inquiries: pd.DataFrame
    flows: dict[str, tuple[list[str], np.ndarray]]
    workload: pd.DataFrame


def resolve_models(models: str | Sequence[str] | None) -> list[str]:
    """Model names from ``"all"``, ``None``, ``"a,b"`` or a list; unknown names raise.

    Raises:
        ScenarioError: field ``--models``, naming the unknown model and the known ones.

    """
    known = model_names()
    if models is None or models == ALL:
        return known
    names = [m.strip() for m in models.split(",")] if isinstance(models, str) else list(models)
    names = [n for n in names if n]
    if not names:
        raise ScenarioError("--models", f"name at least one model, or 'all'; known: {', '.join(known)}")
    if ALL in names:
        return known
    for name in names:
        if name not in known:
            raise ScenarioError("--models", f"unknown model {name!r}; known: {', '.join(known)}, or 'all'")
    return list(dict.fromkeys(names))


def collect(
    scenario: Scenario,
    models: str | Sequence[str] | None = ALL,
    replicates: int = 5,
    seed: int | None = None,
    on_done: Callable[[str, int, RunResult], None] | None = None,
) -> Comparison:
    """Run every model ``replicates`` times on ``scenario``, keeping the details.

    Args:
        scenario: the validated scenario; each model replaces its ownership model with
            that model's built-in parts (ownership overrides in the file are not carried
            over, since they belong to one model).
        models: ``"all"`` (default), a comma-separated string or a list of names.
        replicates: replicates per model, at least 1.
        seed: root seed; defaults to the scenario's.
        on_done: called as ``on_done(model, replicate, result)`` after every run.

    """
    if replicates < 1:
        raise ScenarioError("--replicates", f"must be at least 1 (got {replicates})")
    names = resolve_models(models)
    base = scenario.scenario.seed if seed is None else seed
    warmup = scenario.scenario.warmup_days * MINUTES_PER_DAY
    rows, inquiry_frames, workload_frames = [], [], []
    flows: dict[str, tuple[list[str], np.ndarray]] = {}
    for name in names:
        spec = with_model(scenario, name)
        for replicate in range(replicates):
            result = run_one(spec, replicate, base, details=True)
            rows.append(result.summary)
            inquiry_frames.append(_inquiry_frame(name, replicate, result, warmup))
            workload_frames.append(_workload_frame(name, replicate, result))
            assert result.departments is not None and result.flow is not None
            if name in flows:
                flows[name][1][...] += result.flow
            else:
                flows[name] = (list(result.departments), result.flow.astype(np.int64))
            if on_done is not None:
                on_done(name, replicate, result)
    return Comparison(
        scenario=scenario,
        models=names,
        replicates=replicates,
        seed=base,
        summary=pd.DataFrame(rows, columns=list(SUMMARY_KEYS)),
        inquiries=pd.concat(inquiry_frames, ignore_index=True),
        flows=flows,
        workload=pd.concat(workload_frames, ignore_index=True),
    )


def compare(
    scenario: Scenario,
    models: str | Sequence[str] | None = ALL,
    replicates: int = 5,
    seed: int | None = None,
    on_done: Callable[[str, int, RunResult], None] | None = None,
) -> pd.DataFrame:
    """Run every model on ``scenario`` with common random numbers; one row per model × replicate.

    The columns are :data:`simulation.engine.metrics.SUMMARY_KEYS`. Arguments as for
    :func:`collect`, which also keeps the per-inquiry, flow and workload details.
    """
    return collect(scenario, models, replicates, seed, on_done).summary


def _inquiry_frame(model: str, replicate: int, result: RunResult, warmup: float) -> pd.DataFrame:
    assert result.inquiries is not None
    frame = pd.DataFrame(result.inquiries)
    frame = frame[frame["arrival"] >= warmup].reset_index(drop=True)
    answered = (frame["outcome"] == int(Outcome.PUBLISHED)) & (frame["finished_at"] <= frame["deadline"])
    frame.insert(0, "replicate", replicate)
    frame.insert(0, "model", model)
    frame["answered"] = answered
    frame["response_minutes"] = (frame["finished_at"] - frame["arrival"]).where(answered)
    return frame


def _workload_frame(model: str, replicate: int, result: RunResult) -> pd.DataFrame:
    assert result.workload is not None
    frame = pd.DataFrame(result.workload)
    frame.insert(0, "person", np.arange(len(frame)))
    frame.insert(0, "replicate", replicate)
    frame.insert(0, "model", model)
    return frame
