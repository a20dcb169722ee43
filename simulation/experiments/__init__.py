"""Running the engine: replicates with spawned seeds, and summaries across them."""

from simulation.experiments.replicates import RunResult, run_one, run_replicates
from simulation.experiments.statistics import confidence_interval, summarise_replicates
from simulation.seeding import replicate_seed

__all__ = [
    "RunResult",
    "confidence_interval",
    "replicate_seed",
    "run_one",
    "run_replicates",
    "summarise_replicates",
]
