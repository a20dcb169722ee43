"""`run.py ui` as a process: one-line errors for missing assets and bad ports, clean stops on signals."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from simulation.core.errors import ScenarioError
from simulation.ui.server import (
    APP_BUNDLE,
    ASSET_CACHE,
    check_port,
    ensure_assets,
    free_port,
    wait_until_ready,
)
from tests.processes import default_signals

REPOSITORY = Path(__file__).resolve().parents[2]


def run_ui(*arguments: str, environment: dict[str, str] | None = None, **options) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "run.py", "ui", *arguments],
        cwd=REPOSITORY,
        env={**os.environ, **(environment or {})},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=default_signals,
        **options,
    )


def test_missing_assets_offline_is_one_line_and_exit_2(tmp_path):
    offline = {
        "SOLARA_ASSETS_PROXY_CACHE_DIR": str(tmp_path / "assets"),
        "npm_config_cache": str(tmp_path / "npm"),  # an empty npm cache, and no network allowed
        "npm_config_offline": "true",
    }
    done = run_ui("--port", str(free_port()), environment=offline)
    _, stderr = done.communicate(timeout=120)
    assert done.returncode == 2
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert "front-end files are missing" in lines[0] and "scripts/fetch_ui_assets.sh" in lines[0]


def test_ensure_assets_names_the_fix_when_the_script_fails(tmp_path):
    failing = tmp_path / "fetch.sh"
    failing.write_text("exit 1\n")
    with pytest.raises(ScenarioError, match=r"fetch_ui_assets\.sh"):
        ensure_assets(tmp_path / "empty", failing)
    assert ensure_assets(ASSET_CACHE) == ASSET_CACHE  # present: nothing to fetch


def test_bad_ports_are_one_line_errors():
    with pytest.raises(ScenarioError, match=r"--port: must be between 1 and 65535 \(got 70000\)"):
        check_port("127.0.0.1", 70000)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(ScenarioError, match=f"--port: 127.0.0.1:{port} is already in use"):
            check_port("127.0.0.1", port)
    with pytest.raises(ScenarioError, match="--host"):
        check_port("192.0.2.1", free_port())  # an address of nobody's machine (TEST-NET-1)
    done = run_ui("--port", "70000")
    _, stderr = done.communicate(timeout=60)
    assert done.returncode == 2 and stderr.strip().count("\n") == 0 and "--port" in stderr


def children_of(pid: int) -> list[int]:
    """Direct children of ``pid`` (Linux ``/proc``); a thread that ends while it is read has none."""
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            found += [int(p) for p in (task / "children").read_text().split()]
        except FileNotFoundError:  # the thread ended between the listing and the read
            continue
    return found


def is_running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"


# `serve` in a process of its own, with a stand-in server (a sleeping Python) instead of Solara:
# the same start_server (own process group, stop-with-parent) and signal handling, in a second.
STAND_IN = """
import sys
from simulation.ui import server
server.server_command = lambda host, port: [sys.executable, "-c", "import time; time.sleep(600)"]
sys.exit(server.serve("127.0.0.1", int(sys.argv[1])))
"""


def start_serve(port: int, stand_in: bool) -> tuple[subprocess.Popen, int]:
    """``serve`` in a subprocess (the stand-in or ``run.py ui``) and the pid of its server child."""
    if stand_in:
        parent = subprocess.Popen(
            [sys.executable, "-c", STAND_IN, str(port)],
            cwd=REPOSITORY,
            stderr=subprocess.PIPE,
            text=True,
            preexec_fn=default_signals,
        )
    else:
        parent = run_ui("--port", str(port))
    deadline = time.monotonic() + 60
    while not children_of(parent.pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    (server,) = children_of(parent.pid)
    while "sleep" not in Path(f"/proc/{server}/cmdline").read_text() and stand_in:
        time.sleep(0.05)  # started (exec'd), as a real server is when someone stops it
    if not stand_in:
        wait_until_ready(f"http://127.0.0.1:{port}/", parent)
    return parent, server


def assert_gone(server: int) -> None:
    deadline = time.monotonic() + 15
    while is_running(server) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not is_running(server)


@pytest.mark.faults
@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGKILL, signal.SIGHUP, signal.SIGINT])
def test_a_signal_to_serve_ends_its_server(stop):
    parent, server = start_serve(free_port(), stand_in=True)
    try:
        parent.send_signal(stop)  # to the parent only, as `kill PID` or a service manager does
        assert parent.wait(timeout=30) == (-signal.SIGKILL if stop == signal.SIGKILL else 0)
        assert_gone(server)  # SIGKILL: the kernel stops the orphan (PR_SET_PDEATHSIG)
    finally:
        if parent.poll() is None:
            parent.kill()
        parent.communicate()


@pytest.mark.faults
@pytest.mark.skipif(
    not ASSET_CACHE.joinpath(APP_BUNDLE).is_dir(), reason="run scripts/fetch_ui_assets.sh first"
)
@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGKILL])
def test_a_signal_to_run_py_ui_frees_the_port(stop):
    port = free_port()
    parent, server = start_serve(port, stand_in=False)
    try:
        parent.send_signal(stop)
        assert parent.wait(timeout=30) == (
            143 if stop == signal.SIGTERM else -signal.SIGKILL
        )  # as every command
        assert_gone(server)
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", port))  # nobody answers on the port any more
    finally:
        if parent.poll() is None:
            parent.kill()
        parent.communicate()
