"""The engine reduced to an M/M/c queue agrees with Erlang C and Little's law.

``scenarios/validation/mmc.toml`` (docs/validation.md) has one department of c
monitors who answer everything, 24/7, Poisson arrivals, exponential work and no
routing, approval, barrier or expiry. c, lambda and mu are read from the file, so
other c and rho are checked by editing only its four keys.
"""

import math
from pathlib import Path

import numpy as np
import pytest

from simulation.core.seeding import replicate_seed
from simulation.core.shifts import MINUTES_PER_DAY
from simulation.engine.model import OrgModel
from simulation.experiments import confidence_interval, run_one
from simulation.scenario.loading import load_scenario

MMC = Path(__file__).parents[2] / "scenarios" / "validation" / "mmc.toml"
REPLICATES = 8
TOLERANCE = 0.03


def erlang_c_response(servers: int, arrival_rate: float, service_rate: float) -> float:
    """Mean time in system W = Wq + 1/mu of an M/M/c queue (Erlang C)."""
    load = arrival_rate / service_rate
    utilisation = load / servers
    assert utilisation < 1, "the queue must be stable"
    top = load**servers / math.factorial(servers) / (1 - utilisation)
    waiting_probability = top / (sum(load**k / math.factorial(k) for k in range(servers)) + top)
    return waiting_probability / (servers * service_rate - arrival_rate) + 1 / service_rate


@pytest.fixture(scope="module")
def runs():
    scenario = load_scenario(MMC)
    return scenario, [run_one(scenario, replicate, details=True) for replicate in range(REPLICATES)]


def test_erlang_c_by_hand():
    # c = 1 is M/M/1: W = 1 / (mu - lambda)
    assert erlang_c_response(1, 0.5, 1.0) == pytest.approx(2.0)
    # c = 3, a = 2.4: C = 0.6472, W = C / (0.5 - 0.4) + 6
    assert erlang_c_response(3, 0.4, 1 / 6) == pytest.approx(12.472, abs=1e-3)


def test_scenario_is_the_reduction():
    scenario = load_scenario(MMC)
    assert len(scenario.organisation.departments) == 1
    assert scenario.inquiries.work_minutes.distribution == "exponential"
    assert math.isinf(scenario.inquiries.patience_hours)
    assert scenario.ownership.parts.approval.topics == []


def test_mean_response_time_matches_erlang_c(runs):
    scenario, results = runs
    servers = scenario.organisation.departments[0].size
    arrival_rate = scenario.inquiries.per_day / MINUTES_PER_DAY
    service_rate = 1 / scenario.inquiries.work_minutes.mean
    expected = erlang_c_response(servers, arrival_rate, service_rate)
    observed, half_width = confidence_interval(r.summary["response_time_mean_min"] for r in results)
    assert all(r.summary["answered_share"] == 1.0 for r in results)
    assert abs(observed - expected) / expected < TOLERANCE, (observed, half_width, expected)
    assert half_width / expected < TOLERANCE, "too few arrivals for an honest 3 % tolerance"


def test_other_c_and_rho_by_editing_only_the_four_keys(tmp_path):
    """c = 2, rho = 0.6: only `size` and `per_day` change in the file's text."""
    text = MMC.read_text()
    assert text.count("size = 3") == 1 and text.count("per_day = 576") == 1
    edited = tmp_path / "mm2.toml"
    edited.write_text(text.replace("size = 3", "size = 2").replace("per_day = 576", "per_day = 288"))
    scenario = load_scenario(edited)
    expected = erlang_c_response(2, 288 / MINUTES_PER_DAY, 1 / 6)
    observed, _ = confidence_interval(
        run_one(scenario, replicate).summary["response_time_mean_min"] for replicate in range(REPLICATES)
    )
    assert abs(observed - expected) / expected < TOLERANCE, (observed, expected)


def test_littles_law(runs):
    scenario, results = runs
    begin = scenario.scenario.warmup_days * MINUTES_PER_DAY
    end = scenario.scenario.duration_days * MINUTES_PER_DAY
    for result in results:
        arrival, finished = result.inquiries["arrival"], result.inquiries["finished_at"]
        inside = np.clip(np.minimum(finished, end) - np.maximum(arrival, begin), 0, None)
        in_system = inside.sum() / (end - begin)
        window = (arrival >= begin) & (arrival < end)
        throughput = window.sum() / (end - begin)
        mean_time = (finished - arrival)[window].mean()
        assert in_system == pytest.approx(throughput * mean_time, rel=TOLERANCE)


def erlang_c_waiting_probability(servers: int, arrival_rate: float, service_rate: float) -> float:
    """P(wait > 0) of an M/M/c queue: the Erlang C probability that all servers are busy."""
    load = arrival_rate / service_rate
    top = load**servers / math.factorial(servers) / (1 - load / servers)
    return top / (sum(load**k / math.factorial(k) for k in range(servers)) + top)


def _rates(scenario) -> tuple[int, float, float]:
    servers = scenario.organisation.departments[0].size
    return servers, scenario.inquiries.per_day / MINUTES_PER_DAY, 1 / scenario.inquiries.work_minutes.mean


def _counted(scenario, result) -> dict[str, np.ndarray]:
    keep = result.inquiries["arrival"] >= scenario.scenario.warmup_days * MINUTES_PER_DAY
    return {name: column[keep] for name, column in result.inquiries.items()}


def test_mean_wait_in_queue_matches_erlang_c(runs):
    """Wq alone: the time in the shared inbox before a monitor picks the inquiry up."""
    scenario, results = runs
    servers, arrival_rate, service_rate = _rates(scenario)
    expected = erlang_c_waiting_probability(servers, arrival_rate, service_rate) / (
        servers * service_rate - arrival_rate
    )
    observed, half_width = confidence_interval(
        float(_counted(scenario, r)["queue_minutes"].mean()) for r in results
    )
    assert abs(observed - expected) / expected < 2 * TOLERANCE, (observed, half_width, expected)
    assert half_width / expected < 2 * TOLERANCE, "too few arrivals for the tolerance"


def test_probability_of_waiting_matches_erlang_c(runs):
    """P(wait > 0): an arrival that finds a monitor idle is picked up at once (queue time 0)."""
    scenario, results = runs
    expected = erlang_c_waiting_probability(*_rates(scenario))
    observed, half_width = confidence_interval(
        float(np.mean(_counted(scenario, r)["queue_minutes"] > 0)) for r in results
    )
    assert abs(observed - expected) < 0.01, (observed, half_width, expected)


def test_littles_law_with_the_number_in_system_sampled_over_time():
    """L = lambda W, with L read from the live model at fixed times (not from the per-inquiry
    records) and lambda W from Erlang C: the count and the formula share no arrays."""
    scenario = load_scenario(MMC)
    servers, arrival_rate, service_rate = _rates(scenario)
    expected = arrival_rate * erlang_c_response(servers, arrival_rate, service_rate)
    step = 17.3  # minutes; not a multiple of anything in the model
    means = []
    for replicate in range(2):
        model = OrgModel(scenario, replicate_seed(scenario.scenario.seed, replicate))
        samples = []
        time = scenario.scenario.warmup_days * MINUTES_PER_DAY
        model.advance_to(time)
        while time < model.end_of_arrivals:
            samples.append(model.open_inquiries)
            time += step
            model.advance_to(time)
        means.append(float(np.mean(samples)))
    observed, half_width = confidence_interval(means)
    assert abs(observed - expected) / expected < TOLERANCE, (observed, half_width, expected)
