"""Comparative statements respect confidence intervals, ties and missing data (``standing``)."""

import math
import os
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from simulation.decision.findings import (
    HOURS_PER_ANSWER,
    MIN_REPLICATES,
    ahead,
    replicate_values,
    standing,
)
from simulation.experiments.comparison import collect, fit_models
from simulation.ownership import model_names
from simulation.report.summary import findings
from simulation.scenario.loading import load_scenario, read_toml, scenario_from_dict, with_overrides

REPOSITORY = Path(__file__).resolve().parents[1]

finite = st.floats(min_value=-1e3, max_value=1e3, allow_nan=False)


@st.composite
def comparisons(draw):
    replicates = draw(st.integers(min_value=1, max_value=6))
    count = draw(st.integers(min_value=2, max_value=6))
    values = {}
    for index in range(count):
        column = draw(
            st.lists(st.one_of(finite, st.just(math.nan)), min_size=replicates, max_size=replicates)
        )
        values[f"m{index}"] = column
    return values, draw(st.sampled_from(["high", "low"]))


@settings(max_examples=150, deadline=None)
@given(comparisons())
def test_a_named_leader_is_never_significantly_behind_anyone(case):
    values, direction = case
    rank = standing(values, direction)
    for leader in rank.leaders:
        for other in rank.ranked:
            assert not ahead(values[other], values[leader], direction) or not rank.enough_replicates
    for laggard in rank.laggards:
        for other in rank.ranked:
            assert not ahead(values[laggard], values[other], direction) or not rank.enough_replicates


@settings(max_examples=150, deadline=None)
@given(comparisons())
def test_only_models_significantly_behind_the_best_are_called_worst(case):
    values, direction = case
    rank = standing(values, direction)
    for model in rank.trailing:
        assert ahead(values[rank.leaders[0]], values[model], direction)
        assert model not in rank.leaders


@settings(max_examples=150, deadline=None)
@given(comparisons())
def test_models_without_data_are_never_ranked(case):
    values, direction = case
    rank = standing(values, direction)
    counts = {m: sum(math.isfinite(x) for x in v) for m, v in values.items()}
    others_measured = any(c >= MIN_REPLICATES for c in counts.values())
    unranked = {m for m, c in counts.items() if c == 0 or (others_measured and c < MIN_REPLICATES)}
    assert set(rank.without_data) == unranked
    assert not unranked & (set(rank.ranked) | set(rank.leaders) | set(rank.laggards))
    assert set(rank.ranked) | unranked == set(values)


@settings(max_examples=150, deadline=None)
@given(comparisons())
def test_below_the_minimum_nobody_is_a_clear_leader(case):
    values, direction = case
    rank = standing(values, direction)
    counts = [sum(math.isfinite(x) for x in values[m]) for m in rank.ranked]
    if counts and min(counts) < MIN_REPLICATES:
        assert rank.clear_leader is None and rank.all_tied


@settings(max_examples=200, deadline=None)
@given(comparisons())
def test_the_order_follows_the_means(case):
    values, direction = case
    rank = standing(values, direction)
    means = list(rank.means.values())
    assert means == sorted(means, reverse=direction == "high")


def test_identical_models_are_tied():
    rank = standing({"a": [0.5, 0.6, 0.7], "b": [0.5, 0.6, 0.7], "c": [0.5, 0.6, 0.7]}, "high")
    assert rank.all_tied and rank.clear_leader is None
    assert rank.laggards == rank.leaders[::-1]


def test_a_consistent_paired_gap_is_a_clear_lead_even_with_noisy_levels():
    rng = np.random.default_rng(3)
    level = rng.normal(0.5, 0.2, 5)  # common random numbers: both models share the replicate noise
    rank = standing({"slow": list(level), "fast": list(level + 0.05)}, "high")
    assert rank.clear_leader == "fast" and rank.laggards == ["slow"]


def test_overlapping_noise_is_a_tie():
    rank = standing({"a": [0.1, 0.9, 0.5], "b": [0.8, 0.2, 0.4]}, "high")
    assert rank.all_tied


def test_one_replicate_is_not_enough():
    rank = standing({"a": [0.9], "b": [0.1]}, "high")
    assert not rank.enough_replicates and rank.clear_leader is None


def test_answer_dependent_metrics_are_missing_where_nothing_was_answered():
    summary = pd.DataFrame(
        {
            "model": ["a", "a", "b", "b"],
            "replicate": [0, 1, 0, 1],
            "inquiries": [100, 100, 100, 100],
            "answered_share": [0.0, 0.0, 0.5, 0.4],
            "middlemen_per_inquiry": [0.0, 0.0, 1.0, 2.0],
            "person_hours_social": [10.0, 10.0, 50.0, 40.0],
            "coordination_hours": [0.0, 0.0, 0.0, 0.0],
        }
    )
    paths = replicate_values(summary, ["a", "b"], "middlemen_per_inquiry")
    assert all(math.isnan(v) for v in paths["a"]) and paths["b"] == [1.0, 2.0]
    cost = replicate_values(summary, ["a", "b"], HOURS_PER_ANSWER)
    assert all(math.isnan(v) for v in cost["a"]) and cost["b"] == [1.0, 1.0]


LIBRARY = ("default", "startup", "product_recall", "transformation", "imported", "international")
GOLDEN = Path(__file__).parent / "golden" / "findings"
SHORT = {"scenario.duration_days": 8, "scenario.warmup_days": 1, "scenario.drain_days": 2}


def _short_library_scenario(name: str):
    """The library scenario shortened to eight days, departments above 60 people and volumes cut to a tenth."""
    raw = with_overrides(read_toml(REPOSITORY / "scenarios" / f"{name}.toml"), SHORT)
    if raw["inquiries"]["per_day"] > 60:
        raw["inquiries"]["per_day"] /= 10
    departments = raw["organisation"].get("departments", [])
    raw["organisation"]["departments"] = [
        {**d, "size": d["size"] if d["size"] <= 60 else max(d["size"] // 10, 6)} for d in departments
    ]
    return scenario_from_dict(raw)


@pytest.mark.parametrize("name", LIBRARY)
def test_library_findings_match_their_golden_text(name):
    """Seed-pinned regression: the findings of each library scenario, read against results once.

    After a deliberate change to the engine, regenerate with ``ORGSIM_UPDATE_GOLDEN=1`` and
    read every new sentence against the run's numbers before committing it.
    """
    comparison = collect(_short_library_scenario(name), "all", replicates=3)
    sentences = findings(comparison)
    assert not any("clearly" in s for s in sentences)
    ranked = standing(replicate_values(comparison.summary, comparison.models, "answered_share"), "high")
    assert sentences[len(comparison.adapted) + len(comparison.not_applicable)].count(ranked.leaders[0]) >= 1
    path = GOLDEN / f"{name}.txt"
    if os.environ.get("ORGSIM_UPDATE_GOLDEN"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("\n".join(sentences) + "\n", encoding="utf-8")
    assert "\n".join(sentences) + "\n" == path.read_text(encoding="utf-8")


def test_every_model_fits_the_international_organisation():
    scenario = load_scenario(REPOSITORY / "scenarios" / "international.toml")
    specs, not_applicable, adapted = fit_models(scenario, model_names())
    assert list(specs) == model_names() and not not_applicable
    silo = specs["marketing_silo"].ownership.parts
    assert silo.monitors == [
        "department:marketing_emea",
        "department:marketing_americas",
        "department:marketing_apac",
    ]
    assert silo.approval.approver == "head:marketing_emea"
    assert "marketing_emea" in adapted["marketing_silo"]


def test_a_model_that_cannot_be_adapted_is_listed_with_its_reason():
    from tests.conftest import small_raw_scenario

    raw = small_raw_scenario()
    raw["organisation"]["departments"][0]["name"] = "brand"
    raw["ownership"]["model"] = "central_team"
    raw["inquiries"]["topics"] = {"campaign": 0.4, "pricing": 0.4, "legal": 0.2}
    comparison = collect(scenario_from_dict(raw), "marketing_silo,central_team", replicates=1)
    assert comparison.models == ["central_team"]
    assert "marketing" in comparison.not_applicable["marketing_silo"]
    assert findings(comparison)[0].startswith("marketing_silo was not run: ")
