"""Running the engine: replicates with spawned seeds, and summaries across them."""

from simulation.experiments.replicates import RunResult, replicate_seed, run_one, run_replicates
from simulation.experiments.statistics import confidence_interval, summarise_replicates

__all__ = [
    "RunResult",
    "confidence_interval",
    "replicate_seed",
    "run_one",
    "run_replicates",
    "summarise_replicates",
]
