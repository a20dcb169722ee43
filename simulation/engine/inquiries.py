"""Inquiries: plain records (not agents), and the stream that brings them.

The arrival stream draws from its own generator and consumes the same numbers
per inquiry whatever the ownership model, so every model sees the same
arrivals, topics and work times in a replicate (common random numbers).
"""

from __future__ import annotations

import math
from bisect import bisect_right
from enum import IntEnum
from statistics import NormalDist

import numpy as np

from simulation.engine.distributions import WorkTimeSampler
from simulation.scenario.types import Scenario

MINUTES_PER_HOUR = 60.0
_BLOCK = 1024


class Outcome(IntEnum):
    """Where an inquiry ended; ``OPEN`` while it is still in the organisation."""

    OPEN = 0
    PUBLISHED = 1
    DROPPED_AT_BOUNDARY = 2
    NO_ROUTE = 3
    UNMONITORED = 4


class Inquiry:
    """One inquiry and the tally of its way through the organisation.

    Times are clock minutes; durations are minutes. ``trace`` holds
    ``(time, person, step)`` tuples when the scenario records traces.
    """

    __slots__ = (
        "approval_minutes",
        "arrival",
        "channel",
        "crossings",
        "deadline",
        "drafter",
        "enqueued_at",
        "finished_at",
        "handoffs",
        "id",
        "middlemen",
        "non_expert",
        "noticed_at",
        "noticer",
        "outcome",
        "patience",
        "queue_minutes",
        "region",
        "rework_minutes",
        "standard",
        "topic",
        "trace",
        "transit_minutes",
        "work",
        "work_minutes",
        "wrong",
    )

    def __init__(
        self,
        ident: int,
        topic: int,
        channel: int,
        region: int,
        standard: bool,
        arrival: float,
        deadline: float,
        work: float,
        patience: float = math.inf,
    ):
        self.id = ident
        self.topic = topic
        self.channel = channel
        self.region = region
        self.standard = standard
        self.arrival = arrival
        self.deadline = deadline
        self.work = work
        self.noticer = -1
        self.drafter = -1
        self.noticed_at = math.nan
        self.finished_at = math.nan
        self.outcome = Outcome.OPEN
        self.handoffs = 0
        self.crossings = 0
        self.middlemen = 0
        self.queue_minutes = 0.0
        self.transit_minutes = 0.0
        self.approval_minutes = 0.0
        self.work_minutes = 0.0
        self.enqueued_at = arrival
        self.non_expert = False
        self.patience = patience  # the customer's own, in minutes
        self.wrong = False  # the answer in hand is wrong or off-message
        self.rework_minutes = 0.0
        self.trace: list[tuple[float, int, str]] | None = None


class ArrivalStream:
    """Poisson arrivals whose rate varies by hour per topic, region and channel.

    Each region's share of the volume follows the diurnal and weekly profiles on its
    own local clock (its UTC offset from ``organisation.regions``); a channel with a
    profile of its own (``inquiries.profiles``) follows that one instead; surges
    multiply a topic's rate everywhere. Arrival times come from inverting the
    piecewise-constant cumulative rate, one local hour per piece, so profiles and
    surges need no thinning. Topic and region (and the channel, when channels have
    profiles of their own) are drawn together from the rates at the arrival time.
    """

    def __init__(self, scenario: Scenario, rng: np.random.Generator):
        spec = scenario.inquiries
        self.rng = rng
        self.topics = list(spec.topics)
        weights = np.array(list(spec.topics.values()), dtype=float)
        self.base_rates = spec.per_day / 1440.0 * weights / weights.sum()
        self.channels = list(spec.channels)
        self.channel_cdf = np.array(_cdf(spec.channels.values()))  # searched a block of rows at once
        self.regions = list(spec.regions)
        region_weights = np.array(list(spec.regions.values()), dtype=float)
        self.region_shares = region_weights / region_weights.sum()
        self.region_offsets = [scenario.organisation.regions[r] * MINUTES_PER_HOUR for r in self.regions]
        self.standard_share = spec.standard_share
        self.patience = spec.patience_hours * MINUTES_PER_HOUR
        self.own_patience = _patience_quantiles(spec.patience)
        self.work = WorkTimeSampler.from_spec(spec.work_minutes)
        self.diurnal = _normalised(spec.diurnal, 24)
        self.weekly = _normalised(spec.weekly, 7)
        self.by_channel = bool(spec.profiles)  # else the channel is drawn by its weight alone
        if self.by_channel:
            shares = np.array(list(spec.channels.values()), dtype=float)
            self.channel_shares = shares / shares.sum()
            self.channel_profiles = [self._profile_of(spec.profiles.get(c)) for c in self.channels]
        self.surges: list[tuple[float, float, int, float]] = []
        for event in scenario.events:
            self.add_surge(event.topic, event.at_day * 1440.0, event.hours * 60.0, event.factor)
        self._region_count = len(self.regions)
        self._channel_count = len(self.channels)
        self._columns = self._region_count * self._channel_count
        self.count = 0
        self._position = _BLOCK
        self._row: tuple = (0.0,) * 8
        self._piece: tuple[float, float, float, list[float]] = (math.inf, -math.inf, 0.0, [])

    def _profile_of(self, own) -> tuple[np.ndarray, np.ndarray]:
        """A channel's diurnal and weekly weights: its own where given, else the common ones."""
        diurnal = _normalised(own.diurnal, 24) if own is not None and own.diurnal else self.diurnal
        weekly = _normalised(own.weekly, 7) if own is not None and own.weekly else self.weekly
        return diurnal, weekly

    def add_surge(self, topic: str, start: float, minutes: float, factor: float) -> None:
        """Multiply ``topic``'s rate by ``factor`` from clock ``start`` for ``minutes``."""
        self.surges.append((start, start + minutes, self.topics.index(topic), factor))
        self._piece = (math.inf, -math.inf, 0.0, [])  # rates may have changed

    def rates_at(self, time: float) -> np.ndarray:
        """Arrival rates (per minute) at ``time``, topic by region, rows in topic order.

        With channel profiles the columns are (region, channel) pairs, region-major.
        """
        if self.by_channel:
            profile = np.empty((len(self.regions), len(self.channels)))
            for index, offset in enumerate(self.region_offsets):
                hour = int((time + offset) // MINUTES_PER_HOUR)
                for channel, (diurnal, weekly) in enumerate(self.channel_profiles):
                    profile[index, channel] = diurnal[hour % 24] * weekly[(hour // 24) % 7]
            profile = (profile * self.channel_shares).ravel()
            shares = np.repeat(self.region_shares, len(self.channels))
        else:
            profile = np.empty(len(self.regions))
            for index, offset in enumerate(self.region_offsets):
                hour = int((time + offset) // MINUTES_PER_HOUR)
                profile[index] = self.diurnal[hour % 24] * self.weekly[(hour // 24) % 7]
            shares = self.region_shares
        topic_rates = self.base_rates
        for start, end, topic, factor in self.surges:
            if start <= time < end:
                topic_rates = topic_rates.copy()
                topic_rates[topic] *= factor
        return np.outer(topic_rates, shares * profile)

    def _piece_at(self, time: float) -> tuple[float, float, float, list[float]]:
        """The stretch of constant rates around ``time``: start, end, total rate, pair CDF.

        The CDF runs over (topic, region) pairs, topic-major. Cached, since thousands of
        arrivals can fall into one hour.
        """
        start, end = self._piece[0], self._piece[1]
        if start <= time < end:
            return self._piece
        start, end = -math.inf, math.inf
        for offset in self.region_offsets:  # local hour boundaries of every region
            local_end = (math.floor((time + offset) / MINUTES_PER_HOUR) + 1) * MINUTES_PER_HOUR - offset
            end = min(end, local_end)
            start = max(start, local_end - MINUTES_PER_HOUR)
        for edge in (edge for surge in self.surges for edge in surge[:2]):
            if time < edge < end:
                end = edge
            if start < edge <= time:
                start = edge
        rates = self.rates_at(time)
        total = float(rates.sum())
        cdf = (np.cumsum(rates) / total).tolist() if total > 0 else []
        self._piece = (start, end, total, cdf)
        return self._piece

    def next_time(self, after: float, horizon: float) -> float:
        """The next arrival after clock ``after``, or ``inf`` if none before ``horizon``."""
        position = self._position  # self._draws(), inline: once per inquiry
        if position >= _BLOCK:
            self._refill()
            position = 0
        self._row = row = self._block[position]
        self._position = position + 1
        need = row[0]
        time = after
        while time < horizon:
            piece = self._piece
            if not piece[0] <= time < piece[1]:
                piece = self._piece_at(time)
            piece_end, rate = piece[1], piece[2]
            if rate > 0 and need <= rate * (piece_end - time):
                arrival = time + need / rate
                return arrival if arrival < horizon else math.inf
            need -= rate * (piece_end - time)
            time = piece_end
        return math.inf

    def make(self, time: float) -> Inquiry:
        """The inquiry arriving at ``time``, from the row drawn with its arrival time."""
        draws = self._row
        piece = self._piece
        if not piece[0] <= time < piece[1]:
            piece = self._piece_at(time)
        pair_cdf = piece[3]
        pair = bisect_right(pair_cdf, draws[1])
        if pair >= len(pair_cdf):
            pair = len(pair_cdf) - 1
        if self.by_channel:
            topic, column = divmod(pair, self._columns)
            region, channel = divmod(column, self._channel_count)
        else:
            topic, region = divmod(pair, self._region_count)
            channel = draws[2]
        return self.inquiry(time, topic, channel, region, draws)

    def inquiry(self, time: float, topic: int, channel: int, region: int, draws: tuple) -> Inquiry:
        """The next inquiry at ``time``; its other properties come from the row of ``draws``."""
        inquiry = Inquiry(
            self.count,
            topic,
            channel,
            region,
            draws[4],
            time,
            time + self.patience,
            draws[7],
            draws[3],
        )
        self.count += 1
        return inquiry

    @property
    def inbox_draws(self) -> tuple[float, float]:
        """Two uniforms from the row of the inquiry arriving now: misdirected or not, and where to.

        Read once, at the arrival, when inboxes are by department; not kept on the inquiry,
        where the pair was about a sixth of its memory.
        """
        return self._row[5], self._row[6]

    def _draws(self) -> tuple:
        """One row of pre-drawn numbers: an exponential, then six uniforms, then a work time.

        Of the six uniforms, the block's refill turns three into what they decide, for the
        whole block at once (one numpy call, not one Python step per inquiry): the second
        into the channel by its weight, the third into the customer's patience (minutes),
        the fourth into whether the answer is in the playbook (by ``standard_share``). The
        first picks topic and region at the arrival time, the last two the inbox.
        """
        if self._position >= _BLOCK:
            self._refill()
        row = self._block[self._position]
        self._position += 1
        return row

    def _refill(self) -> None:
        """Draw the next block of rows (see :meth:`_draws`) and start at its first.

        Rows are zipped from the block's columns, one list each: turning a 2-D array into
        lists of lists, then writing the decisions in, cost twice as much.
        """
        exponentials = self.rng.exponential(1.0, _BLOCK).tolist()
        uniforms = self.rng.random((_BLOCK, 6)).T
        work = np.asarray(self.work.sample(self.rng, _BLOCK), dtype=float).tolist()
        channels = np.searchsorted(self.channel_cdf, uniforms[1], side="right")  # bisect_right
        self._block = list(
            zip(
                exponentials,
                uniforms[0].tolist(),
                np.minimum(channels, self._channel_count - 1).tolist(),
                self.own_patience(uniforms[2].tolist()),
                (uniforms[3] < self.standard_share).tolist(),
                uniforms[4].tolist(),
                uniforms[5].tolist(),
                work,
                strict=True,
            )
        )
        self._position = 0


def _patience_quantiles(spec):
    """Minutes of patience for a list of uniform draws: the inverse CDF of ``inquiries.patience``.

    Inverting one uniform of the row (rather than drawing anew) keeps every other number
    of the arrival stream where it was.
    """
    if spec.distribution == "fixed" or spec.sigma == 0:
        return lambda uniforms: [spec.median_minutes] * len(uniforms)
    inverse, exp = NormalDist(math.log(spec.median_minutes), spec.sigma).inv_cdf, math.exp
    low, high = 1e-12, 1 - 1e-12

    def quantiles(uniforms: list[float]) -> list[float]:
        return [exp(inverse(u if low < u < high else min(max(u, low), high))) for u in uniforms]

    return quantiles


def _cdf(weights) -> list[float]:
    values = np.array(list(weights), dtype=float)
    return (np.cumsum(values) / values.sum()).tolist()


def _normalised(profile: list[float] | None, length: int) -> np.ndarray:
    if profile is None:
        return np.ones(length)
    values = np.array(profile, dtype=float)
    if values.sum() <= 0:
        return np.ones(length)
    return values * length / values.sum()
