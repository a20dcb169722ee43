"""Bad input: exit code 2 and one line on stderr naming the field and what is allowed.

The command-line contract: exit 0 ok, 2 bad input (one line on stderr naming the field and
the fix), 1 internal error; never a traceback. Each case is checked through ``run`` and
``validate`` in-process, and a few at the API level through :class:`ScenarioError`.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from simulation.core.errors import ScenarioError
from simulation.scenario.loading import read_toml, scenario_from_dict, with_overrides

COMMANDS = ("run", "validate")


@dataclass(frozen=True)
class BadScenario:
    """One way to spoil the small scenario, and what the error line must say."""

    name: str
    spoil: Callable[[dict[str, Any]], None]
    field: str
    allowed: str  # regex for the part of the message that says what is allowed


def _set(dotted: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def spoil(raw: dict[str, Any]) -> None:
        node = raw
        *parents, last = dotted.split(".")
        for key in parents:
            node = node.setdefault(key, {})
        node[last] = value

    return spoil


def _department_size(size: int) -> Callable[[dict[str, Any]], None]:
    def spoil(raw: dict[str, Any]) -> None:
        raw["organisation"]["departments"][0]["size"] = size

    return spoil


def _every_department_size(size: int) -> Callable[[dict[str, Any]], None]:
    def spoil(raw: dict[str, Any]) -> None:
        for department in raw["organisation"]["departments"]:
            department["size"] = size

    return spoil


BAD_SCENARIOS = [
    BadScenario("unknown top-level key", _set("colour", "red"), "colour", r"unknown key"),
    BadScenario("unknown top-level table", _set("extra.x", 1), "extra", r"unknown key"),
    BadScenario("unknown nested key", _set("inquiries.per_dya", 30), "inquiries.per_dya", r"unknown key"),
    BadScenario(
        "unknown deeper key",
        _set("inquiries.work_minutes.median", 3),
        "inquiries.work_minutes.median",
        r"unknown key",
    ),
    BadScenario("string per_day", _set("inquiries.per_day", "lots"), "inquiries.per_day", r"number"),
    BadScenario("negative per_day", _set("inquiries.per_day", -3), "inquiries.per_day", r">=|equal to 0"),
    BadScenario("infinite per_day", _set("inquiries.per_day", float("inf")), "inquiries.per_day", r"finite"),
    BadScenario("nan per_day", _set("inquiries.per_day", float("nan")), "inquiries.per_day", r"finite"),
    BadScenario(
        "empty organisation",
        _set("organisation.departments", []),
        "organisation.departments",
        r"at least 1",
    ),
    BadScenario(
        "department of size 0",
        _department_size(0),
        "organisation.departments[0].size",
        r"greater than or equal to 1",
    ),
    BadScenario(
        "department too big for memory",
        _department_size(10_000_000),
        "organisation.departments[0].size",
        r"less than or equal to 200,?000",
    ),
    BadScenario(
        "organisation too big for memory",
        _every_department_size(100_000),
        "organisation",
        r"would not fit in memory; at most 200,000",
    ),
    BadScenario(
        "unknown ownership model",
        _set("ownership.model", "anarchy"),
        "ownership.model",
        r"allowed: .*marketing_silo.*central_team",
    ),
    BadScenario(
        "unknown work-time distribution",
        _set("inquiries.work_minutes.distribution", "gamma"),
        "inquiries.work_minutes.distribution",
        r"exponential.*lognormal.*fixed",
    ),
    BadScenario(
        "unknown routing strategy",
        _set("ownership.routing", ["hierarchy", "telepathy"]),
        "ownership.routing",
        r"allowed: hierarchy, directory, expert_search, informal, expert_team",
    ),
    BadScenario(
        "unknown selector",
        _set("ownership.monitors", ["wizards"]),
        "ownership.monitors",
        r"allowed: all, team, .*department:NAME",
    ),
    BadScenario(
        "unknown ownership part",
        _set("ownership.colour", "red"),
        "ownership.colour",
        r"unknown key; see `run.py models NAME`",
    ),
    BadScenario(
        "topic nobody owns",
        _set("inquiries.topics", {"campaign": 1.0, "weather": 1.0}),
        "inquiries.topics",
        r"'weather'.*add it to some organisation.departments\[\].topics",
    ),
    BadScenario(
        "surge on a topic nobody asks about",
        _set("events", [{"kind": "surge", "topic": "weather", "at_day": 1, "hours": 2, "factor": 3}]),
        "events[0].topic",
        r"'weather' is not in inquiries.topics",
    ),
    BadScenario(
        "warmup as long as the run",
        _set("scenario.warmup_days", 5),
        "scenario.warmup_days",
        r"must be less than duration_days \(5(\.0)? >= 5(\.0)?\)",
    ),
    BadScenario(
        "warmup longer than the run",
        _set("scenario.warmup_days", 50),
        "scenario.warmup_days",
        r"must be less than duration_days \(50(\.0)? >= 5(\.0)?\)",
    ),
]


def assert_one_error_line(code: int, out: str, err: str, field: str, allowed: str) -> str:
    """Exit 2, nothing on stdout, one stderr line naming ``field`` and matching ``allowed``."""
    assert code == 2, (code, out, err)
    assert out == ""
    assert "Traceback" not in err
    lines = err.splitlines()
    assert len(lines) == 1, err
    line = lines[0]
    assert line.startswith("error: "), line
    if field:
        assert line.startswith(f"error: {field}: "), line
    assert re.search(allowed, line), line
    return line


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("case", BAD_SCENARIOS, ids=lambda case: case.name)
def test_bad_scenario_exits_2_with_one_line(case, command, cli, small_raw, write_toml, tmp_path):
    raw = small_raw()
    case.spoil(raw)
    path = write_toml(tmp_path / "bad.toml", raw)
    code, out, err = cli([command, path])
    assert_one_error_line(code, out, err, case.field, case.allowed)


@pytest.mark.parametrize("command", COMMANDS)
def test_the_small_scenario_itself_is_valid(command, cli, small_raw, write_toml, tmp_path):
    path = write_toml(tmp_path / "good.toml", small_raw())
    code, out, err = cli([command, path, *(["--json"] if command == "run" else [])])
    assert code == 0, err
    assert out.strip()


@pytest.mark.parametrize("command", COMMANDS)
def test_malformed_toml(command, cli, tmp_path):
    path = tmp_path / "broken.toml"
    path.write_text('[scenario]\nname = "unterminated\n[inquiries]\nper_day = = 3\n', encoding="utf-8")
    code, out, err = cli([command, path])
    line = assert_one_error_line(code, out, err, "", r"not valid TOML \(.*line \d+")
    assert str(path) in line


@pytest.mark.parametrize("command", COMMANDS)
def test_missing_file(command, cli, tmp_path):
    path = tmp_path / "nowhere.toml"
    code, out, err = cli([command, path])
    line = assert_one_error_line(code, out, err, "", r"no such file; give the path of a \.toml scenario")
    assert str(path) in line


@pytest.mark.parametrize("command", COMMANDS)
def test_directory_instead_of_file(command, cli, tmp_path):
    code, out, err = cli([command, tmp_path])
    line = assert_one_error_line(code, out, err, "", r"is a directory; give the path of a \.toml scenario")
    assert str(tmp_path) in line


@pytest.mark.parametrize("command", COMMANDS)
def test_unreadable_file(command, cli, small_raw, write_toml, tmp_path):
    path = write_toml(tmp_path / "secret.toml", small_raw())
    path.chmod(0)
    try:
        if os.access(path, os.R_OK):
            pytest.skip("this user can read a file with mode 000 (root)")
        code, out, err = cli([command, path])
    finally:
        path.chmod(0o644)
    line = assert_one_error_line(code, out, err, "", r"cannot be read \(")
    assert str(path) in line


@pytest.mark.parametrize("command", COMMANDS)
def test_file_that_is_not_utf8(command, cli, tmp_path):
    path = tmp_path / "latin1.toml"
    path.write_bytes('[scenario]\nname = "Köln"\n'.encode("latin-1"))
    code, out, err = cli([command, path])
    line = assert_one_error_line(code, out, err, "", r"cannot be read \(")
    assert str(path) in line


@pytest.mark.parametrize("command", COMMANDS)
def test_path_through_a_file(command, cli, small_raw, write_toml, tmp_path):
    path = write_toml(tmp_path / "scenario.toml", small_raw()) / "inner.toml"
    code, out, err = cli([command, path])
    line = assert_one_error_line(code, out, err, "", r"cannot be read \(|no such file")
    assert str(path) in line


@pytest.mark.parametrize(
    "option", [["--seed", "abc"], ["--bogus"]], ids=["bad option value", "unknown option"]
)
def test_command_line_usage_errors_are_one_line(option, cli, small_raw, write_toml, tmp_path):
    path = write_toml(tmp_path / "good.toml", small_raw())
    code, _out, err = cli(["run", path, *option])
    assert code == 2
    assert len(err.splitlines()) == 1, err


@pytest.mark.parametrize("replicates", ["0", "-1"])
def test_replicates_below_one(replicates, cli, small_raw, write_toml, tmp_path):
    path = write_toml(tmp_path / "good.toml", small_raw())
    code, out, err = cli(["run", path, "--replicates", replicates])
    assert_one_error_line(code, out, err, "--replicates", rf"must be at least 1 \(got {replicates}\)")


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize(
    ("dotted", "value", "field"),
    [
        ("ownership.monitors", ["department:wizards"], "ownership.monitors"),
        ("ownership.approval", {"approver": "head:wizards"}, "ownership.approval.approver"),
    ],
    ids=["selector names no department", "approver names no department"],
)
def test_references_to_missing_departments(
    command, dotted, value, field, cli, small_raw, write_toml, tmp_path
):
    raw = with_overrides(small_raw(), {dotted: value})
    path = write_toml(tmp_path / "bad.toml", raw)
    code, out, err = cli([command, path])
    assert_one_error_line(code, out, err, field, r"no department named 'wizards'.*marketing")


# --- the API level: ScenarioError names the field ---------------------------------------


@pytest.mark.parametrize(
    ("overrides", "field", "match"),
    [
        ({"inquiries.per_day": -1}, "inquiries.per_day", r"inquiries\.per_day: .*greater than or equal to 0"),
        ({"inquiries.per_day": "many"}, "inquiries.per_day", r"inquiries\.per_day: .*number"),
        ({"inquiries.per_day": float("nan")}, "inquiries.per_day", r"inquiries\.per_day: .*finite"),
        ({"inquiries.per_dya": 3}, "inquiries.per_dya", r"inquiries\.per_dya: unknown key"),
        ({"inquiries.patience_hours": float("nan")}, "inquiries.patience_hours", r"greater than 0|positive"),
        ({"inquiries.work_minutes.mean": 0}, "inquiries.work_minutes.mean", r"greater than 0"),
        ({"organisation.departments": []}, "organisation.departments", r"at least 1"),
        ({"organisation.span_of_control": 1}, "organisation.span_of_control", r"greater than or equal to 2"),
        ({"ownership.model": "anarchy"}, "ownership.model", r"unknown ownership model 'anarchy'"),
        ({"ownership.routing": ["telepathy"]}, "ownership.routing", r"unknown routing strategy"),
        ({"ownership.routing": []}, "ownership.routing", r"at least one routing strategy"),
        ({"ownership.publishers": ["role"]}, "ownership.publishers", r"unknown selector 'role'"),
        ({"ownership.approval.approver": "boss"}, "ownership.approval.approver", r"unknown approver"),
        ({"barriers.boundary_drop": 1.5}, "barriers.boundary_drop", r"less than or equal to 1"),
        ({"scenario.seed": -1}, "scenario.seed", r"greater than or equal to 0"),
        ({"scenario.duration_days": 0}, "scenario.duration_days", r"greater than 0"),
        (
            {"events": [{"topic": "pricing", "at_day": -1, "hours": 2, "factor": 3}]},
            "events[0].at_day",
            r">=|equal to 0",
        ),
        pytest.param(
            {"events": [{"topic": "weather", "at_day": 1, "hours": 2, "factor": 3}]},
            "events[0].topic",
            r"'weather' is not in inquiries.topics",
        ),
    ],
    ids=lambda value: value if isinstance(value, str) else None,
)
def test_scenario_error_names_the_field(overrides, field, match, small_raw):
    with pytest.raises(ScenarioError, match=match) as caught:
        scenario_from_dict(with_overrides(small_raw(), overrides))
    assert caught.value.field == field
    assert str(caught.value).startswith(f"{field}: ")
    assert "\n" not in str(caught.value)


def test_ownership_that_is_not_a_table(small_raw):
    raw = small_raw()
    raw["ownership"] = "marketing_silo"
    with pytest.raises(ScenarioError, match=r"ownership: must be a table") as caught:
        scenario_from_dict(raw)
    assert caught.value.field == "ownership"


def test_override_through_a_value_that_is_not_a_table(small_raw):
    with pytest.raises(ScenarioError, match=r"'per_day' is not a table") as caught:
        with_overrides(small_raw(), {"inquiries.per_day.low": 3})
    assert caught.value.field == "inquiries.per_day.low"


@pytest.mark.parametrize(
    ("dotted", "value", "field"),
    [
        ("ownership.monitors", ["department:wizards"], "ownership.monitors"),
        ("ownership.coordination.participants", ["region:atlantis"], "ownership.coordination.participants"),
        ("ownership.publishers", ["role:wizard"], "ownership.publishers"),
        ("ownership.approval.approver", "head:wizards", "ownership.approval.approver"),
    ],
)
def test_names_in_ownership_parts_are_checked_before_building(dotted, value, field, small_raw):
    with pytest.raises(ScenarioError) as caught:
        scenario_from_dict(with_overrides(small_raw(), {dotted: value}))
    assert caught.value.field == field
    assert str(value).strip("[]'").split(":")[1] in caught.value.message


def test_read_toml_errors_concern_the_whole_file(tmp_path):
    with pytest.raises(ScenarioError, match="no such file") as caught:
        read_toml(tmp_path / "nowhere.toml")
    assert caught.value.field == ""
    bad = tmp_path / "bad.toml"
    bad.write_bytes(b"\xff\xfe not utf-8")
    with pytest.raises(ScenarioError, match="cannot be read") as caught:
        read_toml(bad)
    assert caught.value.field == ""


def test_warmup_error_names_the_dotted_field(small_raw):
    with pytest.raises(ScenarioError) as caught:
        scenario_from_dict(with_overrides(small_raw(), {"scenario.warmup_days": 5}))
    assert caught.value.field == "scenario.warmup_days"


def test_unknown_key_error_lists_the_allowed_keys(small_raw):
    with pytest.raises(ScenarioError, match=r"inquiries\.per_dya") as caught:
        scenario_from_dict(with_overrides(small_raw(), {"inquiries.per_dya": 3}))
    assert "per_day" in caught.value.message
