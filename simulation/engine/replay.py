"""Recorded arrivals, replayed exactly: trace-driven simulation.

A :class:`ReplayStream` stands where an :class:`~simulation.engine.inquiries.ArrivalStream`
stands (same methods, handed to ``OrgModel.replace_arrivals``) but takes each
arrival's time, topic and channel from a record instead of a Poisson draw. What a
record does not say — the region, whether the answer is in the playbook, the work
time, the customer's patience, the inbox choice — is drawn as the Poisson stream
draws it, from the same row of numbers, so two models replaying the same records
with the same seed see the same inquiries (common random numbers).

Records are pulled one at a time from an iterator, so a trace of millions of
messages is never held whole.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections.abc import Iterable

import numpy as np

from simulation.engine.inquiries import ArrivalStream, Inquiry, _cdf
from simulation.scenario.types import Scenario


class ReplayStream(ArrivalStream):
    """Arrivals from ``records``: ``(clock minute, topic index, channel index)``, in time order.

    A topic or channel index of ``-1`` (the record does not say) is drawn from the
    scenario's shares. Surges do not change a replay: its times are the record's.
    """

    def __init__(
        self, scenario: Scenario, records: Iterable[tuple[float, int, int]], rng: np.random.Generator
    ):
        super().__init__(scenario, rng)
        self._records = iter(records)
        self._topic_cdf = _cdf(scenario.inquiries.topics.values())
        self._region_cdf = (np.cumsum(self.region_shares) / self.region_shares.sum()).tolist()
        self._pending: tuple[float, int, int] | None = None

    def next_time(self, after: float, horizon: float) -> float:
        """The next recorded arrival at or after ``after``, or ``inf`` if none before ``horizon``."""
        self._row = self._draws()
        record = next(self._records, None)
        if record is None or record[0] >= horizon:
            self._pending = None
            return math.inf
        self._pending = record
        return max(record[0], after)

    def make(self, time: float) -> Inquiry:
        """The inquiry of the pending record, arriving at ``time``."""
        draws = self._row
        _, topic, channel = self._pending if self._pending is not None else (time, -1, -1)
        if topic < 0:
            topic = min(bisect_right(self._topic_cdf, draws[1]), len(self.topics) - 1)
        if channel < 0:
            channel = draws[2]  # drawn by the channels' weights
        region_uniform = -math.expm1(-draws[0])  # the exponential is unused here: a uniform again
        region = min(bisect_right(self._region_cdf, region_uniform), len(self.regions) - 1)
        return self.inquiry(time, topic, channel, region, draws)
