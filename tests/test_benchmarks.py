"""The benchmark compares like with like: A, B and the engine solve the same M/M/c queue.

This checks the benchmark's correctness, not speed; nothing here is timed.
"""

import numpy as np
import pytest

from benchmarks.baselines import run_heapq, run_mesa
from benchmarks.cases import batch_standard_error
from benchmarks.scenarios import Queue, erlang_c_response, queue_scenario
from simulation.engine.inquiries import Outcome
from simulation.engine.model import OrgModel

# c = 3, rho = 0.5, 1/mu = 6 min; 40 days is about 14,000 arrivals per implementation
TINY = Queue(servers=3, arrival_rate=0.25, work_mean=6.0, days=40.0, warmup_days=1.0)
TOLERANCE = 0.06  # about 4 standard errors of one run's mean (batch means: ~1.5 %)


def engine_responses(problem: Queue):
    model = OrgModel(queue_scenario(problem, seed=7)).run()
    warmup = problem.warmup_days * 1440
    return [
        q.finished_at - q.arrival
        for q in model.inquiries
        if q.arrival >= warmup and q.outcome == Outcome.PUBLISHED
    ]


def test_erlang_c_matches_the_textbook_value():
    assert erlang_c_response(3, 0.4, 6.0) == pytest.approx(12.472, abs=1e-3)
    # M/M/1: W = 1 / (mu - lambda) = 1 / (0.5 - 0.25)
    assert erlang_c_response(1, 0.25, 2.0) == pytest.approx(4.0)
    # many servers, light load: W is the work time
    assert erlang_c_response(2000, 0.35, 25.0) == pytest.approx(25.0)


def test_baselines_and_engine_agree_on_mean_response_time():
    expected = erlang_c_response(TINY.servers, TINY.arrival_rate, TINY.work_mean)
    means = {}
    for name, responses in (
        ("A", run_mesa(TINY, seed=3)[0]),
        ("B", run_heapq(TINY, seed=3)[0]),
        ("engine", np.asarray(engine_responses(TINY))),
    ):
        assert responses.size > 5000, name
        assert batch_standard_error(responses) / expected < TOLERANCE / 3, name
        means[name] = responses.mean()
    for name, mean in means.items():
        assert mean == pytest.approx(expected, rel=TOLERANCE), (name, means, expected)
        assert mean == pytest.approx(means["B"], rel=TOLERANCE), (name, means)
