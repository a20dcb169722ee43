"""Recommend: search the design space for configurations on the Pareto front, with targets.

A candidate is an ownership model with its staffing (team size, spokes or experts per
department), the team's coverage hours (evenings, weekends) and the approval scope. Each
runs ``replicates`` times with the same replicate seeds as every other candidate (common
random numbers), so candidates differ by their configuration, not by luck. Optuna's NSGA-II
searches three objectives at once — the share answered within an hour (up), FTE (down) and
incidents per 1,000 answers (down) — with the targets as constraints. The study lives in a
SQLite file, so an interrupted search resumes; batches of candidates run in parallel on the
sweeps' executors. The eight stock models at their built-in settings are the first trials,
so every result is measured against them.
"""

from __future__ import annotations

import hashlib
import json
import math
import operator
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import optuna

from simulation.core.errors import ScenarioError
from simulation.core.seeding import replicate_seed
from simulation.experiments.comparison import fit_models
from simulation.experiments.statistics import confidence_interval
from simulation.ownership import model_names, resolve_parts
from simulation.scenario.types import Scenario
from simulation.sweeps.executors import open_executor
from simulation.sweeps.tasks import simulate

COVERAGE = {
    "as_built": None,
    "evenings": {"start_hour": 8.0, "end_hour": 22.0},
    "weekends": {"days": "mon-sun"},
    "evenings_weekends": {"start_hour": 8.0, "end_hour": 22.0, "days": "mon-sun"},
}
"""The central team's hours: as the model has them, or extended into evenings and weekends."""

APPROVAL = {"as_built": None, "all": ["*"], "legal_press": ["legal", "press"], "none": []}
"""Which answers wait for approval: as built, every answer, legal and press only, none."""

OBJECTIVES = ("answered_within_1h_share", "fte", "incidents_per_1000_answers")
DIRECTIONS = ("maximize", "minimize", "minimize")
TARGET_PATTERN = re.compile(r"^\s*([a-z0-9_]+)\s*(>=|<=)\s*([0-9.eE+-]+)\s*$")
COMPARE = {">=": operator.ge, "<=": operator.le}


@dataclass(frozen=True)
class Target:
    """A constraint on a candidate's mean: ``key >= value`` or ``key <= value``."""

    key: str
    op: str
    value: float

    def violation(self, mean: float) -> float:
        """How far the mean misses the target (0 when met; NaN counts as a miss of 1)."""
        if not math.isfinite(mean):
            return 1.0
        gap = self.value - mean if self.op == ">=" else mean - self.value
        return max(gap, 0.0)

    def __str__(self) -> str:
        return f"{self.key} {self.op} {self.value:g}"


def parse_target(text: str) -> Target:
    """``answered_within_1h>=0.8`` (``_share`` may be left out) into a :class:`Target`.

    Raises:
        ScenarioError: field ``--target``, naming the keys allowed.

    """
    match = TARGET_PATTERN.match(text)
    allowed = (*OBJECTIVES, "answered_share", "answered_within_24h_share", "response_time_median_min")
    if match is None:
        raise ScenarioError(
            "--target", f"write KEY>=VALUE or KEY<=VALUE, e.g. answered_within_1h>=0.8 (got {text!r})"
        )
    key, op, value = match.groups()
    key = key if key in allowed else f"{key}_share"
    if key not in allowed:
        raise ScenarioError("--target", f"unknown key {match.group(1)!r}; allowed: {', '.join(allowed)}")
    try:
        return Target(key, op, float(value))
    except ValueError:
        raise ScenarioError("--target", f"{value!r} is not a number") from None


@dataclass(frozen=True)
class Candidate:
    """One evaluated configuration: its parameters, the means and CIs of the outcomes, feasibility."""

    number: int
    params: dict[str, Any]
    stock: bool
    outcomes: dict[str, tuple[float, float]]
    feasible: bool

    @property
    def label(self) -> str:
        """A short name: the model and what differs from its built-in settings."""
        if self.stock:
            return f"{self.params['model']} (as built)"
        extra = [f"{k}={v}" for k, v in self.params.items() if k != "model" and v not in ("as_built", None)]
        return self.params["model"] + (f" ({', '.join(extra)})" if extra else " (as built)")

    def objective(self, key: str) -> float:
        """The outcome's mean."""
        return self.outcomes[key][0]


def overrides_for(params: dict[str, Any]) -> dict[str, Any]:
    """The ``model_overrides`` entry of one candidate."""
    parts = resolve_parts(params["model"], {})
    result: dict[str, Any] = {}
    if parts.team is not None:
        team = {"size": params.get("team_size", parts.team.size)}
        team.update(COVERAGE[params.get("coverage", "as_built")] or {})
        result["team"] = team
    if parts.spokes_per_department and "spokes" in params:
        result["spokes_per_department"] = params["spokes"]
    if parts.experts_per_department and "experts" in params:
        result["experts_per_department"] = params["experts"]
    topics = APPROVAL[params.get("approval", "as_built")]
    if topics is not None:
        result["approval"] = {"topics": topics}
    return result


def suggest(trial: optuna.Trial, models: Sequence[str]) -> dict[str, Any]:
    """Draw one candidate; only the parameters its model has are drawn (define-by-run)."""
    model = trial.suggest_categorical("model", list(models))
    parts = resolve_parts(model, {})
    params: dict[str, Any] = {"model": model}
    if parts.team is not None:
        params["team_size"] = trial.suggest_int("team_size", 1, 8)
        params["coverage"] = trial.suggest_categorical("coverage", list(COVERAGE))
    if parts.spokes_per_department:
        params["spokes"] = trial.suggest_int("spokes", 1, 3)
    if parts.experts_per_department:
        params["experts"] = trial.suggest_int("experts", 1, 3)
    params["approval"] = trial.suggest_categorical("approval", list(APPROVAL))
    return params


def stock_params(model: str) -> dict[str, Any]:
    """A stock model's built-in settings, in the search's parameters."""
    parts = resolve_parts(model, {})
    params: dict[str, Any] = {"model": model}
    if parts.team is not None:
        params.update(team_size=parts.team.size, coverage="as_built")
    if parts.spokes_per_department:
        params["spokes"] = parts.spokes_per_department
    if parts.experts_per_department:
        params["experts"] = parts.experts_per_department
    params["approval"] = "as_built"
    return params


def configured(scenario: Scenario, params: dict[str, Any]) -> Scenario:
    """The scenario running the candidate (adapted to the organisation as in a comparison)."""
    model = params["model"]
    own = {**scenario.model_overrides.get(model, {}), **overrides_for(params)}
    specs, not_applicable, _ = fit_models(
        scenario.model_copy(update={"model_overrides": {**scenario.model_overrides, model: own}}), [model]
    )
    if model not in specs:
        raise ScenarioError("ownership.model", f"{model} does not fit: {not_applicable[model]}")
    return specs[model]


def study_name(scenario: Scenario, replicates: int, seed: int, targets: Sequence[Target]) -> str:
    """A name that changes when anything that changes the results changes (so resume is safe)."""
    text = json.dumps(
        [scenario.model_dump(mode="json"), replicates, seed, [str(t) for t in targets]],
        sort_keys=True,
        default=str,
    )
    return "recommend-" + hashlib.sha256(text.encode()).hexdigest()[:16]


def search(
    scenario: Scenario,
    directory: Path,
    trials: int = 60,
    replicates: int = 2,
    targets: Sequence[Target] = (),
    seed: int | None = None,
    workers: int | None = None,
    on_done: Callable[[int, int], None] | None = None,
) -> list[Candidate]:
    """Run (or resume) the search until ``trials`` candidates are evaluated; return them all.

    Args:
        scenario: the base scenario.
        directory: where ``study.db`` (the resumable Optuna study) lives.
        trials: candidates in all, the eight stock models included.
        replicates: runs per candidate, seeds shared by every candidate.
        targets: constraints on candidates' means.
        seed: root seed of the replicates and the sampler (default: the scenario's).
        workers: processes (``None``: one per core; 1: in this process).
        on_done: ``on_done(done, trials)`` after every candidate, for a progress bar.

    """
    if trials < 1 or replicates < 1:
        raise ScenarioError("--trials" if trials < 1 else "--replicates", "must be at least 1")
    base = scenario.scenario.seed if seed is None else seed
    models = [m for m in model_names() if m in fit_models(scenario, model_names())[0]]
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    directory.mkdir(parents=True, exist_ok=True)
    sampler = optuna.samplers.NSGAIISampler(seed=base % 2**32, population_size=max(8, len(models)))
    study = optuna.create_study(
        study_name=study_name(scenario, replicates, base, targets),
        storage=f"sqlite:///{directory / 'study.db'}",
        directions=list(DIRECTIONS),
        sampler=sampler,
        load_if_exists=True,
    )
    done = [t for t in study.trials if t.state == optuna.trial.TrialState.COMPLETE]
    if not study.trials:
        for model in models:
            study.enqueue_trial(stock_params(model), user_attrs={"stock": True})
    weeks = scenario.scenario.duration_days / 7.0
    with open_executor(workers) as pool:
        while len(done) < trials:
            batch = [study.ask() for _ in range(min(pool.slots, trials - len(done)))]
            jobs = []
            for trial in batch:
                params = suggest(trial, models)
                spec = configured(scenario, params)
                jobs.append(
                    [pool.executor.submit(simulate, spec, replicate_seed(base, r)) for r in range(replicates)]
                )
            for trial, futures in zip(batch, jobs, strict=True):
                rows = [f.result() for f in futures]
                outcomes = _outcomes(rows, weeks)
                trial.set_user_attr("outcomes", outcomes)
                violations = [t.violation(outcomes[t.key][0]) for t in targets]
                trial.set_user_attr("constraints", violations)
                for target, violation in zip(targets, violations, strict=True):
                    trial.set_constraint(str(target), violation)  # NSGA-II prefers feasible candidates
                study.tell(trial, [_objective(outcomes, key) for key in OBJECTIVES])
                done.append(trial)
                if on_done is not None:
                    on_done(len(done), trials)
    return candidates(study)


def candidates(study: optuna.Study) -> list[Candidate]:
    """Every completed trial as a :class:`Candidate`."""
    result = []
    for trial in study.trials:
        if trial.state != optuna.trial.TrialState.COMPLETE:
            continue
        outcomes = {k: tuple(v) for k, v in trial.user_attrs["outcomes"].items()}
        feasible = all(v <= 0 for v in trial.user_attrs.get("constraints", []))
        result.append(
            Candidate(
                trial.number, dict(trial.params), bool(trial.user_attrs.get("stock")), outcomes, feasible
            )
        )
    return result


def pareto(found: Sequence[Candidate]) -> list[Candidate]:
    """The feasible candidates no other feasible candidate dominates, by answered-within-1-h share."""
    unique = {json.dumps(c.params, sort_keys=True): c for c in reversed(found)}  # a repeat draw: first kept
    feasible = [c for c in unique.values() if c.feasible]
    front = [c for c in feasible if not any(dominates(o, c) for o in feasible if o is not c)]
    return sorted(front, key=lambda c: -_objective_value(c, OBJECTIVES[0]))


def dominates(first: Candidate, second: Candidate) -> bool:
    """``first`` is at least as good on every objective and better on one."""
    pairs = [(_better_value(first, k), _better_value(second, k)) for k in OBJECTIVES]
    return all(a >= b for a, b in pairs) and any(a > b for a, b in pairs)


def dominated_stock(found: Sequence[Candidate]) -> dict[str, Candidate | None]:
    """Per stock model, the fastest non-stock candidate that dominates it (``None``: none does)."""
    result: dict[str, Candidate | None] = {}
    for stock in (c for c in found if c.stock):
        better = [c for c in found if not c.stock and dominates(c, stock)]
        result[stock.params["model"]] = max(
            better, key=lambda c: _objective_value(c, OBJECTIVES[0]), default=None
        )
    return result


def dominating_all_stock(found: Sequence[Candidate]) -> list[Candidate]:
    """Non-stock candidates that dominate every stock model at its built-in settings."""
    stock = [c for c in found if c.stock]
    return [c for c in found if not c.stock and stock and all(dominates(c, s) for s in stock)]


def _outcomes(rows: list[dict[str, Any]], weeks: float) -> dict[str, tuple[float, float]]:
    fte = [(float(r["person_hours_social"]) + float(r["coordination_hours"])) / (weeks * 40.0) for r in rows]
    result = {"fte": confidence_interval(fte)}
    for key in (
        "answered_within_1h_share",
        "answered_share",
        "answered_within_24h_share",
        "incidents_per_1000_answers",
        "response_time_median_min",
    ):
        result[key] = confidence_interval(float(r[key]) for r in rows)
    return {k: [float(v) for v in pair] for k, pair in result.items()}


def _objective(outcomes, key: str) -> float:
    mean = outcomes[key][0]
    if math.isfinite(mean):
        return mean
    return 0.0 if key == OBJECTIVES[0] else 1000.0  # nothing answered: worst possible


def _objective_value(candidate: Candidate, key: str) -> float:
    return _objective({k: list(v) for k, v in candidate.outcomes.items()}, key)


def _better_value(candidate: Candidate, key: str) -> float:
    value = _objective_value(candidate, key)
    return value if DIRECTIONS[OBJECTIVES.index(key)] == "maximize" else -value
