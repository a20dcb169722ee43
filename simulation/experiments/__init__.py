"""Running the engine: replicates with spawned seeds, and summaries across them."""

from simulation.core.seeding import replicate_seed
from simulation.experiments.compare import Comparison, collect, compare
from simulation.experiments.replicates import RunResult, run_one, run_replicates
from simulation.experiments.statistics import confidence_interval, summarise_replicates

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
