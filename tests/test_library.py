"""Every scenario in scenarios/ validates and runs (shortened: 2 days of arrivals, 1 to drain)."""

import pytest

from simulation.experiments import run_one
from simulation.scenario.loading import read_toml, scenario_from_dict, with_overrides
from tests.conftest import REPOSITORY

NOT_SCENARIOS = {"assumptions"}  # scenarios/assumptions.toml is the table of assumptions
LIBRARY = sorted(p for p in (REPOSITORY / "scenarios").glob("*.toml") if p.stem not in NOT_SCENARIOS)
SHORT = {"scenario.duration_days": 2, "scenario.drain_days": 1, "scenario.warmup_days": 0}


def test_the_library_is_there():
    names = {path.stem for path in LIBRARY}
    assert {"default", "startup", "international", "product_recall", "transformation", "imported"} <= names


@pytest.mark.parametrize("path", LIBRARY, ids=[p.stem for p in LIBRARY])
def test_scenario_validates_and_runs_shortened(path, cli):
    code, _, err = cli(["validate", path])
    assert code == 0, err
    raw = read_toml(path)
    events = raw.pop("events", [])  # surges after day 2 are fine, but keep them inside the short run
    raw = with_overrides(raw, SHORT)
    raw["events"] = [{**event, "at_day": min(event["at_day"], 1.0)} for event in events]
    spec = scenario_from_dict(raw)
    result = run_one(spec)
    assert result.summary["inquiries"] > 0
    assert 0.0 <= result.summary["answered_share"] <= 1.0


def test_international_has_three_regions_for_multi_hub():
    spec = scenario_from_dict(read_toml(REPOSITORY / "scenarios" / "international.toml"))
    assert len(spec.organisation.regions) == 3 and spec.organisation.size >= 5000
    assert spec.ownership.model == "multi_hub"
