"""`--set key=value` on `run` and `compare`: TOML values, validated like the file."""

import json

import pytest

from simulation.core.errors import ScenarioError
from simulation.scenario.loading import parse_assignments


def test_values_are_parsed_as_toml():
    assert parse_assignments(
        [
            "inquiries.per_day=120",
            "barriers.boundary_minutes = 30.5",
            "scenario.record_traces=true",
            "scenario.name=plain text",
            'ownership.model="holistic"',
            "inquiries.channels={ x = 1 }",
        ]
    ) == {
        "inquiries.per_day": 120,
        "barriers.boundary_minutes": 30.5,
        "scenario.record_traces": True,
        "scenario.name": "plain text",
        "ownership.model": "holistic",
        "inquiries.channels": {"x": 1},
    }


@pytest.mark.parametrize("item", ["per_day", "=3", "inquiries..per_day=3"])
def test_malformed_items_name_the_option(item):
    with pytest.raises(ScenarioError, match=r"^--set: expected KEY=VALUE"):
        parse_assignments([item])


def test_run_applies_overrides(cli, small_raw, write_toml, tmp_path):
    path = write_toml(tmp_path / "s.toml", small_raw())
    code, out, err = cli(
        ["run", path, "--json", "--set", "inquiries.per_day=0", "--set", "scenario.name=changed"]
    )
    assert code == 0, err
    row = json.loads(out)
    assert row["inquiries"] == 0 and row["scenario"] == "changed"


@pytest.mark.parametrize("command", ["run", "compare"])
@pytest.mark.parametrize(
    ("item", "field"),
    [
        ("inquiries.per_dya=3", "inquiries.per_dya"),
        ("inquiries.per_day=-1", "inquiries.per_day"),
        ("barriers.boundary_minutes=lots", "barriers.boundary_minutes"),
    ],
)
def test_bad_overrides_exit_2_naming_the_path(command, item, field, cli, small_raw, write_toml, tmp_path):
    path = write_toml(tmp_path / "s.toml", small_raw())
    code, out, err = cli(
        [command, path, "--set", item, "--out", tmp_path / "o"]
        if command == "compare"
        else [command, path, "--set", item]
    )
    assert code == 2
    assert out == ""
    assert err.strip().count("\n") == 0
    assert err.startswith(f"error: {field}:")


def test_compare_applies_overrides(cli, small_raw, write_toml, tmp_path):
    path = write_toml(tmp_path / "s.toml", small_raw())
    out = tmp_path / "o"
    code, _, err = cli(
        [
            "compare",
            path,
            "--models",
            "holistic",
            "--replicates",
            "1",
            "--out",
            out,
            "--set",
            "barriers.boundary_minutes=30",
            "--set",
            "scenario.name=tuned",
        ]
    )
    assert code == 0, err
    assert "tuned" in (out / "results.csv").read_text()
