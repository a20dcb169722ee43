"""Work-time distributions that know their analytic mean."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from simulation.scenario.types import WorkTime


@dataclass(frozen=True, slots=True)
class WorkTimeSampler:
    """Draws work times in minutes; ``mean`` is the analytic mean, for tests against theory."""

    distribution: str
    mean: float
    sd: float

    @classmethod
    def from_spec(cls, spec: WorkTime) -> WorkTimeSampler:
        """Build from the scenario's ``inquiries.work_minutes``."""
        return cls(spec.distribution, spec.mean, spec.sd)

    def sample(self, rng: np.random.Generator, count: int) -> np.ndarray:
        """``count`` independent draws."""
        if self.distribution == "fixed":
            return np.full(count, self.mean)
        if self.distribution == "exponential":
            return rng.exponential(self.mean, count)
        if self.sd == 0:
            return np.full(count, self.mean)
        sigma2 = math.log1p((self.sd / self.mean) ** 2)
        mu = math.log(self.mean) - sigma2 / 2
        return rng.lognormal(mu, math.sqrt(sigma2), count)
