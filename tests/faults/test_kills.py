"""Fault injection on real processes: kills at random moments, a full disk, concurrent writers, the UI's child.

Each test starts ``run.py`` as a subprocess in its own process group, hurts it, and then
checks the promises of ``docs/reliability.md``: nothing lost (every file that exists is
whole, and equal to what an undisturbed run writes), nothing duplicated, nothing left
running. Sweeps killed by SIGINT, SIGTERM and SIGKILL, and their workers after the parent
is killed, are covered in ``tests/test_sweeps.py``; two sweeps into one directory are here.

Marked ``faults``: they take minutes, so the default ``pytest`` run leaves them out and
``.ci/run`` runs them on their own (``pytest -m faults``).
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from tests.conftest import REPOSITORY
from tests.processes import children_of, default_signals, process_group

pytestmark = pytest.mark.faults
DEFAULT = REPOSITORY / "scenarios" / "default.toml"
TWO_MODEL_COMPARE = ("compare", DEFAULT, "--replicates", "1", "--models", "marketing_silo,central_team")
# replicates of the run the kill tests signal: long enough that a moment up to 1.5 s after its first row
# falls inside it on a fast host (20 replicates ended about 1.3 s after the first row)
REPLICATES = "60"
GUARD_SECONDS = 300  # a guard against hanging, not a timing assertion
KILLS = {"SIGINT": (signal.SIGINT, 130), "SIGTERM": (signal.SIGTERM, 143), "SIGKILL": (signal.SIGKILL, -9)}


def start(*arguments: object, log: Path) -> subprocess.Popen:
    """``run.py ARGUMENTS`` in its own process group, stderr to ``log``."""
    with log.open("w") as stderr:
        return subprocess.Popen(
            [sys.executable, "run.py", *map(str, arguments)],
            cwd=REPOSITORY,
            stdout=subprocess.DEVNULL,
            stderr=stderr,
            start_new_session=True,
            preexec_fn=default_signals,
        )


def wait_for(condition, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + GUARD_SECONDS
    while not condition():
        assert process.poll() is None, log.read_text()
        assert time.monotonic() < deadline, "the condition never came"
        time.sleep(0.02)


def gone(pids: list[int]) -> bool:
    return not any(Path(f"/proc/{pid}").exists() and _state(pid) != "Z" for pid in pids)


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return "Z"


def assert_whole_run_files(out: Path, reference: list[dict]) -> list[dict]:
    """Every row in runs.jsonl is whole, in order, equal to the undisturbed run's; its CSVs exist."""
    rows = [json.loads(line) for line in (out / "runs.jsonl").read_text().splitlines()]
    assert rows == reference[: len(rows)]
    for csv_file in out.glob("*.csv"):
        assert csv_file.read_text().endswith("\n"), csv_file
    return rows


@pytest.fixture(scope="module")
def reference_rows(tmp_path_factory) -> list[dict]:
    """runs.jsonl of an undisturbed run of the default scenario, as the kill tests start it."""
    out = tmp_path_factory.mktemp("reference") / "out"
    command = [sys.executable, "run.py", "run", str(DEFAULT), "--replicates", REPLICATES, "--json"]
    done = subprocess.run(
        [*command, "--out", str(out)],
        cwd=REPOSITORY,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return [json.loads(line) for line in (out / "runs.jsonl").read_text().splitlines()]


@pytest.mark.parametrize(("name", "seed"), [("SIGINT", 1), ("SIGTERM", 2), ("SIGKILL", 3)])
def test_killed_run_keeps_whole_results_and_frees_its_directory(name, seed, reference_rows, tmp_path):
    kill, code = KILLS[name]
    out, log = tmp_path / "out", tmp_path / "stderr.txt"
    process = start("run", DEFAULT, "--replicates", REPLICATES, "--out", out, "--json", log=log)
    wait_for(lambda: (out / "runs.jsonl").exists(), process, log)
    time.sleep(np.random.default_rng(seed).uniform(0.0, 1.5))  # a random moment of the run
    os.killpg(process.pid, kill)
    process.wait(timeout=GUARD_SECONDS)
    assert process.returncode in (code, 0), log.read_text()  # 0: it finished before the kill
    if process.returncode == code and kill != signal.SIGKILL:  # the reason, in one line
        assert log.read_text().strip() == {"SIGINT": "interrupted", "SIGTERM": "terminated"}[name]
    assert not process_group(process.pid)
    rows = assert_whole_run_files(out, reference_rows)
    assert rows, "the first run was written before the kill"
    if kill != signal.SIGKILL:
        assert not list(out.glob(".*.tmp"))
    again = subprocess.run(
        [sys.executable, "run.py", "run", str(DEFAULT), "--out", str(out)],
        cwd=REPOSITORY,
        capture_output=True,
        text=True,
        check=False,
    )
    assert again.returncode == 2 and "holds earlier results" in again.stderr  # kept, lock released


@pytest.mark.parametrize("name", list(KILLS))
def test_killed_compare_leaves_a_whole_report_or_none(name, tmp_path):
    kill, code = KILLS[name]
    out, log = tmp_path / "out", tmp_path / "stderr.txt"
    process = start(*TWO_MODEL_COMPARE, "--out", out, log=log)
    wait_for(lambda: (out / ".orgsim.lock").exists(), process, log)
    time.sleep(np.random.default_rng(7).uniform(0.0, 2.0))
    os.killpg(process.pid, kill)
    process.wait(timeout=GUARD_SECONDS)
    assert process.returncode in (code, 0), log.read_text()
    for png in out.glob("*.png"):
        data = png.read_bytes()
        assert data.startswith(b"\x89PNG") and data.endswith(b"IEND\xaeB`\x82"), png
    if (out / "report.html").exists():
        assert (out / "report.html").read_text().rstrip().endswith("</html>")
    if kill != signal.SIGKILL:
        assert not list(out.glob(".*.tmp"))


def test_concurrent_runs_into_one_directory(reference_rows, tmp_path):
    out = tmp_path / "out"
    logs = [tmp_path / f"stderr{i}.txt" for i in range(2)]
    processes = [start("run", DEFAULT, "--replicates", "3", "--out", out, log=log) for log in logs]
    codes = [p.wait(timeout=GUARD_SECONDS) for p in processes]
    assert sorted(codes) == [0, 2], [log.read_text() for log in logs]
    loser = logs[codes.index(2)].read_text()
    assert "being written by another orgsim process" in loser or "holds earlier results" in loser
    assert assert_whole_run_files(out, reference_rows) == reference_rows[:3]


def test_four_compares_into_one_directory_keep_one_whole_result(tmp_path):
    out = tmp_path / "out"
    logs = [tmp_path / f"stderr{i}.txt" for i in range(4)]
    processes = [start(*TWO_MODEL_COMPARE, "--out", out, log=log) for log in logs]
    codes = [p.wait(timeout=GUARD_SECONDS) for p in processes]
    assert sorted(codes) == [0, 2, 2, 2], [log.read_text() for log in logs]
    assert (out / "report.html").read_text().rstrip().endswith("</html>")


def test_two_sweeps_into_one_directory(tmp_path):
    sweep_file = REPOSITORY / "scenarios" / "sweeps" / "quick.toml"
    out = tmp_path / "sweep"
    logs = [tmp_path / f"stderr{i}.txt" for i in range(2)]
    processes = [start("sweep", sweep_file, "--workers", "1", "--out", out, log=log) for log in logs]
    codes = [p.wait(timeout=GUARD_SECONDS) for p in processes]
    assert 0 in codes, [log.read_text() for log in logs]
    for code, log in zip(codes, logs, strict=True):
        assert code in (0, 2), log.read_text()
        if code == 2:
            assert "being written by another orgsim process" in log.read_text()


@pytest.fixture
def small_disk(tmp_path):
    """A 256 KB tmpfs (needs root to mount; skipped otherwise)."""
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(mount)], capture_output=True
    )
    if done.returncode != 0:
        pytest.skip("cannot mount a tmpfs here (needs root)")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def test_a_full_disk_is_one_line_and_keeps_whole_files(small_disk, reference_rows, tmp_path):
    out = small_disk / "out"
    done = subprocess.run(
        [sys.executable, "run.py", "run", str(DEFAULT), "--replicates", "20", "--out", str(out)],
        cwd=REPOSITORY,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2, done.stderr
    lines = done.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: --out: cannot write "), done.stderr
    assert "No space left on device" in lines[0]
    assert not list(out.glob(".*.tmp"))
    assert_whole_run_files(out, reference_rows)


def test_ui_sigterm_ends_the_server_and_frees_the_port(tmp_path):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    log = tmp_path / "stderr.txt"
    process = start("ui", "--port", port, log=log)

    def listening() -> bool:
        with socket.socket() as client:
            return client.connect_ex(("127.0.0.1", port)) == 0

    wait_for(listening, process, log)
    children = children_of(process.pid)
    assert children, "the UI serves from a child process"
    process.send_signal(signal.SIGTERM)  # the parent only, as a service manager does
    process.wait(timeout=GUARD_SECONDS)
    deadline = time.monotonic() + 60
    while not gone(children) or listening():
        assert time.monotonic() < deadline, f"left running: {children}, port {port} held: {listening()}"
        time.sleep(0.1)
