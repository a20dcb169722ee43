"""Starting the Solara server for the UI, offline: asset cache, port, environment, subprocess, stop.

Solara loads its front end (Vuetify app, require.js, fonts) from a CDN; its asset proxy
serves them from ``SOLARA_ASSETS_PROXY_CACHE_DIR`` when present there. The cache is filled
by ``scripts/fetch_ui_assets.sh`` (``npm pack``), which runs here if the cache is missing;
offline, that fails and the user gets one line saying how to fetch them (exit 2).

The server runs in its own process group. ``serve`` ends that whole group when it is asked
to stop (Ctrl-C, SIGTERM, SIGHUP), and the server is told by the kernel to stop if its parent
dies without cleaning up (``PR_SET_PDEATHSIG``), so no server is left answering on the port.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from simulation.core.errors import ScenarioError
from simulation.scenario.loading import default_scenario_path, read_toml, scenario_from_dict
from simulation.ui.state import SCENARIO_ENVIRONMENT

REPOSITORY = default_scenario_path().parent.parent
APP = Path(__file__).with_name("app.py")
ASSET_CACHE = REPOSITORY / ".cache" / "solara-assets"
FETCH_SCRIPT = REPOSITORY / "scripts" / "fetch_ui_assets.sh"
APP_BUNDLE = "@widgetti/solara-vuetify-app@10.1.1"  # what solara 1.64.1 asks for first
STOP_SIGNALS = {signal.SIGTERM, signal.SIGHUP, signal.SIGINT}
_PR_SET_PDEATHSIG = 1


def asset_cache() -> Path:
    """Where the front-end files live: ``SOLARA_ASSETS_PROXY_CACHE_DIR`` if set, else ``.cache/solara-assets``."""
    configured = os.environ.get("SOLARA_ASSETS_PROXY_CACHE_DIR")
    return Path(configured) if configured else ASSET_CACHE


def ensure_assets(cache: Path | None = None, script: Path = FETCH_SCRIPT) -> Path:
    """The asset cache, filled by the fetch script when it is missing.

    Raises:
        ScenarioError: the files are missing and could not be fetched (offline, no npm).

    """
    cache = cache or asset_cache()
    if (cache / APP_BUNDLE).is_dir():
        return cache
    try:
        done = subprocess.run(["bash", str(script), str(cache)], capture_output=True, text=True, timeout=600)
    except (OSError, subprocess.TimeoutExpired):
        done = None
    if done is None or done.returncode != 0 or not (cache / APP_BUNDLE).is_dir():
        raise ScenarioError(
            "",
            f"the UI's front-end files are missing in {cache} and could not be downloaded (offline?); "
            "run `bash scripts/fetch_ui_assets.sh` once with internet access, then start the UI again",
        )
    return cache


def check_port(host: str, port: int) -> None:
    """Fail early, in one line, if ``host:port`` cannot be listened on.

    Raises:
        ScenarioError: the port is out of range or taken, or the host is not an address here.

    """
    if not 1 <= port <= 65535:
        raise ScenarioError("--port", f"must be between 1 and 65535 (got {port})")
    try:
        with socket.socket() as probe:
            probe.bind((host, port))
    except OSError as problem:
        if problem.errno == errno.EADDRINUSE:
            raise ScenarioError(
                "--port", f"{host}:{port} is already in use; choose another with --port"
            ) from None
        if problem.errno == errno.EACCES:
            raise ScenarioError("--port", f"{port} needs root; choose one above 1023") from None
        raise ScenarioError(
            "--host", f"cannot listen on {host!r} ({problem.strerror}); try 127.0.0.1"
        ) from None


def server_environment(scenario: Path | None = None) -> dict[str, str]:
    """The server's environment: telemetry off, the local asset cache, the extra scenario."""
    environment = dict(os.environ)
    environment["SOLARA_TELEMETRY_MIXPANEL_ENABLE"] = "False"
    environment["SOLARA_ASSETS_PROXY_CACHE_DIR"] = str(ensure_assets())
    environment["PYTHONPATH"] = os.pathsep.join(
        filter(None, [str(REPOSITORY), environment.get("PYTHONPATH")])
    )
    if scenario is not None:
        environment[SCENARIO_ENVIRONMENT] = str(Path(scenario).resolve())
    return environment


def _stop_with_parent() -> None:
    """In the child, before exec: stop signals unblocked, and SIGTERM from the kernel when the parent dies (Linux)."""
    signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS)
    with contextlib.suppress(OSError, AttributeError):  # not Linux: serve's handlers still stop the group
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)


def server_command(host: str, port: int) -> list[str]:
    """The command line of the server process: ``solara run`` on the app, production mode."""
    return [
        sys.executable,
        "-m",
        "solara",
        "run",
        str(APP),
        "--host",
        host,
        "--port",
        str(port),
        "--no-open",
        "--production",
    ]


def start_server(host: str, port: int, scenario: Path | None = None, quiet: bool = False) -> subprocess.Popen:
    """Start ``solara run`` on the app in a subprocess (a new process group) and return it.

    Raises:
        ScenarioError: the scenario file is missing or invalid, or the assets are missing offline.

    """
    if scenario is not None:
        scenario_from_dict(read_toml(scenario))
    command = server_command(host, port)
    output = subprocess.DEVNULL if quiet else None
    return subprocess.Popen(
        command,
        cwd=REPOSITORY,
        env=server_environment(scenario),
        stdout=output,
        stderr=output,
        start_new_session=True,
        preexec_fn=_stop_with_parent,  # runs before exec in the fresh child
    )


def wait_until_ready(url: str, process: subprocess.Popen, timeout: float = 60.0) -> None:
    """Wait until the server answers ``url``; raise if it dies or takes longer than ``timeout`` s."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the Solara server exited with code {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise TimeoutError(f"the Solara server did not answer {url} within {timeout:.0f} s")


def stop_server(process: subprocess.Popen, timeout: float = 10.0) -> None:
    """Stop the server started by ``start_server``: its whole process group, SIGTERM, then SIGKILL after ``timeout`` s."""
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=timeout)
    except ProcessLookupError:
        pass


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind((host, 0))
        return probe.getsockname()[1]


class _StopRequestedError(Exception):
    """Raised by the signal handler to leave ``serve``'s wait."""


def serve(host: str, port: int, scenario: Path | None = None) -> int:
    """Run the UI server in the foreground until it exits, Ctrl-C, SIGTERM or SIGHUP; returns its exit code.

    Every way out stops the server's whole process group first (``finally``).

    Raises:
        ScenarioError: bad ``--scenario``, ``--port`` or ``--host``, or front-end files missing offline.

    """
    if scenario is not None and not Path(scenario).is_file():
        raise ScenarioError("--scenario", f"{scenario}: no such file; give the path of a .toml scenario")
    check_port(host, port)

    def stop(_signal_number, _frame) -> None:
        raise _StopRequestedError

    # SIGTERM and SIGHUP unwind through ``finally`` below; a handler already installed (the CLI
    # turns SIGTERM into "terminated", exit 143) is kept, so the command behaves like every other.
    previous = {
        number: signal.signal(number, stop)
        for number in (signal.SIGTERM, signal.SIGHUP)
        if signal.getsignal(number) in (signal.SIG_DFL, None)
    }
    process = None
    try:
        signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)  # a stop during the start waits for
        try:  # `process`, so that the server cannot be left behind
            process = start_server(host, port, scenario)
        finally:
            signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS)
        print(f"orgsim UI on http://{host}:{port}/ (Ctrl-C stops it)", file=sys.stderr)
        return process.wait()
    except (KeyboardInterrupt, _StopRequestedError):
        return 0
    finally:
        if process is not None:
            stop_server(process)
        for number, handler in previous.items():
            signal.signal(number, handler)
