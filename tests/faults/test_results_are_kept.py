"""No result is lost: earlier results are refused or kept, writers exclude each other, a full disk leaves old files.

And runaway work is refused before it starts: the work budget prices a command from the
scenario and exits 2 with the estimate and the flag that allows it.
"""

from __future__ import annotations

import errno
import json
import os
import re

import pytest

from simulation.core.errors import ScenarioError
from simulation.experiments import output
from simulation.experiments.budget import MAX_EVENTS, Estimate, Work, check_budget, work_of
from simulation.experiments.output import atomic_write, lock_directory, next_free, open_output
from simulation.scenario.loading import scenario_from_dict, with_overrides
from tests.conftest import REPOSITORY


def one_error_line(code: int, out: str, err: str) -> str:
    assert code == 2, (code, out, err)
    assert "Traceback" not in err
    lines = err.splitlines()
    assert len(lines) == 1, err
    return lines[0]


@pytest.fixture
def scenario_file(small_raw, write_toml, tmp_path):
    return write_toml(tmp_path / "small.toml", small_raw())


def runs_in(directory) -> list[dict]:
    return [json.loads(line) for line in (directory / "runs.jsonl").read_text().splitlines()]


# --- --out: refuse earlier results, --overwrite replaces, names carry the scenario ----------


def test_run_out_refuses_earlier_results_and_overwrite_replaces_them(cli, scenario_file, tmp_path):
    out = tmp_path / "out"
    assert cli(["run", scenario_file, "--replicates", "2", "--out", out])[0] == 0
    first = runs_in(out)
    files = sorted(p.name for p in out.iterdir())
    line = one_error_line(*cli(["run", scenario_file, "--out", out]))
    assert line.startswith(f"error: --out: {out} holds earlier results (")
    assert "--overwrite" in line
    assert runs_in(out) == first and sorted(p.name for p in out.iterdir()) == files
    assert cli(["run", scenario_file, "--replicates", "2", "--out", out, "--overwrite"])[0] == 0
    assert [row["replicate"] for row in runs_in(out)] == [0, 1]  # replaced, not appended
    assert runs_in(out) == first  # same scenario and seed: the same rows


def test_per_run_files_name_the_scenario(cli, small_raw, write_toml, tmp_path):
    out = tmp_path / "out"
    for name in ("Launch week", "Quiet month"):
        raw = with_overrides(small_raw(), {"scenario.name": name})
        path = write_toml(tmp_path / f"{name}.toml", raw)
        assert cli(["run", path, "--out", out, "--overwrite"])[0] == 0
    names = {p.name for p in out.glob("inquiries_*.csv")}
    assert names == {
        "inquiries_launch-week_marketing_silo_seed1_r0.csv",
        "inquiries_quiet-month_marketing_silo_seed1_r0.csv",
    }


def test_compare_writes_a_numbered_default_directory_and_refuses_earlier_results(
    cli, scenario_file, tmp_path, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    earlier = tmp_path / "out" / "compare"
    earlier.mkdir(parents=True)
    (earlier / "report.html").write_text("an earlier report")
    arguments = ["compare", scenario_file, "--models", "marketing_silo,central_team", "--replicates", "1"]
    assert cli(arguments)[0] == 0
    assert (earlier / "report.html").read_text() == "an earlier report"
    report = (tmp_path / "out" / "compare-2" / "report.html").read_bytes()
    line = one_error_line(*cli([*arguments, "--out", tmp_path / "out" / "compare-2"]))
    assert "holds earlier results" in line and "--overwrite" in line
    assert (tmp_path / "out" / "compare-2" / "report.html").read_bytes() == report


@pytest.mark.parametrize("kind", ["a file", "under a file"])
def test_out_that_cannot_be_a_directory(kind, cli, scenario_file, tmp_path):
    blocker = tmp_path / "taken"
    blocker.write_text("not a directory")
    out = blocker if kind == "a file" else blocker / "inside"
    line = one_error_line(*cli(["run", scenario_file, "--out", out]))
    assert line.startswith("error: --out: ")


@pytest.mark.parametrize("kind", ["a file", "under a file"])
def test_sweep_out_that_cannot_be_a_directory(kind, cli, tmp_path):
    blocker = tmp_path / "taken"
    blocker.write_text("not a directory")
    out = blocker if kind == "a file" else blocker / "inside"
    sweep = REPOSITORY / "scenarios" / "sweeps" / "quick.toml"
    line = one_error_line(*cli(["sweep", sweep, "--workers", "1", "--out", out]))
    assert line.startswith("error: --out: ")


# --- one writer per directory --------------------------------------------------------------


def test_a_locked_directory_is_refused(cli, scenario_file, tmp_path):
    out = tmp_path / "out"
    with lock_directory(out):
        line = one_error_line(*cli(["run", scenario_file, "--out", out]))
        assert re.search(rf"being written by another orgsim process \(pid {os.getpid()}\)", line), line
        assert not (out / "runs.jsonl").exists()
    assert cli(["run", scenario_file, "--out", out])[0] == 0  # released with the holder


def test_next_free_skips_directories_with_results(tmp_path):
    base = tmp_path / "compare"
    assert next_free(base) == base
    with open_output(base):
        atomic_write(base / "report.html", "<html></html>")
    assert next_free(base) == tmp_path / "compare-2"


# --- a full disk leaves the older file --------------------------------------------------------


def test_a_full_disk_keeps_the_older_file_and_leaves_no_temporary(tmp_path, monkeypatch):
    target = tmp_path / "runs.jsonl"
    atomic_write(target, "old\n")

    def full(descriptor):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(output.os, "fsync", full)
    with pytest.raises(ScenarioError, match=r"No space left on device.*older files are intact") as caught:
        atomic_write(target, "new\n")
    assert caught.value.field == "--out"
    assert target.read_text() == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["runs.jsonl"]


def test_a_full_disk_during_run_is_one_line(cli, scenario_file, tmp_path, monkeypatch):
    real_fsync = os.fsync
    calls = {"count": 0}

    def full_after_three(descriptor):
        calls["count"] += 1
        if calls["count"] > 3:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real_fsync(descriptor)

    monkeypatch.setattr(output.os, "fsync", full_after_three)
    out = tmp_path / "out"
    line = one_error_line(*cli(["run", scenario_file, "--replicates", "2", "--out", out]))
    assert "No space left on device" in line
    assert not list(out.glob(".*.tmp"))
    for path in out.glob("*.csv"):  # whatever exists is whole
        assert path.read_text().endswith("\n")


# --- the work budget -------------------------------------------------------------------------


@pytest.mark.parametrize("command", ["run", "validate", "compare"])
@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"inquiries.per_day": 1e9}, "inquiries.per_day"),
        ({"inquiries.per_day": 1e5, "scenario.duration_days": 3650}, "inquiries.per_day"),
    ],
    ids=["1e9 a day", "1e5 a day for ten years"],
)
def test_runaway_work_is_refused_with_the_estimate(
    command, overrides, field, cli, small_raw, write_toml, tmp_path
):
    path = write_toml(tmp_path / "huge.toml", with_overrides(small_raw(), overrides))
    line = one_error_line(*cli([command, path]))
    assert line.startswith(f"error: {field}: too much work: 1 run") or command == "compare"
    assert re.search(r"events, ~[\d.,]+ [GT]B memory", line) and "--allow-large" in line


def test_validate_shows_the_estimate(cli, scenario_file):
    code, out, err = cli(["validate", scenario_file])
    assert code == 0, err
    assert re.search(
        r"work per run: 1 run of 15 people and ~150 inquiries: ~[\d,]+ events, ~\d+ MB memory", out
    )


def test_allow_large_lets_validate_pass(cli, small_raw, write_toml, tmp_path):
    path = write_toml(tmp_path / "huge.toml", with_overrides(small_raw(), {"inquiries.per_day": 1e9}))
    code, out, _ = cli(["validate", path, "--allow-large"])
    assert code == 0 and "billion events" in out


def test_a_million_sample_grid_is_refused_before_sampling(cli, tmp_path):
    sweep = tmp_path / "grid.toml"
    base = REPOSITORY / "scenarios" / "default.toml"
    sweep.write_text(
        f'[sweep]\nbase = "{base}"\nsampler = "grid"\nsamples = 1000000\n'
        '[parameters]\n"inquiries.per_day" = { min = 10, max = 100 }\n'
        '"barriers.handoff_minutes" = { min = 1, max = 30 }\n'
    )
    for command in ("validate", "sweep"):
        line = one_error_line(*cli([command, sweep]))
        assert line.startswith("error: sweep.samples: too much work: 1,000,000,000,000 runs"), line


def test_replicates_multiply_the_work(small_raw):
    work = work_of(scenario_from_dict(small_raw()))
    one = Estimate(work, 1)
    assert one.excess() is None
    runs = int(MAX_EVENTS / one.events) + 1
    with pytest.raises(ScenarioError, match=r"--allow-large") as caught:
        check_budget(Estimate(work, runs), allow_large=False)
    assert caught.value.field == "--replicates"
    check_budget(Estimate(work, runs), allow_large=True)


def test_surges_and_sweep_workers_count(small_raw):
    calm = work_of(scenario_from_dict(small_raw()))
    raw = with_overrides(
        small_raw(),
        {"events": [{"kind": "surge", "topic": "campaign", "at_day": 1, "hours": 24, "factor": 11}]},
    )
    stormy = work_of(scenario_from_dict(raw))
    assert stormy.arrivals == pytest.approx(calm.arrivals + 30 * 0.4 * 10)
    work = Work(people=1000, arrivals=1000, days=10)
    assert Estimate(work, 8, processes=4).memory_bytes == pytest.approx(4 * Estimate(work, 1).memory_bytes)


def test_out_of_memory_is_one_line_written_without_allocating(scenario_file, monkeypatch, capfd):
    import simulation.cli.main as cli_main
    import simulation.experiments

    def exhausted(*_arguments, **_options):
        raise MemoryError

    monkeypatch.setattr(simulation.experiments, "run_replicates", exhausted)
    capfd.readouterr()
    code = cli_main.main(["run", str(scenario_file)])
    _, err = capfd.readouterr()
    assert code == 2
    assert err.splitlines() == [
        "error: out of memory; the work is larger than this machine holds. "
        "`run.py validate FILE` shows the estimate; make the scenario smaller"
    ]
