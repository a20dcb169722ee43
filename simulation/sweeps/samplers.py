"""Samplers: from a :class:`Sweep` to the design, the list of points and models to run.

A *point* is one combination of the non-model parameters; the ownership model
(``ownership.model``) is crossed with the points, so every model of a point
sees the same seeds (common random numbers). Grid uses ``itertools.product``;
``lhs``, ``sobol`` and ``morris`` use SALib with the sweep's seed, and cross
the sampled continuous values with every combination of the categorical ones.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

import numpy as np

from simulation.sweeps.spec import MODEL_PARAMETER, Parameter, Sweep


@dataclass(frozen=True)
class Design:
    """The resolved design of a sweep: what runs, before replicates.

    Attributes:
        parameters: names of the non-model parameters, in column order.
        points: one mapping (parameter -> value) per point; the index is the point id.
        runs: (point id, model) pairs to run, in order.
        models: the ownership models, in order of first appearance.
        samples: per point, the row of ``matrix`` it came from (SALib samplers), else None.
        problem: the SALib problem (names and bounds of the continuous parameters), or None.
        matrix: the SALib sample matrix, unrounded, one row per sample, or None.

    """

    parameters: tuple[str, ...]
    points: tuple[dict[str, Any], ...]
    runs: tuple[tuple[int, str], ...]
    models: tuple[str, ...]
    samples: tuple[int | None, ...]
    problem: dict[str, Any] | None = None
    matrix: tuple[tuple[float, ...], ...] | None = None


def make_design(sweep: Sweep) -> Design:
    """Sample the sweep's points (deterministic in the sweep's seed)."""
    if sweep.design_rows is not None:
        return _from_rows(sweep)
    categorical = [p for p in sweep.parameters if not p.continuous and p.path != MODEL_PARAMETER]
    continuous = [p for p in sweep.parameters if p.continuous]
    models = _models(sweep)
    sampler = sweep.settings.sampler
    problem = matrix = None
    if sampler == "grid":
        axes = [(p.path, _grid_axis(p, sweep.settings.samples)) for p in continuous]
        rows = [dict(zip([name for name, _ in axes], combo, strict=True)) for combo in _product(axes)]
        sample_ids: list[int | None] = [None] * len(rows)
    else:
        problem = {
            "num_vars": len(continuous),
            "names": [p.path for p in continuous],
            "bounds": [[p.low, p.high] for p in continuous],
        }
        raw = _salib_sample(sampler, problem, sweep)
        matrix = tuple(tuple(float(x) for x in row) for row in raw)
        rows = [{p.path: _value(p, x) for p, x in zip(continuous, row, strict=True)} for row in raw]
        sample_ids = list(range(len(rows)))
    points, samples = [], []
    for combo in _product([(p.path, p.values) for p in categorical]):
        values = dict(zip([p.path for p in categorical], combo, strict=True))
        for row, sample in zip(rows, sample_ids, strict=True):
            points.append({**values, **row})
            samples.append(sample)
    names = tuple(p.path for p in sweep.parameters if p.path != MODEL_PARAMETER)
    points = [{name: point[name] for name in names} for point in points]
    runs = tuple((index, model) for index in range(len(points)) for model in models)
    return Design(names, tuple(points), runs, models, tuple(samples), problem, matrix)


def _models(sweep: Sweep) -> tuple[str, ...]:
    for parameter in sweep.parameters:
        if parameter.path == MODEL_PARAMETER:
            if parameter.continuous:
                from simulation.core.errors import ScenarioError

                raise ScenarioError(f"parameters.{MODEL_PARAMETER}", "must be a list of model names")
            return tuple(str(v) for v in parameter.values or ())
    return (str(sweep.base.get("ownership", {}).get("model", "marketing_silo")),)


def _product(axes: list[tuple[str, Any]]) -> list[tuple[Any, ...]]:
    return list(itertools.product(*[values for _, values in axes]))


def _grid_axis(parameter: Parameter, count: int) -> tuple[Any, ...]:
    assert parameter.low is not None and parameter.high is not None
    values = np.linspace(parameter.low, parameter.high, count) if count > 1 else [parameter.low]
    axis = [_value(parameter, float(x)) for x in values]
    return tuple(dict.fromkeys(axis))  # integer rounding can repeat a value


def _value(parameter: Parameter, x: float) -> float | int:
    return round(float(x)) if parameter.integer else float(x)


def _salib_sample(sampler: str, problem: dict[str, Any], sweep: Sweep) -> np.ndarray:
    settings = sweep.settings
    if sampler == "lhs":
        from SALib.sample import latin

        return latin.sample(problem, settings.samples, seed=settings.seed)
    if sampler == "sobol":
        from SALib.sample import sobol

        return sobol.sample(
            problem, settings.samples, calc_second_order=settings.second_order, seed=settings.seed
        )
    from SALib.sample import morris

    return morris.sample(problem, settings.samples, num_levels=settings.levels, seed=settings.seed)


def _from_rows(sweep: Sweep) -> Design:
    """A design CSV: one run per row; rows equal but for the model share a point (and seeds)."""
    assert sweep.design_rows is not None
    columns = list(sweep.design_rows[0])
    names = tuple(c for c in columns if c != MODEL_PARAMETER)
    default_model = _models(sweep)[0]
    index: dict[tuple[str, ...], int] = {}
    points: list[dict[str, Any]] = []
    runs = []
    for row in sweep.design_rows:
        point = {name: row[name] for name in names}
        key = tuple(repr(point[name]) for name in names)
        if key not in index:
            index[key] = len(points)
            points.append(point)
        runs.append((index[key], str(row.get(MODEL_PARAMETER, default_model))))
    models = tuple(dict.fromkeys(model for _, model in runs))
    return Design(names, tuple(points), tuple(runs), models, (None,) * len(points))
