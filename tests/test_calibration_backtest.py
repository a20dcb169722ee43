"""Replay and backtest on the example export; fit and backtest through the CLI."""

from __future__ import annotations

import tomllib

import numpy as np
import pytest

from simulation.calibration.backtest import backtest, quantile_interval
from simulation.calibration.replay import Source, records, replay_run, replay_scenario
from simulation.calibration.tuning import calibrate
from simulation.scenario.loading import load_scenario, with_model
from tests.conftest import REPOSITORY

EXAMPLE = REPOSITORY / "scenarios" / "example_company.toml"
EXPORT = REPOSITORY / "scenarios" / "example_export.csv"
COLUMNS = [
    "--column=id=Message ID",
    "--column=received_at=Received",
    "--column=channel=Network",
    "--column=topic=Tag",
    "--column=responded_at=First Response",
]


@pytest.fixture(scope="module")
def example():
    scenario = load_scenario(EXAMPLE)
    return scenario, Source.of(scenario.inquiries.import_file, EXAMPLE.parent)


def test_replay_feeds_exactly_the_recorded_arrivals(example):
    scenario, source = example
    origin = source.origin()
    scenario = replay_scenario(scenario, source, origin)
    recorded = list(records(source, scenario, origin))
    summary, table, _ = replay_run(scenario, lambda: iter(recorded), 0)
    assert summary["inquiries"] == len(recorded) == 555
    assert np.allclose(table["arrival"], [r[0] for r in recorded])
    assert table["topic"].tolist() == [r[1] for r in recorded]
    assert table["channel"].tolist() == [r[2] for r in recorded]


def test_two_models_replaying_the_same_seed_see_the_same_inquiries(example):
    """Common random numbers: work times and patience are drawn alike whatever the model."""
    scenario, source = example
    origin = source.origin()
    scenario = replay_scenario(scenario, source, origin)
    tables = [
        replay_run(with_model(scenario, name), lambda: records(source, scenario, origin), 3)[1]
        for name in ("marketing_silo", "central_team")
    ]
    assert np.array_equal(tables[0]["patience"], tables[1]["patience"])
    assert np.array_equal(tables[0]["standard"], tables[1]["standard"])


def test_the_fitted_example_reproduces_todays_median_and_answered_share(example):
    scenario, source = example
    result = backtest(scenario, source, replicates=5)
    by_key = {c.key: c for c in result.comparisons}
    assert by_key["answered_share"].reproduced, by_key["answered_share"]
    assert by_key["response_time_median_min"].reproduced, by_key["response_time_median_min"]
    assert result.reproduced
    again = backtest(scenario, source, replicates=5)  # same scenario and seed, same answer
    assert again.comparisons == result.comparisons and again.groups == result.groups


def test_an_uncalibrated_silo_with_approval_is_told_what_to_change(example):
    """The silo as built in (the head approves everything, little time) is far slower than today."""
    scenario, source = example
    slow = with_model(scenario, "marketing_silo")
    result = backtest(slow, source, replicates=3)
    assert not result.reproduced
    from simulation.calibration.backtest import verdict

    words = " ".join(verdict(result))
    assert "does NOT reproduce" in words and "barriers.boundary_drop" in words


def test_calibration_moves_towards_the_observed(example):
    scenario, source = example
    start = scenario.model_copy(
        update={
            "barriers": scenario.barriers.model_copy(
                update={"boundary_minutes": 1200.0, "handoff_minutes": 60.0}
            )
        }
    )
    result = calibrate(start, source, replicates=1, bootstrap=0, max_evaluations=12)
    assert result.distance_after < result.distance_before


def test_quantile_interval_covers_the_true_median():
    rng = np.random.default_rng(5)
    covered = 0
    for _ in range(200):
        estimate, half = quantile_interval(rng.exponential(1.0, 400), 0.5)
        covered += abs(estimate - np.log(2)) <= half
    assert 0.9 <= covered / 200 <= 0.995


def test_fit_then_backtest_on_the_command_line(tmp_path, cli):
    out = tmp_path / "my_company.toml"
    code, _, err = cli(
        [
            "fit",
            str(EXPORT),
            "--org",
            str(REPOSITORY / "scenarios" / "example_org.csv"),
            "--out",
            str(out),
            "--time-zone",
            "Europe/Berlin",
            *COLUMNS,
        ]
    )
    assert code == 0, err
    written = tomllib.loads(out.read_text())
    assert written["scenario"]["duration_days"] == 42
    assert written["inquiries"]["import"]["time_zone"] == "Europe/Berlin"
    assert set(written["inquiries"]["profiles"]) == {"facebook", "twitter", "linkedin"}
    code, text, err = cli(["backtest", str(out), "--replicates", "2"])
    assert code == 0, err
    assert "answered share:" in text and "Kolmogorov" in text and "topic legal" in text


def test_bad_export_on_the_command_line_is_exit_2_and_one_line(tmp_path, cli):
    bad = tmp_path / "bad.csv"
    bad.write_text("received_at\n2026-03-02 09:00\n")
    code, _, err = cli(["fit", str(bad), "--org", str(REPOSITORY / "scenarios" / "example_org.csv")])
    assert code == 2
    assert err.strip().count("\n") == 0 and "has no time zone" in err
