"""Comparing ownership models on one scenario with common random numbers.

Replicate ``i`` of every model runs from ``replicate_seed(seed, i)``, so in one
replicate every model sees the same arrivals, topics and work times; differences
between the models come from the models. Nothing here prints or writes files.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from simulation.core.errors import ScenarioError
from simulation.core.shifts import MINUTES_PER_DAY
from simulation.engine.inquiries import Outcome
from simulation.engine.metrics import SUMMARY_KEYS
from simulation.experiments.replicates import RunResult, run_one
from simulation.ownership import model_names, resolve_parts
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
        not_applicable: model -> why it cannot run on this organisation (it is left out of
            ``models`` and of every table).
        adapted: model -> how its parts were fitted to this organisation (e.g. the silo
            run by the departments whose names contain ``marketing``).
        backlog: ``model``, ``replicate``, ``day``, ``open``: inquiries arrived and not yet
            closed, every hour of the run.
        money: ``model``, ``replicate``, ``cost``: the run's social-media hours priced by each
            person's role (``scenario.costs``); empty when the scenario gives no costs.

    """

    scenario: Scenario
    models: list[str]
    replicates: int
    seed: int
    summary: pd.DataFrame
    inquiries: pd.DataFrame
    flows: dict[str, tuple[list[str], np.ndarray]]
    workload: pd.DataFrame
    not_applicable: dict[str, str] = field(default_factory=dict)
    adapted: dict[str, str] = field(default_factory=dict)
    backlog: pd.DataFrame = field(default_factory=pd.DataFrame)
    money: pd.DataFrame = field(default_factory=pd.DataFrame)


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
    rows, inquiry_frames, workload_frames, backlog_frames, money_rows = [], [], [], [], []
    flows: dict[str, tuple[list[str], np.ndarray]] = {}
    specs, not_applicable, adapted = fit_models(scenario, names)
    if not specs:
        reasons = "; ".join(f"{m}: {r}" for m, r in not_applicable.items())
        raise ScenarioError("--models", f"no model fits this organisation ({reasons})")
    for name, spec in specs.items():
        for replicate in range(replicates):
            result = run_one(spec, replicate, base, details=True)
            rows.append(result.summary)
            inquiry_frames.append(_inquiry_frame(name, replicate, result, warmup))
            workload_frames.append(_workload_frame(name, replicate, result))
            assert result.backlog is not None
            times, counts = result.backlog
            backlog_frames.append(
                pd.DataFrame(
                    {"model": name, "replicate": replicate, "day": times / MINUTES_PER_DAY, "open": counts}
                )
            )
            if scenario.costs is not None:
                money_rows.append({"model": name, "replicate": replicate, "cost": _priced(scenario, result)})
            assert result.departments is not None and result.flow is not None
            if name in flows:
                flows[name][1][...] += result.flow
            else:
                flows[name] = (list(result.departments), result.flow.astype(np.int64))
            if on_done is not None:
                on_done(name, replicate, result)
    return Comparison(
        scenario=scenario,
        models=list(specs),
        replicates=replicates,
        seed=base,
        summary=pd.DataFrame(rows, columns=list(SUMMARY_KEYS)),
        inquiries=pd.concat(inquiry_frames, ignore_index=True),
        flows=flows,
        workload=pd.concat(workload_frames, ignore_index=True),
        not_applicable=not_applicable,
        adapted=adapted,
        backlog=pd.concat(backlog_frames, ignore_index=True),
        money=pd.DataFrame(money_rows, columns=["model", "replicate", "cost"]),
    )


def _priced(scenario: Scenario, result: RunResult) -> float:
    """The run's social-media hours (inquiries and coordination) at each person's hourly cost."""
    assert result.workload is not None and scenario.costs is not None
    hours = result.workload["inquiry_hours"] + result.workload["coordination_hours"]
    rates = np.array([scenario.costs.rate(str(role)) for role in result.workload["role"]])
    return float(hours @ rates)


def fit_models(
    scenario: Scenario, names: Sequence[str]
) -> tuple[dict[str, Scenario], dict[str, str], dict[str, str]]:
    """Each model's scenario, adapted to the organisation where its parts name a missing department.

    A built-in model may name a department (the silo names ``marketing``). When the
    organisation has none by that name, every department whose name contains it stands in
    (``marketing_emea``, ``marketing_apac``; the first one's head approves). A model that still
    does not fit is left out, with the reason, so the others still run.

    Returns:
        (model -> its scenario, model -> why it cannot run, model -> how it was adapted).

    """
    specs: dict[str, Scenario] = {}
    not_applicable: dict[str, str] = {}
    adapted: dict[str, str] = {}
    departments = list(scenario.organisation.department_names)
    for name in names:
        try:
            specs[name] = with_model(scenario, name)
            continue
        except ScenarioError as error:
            problem = str(error)
        overrides, note = _stand_ins(scenario, name, departments)
        if overrides is None:
            not_applicable[name] = problem
            continue
        own = dict(scenario.model_overrides.get(name, {}))
        for key, value in overrides.items():
            own[key] = {**own[key], **value} if isinstance(own.get(key), dict) else value
        merged = {**scenario.model_overrides, name: own}
        try:
            specs[name] = with_model(scenario.model_copy(update={"model_overrides": merged}), name)
            adapted[name] = note
        except ScenarioError as error:
            not_applicable[name] = str(error)
    return specs, not_applicable, adapted


SELECTOR_PARTS = ("monitors", "publishers", "trained", "answerers", "directory_users")


def _stand_ins(scenario: Scenario, name: str, departments: list[str]) -> tuple[dict | None, str]:
    """Overrides replacing each missing ``department:X`` by the departments whose names contain X."""
    parts = _parts(scenario, name)
    missing: dict[str, list[str]] = {}

    def replace(tokens: list[str]) -> list[str]:
        result = []
        for token in tokens:
            kind, _, wanted = token.partition(":")
            if kind == "department" and wanted not in departments:
                found = [d for d in departments if wanted in d]
                if not found:
                    raise LookupError(wanted)
                missing[wanted] = found
                result += [f"department:{d}" for d in found]
            else:
                result.append(token)
        return result

    try:
        overrides: dict = {key: replace(getattr(parts, key)) for key in SELECTOR_PARTS}
        overrides["coordination"] = {"participants": replace(parts.coordination.participants)}
        approver = parts.approval.approver
        if approver.startswith("head:") and approver[5:] not in departments:
            found = [d for d in departments if approver[5:] in d]
            if not found:
                raise LookupError(approver[5:])
            missing[approver[5:]] = found
            overrides["approval"] = {"approver": f"head:{found[0]}"}
    except LookupError as absent:
        return None, f"no department named or containing {absent.args[0]!r}"
    if not missing:
        return None, ""
    notes = [f"{', '.join(found)} stand in for {wanted!r}" for wanted, found in missing.items()]
    if "approval" in overrides:
        notes.append(f"the head of {overrides['approval']['approver'][5:]} approves")
    return overrides, "; ".join(notes)


def _parts(scenario: Scenario, name: str):
    """The model's parts with the scenario's ``model_overrides`` applied, unchecked against the organisation."""
    return resolve_parts(name, scenario.model_overrides.get(name, {}))


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
