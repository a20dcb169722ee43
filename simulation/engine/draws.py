"""Buffered random draws: one numpy call per thousand numbers instead of one per event."""

from __future__ import annotations

import numpy as np

_BLOCK = 4096


class BufferedDraws:
    """Standard exponentials and uniforms from one generator, drawn in blocks.

    The sequence a caller sees depends only on the generator's seed and the order
    of calls, so runs stay reproducible.
    """

    def __init__(self, rng: np.random.Generator):
        self.rng = rng
        self._exponentials: list[float] = []
        self._uniforms: list[float] = []

    def exponential(self, mean: float) -> float:
        """One exponential draw with the given mean (0 for a mean of 0)."""
        if not self._exponentials:
            self._exponentials = self.rng.exponential(1.0, _BLOCK).tolist()
        return self._exponentials.pop() * mean

    def uniform(self) -> float:
        """One uniform draw in [0, 1)."""
        if not self._uniforms:
            self._uniforms = self.rng.random(_BLOCK).tolist()
        return self._uniforms.pop()
