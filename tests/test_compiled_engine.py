"""The compiled engine and its Python sources are one program: same results, either way.

The hot modules are ``.py`` files with Cython declarations beside them; where a C compiler
was found they run compiled. ``ORGSIM_PURE_PYTHON=1`` runs the sources, as does a compiled
set that is incomplete or older than its sources (it would run old code).
"""

import importlib.machinery
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import simulation.engine as engine

ROOT = Path(__file__).resolve().parents[1]
PROBE = "import simulation.engine as e, simulation.engine.workflow as w; print(e.COMPILED, w.__file__)"


def run(arguments: list[str], pure: bool) -> str:
    environment = {**os.environ, "ORGSIM_PURE_PYTHON": "1" if pure else ""}
    done = subprocess.run(
        [sys.executable, *arguments], cwd=ROOT, env=environment, capture_output=True, text=True, check=True
    )
    return done.stdout


def test_the_engine_is_compiled_wherever_a_c_compiler_is_found():
    if shutil.which("cc") is None and shutil.which("gcc") is None:
        pytest.skip("no C compiler here: the Python sources serve")
    assert engine.COMPILED or os.environ.get("ORGSIM_PURE_PYTHON"), "installed without its compiled engine"


@pytest.mark.skipif(not engine.COMPILED, reason="the compiled engine is not in use here")
def test_pure_python_asks_for_the_sources_and_gets_them():
    compiled, module = run(["-c", PROBE], pure=False).split(maxsplit=1)
    assert compiled == "True" and module.strip().endswith(importlib.machinery.EXTENSION_SUFFIXES[0])
    compiled, module = run(["-c", PROBE], pure=True).split(maxsplit=1)
    assert compiled == "False" and module.strip().endswith("workflow.py")


@pytest.mark.skipif(not engine.COMPILED, reason="the compiled engine is not in use here")
@pytest.mark.parametrize(
    ("scenario", "model"),
    [
        ("scenarios/default.toml", "c_level_social_business"),
        ("scenarios/international.toml", "hub_and_spoke"),
    ],
)
def test_compiled_and_interpreted_runs_give_identical_results(scenario, model):
    command = ["run.py", "run", scenario, "--model", model, "--seed", "5", "--json"]
    compiled, interpreted = run(command, pure=False), run(command, pure=True)
    assert '"answered_share"' in compiled
    assert compiled == interpreted


def files(directory: Path, modules: dict[str, tuple[float | None, float, float]]) -> None:
    """For each module: the build's, the source's and the declarations' times (no build: None)."""
    for name, (built, source, declared) in modules.items():
        for suffix, when in (
            (importlib.machinery.EXTENSION_SUFFIXES[0], built),
            (".py", source),
            (".pxd", declared),
        ):
            if when is not None:
                (directory / f"{name}{suffix}").write_text("")
                os.utime(directory / f"{name}{suffix}", (when, when))


@pytest.mark.parametrize(
    ("modules", "state"),
    [
        ({"a": (1000.0, 900.0, 900.0), "b": (1000.0, 1001.0, 900.0)}, "built"),  # written with the build
        ({"a": (1000.0, 900.0, 900.0), "b": (1000.0, 1100.0, 900.0)}, "stale"),  # a source edited since
        ({"a": (1000.0, 900.0, 900.0), "b": (1000.0, 900.0, 1100.0)}, "stale"),  # declarations edited
        ({"a": (1000.0, 900.0, 900.0), "b": (None, 900.0, 900.0)}, "stale"),  # one never compiled
        ({"a": (None, 900.0, 900.0), "b": (None, 900.0, 900.0)}, "absent"),  # no compiler at install
    ],
)
def test_a_build_older_than_its_sources_is_not_used(tmp_path, monkeypatch, modules, state):
    files(tmp_path, modules)
    monkeypatch.setattr(engine, "_HERE", str(tmp_path))
    monkeypatch.setattr(engine, "COMPILED_MODULES", tuple(modules))
    assert engine._build_state() == state
