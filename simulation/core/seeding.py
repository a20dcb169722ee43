"""Seeds: every replicate's stream is spawned from the scenario's seed, never derived by arithmetic."""

import numpy as np


def replicate_seed(seed: int, replicate: int) -> np.random.SeedSequence:
    """The seed sequence of one replicate: ``SeedSequence(seed).spawn(replicate + 1)[replicate]``."""
    return np.random.SeedSequence(seed, spawn_key=(replicate,))
