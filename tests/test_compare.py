"""`compare`: common random numbers, results.csv, and a self-contained report."""

import csv
import re

import numpy as np
import pytest

from simulation import compare
from simulation.core.errors import ScenarioError
from simulation.engine.metrics import SUMMARY_KEYS
from simulation.experiments import collect
from simulation.ownership import model_names
from simulation.report.figures import FIGURES
from simulation.scenario.loading import scenario_from_dict

MODELS = ["marketing_silo", "central_team", "decentralized"]
ARRIVAL_COLUMNS = ("arrival", "topic", "channel", "region", "standard", "deadline")


@pytest.fixture(scope="module")
def comparison():
    from tests.conftest import small_raw_scenario

    return collect(scenario_from_dict(small_raw_scenario()), MODELS, replicates=2)


def test_every_model_sees_the_same_arrivals_in_a_replicate(comparison):
    table = comparison.inquiries
    for replicate in range(2):
        first = table[(table["model"] == MODELS[0]) & (table["replicate"] == replicate)]
        assert len(first) > 20
        for model in MODELS[1:]:
            other = table[(table["model"] == model) & (table["replicate"] == replicate)]
            for column in ARRIVAL_COLUMNS:
                np.testing.assert_array_equal(first[column].to_numpy(), other[column].to_numpy())
    zero = table[(table["model"] == MODELS[0]) & (table["replicate"] == 0)]["arrival"].to_numpy()
    one = table[(table["model"] == MODELS[0]) & (table["replicate"] == 1)]["arrival"].to_numpy()
    assert len(zero) != len(one) or not np.array_equal(zero, one)  # replicates differ


def test_compare_returns_one_row_per_model_and_replicate(small_raw):
    frame = compare(scenario_from_dict(small_raw()), "central_team,holistic", replicates=2)
    assert list(frame.columns) == list(SUMMARY_KEYS)
    assert list(zip(frame["model"], frame["replicate"], strict=True)) == [
        ("central_team", 0),
        ("central_team", 1),
        ("holistic", 0),
        ("holistic", 1),
    ]


def test_unknown_model_is_named(small_raw):
    with pytest.raises(ScenarioError, match=r"--models: unknown model 'anarchy'"):
        compare(scenario_from_dict(small_raw()), "central_team,anarchy", replicates=1)


def test_cli_writes_csv_and_self_contained_report(cli, small_raw, write_toml, tmp_path):
    path = write_toml(tmp_path / "s.toml", small_raw())
    out = tmp_path / "report"
    code, out_text, err = cli(
        ["compare", path, "--models", "all", "--replicates", "2", "--robustness", "off", "--out", out]
    )
    assert code == 0, err
    with (out / "results.csv").open() as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == len(model_names()) * 2
    assert list(rows[0]) == list(SUMMARY_KEYS)
    assert {(r["model"], r["replicate"]) for r in rows} == {
        (m, str(i)) for m in model_names() for i in (0, 1)
    }
    page = (out / "report.html").read_text()
    assert not re.search(r"""(src|href)\s*=\s*["']?https?://""", page)
    assert "<script" not in page and "<link" not in page
    for model in model_names():
        assert model in page and model in out_text
    images = re.findall(r'<img [^>]*src="data:image/png;base64,', page)
    assert len(images) == len(FIGURES)
    for name, _, _ in FIGURES:
        assert (out / f"{name}.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "report.html" in out_text  # findings and the report path stay with the table
    assert "• Decision: none yet, not enough replicates" in out_text and "Robustness" not in out_text
    assert '<section id="decision">' in page and "What the model leaves out" in page
    assert not (out / "robustness.csv").exists()


def test_cli_tests_the_ranking_and_ends_in_a_decision(cli, small_raw, write_toml, tmp_path):
    path = write_toml(tmp_path / "s.toml", small_raw())
    out = tmp_path / "decided"
    code, out_text, err = cli(
        ["compare", path, "--models", "central_team,decentralized", "--replicates", "3", "--out", out]
    )
    assert code == 0, err
    assert "• Decision: " in out_text and "• Robustness: The ranking" in out_text
    page = (out / "report.html").read_text()
    assert "<b>How robust:</b> The ranking" in page
    rows = list(csv.DictReader((out / "robustness.csv").open()))
    assert len(rows) == 8 and {"central_team", "decentralized", "holds", "winner"} <= set(rows[0])


def test_international_try_line_compares_every_model(cli, tmp_path):
    """The file's own "Try:" line works: the silo adapts to regional marketing departments.

    Two models and two days keep it fast; every model's fit is checked in test_findings.
    """
    out = tmp_path / "international"
    code, out_text, err = cli(
        [
            "compare",
            "scenarios/international.toml",
            "--models",
            "marketing_silo,multi_hub",
            "--replicates",
            "1",
            "--robustness",
            "off",
            "--set",
            "scenario.duration_days=2",
            "--set",
            "scenario.warmup_days=1",
            "--set",
            "scenario.drain_days=1",
            "--set",
            "inquiries.per_day=30",
            "--out",
            out,
        ]
    )
    assert code == 0, err
    assert "marketing_silo was adapted to this organisation" in out_text
    assert "Not enough replicates to tell the models apart" in out_text
    assert {row["model"] for row in csv.DictReader((out / "results.csv").open())} == {
        "marketing_silo",
        "multi_hub",
    }


def test_cli_rejects_unknown_model(cli, small_raw, write_toml, tmp_path):
    path = write_toml(tmp_path / "s.toml", small_raw())
    code, _, err = cli(["compare", path, "--models", "nobody", "--out", tmp_path / "o"])
    assert code == 2
    assert err.strip().count("\n") == 0 and "--models" in err


def test_hourly_costs_price_every_hour_by_role(small_raw):
    raw = small_raw()
    raw["costs"] = {"currency": "CHF", "hourly": {"staff": 50.0, "head": 100.0}}
    priced = collect(scenario_from_dict(raw), "central_team", replicates=1)
    plain = collect(scenario_from_dict(small_raw()), "central_team", replicates=1)
    assert plain.money.empty and len(priced.money) == 1
    hours = priced.workload["inquiry_hours"] + priced.workload["coordination_hours"]
    rates = priced.workload["role"].map({"head": 100.0}).fillna(50.0)
    assert priced.money["cost"].iloc[0] == pytest.approx(float((hours * rates).sum()))
    assert priced.money["cost"].iloc[0] > 50.0 * float(hours.sum()) * 0.999  # heads cost more, never less


def test_costs_name_the_role_at_fault(small_raw):
    raw = small_raw()
    raw["costs"] = {"hourly": {"staff": 50.0, "intern": 10.0}}
    with pytest.raises(ScenarioError, match=r"costs\.hourly.*unknown role 'intern'"):
        scenario_from_dict(raw)
