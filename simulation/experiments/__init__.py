"""Running the engine: replicates with spawned seeds, and summaries across them.

Each name loads its module on first use (PEP 562): ``experiments.budget`` is needed by
``validate`` and must not pull in Mesa, pandas and SciPy with the package.
"""

from importlib import import_module
from typing import TYPE_CHECKING

_HOMES = {
    "Comparison": "simulation.experiments.compare",
    "RunResult": "simulation.experiments.replicates",
    "collect": "simulation.experiments.compare",
    "compare": "simulation.experiments.compare",
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
    from simulation.experiments.compare import Comparison, collect, compare
    from simulation.experiments.replicates import RunResult, run_one, run_replicates
    from simulation.experiments.statistics import confidence_interval, summarise_replicates


def __getattr__(name: str) -> object:
    """Import the module that defines ``name`` on first access, then keep it here."""
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'simulation.experiments' has no attribute {name!r}")
    value = getattr(import_module(home), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
