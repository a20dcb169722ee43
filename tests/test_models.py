"""The eight built-in ownership models: they run, they differ, and they compose from parts."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from functools import cache
from itertools import combinations
from pathlib import Path

import pytest

from simulation.engine.model import OrgModel
from simulation.experiments import confidence_interval, run_one, run_replicates
from simulation.ownership import describe, model_names
from simulation.scenario.loading import read_toml, scenario_from_dict, with_overrides

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT / "scenarios" / "default.toml"
DAYS = 28  # the default's own length: a replicate takes well under a second
REPLICATES = 5
BUILTIN = (
    "marketing_silo",
    "central_team",
    "hub_and_spoke",
    "multi_hub",
    "decentralized",
    "holistic",
    "crowd_of_experts",
    "c_level_social_business",
)
# Outcomes only: an input such as the coordination hours would tell models apart by definition.
DISTINGUISHING = (
    "response_time_median_min",
    "middlemen_per_inquiry",
    "boundary_crossings_per_inquiry",
    "answered_within_patience_share",
    "incidents_per_1000_answers",
    "person_hours_social",
)
# The silo's one approver (the marketing head, who also has other duties) cannot clear every
# answer at the default volume; tests/test_claims.py checks that this gate is the reason.
SATURATED = {"marketing_silo"}


@cache
def _raw() -> dict:
    return read_toml(DEFAULT)


@cache
def _summaries(model: str) -> tuple[dict, ...]:
    spec = scenario_from_dict(
        with_overrides(_raw(), {"ownership.model": model, "scenario.duration_days": DAYS})
    )
    return tuple(result.summary for result in run_replicates(spec, REPLICATES))


def _ci(model: str, key: str) -> tuple[float, float]:
    return confidence_interval(float(row[key]) for row in _summaries(model))


def test_all_eight_are_registered():
    assert set(BUILTIN) <= set(model_names())
    for name in BUILTIN:
        assert re.search(r"\[S[1-5]\]", describe(name)), f"{name}'s description should cite its source text"


@pytest.mark.parametrize("name", BUILTIN)
def test_model_runs_on_the_default_scenario(name):
    rows = _summaries(name)
    assert len(rows) == REPLICATES
    for row in rows:
        assert row["model"] == name
        assert row["inquiries"] > 0
        assert 0.0 <= row["answered_share"] <= 1.0
        assert row["answered_share"] + row["lost_share"] + row["open_share"] == pytest.approx(1.0)
    if name not in SATURATED:
        assert _ci(name, "answered_share")[0] > 0.05, f"{name} answers almost nothing"


ONE_REGION_TWINS = pytest.mark.xfail(
    strict=True,
    reason="the default has one region, so multi_hub's regional hubs are hub_and_spoke's one hub "
    "(measured: every outcome within its paired 95 % CI)",
)
PAIRS = [
    pytest.param(a, b, marks=ONE_REGION_TWINS) if {a, b} == {"hub_and_spoke", "multi_hub"} else (a, b)
    for a, b in combinations(BUILTIN, 2)
]


@pytest.mark.parametrize(("first", "second"), PAIRS)
def test_models_are_distinguishable(first, second):
    """Paired by replicate (common random numbers), some outcome differs beyond its 95 % CI."""
    gaps = {}
    for key in DISTINGUISHING:
        pairs = zip(_summaries(first), _summaries(second), strict=True)
        differences = [float(a[key]) - float(b[key]) for a, b in pairs]
        if any(d != d for d in differences):  # NaN: one of them answered nothing
            continue
        mean, half = confidence_interval(differences)
        gaps[key] = (mean, half)
        if abs(mean) > half:
            return
    pytest.fail(f"{first} and {second} overlap on every outcome (mean difference, CI half-width): {gaps}")


def test_custom_model_from_toml_runs():
    text = """
    [scenario]
    name = "tiny custom"
    seed = 7
    duration_days = 14
    warmup_days = 0
    [organisation]
    departments = [
      { name = "care",  size = 10, topics = ["support"] },
      { name = "sales", size = 6,  topics = ["pricing"] },
    ]
    [inquiries]
    per_day = 15
    topics = { support = 0.7, pricing = 0.3 }
    [ownership]
    model = "custom"
    description = "care watches around the clock and asks sales over informal ties"
    monitors = ["department:care"]
    publishers = ["department:care", "spokes"]
    trained = ["department:care"]
    routing = ["informal", "hierarchy"]
    spokes_per_department = 1
    approval = { topics = ["pricing"], approver = "own_head" }
    coordination = { hours_per_week = 0.5, participants = ["spokes"] }
    """
    spec = scenario_from_dict(tomllib.loads(text))
    assert spec.ownership.model == "custom"
    assert spec.ownership.parts.routing == ["informal", "hierarchy"]
    row = run_one(spec).summary
    assert row["model"] == "custom"
    assert row["inquiries"] > 100
    assert row["answered_share"] > 0.3
    assert row["coordination_hours"] > 0


def _team_sizes(overrides: dict) -> list[int]:
    spec = scenario_from_dict(with_overrides(_raw(), overrides))
    model = OrgModel(spec)
    return [len(d.members) for d in model.departments if d.kind == "social_media"]


def test_builtin_override_changes_staffing():
    assert _team_sizes({"ownership.model": "central_team"}) == [3]
    assert _team_sizes({"ownership.model": "central_team", "ownership.team.size": 6}) == [6]
    spec = scenario_from_dict(
        with_overrides(_raw(), {"ownership.model": "central_team", "ownership.team": {"size": 6}})
    )
    assert spec.ownership.parts.team.size == 6
    assert spec.ownership.parts.team.name == "social_media"  # the rest of the part is kept


def test_multi_hub_builds_one_hub_per_region():
    departments = [dict(d, region="europe") for d in _raw()["organisation"]["departments"]]
    departments.append({"name": "sales_us", "size": 12, "topics": ["pricing"], "region": "americas"})
    regions = {
        "organisation.regions": {"europe": 1.0, "americas": -5.0},
        "organisation.departments": departments,
        "inquiries.regions": {"europe": 0.5, "americas": 0.5},
    }
    assert _team_sizes({"ownership.model": "multi_hub", **regions}) == [3, 3]
    assert _team_sizes({"ownership.model": "hub_and_spoke", **regions}) == [3]


def test_models_command_lists_all_eight():
    done = subprocess.run(
        [sys.executable, "run.py", "models"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    listed = [line.split()[0] for line in done.stdout.splitlines() if line.strip()]
    for name in BUILTIN:
        assert name in listed
