"""Does the model reproduce today? Observed against simulated response times on the same arrivals.

Both sides use the run summary's definitions: a message is *answered* when its
first response came within ``inquiries.patience_hours``; the median and p90 are over
answered messages. The observed figures get a 95 % interval from their sample
(normal approximation for the share, order statistics for the quantiles); the
simulated ones a t interval over replicates. A figure is *reproduced* when the 95 %
interval of the difference (the two half-widths combined) contains zero. The whole
distribution is compared by a two-sample Kolmogorov–Smirnov test and a Q-Q plot.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime

import numpy as np
from scipy import stats

from simulation.calibration.replay import Source, records, replay_run, replay_scenario
from simulation.engine.inquiries import Outcome
from simulation.experiments.statistics import confidence_interval
from simulation.scenario.types import Scenario

METRICS = (
    ("answered_share", "answered share", "{:.0%}"),
    ("response_time_median_min", "median response (min)", "{:.0f}"),
    ("response_time_p90_min", "p90 response (min)", "{:.0f}"),
)
Z95 = 1.959964


@dataclass
class Observed:
    """Today's figures from the export: all messages, and the answered ones' response minutes."""

    messages: int = 0
    responses: np.ndarray = field(default_factory=lambda: np.empty(0))
    groups: dict[tuple[str, str], list[float]] = field(default_factory=dict)
    counts: dict[tuple[str, str], int] = field(default_factory=dict)

    def interval(self, key: str) -> tuple[float, float]:
        """Estimate and 95 % half-width of ``key`` (one of :data:`METRICS`)."""
        answered = self.responses.size
        if key == "answered_share":
            share = answered / self.messages if self.messages else math.nan
            return share, Z95 * math.sqrt(share * (1 - share) / self.messages) if self.messages else math.nan
        return quantile_interval(self.responses, 0.5 if key == "response_time_median_min" else 0.9)


def quantile_interval(values: np.ndarray, q: float) -> tuple[float, float]:
    """Quantile ``q`` of ``values`` and the half-width of its distribution-free 95 % interval."""
    if values.size == 0:
        return math.nan, math.nan
    ordered = np.sort(values)
    n = ordered.size
    spread = Z95 * math.sqrt(n * q * (1 - q))
    low = ordered[max(math.floor(n * q - spread), 0)]
    high = ordered[min(math.ceil(n * q + spread), n - 1)]
    return float(np.quantile(ordered, q)), float(high - low) / 2


def observe(source: Source, scenario: Scenario, origin: datetime) -> Observed:
    """One pass over the export: messages after the warm-up, answered ones' response minutes, by group."""
    deadline = scenario.inquiries.patience_hours * 60.0
    warmup = scenario.scenario.warmup_days * 1440.0
    found = Observed()
    responses: list[float] = []
    for row in source.rows():
        if source.minute(row.received, origin) < warmup:
            continue
        found.messages += 1
        minutes = (row.responded - row.received).total_seconds() / 60.0 if row.responded else math.inf
        keys = [("channel", row.channel), ("topic", row.topic)]
        for key in keys:
            found.counts[key] = found.counts.get(key, 0) + 1
        if minutes <= deadline:
            responses.append(minutes)
            for key in keys:
                found.groups.setdefault(key, []).append(minutes)
    found.responses = np.asarray(responses)
    return found


@dataclass
class Simulated:
    """The replicates' summaries, their pooled answered response minutes, and the same by group."""

    summaries: list[dict[str, object]]
    responses: np.ndarray
    groups: dict[tuple[str, str], list[float]]
    counts: dict[tuple[str, str], int]

    def interval(self, key: str) -> tuple[float, float]:
        """Mean over replicates and the 95 % half-width."""
        return confidence_interval(float(row[key]) for row in self.summaries)


def simulate(
    scenario: Scenario, records_of: Callable[[], Iterator[tuple[float, int, int]]], replicates: int
) -> Simulated:
    """Replay the arrivals ``replicates`` times (seeds spawned from the scenario's)."""
    summaries, pooled = [], []
    groups: dict[tuple[str, str], list[float]] = {}
    counts: dict[tuple[str, str], int] = {}
    topics, channels = list(scenario.inquiries.topics), list(scenario.inquiries.channels)
    warmup = scenario.scenario.warmup_days * 1440.0
    for replicate in range(replicates):
        summary, table, _ = replay_run(scenario, records_of, replicate)
        summaries.append(summary)
        counted = table["arrival"] >= warmup
        answered = (
            counted & (table["outcome"] == Outcome.PUBLISHED) & (table["finished_at"] <= table["deadline"])
        )
        minutes = table["finished_at"] - table["arrival"]
        pooled.append(minutes[answered])
        for dimension, names, column in (("channel", channels, "channel"), ("topic", topics, "topic")):
            for index, name in enumerate(names):
                mask = counted & (table[column] == index)
                counts[(dimension, name)] = counts.get((dimension, name), 0) + int(mask.sum())
                groups.setdefault((dimension, name), []).extend(minutes[mask & answered].tolist())
    return Simulated(summaries, np.concatenate(pooled) if pooled else np.empty(0), groups, counts)


@dataclass(frozen=True)
class Comparison:
    """One figure on both sides: estimates, half-widths, and whether the model reproduces it."""

    key: str
    label: str
    observed: float
    observed_half: float
    simulated: float
    simulated_half: float

    @property
    def reproduced(self) -> bool:
        """The 95 % interval of the difference contains zero."""
        half = math.hypot(_zero_if_nan(self.observed_half), _zero_if_nan(self.simulated_half))
        return abs(self.simulated - self.observed) <= half


@dataclass(frozen=True)
class Backtest:
    """Everything ``backtest`` reports."""

    comparisons: list[Comparison]
    ks_statistic: float
    ks_pvalue: float
    quantiles: tuple[np.ndarray, np.ndarray, np.ndarray]  # levels, observed, simulated
    groups: list[tuple[str, str, int, float, float, float, float]]
    replicates: int
    messages: int

    @property
    def reproduced(self) -> bool:
        """Median and answered share both reproduced (the p90 and KS are reported, not required)."""
        wanted = {"answered_share", "response_time_median_min"}
        return all(c.reproduced for c in self.comparisons if c.key in wanted)


def backtest(scenario: Scenario, source: Source, replicates: int = 10) -> Backtest:
    """Simulate today's model on the export's arrivals and compare with the export's responses."""
    origin = source.origin()
    scenario = replay_scenario(scenario, source, origin)
    observed = observe(source, scenario, origin)
    simulated = simulate(scenario, lambda: records(source, scenario, origin), replicates)
    return compare(observed, simulated, replicates)


def compare(observed: Observed, simulated: Simulated, replicates: int) -> Backtest:
    """The comparison of one observed and one simulated set of figures."""
    comparisons = [
        Comparison(key, label, *observed.interval(key), *simulated.interval(key)) for key, label, _ in METRICS
    ]
    if observed.responses.size and simulated.responses.size:
        test = stats.ks_2samp(observed.responses, simulated.responses)
        ks, p = float(test.statistic), float(test.pvalue)
        levels = np.linspace(0.01, 0.99, 99)
        quantiles = (
            levels,
            np.quantile(observed.responses, levels),
            np.quantile(simulated.responses, levels),
        )
    else:
        ks, p = math.nan, math.nan
        quantiles = (np.empty(0), np.empty(0), np.empty(0))
    groups = []
    for key, count in sorted(observed.counts.items()):
        if not key[1]:
            continue
        seen, sim = observed.groups.get(key, []), simulated.groups.get(key, [])
        sim_count = simulated.counts.get(key, 0)
        groups.append(
            (
                key[0],
                key[1],
                count,
                len(seen) / count,
                float(np.median(seen)) if seen else math.nan,
                len(sim) / sim_count if sim_count else math.nan,
                float(np.median(sim)) if sim else math.nan,
            )
        )
    return Backtest(comparisons, ks, p, quantiles, groups, replicates, observed.messages)


def verdict(result: Backtest) -> list[str]:
    """The backtest in plain words: what is reproduced, and what would have to change if not."""
    lines = []
    for c in result.comparisons:
        style = next(s for k, _, s in METRICS if k == c.key)
        both = (
            f"observed {style.format(c.observed)} ± {style.format(c.observed_half)}, "
            f"simulated {style.format(c.simulated)} ± {style.format(c.simulated_half)}"
        )
        word = "reproduced" if c.reproduced else "NOT reproduced"
        lines.append(f"{c.label}: {word} ({both})")
    if not math.isnan(result.ks_statistic):
        shape = "cannot be told apart" if result.ks_pvalue >= 0.05 else "differ"
        lines.append(
            f"whole distribution: the two response-time distributions {shape} "
            f"(Kolmogorov–Smirnov D = {result.ks_statistic:.2f}, p = {result.ks_pvalue:.3f}); "
            "the Q-Q plot shows where"
        )
    lines.extend(_advice(result))
    if result.reproduced:
        lines.insert(
            0, "The model reproduces today: median and answered share lie within their 95 % intervals."
        )
    else:
        lines.insert(0, "The model does NOT reproduce today within the 95 % intervals.")
    return lines


def _advice(result: Backtest) -> list[str]:
    """Which parameters would move a figure that is not reproduced towards the observed one."""
    by_key = {c.key: c for c in result.comparisons}
    advice = []
    median = by_key["response_time_median_min"]
    if not median.reproduced:
        direction = "slower" if median.simulated > median.observed else "faster"
        change = "lower" if direction == "slower" else "raise"
        opposite = "raise" if direction == "slower" else "lower"
        advice.append(
            f"to fix the median (simulated {direction} than today): {change} barriers.handoff_minutes "
            f"and barriers.boundary_minutes, or {opposite} availability.others; "
            "`fit --calibrate` searches these for you"
        )
    answered = by_key["answered_share"]
    if not answered.reproduced:
        change = "lower" if answered.simulated < answered.observed else "raise"
        advice.append(
            f"to fix the answered share: {change} barriers.boundary_drop, or check who monitors which "
            "channel (a channel nobody watches loses every message)"
        )
    return advice


def _zero_if_nan(value: float) -> float:
    return 0.0 if math.isnan(value) else value
