"""Shared fixtures: the default scenario's path, a tiny fast scenario, the CLI run in-process.

The tiny scenario (three departments of four to six people, five days, 30 inquiries a day)
builds and runs in milliseconds, so property tests can afford many of them.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pytest

from simulation.cli.main import main
from simulation.scenario.toml_writer import to_toml

REPOSITORY = Path(__file__).resolve().parent.parent

_SMALL_RAW: dict[str, Any] = {
    "scenario": {"name": "small", "seed": 1, "duration_days": 5, "warmup_days": 1, "drain_days": 3},
    "organisation": {
        "span_of_control": 3,
        "cross_department_ties": 1.0,
        "intra_department_ties": 1.0,
        "working_hours": {"start": 8, "end": 17, "days": "mon-fri"},
        "departments": [
            {"name": "marketing", "size": 5, "topics": ["campaign"]},
            {"name": "sales", "size": 6, "topics": ["pricing"]},
            {"name": "legal", "size": 4, "topics": ["legal"]},
        ],
    },
    "inquiries": {
        "per_day": 30,
        "topics": {"campaign": 0.4, "pricing": 0.4, "legal": 0.2},
        "channels": {"facebook": 0.6, "twitter": 0.4},
        "standard_share": 0.5,
        "patience_hours": 24,
        "work_minutes": {"distribution": "lognormal", "mean": 20, "sd": 10},
    },
    "barriers": {
        "handoff_minutes": 10,
        "boundary_minutes": 60,
        "boundary_drop": 0.02,
        "approval_minutes": 15,
        "triage_minutes": 5,
        "publish_minutes": 5,
    },
    "ownership": {"model": "marketing_silo"},
}


def small_raw_scenario() -> dict[str, Any]:
    """A fresh raw mapping (as ``tomllib`` gives it) for a tiny, fast scenario."""
    return copy.deepcopy(_SMALL_RAW)


@pytest.fixture(scope="session")
def small_raw() -> Callable[[], dict[str, Any]]:
    """The helper ``small_raw()``: each call returns a fresh raw dict of the tiny scenario.

    Session-scoped so hypothesis tests may use it too.
    """
    return small_raw_scenario


@pytest.fixture(scope="session")
def default_scenario_path() -> Path:
    """``scenarios/default.toml`` of this checkout."""
    path = REPOSITORY / "scenarios" / "default.toml"
    assert path.is_file(), path
    return path


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Callable[[list[str]], tuple[int, str, str]]:
    """Run ``simulation.cli.main.main(argv)`` in-process; returns ``(exit code, stdout, stderr)``."""

    def run(argv: list[str]) -> tuple[int, str, str]:
        capsys.readouterr()  # drop anything printed before
        code = main([str(argument) for argument in argv])
        out, err = capsys.readouterr()
        return code, out, err

    return run


@pytest.fixture(scope="session")
def write_toml() -> Callable[[Path, Mapping[str, Any]], Path]:
    """``write_toml(path, raw)`` writes a raw mapping as a TOML file and returns the path."""

    def write(path: Path, raw: Mapping[str, Any]) -> Path:
        path.write_text(to_toml(raw), encoding="utf-8")
        return path

    return write
