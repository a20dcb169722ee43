"""Robustness: the LHS re-run of the leader and its rival, and scenario discovery in one sentence."""

import numpy as np
import pandas as pd

from simulation.decision.robustness import LEVELS, _discover, _sentence, applicable, check_ranking
from simulation.scenario.assumptions import Assumption
from simulation.scenario.loading import scenario_from_dict

BOUNDARY = Assumption("barriers.boundary_minutes", 120.0, 30.0, 480.0, (), "assumption", "boundary delay")
OTHERS = Assumption("availability.others", 0.25, 0.1, 0.5, (), "assumption", "share of shift")
VOLUME = Assumption("inquiries.per_day", 20.0, 10.0, 60.0, (), "assumption", "inquiries a day")


def test_scenario_discovery_names_the_region_where_the_leader_loses():
    rng = np.random.default_rng(0)
    boundary = rng.uniform(30, 480, 60)
    others = rng.uniform(0.1, 0.5, 60)
    loses = (boundary < 200) & (others > 0.3)
    table = pd.DataFrame({BOUNDARY.path: boundary, OTHERS.path: others, "holds": ~loses})
    rule = _discover(table, [(BOUNDARY, 30.0, 480.0), (OTHERS, 0.1, 0.5)])
    assert rule is not None
    assert "barriers.boundary_minutes <" in rule and "availability.others >" in rule
    threshold = float(rule.split("barriers.boundary_minutes < ")[1].split()[0])
    assert 150 < threshold < 250
    table["winner"] = np.where(loses, "central_team", "hub_and_spoke")
    text = _sentence(
        table, "hub_and_spoke", ["central_team"], [BOUNDARY.path, OTHERS.path], rule, LEVELS["full"]
    )
    assert text.startswith(f"The ranking holds at {int((~loses).sum())} of 60 points")
    assert "central_team answers more in the other" in text and rule in text


def test_no_rule_is_invented_from_noise():
    rng = np.random.default_rng(1)
    table = pd.DataFrame({BOUNDARY.path: rng.uniform(30, 480, 40), "holds": rng.random(40) < 0.5})
    assert _discover(table, [(BOUNDARY, 30.0, 480.0)]) is None


def test_ranges_scale_to_a_scenario_far_from_the_default(small_raw):
    raw = small_raw()
    raw["inquiries"]["per_day"] = 200
    ranges = {a.path: (low, high) for a, low, high in applicable(scenario_from_dict(raw), [VOLUME, BOUNDARY])}
    assert ranges[VOLUME.path] == (100.0, 600.0)
    assert ranges[BOUNDARY.path] == (15.0, 240.0)  # the small scenario's 60 min, scaled the same way


def test_the_same_seed_gives_the_same_verdict_and_every_point_is_run(small_raw):
    scenario = scenario_from_dict(small_raw())
    first = check_ranking(
        scenario, "decentralized", ["central_team"], "quick", workers=1, assumptions=[BOUNDARY, OTHERS]
    )
    again = check_ranking(
        scenario, "decentralized", ["central_team"], "quick", workers=1, assumptions=[BOUNDARY, OTHERS]
    )
    pd.testing.assert_frame_equal(first.points, again.points)
    assert first.sentence == again.sentence and first.sentence.startswith("The ranking")
    assert len(first.points) == LEVELS["quick"].points
    assert first.points[BOUNDARY.path].between(15.0, 240.0).all()
    assert first.points[["decentralized", "central_team"]].notna().all().all()
