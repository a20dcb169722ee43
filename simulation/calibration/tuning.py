"""Calibrating the few uncertain parameters to the observed response times.

Most of a scenario is known (who works where, when messages arrive); a few numbers
are not: how long a hand-off and a department boundary take, what share of the
message is lost at a boundary, and how much of their shift people outside the team
give to social media. :func:`calibrate` searches them with Nelder–Mead
(``scipy.optimize.minimize``) so that the replayed model matches the observed
answered share, median and p90, each difference measured in units of its observed
95 % half-width (a chi-square-like distance). Every evaluation replays the same
arrivals with the same seeds (common random numbers), so the distance is a smooth
enough function of the parameters for the simplex.

The uncertainty of the fitted values comes from a bootstrap: the observed messages
are resampled, the targets recomputed and the search restarted from the best point;
the spread of the refits is reported as the standard error.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy.optimize import minimize

from simulation.calibration.backtest import METRICS, Observed, observe, simulate
from simulation.calibration.replay import Source, records, replay_scenario
from simulation.scenario.types import Scenario

PARAMETERS = (  # dotted field, lower bound, upper bound, log scale
    ("barriers.handoff_minutes", 0.5, 480.0, True),
    ("barriers.boundary_minutes", 0.5, 2880.0, True),
    ("barriers.boundary_drop", 0.0, 0.5, False),
    ("availability.others", 0.02, 1.0, False),
)
_FAR = 1e6  # the distance when a run answers nothing


@dataclass(frozen=True)
class Calibration:
    """Fitted values with bootstrap standard errors, and the distance before and after."""

    values: dict[str, float]
    standard_errors: dict[str, float]
    distance_before: float
    distance_after: float
    evaluations: int


def get(scenario: Scenario, dotted: str) -> float:
    """The value of a ``section.field`` of ``scenario``."""
    section, name = dotted.split(".")
    return float(getattr(getattr(scenario, section), name))


def with_values(scenario: Scenario, values: dict[str, float]) -> Scenario:
    """``scenario`` with ``section.field`` values replaced (no re-validation: values are in bounds)."""
    updates: dict[str, dict[str, float]] = {}
    for dotted, value in values.items():
        section, name = dotted.split(".")
        updates.setdefault(section, {})[name] = value
    return scenario.model_copy(
        update={
            section: getattr(scenario, section).model_copy(update=fields)
            for section, fields in updates.items()
        }
    )


def _to_free(value: float, low: float, high: float, log: bool) -> float:
    value = min(max(value, low + 1e-9), high - 1e-9)
    if log:
        return math.log(value)
    share = (value - low) / (high - low)
    return math.log(share / (1 - share))


def _from_free(free: float, low: float, high: float, log: bool) -> float:
    if log:
        return min(max(math.exp(free), low), high)
    return low + (high - low) / (1 + math.exp(-free))


def distance(observed: Observed, simulated) -> float:
    """Sum of squared differences, each in units of the observed 95 % half-width (at least 2 %)."""
    total = 0.0
    for key, _, _ in METRICS:
        target, half = observed.interval(key)
        value, _ = simulated.interval(key)
        if math.isnan(value):
            return _FAR
        scale = max(half, 0.02 * abs(target), 1e-9)
        total += ((value - target) / scale) ** 2
    return total


def calibrate(
    scenario: Scenario,
    source: Source,
    replicates: int = 2,
    bootstrap: int = 3,
    max_evaluations: int = 40,
    seed: int = 0,
) -> Calibration:
    """Fit :data:`PARAMETERS` to the export's responses; the arrivals are held in memory while searching."""
    origin = source.origin()
    scenario = replay_scenario(scenario, source, origin)
    observed = observe(source, scenario, origin)
    arrivals = list(records(source, scenario, origin))
    evaluations = 0

    def evaluate(free: np.ndarray, target: Observed) -> float:
        nonlocal evaluations
        evaluations += 1
        values = {
            name: _from_free(x, low, high, log)
            for x, (name, low, high, log) in zip(free, PARAMETERS, strict=True)
        }
        return distance(target, simulate(with_values(scenario, values), lambda: iter(arrivals), replicates))

    start = np.array([_to_free(get(scenario, name), low, high, log) for name, low, high, log in PARAMETERS])
    before = evaluate(start, observed)
    options = {"maxfev": max_evaluations, "xatol": 0.02, "fatol": 0.05}
    best = minimize(evaluate, start, args=(observed,), method="Nelder-Mead", options=options)
    refits = []
    rng = np.random.default_rng(seed)
    for _ in range(bootstrap):
        resampled = _resample(observed, rng)
        refit = minimize(evaluate, best.x, args=(resampled,), method="Nelder-Mead", options=options)
        refits.append(refit.x)
    values, errors = {}, {}
    for index, (name, low, high, log) in enumerate(PARAMETERS):
        values[name] = _from_free(best.x[index], low, high, log)
        spread = [_from_free(x[index], low, high, log) for x in refits]
        errors[name] = float(np.std(spread, ddof=1)) if len(spread) > 1 else math.nan
    return Calibration(values, errors, before, float(best.fun), evaluations)


def _resample(observed: Observed, rng: np.random.Generator) -> Observed:
    """The observed messages drawn again with replacement (answered ones keep their minutes)."""
    outcomes = np.concatenate(
        [observed.responses, np.full(observed.messages - observed.responses.size, np.inf)]
    )
    drawn = rng.choice(outcomes, size=outcomes.size, replace=True)
    return Observed(messages=observed.messages, responses=drawn[np.isfinite(drawn)])
