"""Same scenario and seed, same output; replicate seeds are spawned; models share arrivals.

"Same scenario + seed ⇒ identical output in any process, on any machine, in any
order of execution", replicate and sweep seeds are spawned, and every model compared in a
replicate sees the same arrival stream (common random numbers). No test here pins a seed's
output: runs are compared with each other.
"""

from __future__ import annotations

import json
import math
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from simulation.engine.metrics import SUMMARY_KEYS
from simulation.engine.model import OrgModel
from simulation.experiments import replicate_seed, run_one, run_replicates
from simulation.ownership import model_names
from simulation.scenario.loading import read_toml, scenario_from_dict, with_overrides

REPOSITORY = Path(__file__).resolve().parent.parent
# The documented keys of `run --json` (a contract).
DESIGN_KEYS = (
    "inquiries",
    "answered_share",
    "lost_share",
    "answered_within_1h_share",
    "answered_within_24h_share",
    "response_time_mean_min",
    "response_time_median_min",
    "response_time_p90_min",
    "response_time_p99_min",
    "handoffs_per_inquiry",
    "middlemen_per_inquiry",
    "boundary_crossings_per_inquiry",
    "messages_total",
    "time_in_queue_share",
    "time_in_transit_share",
    "time_in_approval_share",
    "coordination_hours",
    "person_hours_social",
    "max_utilisation",
    "workload_gini",
    "scenario",
    "model",
    "seed",
    "replicate",
    "orgsim_version",
)
ARRIVAL_FIELDS = ("arrival", "deadline", "topic", "channel", "region", "standard", "work", "patience")


def strict_json(line: str) -> dict[str, object]:
    """Parse one line as standard JSON: NaN and Infinity are not JSON."""

    def refuse(constant: str) -> object:
        raise ValueError(f"{constant} is not valid JSON")

    return json.loads(line, parse_constant=refuse)


def json_safe(row: dict[str, object]) -> dict[str, object]:
    return {k: (None if isinstance(v, float) and not math.isfinite(v) else v) for k, v in row.items()}


def arrivals(model: OrgModel) -> list[tuple[object, ...]]:
    return [tuple(getattr(q, name) for name in ARRIVAL_FIELDS) for q in model.inquiries]


@pytest.fixture
def small_file(small_raw, write_toml, tmp_path):
    return write_toml(tmp_path / "small.toml", small_raw())


def test_same_seed_same_json_in_process(cli, small_file):
    argv = ["run", small_file, "--model", "central_team", "--seed", "11", "--replicates", "3", "--json"]
    first = cli(argv)
    second = cli(argv)
    assert first[0] == 0, first[2]
    assert first[1] == second[1]
    assert first[1].count("\n") == 3


def test_default_scenario_same_json_in_a_subprocess(cli, default_scenario_path):
    arguments = ["run", "scenarios/default.toml", "--model", "central_team", "--seed", "7", "--json"]
    code, in_process, err = cli(["run", default_scenario_path, *arguments[2:]])
    assert code == 0, err
    uv = shutil.which("uv")
    command = [uv, "run", "run.py", *arguments] if uv else [sys.executable, "run.py", *arguments]
    environment = {**os.environ, "PYTHONHASHSEED": "4711"}  # a hash seed of its own
    done = subprocess.run(
        command, cwd=REPOSITORY, capture_output=True, text=True, env=environment, check=False, timeout=300
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == in_process
    assert strict_json(in_process)["model"] == "central_team"


def test_order_of_execution_does_not_matter(small_raw):
    """Replicate 2 alone equals replicate 2 of a batch; interleaved runs do not disturb each other."""
    scenario = scenario_from_dict(small_raw())
    batch = [result.summary for result in run_replicates(scenario, 3, seed=5)]
    other = scenario_from_dict(with_overrides(small_raw(), {"ownership.model": "central_team"}))
    run_one(other, replicate=1, seed=99)  # something else in between
    alone = run_one(scenario, replicate=2, seed=5).summary
    assert json_safe(alone) == json_safe(batch[2])
    assert [row["replicate"] for row in batch] == [0, 1, 2]
    assert {row["seed"] for row in batch} == {5}


def test_different_seeds_differ(cli, small_file, small_raw):
    scenario = scenario_from_dict(small_raw())
    assert arrivals(OrgModel(scenario, seed=1).run()) != arrivals(OrgModel(scenario, seed=2).run())
    first = strict_json(cli(["run", small_file, "--seed", "1", "--json"])[1])
    second = strict_json(cli(["run", small_file, "--seed", "2", "--json"])[1])
    assert (first["seed"], second["seed"]) == (1, 2)
    first.pop("seed")
    second.pop("seed")
    assert first != second


def test_replicates_differ_from_each_other(small_raw):
    scenario = scenario_from_dict(small_raw())
    models = [OrgModel(scenario, replicate_seed(3, replicate)).run() for replicate in range(3)]
    streams = [arrivals(model) for model in models]
    assert streams[0] != streams[1] != streams[2] != streams[0]


@pytest.mark.parametrize("seed", [0, 7, 42, 2**63 - 1])
def test_replicate_seeds_are_spawned(seed):
    for replicate in range(5):
        spawned = np.random.SeedSequence(seed).spawn(replicate + 1)[replicate]
        expected = spawned.generate_state(4)
        assert (replicate_seed(seed, replicate).generate_state(4) == expected).all()


@pytest.mark.parametrize("replicate", [0, 3])
def test_common_random_numbers_across_models(replicate, default_scenario_path):
    raw = read_toml(default_scenario_path)
    streams = {}
    for name in model_names():
        scenario = scenario_from_dict(
            with_overrides(raw, {"ownership.model": name, "scenario.duration_days": 10})
        )
        streams[name] = arrivals(OrgModel(scenario, replicate_seed(42, replicate)).run())
    reference = streams["marketing_silo"]
    assert reference
    for name, stream in streams.items():
        assert stream == reference, f"{name} sees other arrivals than marketing_silo"
    assert streams["marketing_silo"] == streams["central_team"]


def test_the_inbox_choice_takes_the_draws_of_the_inquiry_arriving(default_scenario_path):
    """Departmental inboxes pick one from two uniforms of the inquiry's own row of draws, at its arrival.

    The inquiry does not keep them: ``_receive`` reads them from the stream, which must not
    have drawn the next arrival's row yet. Rows are numbered like inquiries.
    """
    raw = read_toml(default_scenario_path)
    scenario = scenario_from_dict(
        with_overrides(raw, {"ownership.model": "decentralized", "scenario.duration_days": 10})
    )
    model, read = OrgModel(scenario), {}
    receive = model._receive

    def noting_the_draws(inquiry):
        read[inquiry.id] = model.stream.inbox_draws
        receive(inquiry)

    model._receive = noting_the_draws
    model.run()
    fresh = OrgModel(scenario).stream  # the same seed: the same rows, the first drawn already
    rows = [fresh._row, *(fresh._draws() for _ in model.inquiries[1:])]
    assert len(read) == len(model.inquiries) > 100
    for inquiry in model.inquiries:
        row = rows[inquiry.id]
        assert inquiry.work == row[7] and inquiry.patience == row[3]  # the inquiry's own row
        assert read[inquiry.id] == (row[5], row[6])


def test_json_is_one_line_per_replicate_with_every_key(cli, small_file):
    code, out, err = cli(["run", small_file, "--replicates", "4", "--seed", "3", "--json"])
    assert code == 0, err
    lines = out.splitlines()
    assert len(lines) == 4 and out.endswith("\n")
    rows = [strict_json(line) for line in lines]
    for replicate, row in enumerate(rows):
        assert set(SUMMARY_KEYS) <= set(row)
        assert set(DESIGN_KEYS) <= set(row)
        assert row["replicate"] == replicate
        assert row["seed"] == 3
    assert set(DESIGN_KEYS) <= set(SUMMARY_KEYS)


def test_json_without_any_inquiry_is_still_strict_json(cli, small_raw, write_toml, tmp_path):
    path = write_toml(tmp_path / "quiet.toml", with_overrides(small_raw(), {"inquiries.per_day": 0}))
    code, out, err = cli(["run", path, "--json"])
    assert code == 0, err
    row = strict_json(out)
    assert row["inquiries"] == 0
    assert row["response_time_mean_min"] is None
