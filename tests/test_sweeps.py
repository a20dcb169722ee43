"""Sweeps: the dataset, identical rows on every executor, resume after SIGINT/SIGKILL, bad files."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from simulation.core.errors import ScenarioError
from simulation.sweeps import consolidate, load_sweep, plan, read_results, sweep
from simulation.sweeps.sink import done_tasks, write_part
from tests.processes import default_signals, process_group

REPOSITORY = Path(__file__).resolve().parent.parent
QUICK = REPOSITORY / "scenarios" / "sweeps" / "quick.toml"
DEFAULT = REPOSITORY / "scenarios" / "default.toml"


def comparable(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.drop(columns=["wall_time_s"]).sort_values("task", ignore_index=True)


@pytest.fixture(scope="module")
def quick_serial(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("quick") / "w1"
    from simulation.cli.main import main

    assert main(["sweep", str(QUICK), "--workers", "1", "--out", str(out)]) == 0
    return out


def test_quick_sweep_writes_one_row_per_point_replicate_and_model(quick_serial):
    frame = pd.read_parquet(quick_serial / "results")
    spec = load_sweep(QUICK)
    assert len(frame) == 5 * 2 * 4 == len(plan(QUICK).tasks)
    assert not frame.duplicated(["point", "replicate", "model"]).any()
    assert set(frame["model"]) == {"marketing_silo", "crowd_of_experts"}
    for column in ("inquiries.per_day", "barriers.boundary_minutes", "seed", "wall_time_s", *spec.outputs):
        assert column in frame.columns
    assert frame["inquiries.per_day"].dtype.kind == "i"
    design = json.loads((quick_serial / "design.json").read_text())
    assert design["tasks"] == 40 and len(design["points"]) == 5
    assert not list((quick_serial / "parts").glob("*"))


def test_models_at_one_point_and_replicate_share_the_seed(quick_serial):
    frame = read_results(quick_serial)
    seeds = frame.groupby(["point", "replicate"])["seed"].nunique()
    assert (seeds == 1).all()
    assert frame["seed"].nunique() == 5 * 4
    assert frame.loc[0, "seed"] == "2024 (0, 0)"


def test_two_workers_give_identical_rows(quick_serial, tmp_path, cli):
    code, _, err = cli(["sweep", QUICK, "--workers", "2", "--out", tmp_path / "w2"])
    assert code == 0, err
    assert "runs/s" in err
    pd.testing.assert_frame_equal(
        comparable(pd.read_parquet(tmp_path / "w2" / "results")),
        comparable(pd.read_parquet(quick_serial / "results")),
    )


def test_local_dask_cluster_gives_identical_rows(quick_serial, tmp_path, cli):
    pytest.importorskip("distributed")
    code, _, err = cli(["sweep", QUICK, "--dask", "local", "--out", tmp_path / "dask"])
    assert code == 0, err
    pd.testing.assert_frame_equal(
        comparable(pd.read_parquet(tmp_path / "dask" / "results")),
        comparable(pd.read_parquet(quick_serial / "results")),
    )


def test_rerun_into_the_same_directory_runs_nothing_and_keeps_rows(quick_serial, tmp_path, cli):
    copy = tmp_path / "again"
    shutil.copytree(quick_serial, copy)
    code, _, err = cli(["sweep", QUICK, "--resume", "--out", copy])
    assert code == 0, err
    assert "0 run now, 40 already done" in err
    pd.testing.assert_frame_equal(comparable(read_results(copy)), comparable(read_results(quick_serial)))


def test_consolidation_after_a_crash_keeps_no_duplicate(quick_serial, tmp_path):
    copy = tmp_path / "crashed"
    shutil.copytree(quick_serial, copy)
    design = json.loads((copy / "design.json").read_text())
    row = read_results(copy).iloc[0].to_dict()
    # a crash between writing a results file and deleting its parts leaves both
    write_part(copy / "parts", [row], [tuple(c) for c in design["columns"]])
    (copy / "results" / ".batch-x.parquet.123.tmp").write_bytes(b"half a file")
    assert consolidate(copy) == 0
    assert consolidate(copy) == 0
    frame = pd.read_parquet(copy / "results")
    assert len(frame) == 40 and not frame["task"].duplicated().any()
    assert not list((copy / "parts").glob("*")) and not list((copy / "results").glob(".*"))


def test_analyse_writes_summary_and_plots(quick_serial, tmp_path, cli):
    code, _, err = cli(["analyse", quick_serial, "--out", tmp_path / "analysis"])
    assert code == 0, err
    summary = pd.read_csv(tmp_path / "analysis" / "summary.csv")
    assert len(summary) == 5 * 2 and (summary["n"] == 4).all()
    assert {"answered_share_mean", "answered_share_ci95"} <= set(summary.columns)
    assert (tmp_path / "analysis" / "plots" / "answered_share.png").stat().st_size > 0


def test_barrier_sweep_is_the_grid_times_eight_models():
    ready = plan(REPOSITORY / "scenarios" / "sweeps" / "barrier_vs_model.toml")
    assert len(ready.design.points) == 4 * 3
    assert len(ready.design.models) == 8
    assert len(ready.tasks) == 4 * 3 * 8 * 5


def test_design_csv_rows_differing_only_in_model_share_a_point(tmp_path):
    (tmp_path / "points.csv").write_text(
        "inquiries.per_day,ownership.model\n10,central_team\n10,holistic\n30,central_team\n"
    )
    (tmp_path / "s.toml").write_text(
        f'[sweep]\nbase = "{DEFAULT}"\ndesign = "points.csv"\n[fixed]\n"scenario.duration_days" = 2\n'
        '"scenario.warmup_days" = 0\n"scenario.drain_days" = 1\n'
    )
    frame = sweep(tmp_path / "s.toml", out=tmp_path / "out", workers=1)
    assert list(frame["point"]) == [0, 0, 1]
    assert frame.loc[0, "seed"] == frame.loc[1, "seed"] != frame.loc[2, "seed"]


# --- interrupted sweeps -------------------------------------------------------------------

SLOW = """
[sweep]
base = "{base}"
sampler = "grid"
samples = 6
replicates = 4
seed = 5
outputs = ["answered_share", "messages_total"]
[fixed]
"scenario.duration_days" = 3
"scenario.warmup_days" = 1
"scenario.drain_days" = 1
[parameters]
"inquiries.per_day" = {{ min = 150, max = 300, integer = true }}
"ownership.model" = ["central_team", "holistic"]
"""


@pytest.fixture(scope="module")
def slow_sweep(tmp_path_factory) -> tuple[Path, pd.DataFrame]:
    folder = tmp_path_factory.mktemp("slow")
    path = folder / "slow.toml"
    path.write_text(SLOW.format(base=DEFAULT))
    reference = sweep(path, out=folder / "reference", workers=1)
    return path, reference


def start_sweep(path: Path, out: Path, log: Path, command: tuple[str, ...]) -> subprocess.Popen:
    """A two-worker sweep in its own process group, returned once a third of its 48 runs are on disk."""
    with log.open("w") as stderr:
        process = subprocess.Popen(
            [*command, "run.py", "sweep", str(path), "--workers", "2", "--out", str(out)],
            cwd=REPOSITORY,
            stdout=subprocess.DEVNULL,
            stderr=stderr,
            start_new_session=True,
            preexec_fn=default_signals,
        )
    deadline = time.monotonic() + 300  # a guard against hanging, not a timing assertion
    while len(done_tasks(out)) < 16:
        assert process.poll() is None, log.read_text()
        assert time.monotonic() < deadline
        time.sleep(0.01)
    return process


@pytest.mark.faults
@pytest.mark.parametrize("signal_number", [signal.SIGINT, signal.SIGTERM, signal.SIGKILL])
def test_interrupted_sweep_resumes_to_the_uninterrupted_result(slow_sweep, tmp_path, signal_number):
    path, reference = slow_sweep
    out = tmp_path / "sweep"
    process = start_sweep(path, out, tmp_path / "stderr.txt", ("uv", "run"))
    os.killpg(process.pid, signal_number)
    process.wait(timeout=120)  # the parent kills its workers instead of waiting for them
    assert process.returncode != 0
    assert len(done_tasks(out)) < len(reference)
    resumed = subprocess.run(
        ["uv", "run", "run.py", "sweep", str(path), "--workers", "1", "--out", str(out), "--resume"],
        cwd=REPOSITORY,
        capture_output=True,
        text=True,
        check=False,
    )
    assert resumed.returncode == 0, resumed.stderr
    final = pd.read_parquet(out / "results")
    assert not final["task"].duplicated().any()
    pd.testing.assert_frame_equal(comparable(final), comparable(reference))


@pytest.mark.faults
@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads the process table from /proc")
def test_workers_exit_when_the_parent_is_killed(slow_sweep, tmp_path):
    path, _ = slow_sweep
    process = start_sweep(path, tmp_path / "sweep", tmp_path / "stderr.txt", (sys.executable,))
    assert len(process_group(process.pid)) >= 3  # the parent, the fork server, the workers
    process.kill()  # the parent only: its workers must not keep computing as orphans
    process.wait()
    deadline = time.monotonic() + 60  # a guard against hanging, not a timing assertion
    while process_group(process.pid):
        assert time.monotonic() < deadline, process_group(process.pid)
        time.sleep(0.1)


# --- bad input ------------------------------------------------------------------------------

GOOD = {
    "sweep": f'base = "{DEFAULT}"\nsamples = 2',
    "parameters": '"inquiries.per_day" = { min = 10, max = 40 }',
}


@pytest.mark.parametrize(
    ("section", "text", "field"),
    [
        ("sweep", f'base = "{DEFAULT}"\nsampler = "random"', "sweep.sampler"),
        ("sweep", f'base = "{DEFAULT}"\nreplicates = 0', "sweep.replicates"),
        ("sweep", f'base = "{DEFAULT}"\nbogus = 1', "sweep.bogus"),
        ("sweep", f'base = "{DEFAULT}"\noutputs = ["speed"]', "sweep.outputs"),
        ("sweep", 'base = "missing.toml"', "sweep.base"),
        ("sweep", f'base = "{DEFAULT}"\nsampler = "sobol"\nsamples = 6', "sweep.samples"),
        ("parameters", '"inquiries.per_day" = { min = 40, max = 10 }', "parameters.inquiries.per_day"),
        ("parameters", '"inquiries.per_day" = { min = -40, max = 10 }', "parameters.inquiries.per_day"),
        ("parameters", '"inquiries.per_dya" = { min = 1, max = 10 }', "parameters.inquiries.per_dya"),
        ("parameters", '"ownership.model" = ["central_team", "nobody"]', "parameters.ownership.model"),
        ("parameters", '"scenario.seed" = [1, 2]', "parameters.scenario.seed"),
        ("parameters", '"inquiries.per_day" = { max = 10 }', "parameters.inquiries.per_day.min"),
        ("parameters", '"inquiries.per_day" = [1, "x"]', "parameters.inquiries.per_day"),
    ],
)
def test_bad_sweep_file_exits_2_naming_the_field(tmp_path, cli, section, text, field):
    sections = {**GOOD, section: text}
    path = tmp_path / "bad.toml"
    path.write_text("".join(f"[{name}]\n{body}\n" for name, body in sections.items()))
    with pytest.raises(ScenarioError, match=field.replace(".", r"\.")):
        plan(path)
    code, _, err = cli(["sweep", path, "--workers", "1", "--out", tmp_path / "out"])
    assert code == 2
    assert err.count("\n") == 1 and err.startswith(f"error: {field}"), err
    assert not (tmp_path / "out").exists()


def test_directory_of_another_sweep_is_refused(quick_serial, tmp_path, cli):
    other = tmp_path / "other.toml"
    other.write_text(
        QUICK.read_text().replace("seed = 2024", "seed = 2025").replace("../", f"{QUICK.parent}/../")
    )
    code, _, err = cli(["sweep", other, "--workers", "1", "--out", quick_serial])
    assert code == 2
    assert err.startswith("error: --out:") and "different sweep" in err and err.count("\n") == 1


def test_the_sweep_layer_does_not_import_the_cli():
    source = "\n".join(p.read_text() for p in (REPOSITORY / "simulation" / "sweeps").glob("*.py"))
    assert "simulation.cli.main" not in source and "typer" not in source
    assert sys.modules.get("simulation.sweeps") is not None


def test_consolidation_writes_bounded_batches(quick_serial, tmp_path, monkeypatch):
    """Memory stays flat: parts are merged a batch at a time, never all at once."""
    from simulation.sweeps import sink

    copy = tmp_path / "batched"
    shutil.copytree(quick_serial, copy)
    design = json.loads((copy / "design.json").read_text())
    rows = read_results(copy)
    shutil.rmtree(copy / "results")
    for row in rows.to_dict("records"):
        write_part(copy / "parts", [row], [tuple(c) for c in design["columns"]])
    monkeypatch.setattr(sink, "BATCH_ROWS", 7)
    assert consolidate(copy) == 40
    assert len(list((copy / "results").glob("*.parquet"))) == 6  # ceil(40 / 7)
    pd.testing.assert_frame_equal(comparable(read_results(copy)), comparable(rows))


def test_validate_accepts_a_sweep_file_and_rejects_a_bad_one(tmp_path, cli):
    code, out, _ = cli(["validate", QUICK])
    assert code == 0 and "40 runs" in out
    bad = tmp_path / "bad.toml"
    bad.write_text(QUICK.read_text().replace("[sweep]", "[sweep]\nsampels = 3", 1))
    code, _, err = cli(["validate", bad])
    assert code == 2 and err.count("\n") == 1 and "sweep.sampels" in err
