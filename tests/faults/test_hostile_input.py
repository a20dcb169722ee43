"""Hostile input: files and values built to crash, hang or exhaust the loader get exit 2 and one line.

Each case is something a careless export or a malicious file can contain: nesting deep
enough to overflow the parser's recursion, a dotted key whose parse needs gigabytes, a
pipe instead of a file, a boolean where a number belongs, terminal escape codes in a
name. The contract is the same as for any bad input (exit 2, one line on stderr naming
the field), and the loader must refuse before doing the expensive thing.
"""

from __future__ import annotations

import os
import re
import threading

import pytest

from simulation.core.errors import ScenarioError
from simulation.scenario.loading import load_scenario, parse_assignments, scenario_from_dict, with_overrides
from tests.conftest import REPOSITORY, to_toml

COMMANDS = ("run", "validate")


def one_error_line(code: int, out: str, err: str) -> str:
    """Exit 2, nothing on stdout, one stderr line starting ``error: ``; returns the line."""
    assert code == 2, (code, out, err)
    assert out == ""
    assert "Traceback" not in err
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("error: "), lines[0]
    return lines[0]


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize(
    ("text", "match"),
    [
        ("a = " + "[" * 5000 + "]" * 5000, r"nest deeper than 32 levels"),
        ("a = " + "[" * 200 + "]" * 200, r"nest deeper than 32 levels"),
        ("a = " + "{ b = " * 2000 + "1" + " }" * 2000, r"nest deeper than 32 levels"),
        ("a" + ".a" * 50_000 + " = 1", r"dotted key nests deeper than 32 levels"),
        ('"a".' * 20_000 + '"a" = 1', r"dotted key nests deeper than 32 levels"),
    ],
    ids=["array 5000 deep", "array 200 deep", "inline tables 2000 deep", "100 KB dotted key", "quoted keys"],
)
def test_deep_structures_are_refused_before_parsing(command, text, match, cli, tmp_path):
    path = tmp_path / "deep.toml"
    path.write_text(text, encoding="utf-8")
    line = one_error_line(*cli([command, path]))
    assert re.search(match, line), line
    assert str(path) in line


@pytest.mark.parametrize(
    "value",
    ["[" * 3000 + "]" * 3000, "[" * 100 + "]" * 100, "{ a = " * 500 + "1" + " }" * 500],
    ids=["recursion", "below recursion", "inline tables"],
)
def test_deep_set_values_are_refused(value, cli, small_raw, write_toml, tmp_path):
    path = write_toml(tmp_path / "good.toml", small_raw())
    line = one_error_line(*cli(["run", path, "--set", f"inquiries.topics={value}"]))
    assert line.startswith("error: --set: "), line
    assert "nest deeper than 32 levels" in line


def test_deep_set_key_is_refused():
    with pytest.raises(ScenarioError, match=r"nests deeper than 32 levels") as caught:
        parse_assignments(["a" + ".a" * 50_000 + "=1"])
    assert caught.value.field == "--set"


@pytest.mark.parametrize("command", COMMANDS)
def test_a_pipe_is_refused_without_waiting_for_a_writer(command, cli, tmp_path):
    fifo = tmp_path / "scenario.toml"
    os.mkfifo(fifo)
    result: list[tuple[int, str, str]] = []
    worker = threading.Thread(target=lambda: result.append(cli([command, fifo])), daemon=True)
    worker.start()
    worker.join(timeout=60)
    if not result:  # unblock the reader so the test process can end, then fail
        with open(fifo, "w"):
            pass
        pytest.fail("reading a FIFO hung")
    line = one_error_line(*result[0])
    assert "is not a regular file" in line


def test_an_oversized_file_is_refused_before_it_is_read(cli, tmp_path):
    path = tmp_path / "huge.toml"
    with path.open("wb") as handle:
        handle.truncate(17 * 1024 * 1024)  # sparse: no disk used
    line = one_error_line(*cli(["validate", path]))
    assert "larger than the 16 MB accepted" in line


@pytest.mark.parametrize("command", COMMANDS)
def test_a_byte_order_mark_is_accepted(command, cli, small_raw, tmp_path):
    path = tmp_path / "bom.toml"
    path.write_bytes(b"\xef\xbb\xbf" + to_toml(small_raw()).encode("utf-8"))
    code, out, err = cli([command, path, *(["--json"] if command == "run" else [])])
    assert code == 0, err
    assert out.strip()


@pytest.mark.parametrize(
    ("dotted", "field"),
    [
        ("inquiries.per_day", "inquiries.per_day"),
        ("scenario.duration_days", "scenario.duration_days"),
        ("organisation.span_of_control", "organisation.span_of_control"),
        ("inquiries.topics.campaign", "inquiries.topics.campaign"),
        ("inquiries.work_minutes.mean", "inquiries.work_minutes.mean"),
        ("barriers.boundary_drop", "barriers.boundary_drop"),
        ("ownership.misdirected_share", "ownership.misdirected_share"),
        ("ownership.team.size", "ownership.team.size"),
    ],
)
def test_booleans_are_not_numbers(dotted, field, small_raw):
    with pytest.raises(ScenarioError, match=r"must be a number, not true") as caught:
        scenario_from_dict(with_overrides(small_raw(), {dotted: True}))
    assert caught.value.field == field


def test_booleans_inside_lists_and_departments_are_not_numbers(small_raw):
    raw = small_raw()
    raw["organisation"]["departments"][1]["size"] = False
    with pytest.raises(ScenarioError, match=r"must be a number, not false") as caught:
        scenario_from_dict(raw)
    assert caught.value.field == "organisation.departments[1].size"
    with pytest.raises(ScenarioError) as caught:
        scenario_from_dict(with_overrides(small_raw(), {"inquiries.weekly": [1, 1, 1, 1, 1, True, 1]}))
    assert caught.value.field == "inquiries.weekly[5]"


def test_booleans_stay_allowed_where_the_scenario_wants_one(small_raw):
    scenario = scenario_from_dict(with_overrides(small_raw(), {"scenario.record_traces": True}))
    assert scenario.scenario.record_traces is True


def test_set_true_for_a_number_is_refused(cli, small_raw, write_toml, tmp_path):
    path = write_toml(tmp_path / "good.toml", small_raw())
    line = one_error_line(*cli(["run", path, "--set", "inquiries.per_day=true"]))
    assert line == "error: inquiries.per_day: must be a number, not true"


@pytest.mark.parametrize("command", COMMANDS)
def test_team_shift_that_ends_before_it_starts(command, cli, small_raw, write_toml, tmp_path):
    raw = with_overrides(small_raw(), {"ownership.model": "central_team", "ownership.team.start_hour": 20})
    path = write_toml(tmp_path / "late.toml", raw)
    line = one_error_line(*cli([command, path]))
    assert line.startswith("error: ownership.team.start_hour: "), line
    assert "from 20 to 17" in line


@pytest.mark.parametrize(
    "name", ["\x1b[31mred\x1b[0m", "two\nlines", "\u202eright-to-left"], ids=["escape", "newline", "bidi"]
)
def test_control_characters_never_reach_the_terminal(name, cli, small_raw, write_toml, tmp_path):
    raw = small_raw()
    raw["inquiries"][name] = 3  # an unknown key: its name is quoted in the message
    path = write_toml(tmp_path / "names.toml", raw)
    line = one_error_line(*cli(["validate", path]))
    assert "unknown key" in line
    assert all(c.isprintable() for c in line), repr(line)
    raw = with_overrides(small_raw(), {"ownership.model": name})
    line = one_error_line(*cli(["validate", write_toml(tmp_path / "model.toml", raw)]))
    assert all(c.isprintable() for c in line), repr(line)


def test_twenty_thousand_departments_validate(cli, small_raw, write_toml, tmp_path):
    raw = small_raw()
    raw["organisation"]["departments"] = [
        {
            "name": f"d{index}" if index else "marketing",
            "size": 1,
            "topics": [] if index else ["campaign", "pricing", "legal"],
        }
        for index in range(20_000)
    ]
    path = write_toml(tmp_path / "wide.toml", raw)
    code, out, err = cli(["validate", path])
    assert code == 0, err
    assert "20,000 employees" in out, out


def test_a_design_csv_that_is_not_utf8(cli, tmp_path):
    (tmp_path / "design.csv").write_bytes('inquiries.per_day,scenario.name\n20,"Köln"\n'.encode("latin-1"))
    sweep = tmp_path / "sweep.toml"
    base = REPOSITORY / "scenarios" / "default.toml"
    sweep.write_text(f'[sweep]\nbase = "{base}"\ndesign = "design.csv"\n', encoding="utf-8")
    line = one_error_line(*cli(["validate", sweep]))
    assert line.startswith("error: sweep.design: ") and "not UTF-8" in line


ORG_SCENARIO = """[scenario]
duration_days = 3
[organisation]
import = "org.csv"
[inquiries]
topics = {{ pricing = 1 }}
"""


@pytest.mark.parametrize(
    ("text", "match"),
    [
        (
            "id;name;department;manager_id\nceo;Ann;board;\ns1;Sue;sales;ceo\n",
            r"missing column\(s\).*separated by semicolons; save the file with commas",
        ),
        (
            "id,name,department,manager_id,topics,hours\nceo,Ann,board,,,\ns1,Sue,sales,ceo,pricing,8-17\n"
            "s2,Sid,sales,s1,,late\n",
            r"^organisation\.import: row 4 of org\.csv: hours 'late'",
        ),
    ],
    ids=["semicolons", "row as a spreadsheet counts"],
)
def test_organisation_csv_messages(text, match, tmp_path):
    (tmp_path / "org.csv").write_text(text, encoding="utf-8")
    (tmp_path / "s.toml").write_text(ORG_SCENARIO.format(), encoding="utf-8")
    with pytest.raises(ScenarioError, match=match):
        load_scenario(tmp_path / "s.toml")


def test_ui_port_out_of_range_is_one_line(cli):
    line = one_error_line(*cli(["ui", "--port", "70000"]))
    assert "--port" in line and "65535" in line


def test_ui_on_every_interface_warns_that_it_has_no_authentication(cli, monkeypatch):
    import simulation.ui.server

    monkeypatch.setattr(simulation.ui.server, "serve", lambda host, port, scenario: 0)
    code, _, err = cli(["ui", "--host", "0.0.0.0"])
    assert code == 0
    assert err.startswith("warning: the UI has no authentication; anyone who can reach 0.0.0.0:8765")


def test_a_flat_export_is_tied_in_small_teams_not_one_clique(tmp_path):
    import numpy as np

    from simulation.organisation.importers import TEAM_SIZE, build_imported

    rows = ["id,name,department,manager_id,topics", "ceo,Ann,board,,", "head,Hal,marketing,ceo,pricing"]
    rows += [f"p{index},P{index},marketing,head," for index in range(600)]  # 600 people under one head
    (tmp_path / "org.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    (tmp_path / "s.toml").write_text(ORG_SCENARIO.format(), encoding="utf-8")
    spec = load_scenario(tmp_path / "s.toml")
    chart = build_imported(spec.organisation, np.random.default_rng(1))
    team_degree = [
        sum(1 for _, _, kind in chart.graph.edges(node, data="kind") if kind == "team")
        for node in chart.graph
    ]
    assert max(team_degree) == TEAM_SIZE - 1  # a clique of 600 would be 599
    assert sum(team_degree) / 2 <= 600 * (TEAM_SIZE - 1) / 2
