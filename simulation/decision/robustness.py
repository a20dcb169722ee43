"""Robustness: whether the comparison's conclusion survives its own assumptions.

The leader and its closest rivals are re-run over a Latin hypercube of the plausible ranges
in ``scenarios/assumptions.toml``, every point and model with the same replicate seeds
(common random numbers), so a change of winner comes from the assumptions, not from noise.
Where the winner changes, a shallow decision tree (scikit-learn) finds the region of the
assumption space where it does — scenario discovery — and says it in one sentence.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from scipy.stats import qmc
from sklearn.tree import DecisionTreeClassifier

from simulation.core.errors import ScenarioError
from simulation.core.seeding import replicate_seed
from simulation.experiments.comparison import fit_models
from simulation.scenario.assumptions import Assumption, load_assumptions
from simulation.scenario.types import Scenario
from simulation.sweeps.executors import open_executor
from simulation.sweeps.tasks import simulate


@dataclass(frozen=True)
class Level:
    """How much a robustness test costs: design points, replicates per point, rivals tested."""

    points: int
    replicates: int
    rivals: int


LEVELS = {"quick": Level(points=8, replicates=1, rivals=1), "full": Level(points=40, replicates=2, rivals=2)}
"""``--robustness quick`` keeps the default run under a minute; ``full`` is for the decision."""

METRIC = "answered_share"


@dataclass(frozen=True)
class Robustness:
    """The outcome of a robustness test.

    Attributes:
        leader: the model whose lead was tested.
        rivals: the models it was tested against.
        points: one row per design point: the assumption values (dotted paths), each model's mean
            answered share, ``winner`` and ``holds`` (the leader at least ties the best rival).
        varied: the assumptions varied (dotted paths).
        rule: the region where the leader loses, as text, or ``None`` (it always holds, or no
            region is simple enough to state).
        sentence: the one-line verdict for the report.

    """

    leader: str
    rivals: list[str]
    points: pd.DataFrame
    varied: list[str]
    rule: str | None
    sentence: str


def applicable(
    scenario: Scenario, assumptions: Sequence[Assumption]
) -> list[tuple[Assumption, float, float]]:
    """The assumptions this scenario can vary, each with its range here.

    A number's range is scaled to the scenario when the scenario's own value differs from the
    table's default (300 inquiries a day vary over 150-900, not 10-60). Choices keep their values.
    """
    result = []
    for assumption in assumptions:
        current = _get(scenario.model_dump(by_alias=True), assumption.path)
        if current is _MISSING and assumption.path.startswith("model_overrides."):
            current = assumption.default  # a model's part, at the built-in value unless overridden
        if current is _MISSING:
            continue
        if assumption.is_choice:
            result.append((assumption, 0.0, float(len(assumption.values))))
            continue
        low, high = float(assumption.low), float(assumption.high)
        default = float(assumption.default)
        if isinstance(current, int | float) and default != 0 and not math.isclose(float(current), default):
            if not math.isfinite(float(current)):
                continue
            low, high = float(current) * low / default, float(current) * high / default
        if high > low:
            result.append((assumption, low, high))
    return result


def check_ranking(
    scenario: Scenario,
    leader: str,
    rivals: Sequence[str],
    level: str = "quick",
    seed: int | None = None,
    workers: int | None = None,
    assumptions: Sequence[Assumption] | None = None,
    on_done: Callable[[], None] | None = None,
) -> Robustness:
    """Re-run ``leader`` and ``rivals`` over an LHS design of the assumption ranges.

    Args:
        scenario: the compared scenario.
        leader: the model the comparison recommends.
        rivals: the next models by answered share; the first ``LEVELS[level].rivals`` are tested.
        level: ``"quick"`` or ``"full"``.
        seed: root seed of the design and the replicates (defaults to the scenario's).
        workers: processes (``None``: one per core; 1: in this process).
        assumptions: the table (default: ``scenarios/assumptions.toml``).
        on_done: called after every run, for a progress bar.

    """
    if level not in LEVELS:
        raise ScenarioError("--robustness", f"must be off, quick or full (got {level!r})")
    plan = LEVELS[level]
    base = scenario.scenario.seed if seed is None else seed
    tested = [leader, *list(rivals)[: plan.rivals]]
    ranges = applicable(scenario, load_assumptions() if assumptions is None else assumptions)
    sampler = qmc.LatinHypercube(d=len(ranges), rng=np.random.default_rng(base))
    unit = sampler.random(plan.points)
    settings = [_setting(ranges, row) for row in unit]
    specs = [_point(scenario, ranges, values, tested) for values in settings]
    runs = [
        (p, m, r) for p, spec in enumerate(specs) for m in tested if m in spec for r in range(plan.replicates)
    ]
    answered: dict[tuple[int, str], list[float]] = {}
    with open_executor(workers) as pool:
        futures = {
            pool.executor.submit(simulate, specs[p][m], replicate_seed(base, r)): (p, m) for p, m, r in runs
        }
        for future, key in futures.items():
            answered.setdefault(key, []).append(float(future.result()[METRIC]))
            if on_done is not None:
                on_done()
    table = pd.DataFrame(
        [{a.path: v for (a, _, _), v in zip(ranges, values, strict=True)} for values in settings]
    )
    for model in tested:
        table[model] = [float(np.mean(answered.get((p, model), [math.nan]))) for p in range(len(specs))]
    rival_best = table[tested[1:]].max(axis=1) if len(tested) > 1 else table[leader]
    table["holds"] = table[leader] >= rival_best - 1e-9
    table["winner"] = table[tested].idxmax(axis=1)
    varied = [a.path for a, _, _ in ranges]
    rule = _discover(table, ranges) if 0 < int((~table["holds"]).sum()) < len(table) else None
    return Robustness(
        leader, tested[1:], table, varied, rule, _sentence(table, leader, tested[1:], varied, rule, plan)
    )


def _setting(ranges, row: np.ndarray) -> list[Any]:
    values = []
    for (assumption, low, high), u in zip(ranges, row, strict=True):
        if assumption.is_choice:
            values.append(assumption.values[min(int(u * len(assumption.values)), len(assumption.values) - 1)])
        else:
            value = low + u * (high - low)
            values.append(round(value) if isinstance(assumption.default, int) else value)
    return values


def _point(scenario: Scenario, ranges, values: list[Any], models: list[str]) -> dict[str, Scenario]:
    """The scenario at one design point, per model (adapted to the organisation as in the comparison)."""
    raw = scenario.model_dump(by_alias=True)
    for (assumption, _, _), value in zip(ranges, values, strict=True):
        _set(raw, assumption.path, value)
    try:
        point = Scenario.model_validate(raw)
    except ValueError as error:
        raise ScenarioError(
            "--robustness", f"an assumption range gives an invalid scenario: {error}"
        ) from None
    specs, _, _ = fit_models(point, models)
    return specs


_MISSING = object()


def _get(raw: dict, path: str) -> Any:
    node: Any = raw
    for part in path.split("."):
        if not isinstance(node, dict) or part not in node:
            return _MISSING
        node = node[part]
    return node


def _set(raw: dict, path: str, value: Any) -> None:
    *parents, last = path.split(".")
    node = raw
    for part in parents:
        node = node.setdefault(part, {})
    node[last] = value


def _discover(table: pd.DataFrame, ranges) -> str | None:
    """The region where the leader loses, from a depth-2 tree.

    A leaf counts when at least three quarters of its points are losses (density) and it holds
    at least a third of all losses (coverage), the two measures PRIM trades off; ``None`` if no
    leaf qualifies, so noise is not dressed up as a rule.
    """
    columns = [a.path for a, _, _ in ranges]
    features = np.column_stack([_numeric(table[c], a) for c, (a, _, _) in zip(columns, ranges, strict=True)])
    target = (~table["holds"]).to_numpy()
    total = int(target.sum())
    tree = DecisionTreeClassifier(max_depth=2, min_samples_leaf=max(3, len(table) // 8), random_state=0)
    tree.fit(features, target)
    structure = tree.tree_
    best: tuple[float, int, list[str]] | None = None

    def walk(node: int, conditions: list[str]) -> None:
        nonlocal best
        if structure.children_left[node] == -1:
            counts = structure.value[node][0]
            share = counts[1] / counts.sum() if len(counts) > 1 else 0.0
            losses = round(float(share * structure.n_node_samples[node]))
            covers = losses >= max(2, total / 3)  # PRIM's coverage: the region holds a third of the losses
            if conditions and share >= 0.75 and covers and (best is None or (share, losses) > best[:2]):
                best = (share, losses, conditions)
            return
        name, assumption = columns[structure.feature[node]], ranges[structure.feature[node]][0]
        threshold = structure.threshold[node]
        walk(structure.children_left[node], [*conditions, _condition(name, assumption, threshold, "<")])
        walk(structure.children_right[node], [*conditions, _condition(name, assumption, threshold, ">")])

    walk(0, [])
    if best is None:
        return None
    return " and ".join(dict.fromkeys(best[2]))


def _numeric(column: pd.Series, assumption: Assumption) -> np.ndarray:
    if assumption.is_choice:
        return np.array([[repr(v) for v in assumption.values].index(repr(x)) for x in column], dtype=float)
    return column.to_numpy(dtype=float)


def _condition(path: str, assumption: Assumption, threshold: float, side: str) -> str:
    if assumption.is_choice:
        chosen = [v for i, v in enumerate(assumption.values) if (i <= threshold) == (side == "<")]
        return f"{path} is {' or '.join(_shown(v) for v in chosen)}"
    return f"{path} {side} {_shown(threshold)}"


def _shown(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.3g}"
    if isinstance(value, list) and len(value) > 6:
        return "a flat profile" if len(set(value)) == 1 else "a daytime profile"
    return str(value)


def _sentence(
    table: pd.DataFrame, leader: str, rivals: list[str], varied: list[str], rule: str | None, plan: Level
) -> str:
    count, holds = len(table), int(table["holds"].sum())
    design = (
        f"{count} Latin-hypercube points over {len(varied)} assumptions' plausible ranges, "
        f"{plan.replicates} replicate(s) each, common random numbers"
    )
    against = " and ".join(rivals) if rivals else "no rival"
    if holds == count:
        return f"The ranking holds: {leader} answers at least as many as {against} at all {design}."
    winners = table.loc[~table["holds"], "winner"].value_counts()
    rival = str(winners.index[0])
    if holds == 0:
        return f"The ranking does not hold: {rival} answers more than {leader} at every one of {design}."
    where = f" — mostly where {rule}" if rule else ", with no simple region to name"
    return (
        f"The ranking holds at {holds} of {count} points ({design}); {rival} answers more in the other "
        f"{count - holds}{where}."
    )
