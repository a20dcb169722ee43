"""One run, and replicates of it, each from a seed spawned off the scenario's seed.

Replicate ``i`` always gets ``SeedSequence(seed, spawn_key=(i,))``, the ``i``-th
child that ``SeedSequence(seed).spawn`` would give, whatever order or process
runs it. Two models run with the same seed and replicate see the same arrivals
(common random numbers).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import numpy as np

from simulation.core.seeding import replicate_seed
from simulation.engine.collector import collected_afterwards
from simulation.engine.metrics import backlog, flow_matrix, inquiry_table, summarise, workload
from simulation.engine.model import OrgModel
from simulation.scenario.types import Scenario


@dataclass(frozen=True)
class RunResult:
    """What one run gives back: the summary row and, on request, the details.

    Details (``details=True``): department names and the message-flow matrix between
    them, the backlog over time, the per-inquiry table and the per-person workload
    (:func:`simulation.engine.metrics.workload`).
    """

    summary: dict[str, object]
    departments: list[str] | None = None
    flow: np.ndarray | None = None
    backlog: tuple[np.ndarray, np.ndarray] | None = None
    inquiries: dict[str, np.ndarray] | None = None
    workload: dict[str, np.ndarray] | None = None


def run_one(
    scenario: Scenario, replicate: int = 0, seed: int | None = None, details: bool = False
) -> RunResult:
    """Build and run one model; ``seed`` defaults to the scenario's."""
    base = scenario.scenario.seed if seed is None else seed
    with collected_afterwards():  # the model is dropped inside: its memory is given back
        return _result(OrgModel(scenario, replicate_seed(base, replicate)).run(), replicate, base, details)


def _result(model: OrgModel, replicate: int, base: int, details: bool) -> RunResult:
    summary = summarise(model, replicate=replicate, seed=base)
    if not details:
        return RunResult(summary)
    names, flow = flow_matrix(model)
    return RunResult(summary, names, flow, backlog(model), inquiry_table(model), workload(model))


def run_replicates(
    scenario: Scenario,
    replicates: int,
    seed: int | None = None,
    details: bool = False,
    on_done: Callable[[RunResult], None] | None = None,
) -> Iterator[RunResult]:
    """Run replicates ``0 .. replicates-1`` in order, yielding each as it finishes."""
    for replicate in range(replicates):
        result = run_one(scenario, replicate, seed, details)
        if on_done is not None:
            on_done(result)
        yield result
