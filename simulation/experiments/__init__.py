"""Running the engine: replicates with spawned seeds, and summaries across them.

Each name loads its module on first use (PEP 562): ``experiments.budget`` is needed by
``validate`` and must not pull in Mesa, pandas and SciPy with the package.
"""

from typing import TYPE_CHECKING

from simulation.core.lazy import lazy_exports

_HOMES = {
    "Comparison": "simulation.experiments.comparison",
    "RunResult": "simulation.experiments.replicates",
    "collect": "simulation.experiments.comparison",
    "compare": "simulation.experiments.comparison",
    "confidence_interval": "simulation.experiments.statistics",
    "replicate_seed": "simulation.core.seeding",
    "run_one": "simulation.experiments.replicates",
    "run_replicates": "simulation.experiments.replicates",
    "summarise_replicates": "simulation.experiments.statistics",
}

__all__ = [
    "Comparison",
    "RunResult",
    "collect",
    "compare",
    "confidence_interval",
    "replicate_seed",
    "run_one",
    "run_replicates",
    "summarise_replicates",
]

if TYPE_CHECKING:
    from simulation.core.seeding import replicate_seed
    from simulation.experiments.comparison import Comparison, collect, compare
    from simulation.experiments.replicates import RunResult, run_one, run_replicates
    from simulation.experiments.statistics import confidence_interval, summarise_replicates


__getattr__, __dir__ = lazy_exports(__name__, _HOMES)
