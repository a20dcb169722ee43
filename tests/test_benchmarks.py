"""The benchmark compares like with like: A, B and the engine solve the same M/M/c queue.

This checks the benchmark's correctness, and that start-up commands import only what they
need; nothing here is timed.
"""

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from benchmarks.baselines import run_ciw, run_heapq, run_mesa, run_records
from benchmarks.cases import batch_standard_error
from benchmarks.report import ENGINE, A, B, C, D, median_rows, targets, targets_text
from benchmarks.scenarios import Queue, erlang_c_response, queue_scenario
from simulation.engine.inquiries import Outcome
from simulation.engine.model import OrgModel

# c = 3, rho = 0.5, 1/mu = 6 min; 40 days is about 14,000 arrivals per implementation
TINY = Queue(servers=3, arrival_rate=0.25, work_mean=6.0, days=40.0, warmup_days=1.0)
REPOSITORY = Path(__file__).resolve().parent.parent
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
        ("D", run_records(TINY, seed=3)[0]),
        ("engine", np.asarray(engine_responses(TINY))),
    ):
        assert responses.size > 5000, name
        assert batch_standard_error(responses) / expected < TOLERANCE / 3, name
        means[name] = responses.mean()
    for name, mean in means.items():
        assert mean == pytest.approx(expected, rel=TOLERANCE), (name, means, expected)
        assert mean == pytest.approx(means["B"], rel=TOLERANCE), (name, means)


def test_ciw_baseline_says_how_to_install_it_when_missing(monkeypatch):
    monkeypatch.setitem(sys.modules, "ciw", None)  # what an environment without the bench extra has
    with pytest.raises(SystemExit, match="uv sync --extra bench"):
        run_ciw(TINY)


def test_ciw_baseline_agrees_with_the_heapq_loop():
    pytest.importorskip("ciw", reason="baseline C needs the bench extra")
    expected = erlang_c_response(TINY.servers, TINY.arrival_rate, TINY.work_mean)
    ciw_responses, events, arrivals = run_ciw(TINY, seed=3)
    heapq_responses, _, heapq_arrivals = run_heapq(TINY, seed=3)
    assert events == 2 * arrivals and arrivals == pytest.approx(heapq_arrivals, rel=0.05)
    assert ciw_responses.mean() == pytest.approx(expected, rel=TOLERANCE)
    assert ciw_responses.mean() == pytest.approx(heapq_responses.mean(), rel=TOLERANCE)


SCENARIO_TYPES = ("simulation.scenario.types", "simulation.ownership.parts")


@pytest.mark.parametrize(
    ("argv", "unused"),
    [
        (["models"], ("rich", *SCENARIO_TYPES)),
        (["--help"], SCENARIO_TYPES),
        (["validate", "scenarios/default.toml"], ("rich",)),
    ],
)
def test_start_up_commands_load_no_engine_or_data_library(argv, unused):
    """``validate``, ``models`` and ``--help`` stay fast by not importing what they do not use.

    pydantic itself loads for every command: Typer coerces arguments with it.
    """
    heavy = (
        "pandas",
        "scipy",
        "matplotlib",
        "mesa",
        "networkx",
        "pyarrow",
        "simulation.engine.model",
        *unused,
    )
    script = (
        "import sys\n"
        "from simulation.cli.main import main\n"
        f"code = main({argv!r})\n"
        f"print(code, sorted(name for name in {heavy!r} if name in sys.modules))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=REPOSITORY, capture_output=True, text=True, check=False
    )
    assert done.stdout.splitlines()[-1] == "0 []", done.stdout[-500:] + done.stderr[-2000:]


def test_repeated_rounds_keep_the_median_round_of_each_case():
    def row(case: str, cpu_s: float, inquiries: int) -> dict:
        return {"case": case, "cpu_s": cpu_s, "inquiries": inquiries}

    rounds = [
        [row("year", 60.0, 1), row("build", 2.0, 1)],
        [row("year", 48.0, 2), row("build", 3.0, 2)],
        [row("year", 55.0, 3), row("build", 2.5, 3)],
    ]
    year, build = median_rows(rounds)
    assert (year["cpu_s"], year["inquiries"], year["cpu_s_runs"]) == (55.0, 3, [60.0, 48.0, 55.0])
    assert (build["cpu_s"], build["inquiries"]) == (2.5, 3)
    # an even count keeps the lower of the two middle rounds: a measured row, not an average
    assert median_rows(rounds[:2])[0]["cpu_s"] == 48.0
    assert rounds[0][0] == row("year", 60.0, 1)  # the rounds themselves are left as they were


def test_commands_build_the_scenario_types_without_looking_for_pydantic_plugins(monkeypatch):
    """The plugin search reads every installed package's metadata; a value the user set is kept."""
    script = (
        "import os\n"
        "from pydantic.plugin import _loader\n"
        "from simulation.cli.main import main\n"
        "code = main(['validate', 'scenarios/default.toml'])\n"
        "print(code, _loader._plugins is None, os.environ.get('PYDANTIC_DISABLE_PLUGINS'))\n"
    )
    monkeypatch.delenv("PYDANTIC_DISABLE_PLUGINS", raising=False)
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=REPOSITORY, capture_output=True, text=True, check=False
    )
    assert done.stdout.splitlines()[-1] == "0 True None", done.stdout[-500:] + done.stderr[-2000:]
    monkeypatch.setenv("PYDANTIC_DISABLE_PLUGINS", "some_plugin")
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=REPOSITORY, capture_output=True, text=True, check=False
    )
    assert done.stdout.splitlines()[-1] == "0 False some_plugin", done.stdout[-500:] + done.stderr[-2000:]


def test_paired_trees_take_turns_and_each_keeps_its_own_output(tmp_path):
    """One stopped while the other runs: each still finishes, and its output stays its own."""
    from benchmarks.pair import take_turns

    trees = [tmp_path / "old", tmp_path / "new"]
    for tree in trees:
        tree.mkdir()
    busy = "import time; sum(range(3_000_000)); print(__import__('os').getcwd(), time.process_time() > 0)"
    outputs = take_turns([[sys.executable, "-c", busy]] * 2, trees, slice_s=0.01)
    assert [output.split() for output in outputs] == [[str(tree), "True"] for tree in trees]


def test_a_pair_refuses_a_directory_that_is_no_tree_of_the_project(tmp_path):
    from benchmarks.pair import main

    with pytest.raises(SystemExit, match="not a tree of this project"):
        main([str(REPOSITORY), str(tmp_path), '{"implementation": "orgsim"}'])


def test_the_records_baseline_keeps_every_inquiry_as_the_engine_fills_it():
    """D draws from the engine's own stream, seeded alike: the same inquiries, answered alike."""
    problem = Queue(servers=3, arrival_rate=0.25, work_mean=6.0, days=3.0, warmup_days=0.0)
    responses, events, arrivals = run_records(problem, seed=5)
    engine = OrgModel(queue_scenario(problem), seed=5).run()
    assert arrivals == len(engine.inquiries) and events == 2 * arrivals
    # first come, first served by identical servers: every inquiry answered at the same minute
    expected = [q.finished_at - q.arrival for q in engine.inquiries]
    assert responses.tolist() == pytest.approx(expected, rel=1e-12)


def test_the_implementations_of_one_queue_problem_take_turns_and_nothing_else_does():
    from benchmarks.__main__ import plan, turns

    groups = turns(plan([200], ciw=True))
    together = [[(case.implementation, case.employees, case.load) for case in group] for group in groups]
    engine, b, d, a, c = ENGINE, B, D, A, C
    assert [
        (engine, 200, "saturated"),
        (b, 200, "saturated"),
        (d, 200, "saturated"),
        (a, 200, "saturated"),
    ] in together
    assert [(engine, 3, "saturated"), (b, 3, "saturated"), (c, 3, "saturated")] in together
    organisations = [group for group in groups if group[0].problem == "organisation"]
    assert len(organisations) == 8 and all(len(group) == 1 for group in organisations)
    assert sum(len(group) for group in groups) == len(plan([200], ciw=True))


def test_a_case_failing_in_turns_stops_with_its_own_error(tmp_path):
    from benchmarks.pair import take_turns

    fine = [sys.executable, "-c", "print('done')"]
    failing = [sys.executable, "-c", "raise SystemExit('the reason it failed')"]
    with pytest.raises(SystemExit, match="the reason it failed"):
        take_turns([fine, failing], [tmp_path, tmp_path], slice_s=0.01)


def test_the_m_m_n_target_says_what_the_records_alone_cost():
    def row(implementation: str, per_cpu_s: float) -> dict:
        return {
            "implementation": implementation,
            "problem": "M/M/N",
            "employees": 2000,
            "load": "saturated",
            "inquiries_per_cpu_s": per_cpu_s,
        }

    rows = [row(ENGINE, 100.0), row(B, 400.0), row(D, 160.0)]
    (goal,) = targets(rows, 2000)
    assert (goal["ratio"], goal["records_alone"], goal["met"]) == (4.0, 2.5, False)
    assert "orgsim is 4.0x slower than B (baseline D, B keeping orgsim's records, 2.5x)" in targets_text(
        [goal]
    )
    (without_d,) = targets(rows[:2], 2000)
    assert "records_alone" not in without_d and "baseline D" not in targets_text([without_d])
