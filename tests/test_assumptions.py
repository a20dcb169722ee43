"""The table of assumptions matches the default scenario, and each entry is one ``--set`` away."""

import json
import re
from pathlib import Path

import pytest

from simulation.core.errors import ScenarioError
from simulation.scenario.assumptions import load_assumptions
from simulation.scenario.loading import read_toml, scenario_from_dict, with_model, with_overrides

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT / "scenarios" / "default.toml"
TABLE = load_assumptions()
SOURCES = (ROOT / "docs" / "sources.md").read_text()


def value_at(path: str):
    """The value the default scenario runs with at ``path`` (model overrides: the model's parts)."""
    scenario = scenario_from_dict(read_toml(DEFAULT))
    keys = path.split(".")
    if keys[0] == "model_overrides":
        node = with_model(scenario, keys[1]).ownership.parts
        keys = keys[2:]
    else:
        node = scenario
    for key in keys:
        node = getattr(node, key)
    return node


@pytest.mark.parametrize("assumption", TABLE, ids=lambda a: a.path)
def test_the_default_is_what_the_default_scenario_runs_with(assumption):
    assert value_at(assumption.path) == pytest.approx(assumption.default)


@pytest.mark.parametrize("assumption", TABLE, ids=lambda a: a.path)
def test_every_end_of_the_range_is_one_override_away(assumption):
    settings = assumption.values or (assumption.low, assumption.high)
    for setting in settings:
        scenario = scenario_from_dict(with_overrides(read_toml(DEFAULT), {assumption.path: setting}))
        keys = assumption.path.split(".")
        if keys[0] == "model_overrides":
            node = with_model(scenario, keys[1]).ownership.parts
            keys = keys[2:]
        else:
            node = scenario
        for key in keys:
            node = getattr(node, key)
        assert node == pytest.approx(setting)


@pytest.mark.parametrize("assumption", TABLE, ids=lambda a: a.path)
def test_every_source_is_listed_or_called_an_assumption(assumption):
    if assumption.source != "assumption":
        assert f"**[{assumption.source}]**" in SOURCES


def test_docs_list_every_assumption():
    page = (ROOT / "docs" / "assumptions.md").read_text()
    listed = set(re.findall(r"`([a-z_]+(?:\.[a-z_]+)+)`", page))
    assert {a.path for a in TABLE} <= listed


def test_the_silo_approval_scope_is_one_set_in_a_comparison_too(cli):
    argv = ["run", DEFAULT, "--json", "--set", "scenario.duration_days=10"]
    narrow = ["--set", 'model_overrides.marketing_silo.approval.topics=["legal", "press"]']
    code, wide_out, _ = cli(argv)
    assert code == 0
    code, narrow_out, _ = cli(argv + narrow)
    assert code == 0
    assert json.loads(narrow_out)["answered_share"] > json.loads(wide_out)["answered_share"] + 0.2


def test_a_bad_entry_names_its_field(tmp_path):
    bad = tmp_path / "assumptions.toml"
    bad.write_text(
        '[[assumption]]\npath = "a.b"\ndefault = 5\nlow = 0\nhigh = 1\nsource = "x"\nmeaning = "m"\n'
    )
    with pytest.raises(ScenarioError, match=r"assumption\[0\]\.default"):
        load_assumptions(bad)


@pytest.mark.parametrize(
    ("setting", "field"),
    [
        ("model_overrides.nosuch.team.size=3", "model_overrides.nosuch.model"),
        ("model_overrides.central_team.team.size=0", "model_overrides.central_team.team.size"),
        ("inquiries.profiles={ tiktok = { weekly = [1, 1, 1, 1, 1, 1, 1] } }", "inquiries.profiles"),
        ("availability.departments={ nosuch = 0.5 }", "availability.departments"),
        ("availability.others=0", "availability.others"),
        ("quality.review_catch=1.5", "quality.review_catch"),
        ("inquiries.patience.median_minutes=-1", "inquiries.patience.median_minutes"),
    ],
)
def test_a_bad_assumption_names_its_field(cli, setting, field):
    code, out, err = cli(["run", DEFAULT, "--json", "--set", setting])
    assert code == 2 and out == ""
    assert err.startswith(f"error: {field}:") and err.count("\n") == 1, err


def test_model_overrides_hold_for_every_model_a_comparison_runs():
    narrow = {
        "model_overrides": {"marketing_silo": {"approval": {"topics": ["legal"], "approver": "executive"}}}
    }
    raw = with_overrides(read_toml(DEFAULT), {"ownership.model": "central_team", **narrow})
    scenario = scenario_from_dict(raw)
    assert scenario.ownership.parts.approval.topics == ["*"]  # central_team's own, untouched
    silo = with_model(scenario, "marketing_silo").ownership.parts.approval
    assert (silo.topics, silo.approver) == (["legal"], "executive")
    assert (
        with_model(scenario, "hub_and_spoke").ownership.parts.approval.approver == "team"
    )  # only the silo's
