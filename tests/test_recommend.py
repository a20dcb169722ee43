"""recommend: stock models first, a resumable NSGA-II search, a true Pareto front, runnable picks."""

import math

import pytest

from simulation.core.errors import ScenarioError
from simulation.decision.recommend import (
    OBJECTIVES,
    Target,
    dominates,
    dominating_all_stock,
    pareto,
    parse_target,
    search,
)
from simulation.experiments import run_replicates
from simulation.experiments.output import lock_directory
from simulation.ownership import model_names
from simulation.report.recommendation import picks, write
from simulation.scenario.loading import read_toml, scenario_from_dict
from tests.conftest import REPOSITORY

DEFAULT_SCENARIO = REPOSITORY / "scenarios" / "default.toml"


@pytest.fixture(scope="module")
def searched(tmp_path_factory):
    from tests.conftest import small_raw_scenario

    raw = small_raw_scenario()
    directory = tmp_path_factory.mktemp("recommend")
    found = search(scenario_from_dict(raw), directory, trials=11, replicates=2, workers=1)
    return raw, directory, found


def test_the_stock_models_are_measured_first(searched):
    _, _, found = searched
    assert [c.params["model"] for c in found[: len(model_names())]] == model_names()
    assert all(c.stock for c in found[: len(model_names())]) and not any(
        c.stock for c in found[len(model_names()) :]
    )


def test_the_front_is_feasible_and_mutually_non_dominated(searched):
    _, _, found = searched
    front = pareto(found)
    assert front
    for candidate in front:
        assert not any(dominates(other, candidate) for other in found if other.feasible)
    for candidate in dominating_all_stock(found):
        assert all(dominates(candidate, stock) for stock in found if stock.stock)


def test_a_rerun_resumes_and_a_larger_budget_continues(searched):
    raw, directory, found = searched
    again = search(scenario_from_dict(raw), directory, trials=11, replicates=2, workers=1)
    assert [(c.number, c.outcomes) for c in again] == [(c.number, c.outcomes) for c in found]
    more = search(scenario_from_dict(raw), directory, trials=12, replicates=2, workers=1)
    assert len(more) == 12 and [c.outcomes for c in more[:11]] == [c.outcomes for c in found]


def test_a_target_nobody_meets_leaves_an_empty_front(tmp_path, small_raw):
    impossible = Target("answered_within_1h_share", ">=", 1.01)
    found = search(
        scenario_from_dict(small_raw()), tmp_path, trials=8, replicates=1, targets=[impossible], workers=1
    )
    assert not any(c.feasible for c in found) and pareto(found) == []


def test_a_recommended_scenario_file_reproduces_its_candidate(searched, tmp_path):
    raw, _, found = searched
    chosen = picks(pareto(found), dominating_all_stock(found))
    files = write(tmp_path, raw, found, pareto(found), chosen)
    assert (tmp_path / "pareto.png").read_bytes()[:4] == b"\x89PNG" and (tmp_path / "candidates.csv").exists()
    (_, candidate), path = chosen[0], files[0]
    spec = scenario_from_dict(read_toml(path))
    assert spec.ownership.model == candidate.params["model"]
    rows = [r.summary for r in run_replicates(spec, 2)]
    mean = sum(float(r[OBJECTIVES[0]]) for r in rows) / 2
    assert math.isclose(mean, candidate.objective(OBJECTIVES[0]), abs_tol=1e-12)


@pytest.mark.parametrize(
    ("text", "message"),
    [("answered_within_1h=0.8", "KEY>=VALUE"), ("speed>=1", "unknown key 'speed'"), ("fte<=x", "KEY>=VALUE")],
)
def test_bad_targets_name_the_option(text, message):
    with pytest.raises(ScenarioError, match=f"--target: .*{message}"):
        parse_target(text)


def test_targets_read_as_written():
    assert parse_target("answered_within_1h>=0.8") == Target("answered_within_1h_share", ">=", 0.8)
    assert parse_target("fte <= 2.5").violation(3.0) == pytest.approx(0.5)


def test_a_search_above_the_work_budget_is_refused_naming_trials(cli, tmp_path):
    code, _, err = cli(["recommend", DEFAULT_SCENARIO, "--trials", 10**7, "--out", tmp_path / "rec"])
    assert code == 2
    assert err.count("\n") == 1 and "--trials" in err and "--allow-large" in err


def test_a_directory_another_search_writes_is_refused(cli, tmp_path):
    out = tmp_path / "rec"
    with lock_directory(out):
        code, _, err = cli(["recommend", DEFAULT_SCENARIO, "--trials", 2, "--out", out])
    assert code == 2 and "another orgsim process" in err
    assert not (out / "study.db").exists()
