"""Starting the Solara server for the UI, offline: asset cache, environment, subprocess.

Solara loads its front end (Vuetify app, require.js, fonts) from a CDN; its asset proxy
serves them from ``SOLARA_ASSETS_PROXY_CACHE_DIR`` when present there. The cache is filled
by ``scripts/fetch_ui_assets.sh`` (``npm pack``), which runs here if the cache is missing.
"""

from __future__ import annotations

import os
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


def ensure_assets(cache: Path = ASSET_CACHE) -> Path:
    """The asset cache, filled by the fetch script when it is missing."""
    if not (cache / APP_BUNDLE).is_dir():
        subprocess.run(["bash", str(FETCH_SCRIPT), str(cache)], check=True, stdout=sys.stderr)
    return cache


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


def start_server(host: str, port: int, scenario: Path | None = None, quiet: bool = False) -> subprocess.Popen:
    """Start ``solara run`` on the app in a subprocess (a new process group) and return it.

    Raises:
        ScenarioError: the scenario file is missing or invalid.

    """
    if scenario is not None:
        scenario_from_dict(read_toml(scenario))
    command = [
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
    output = subprocess.DEVNULL if quiet else None
    return subprocess.Popen(
        command,
        cwd=REPOSITORY,
        env=server_environment(scenario),
        stdout=output,
        stderr=output,
        start_new_session=True,
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
    """Stop the server started by ``start_server`` (its own process group only)."""
    if process.poll() is not None:
        return
    try:
        os.killpg(process.pid, 15)
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, 9)
        process.wait(timeout=timeout)
    except ProcessLookupError:
        pass


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind((host, 0))
        return probe.getsockname()[1]


def serve(host: str, port: int, scenario: Path | None = None) -> int:
    """Run the UI server in the foreground until it exits or Ctrl-C; returns its exit code."""
    if scenario is not None and not Path(scenario).is_file():
        raise ScenarioError("--scenario", f"{scenario}: no such file; give the path of a .toml scenario")
    process = start_server(host, port, scenario)
    print(f"orgsim UI on http://{host}:{port}/ (Ctrl-C stops it)", file=sys.stderr)
    try:
        return process.wait()
    except KeyboardInterrupt:
        stop_server(process)
        return 0
