"""Absences: people away by calendar or at random are off shift, and their work waits."""

from __future__ import annotations

import math

import numpy as np
import pytest

from simulation.core.errors import ScenarioError
from simulation.core.shifts import MINUTES_PER_DAY, ShiftPattern, parse_days
from simulation.engine.absences import AwayPattern
from simulation.engine.metrics import summarise
from simulation.engine.model import OrgModel
from simulation.scenario.loading import scenario_from_dict

ORG = """id,name,department,manager_id,role,topics
ceo,Alex,management,,executive,
m1,Maria,marketing,ceo,head,campaign
m2,Jonas,marketing,m1,,campaign
s1,Sofia,sales,ceo,head,pricing
s2,Lukas,sales,s1,,pricing
"""


def scenario(tmp_path, absences=None, seed=4):
    path = tmp_path / "org.csv"
    path.write_text(ORG)
    raw = {
        "scenario": {"seed": seed, "duration_days": 14, "drain_days": 7},
        "organisation": {"import": str(path)},
        "inquiries": {"per_day": 12, "topics": {"campaign": 0.5, "pricing": 0.5}},
        "ownership": {"model": "marketing_silo", "approval": {"topics": []}},
        "availability": {"others": 1.0},
    }
    if absences is not None:
        raw["absences"] = absences
    return scenario_from_dict(raw)


def test_an_away_pattern_is_off_shift_inside_its_spells():
    base = ShiftPattern(parse_days("mon-fri"), 8 * 60.0, 17 * 60.0)
    away = AwayPattern(base, [(0.0, 2 * MINUTES_PER_DAY)])  # Monday and Tuesday
    assert base.on_shift(9 * 60.0) and not away.on_shift(9 * 60.0)
    assert away.next_start(9 * 60.0) == 2 * MINUTES_PER_DAY + 8 * 60.0
    assert away.minutes_on_shift(0.0, 7 * MINUTES_PER_DAY) == 3 * 9 * 60.0


def test_nothing_is_noticed_while_every_monitor_is_away(tmp_path):
    calendar = [{"person": p, "from_day": 0, "days": 3} for p in ("m1", "m2")]
    model = OrgModel(scenario(tmp_path, {"calendar": calendar})).run()
    noticed = np.array([q.noticed_at for q in model.inquiries])
    noticed = noticed[~np.isnan(noticed)]
    assert noticed.size > 0 and noticed.min() >= 3 * MINUTES_PER_DAY


def test_an_absence_after_the_run_changes_nothing(tmp_path):
    late = {"calendar": [{"person": "m1", "from_day": 100, "days": 5}]}
    with_spell = summarise(OrgModel(scenario(tmp_path, late)).run())
    without_spell = summarise(OrgModel(scenario(tmp_path)).run())
    assert with_spell == without_spell


def test_random_absences_cost_answers(tmp_path):
    """Over common random numbers, a fifth of days away loses answers in most replicates."""
    drops = []
    for seed in range(8):
        present = summarise(OrgModel(scenario(tmp_path, seed=seed)).run())
        away = summarise(OrgModel(scenario(tmp_path, {"rate": 0.2, "mean_days": 3}, seed=seed)).run())
        drops.append(present["answered_share"] - away["answered_share"])
    assert sum(d > 0 for d in drops) >= 6 and np.mean(drops) > 0.03


def test_an_unknown_person_in_the_calendar_is_refused(tmp_path):
    with pytest.raises(ScenarioError, match=r"absences\.calendar\[0\]\.person: 'zz'"):
        scenario(tmp_path, {"calendar": [{"person": "zz", "from_day": 0, "days": 1}]})
    assert not math.isnan(scenario(tmp_path, {"rate": 0.1}).absences.rate)


def test_an_adopter_who_joins_while_away_still_monitors_after_coming_back():
    """Watcher groups and their members agree both ways, whoever left, joined or came back."""
    from simulation.engine.model import adoption_share_at
    from simulation.scenario.loading import read_toml

    raw = read_toml("scenarios/default.toml")
    raw["scenario"].update(duration_days=30, warmup_days=1, drain_days=5)
    raw["ownership"] = {
        "model": "c_level_social_business",
        "adoption": {"start_share": 0.0, "end_share": 1.0, "start_day": 0.0, "ramp_days": 20.0},
    }
    raw["absences"] = {"rate": 0.3, "mean_days": 8}
    model = OrgModel(scenario_from_dict(raw)).run()
    adoption = model.parts.adoption

    def adopted_at(person) -> float:  # adoption is looked at once a day, at midnight
        day = next(d for d in range(60) if person.adoption_threshold < adoption_share_at(adoption, d))
        return day * MINUTES_PER_DAY

    exercised = [
        s
        for s in model.spells
        if not s.person.team
        and s.person.monitor
        and s.end <= model.now
        and s.start < adopted_at(s.person) < s.end
    ]
    assert exercised  # someone adopted while away and came back: the case is exercised
    for group in model.groups:
        for member in group.members:
            assert group.index in model.people[member].groups
    for person in model.people:
        for index in person.groups:
            assert person.index in model.groups[index].members
