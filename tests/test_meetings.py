"""Coordination meetings are the first minutes of each shift: counted off the block, no work in it.

Nothing runs for a meeting: its minutes are read off each coordinator's meeting block, cached
per block and clock time. They are checked here against a count minute by minute, and
against the block's plain definition with the person's spells away.
"""

from pathlib import Path

import numpy as np
import pytest

from benchmarks.scenarios import organisation_scenario
from simulation.core.shifts import MINUTES_PER_DAY
from simulation.engine.absences import AwayPattern
from simulation.engine.metrics import max_utilisation
from simulation.engine.model import OrgModel
from simulation.scenario.loading import read_toml, scenario_from_dict, with_overrides

DEFAULT = Path(__file__).parents[1] / "scenarios" / "default.toml"

ONLY_TEAM = {"barriers.alignment_minutes_per_peer": 0, "scenario.drain_days": 0}


def build(overrides, **ownership) -> OrgModel:
    """The default scenario for two weeks, traced."""
    settings = {"scenario.duration_days": 14, "scenario.warmup_days": 0, "scenario.record_traces": True}
    settings.update(overrides)
    settings.update({f"ownership.{key}": value for key, value in ownership.items()})
    return OrgModel(scenario_from_dict(with_overrides(read_toml(DEFAULT), settings)))


def team_model(utc_offset=0.0, hours_per_week=5.0, **settings) -> OrgModel:
    """The central team meets ``hours_per_week`` (5: an hour a day), mon-fri 08:00-17:00 local."""
    overrides = {**ONLY_TEAM, "organisation.regions": {"global": utc_offset}, **settings}
    coordination = {"hours_per_week": hours_per_week, "participants": ["team"]}
    return build(overrides, model="central_team", coordination=coordination)


def minutes_in_meetings(person, now: float, start=480.0, length=60.0) -> float:
    """Minute by minute: local minutes of Monday to Friday in ``[start, start + length)``, not away."""
    clock = np.arange(0.0, now) + 0.5  # the middle of every whole minute before ``now``
    local = clock + person.pattern.offset
    weekday = (local // MINUTES_PER_DAY).astype(int) % 7
    minute = local % MINUTES_PER_DAY
    meeting = (weekday < 5) & (minute >= start) & (minute < start + length)
    for begin, end in getattr(person.pattern, "spells", ()):
        meeting &= (clock < begin) | (clock >= end)
    return float(np.count_nonzero(meeting))


@pytest.mark.parametrize(("utc_offset", "days"), [(0.0, 2), (-5.0, 2), (10.0, 2), (10.0, 9)])
def test_coordination_minutes_are_the_block_minutes_up_to_the_clock(utc_offset, days):
    """An hour per local working day, counted up to a clock time in the middle of a meeting."""
    model = team_model(utc_offset)
    now = days * MINUTES_PER_DAY + 480.0 - utc_offset * 60.0 + 30.0  # half an hour into a local meeting
    model.advance_to(now)
    team = [p for p in model.people if p.team]
    assert team and all(p.meeting_minutes_per_week == 300.0 for p in team)
    for person in team:
        assert person.coordination_minutes == minutes_in_meetings(person, now)
    if days == 2:  # Monday and Tuesday, half of Wednesday; a UTC+10 Monday starts before the clock
        assert team[0].coordination_minutes == (90.0 if utc_offset > 0 else 150.0)


def test_no_inquiry_work_starts_inside_a_meeting_block():
    model = build({**ONLY_TEAM, "organisation.regions": {"global": -5.0}}, model="holistic").run()
    starts = [(time, who) for q in model.inquiries for time, who, _ in q.trace if who >= 0]
    assert len(starts) > 100
    for time, who in starts:
        person = model.people[who]
        assert person.block is not None, "everyone coordinates in this model"
        assert not person.block.pattern.on_shift(time)
        assert person.pattern.on_shift(time)


def test_an_absence_takes_its_days_meetings_off():
    model = team_model(10.0, **{"absences.rate": 0.3, "absences.mean_days": 2.0}).run()
    team = [p for p in model.people if p.team]
    away = [p for p in team if getattr(p.pattern, "spells", ())]
    assert away, "some of the team were away"
    for person in team:
        assert person.coordination_minutes == minutes_in_meetings(person, model.now)
    assert min(p.coordination_minutes for p in away) < minutes_in_meetings(team[0], model.now) - 60.0


def test_meetings_end_at_the_end_of_the_shift():
    """Twenty hours a day of meetings and a nine-hour shift: the whole shift, no inquiry work."""
    model = team_model(hours_per_week=100.0).run()
    team = [p for p in model.people if p.team]
    for person in team:
        assert person.coordination_minutes == minutes_in_meetings(person, model.now, length=540.0)
        assert person.busy_minutes == 0.0 and person.pattern.next_start(0.0) == np.inf


def test_max_utilisation_counts_the_whole_shift_as_available():
    model = team_model().run()
    plain = team_model(hours_per_week=0.0)  # the same organisation without meetings: the whole shifts
    best = 0.0
    for person, whole in zip(model.people, plain.people, strict=True):
        work = person.busy_minutes + person.coordination_minutes
        if work > 0:
            best = max(best, work / whole.pattern.minutes_on_shift(0.0, model.now))
    assert best > 0 and max_utilisation(model) == pytest.approx(best, rel=1e-12)


def test_cached_block_minutes_agree_with_the_plain_definition_through_a_run():
    """Thousands of coordinators with spells away, asked at several clock times."""
    spec = organisation_scenario("holistic", 2000, 3, seed=11)
    model = OrgModel(spec.model_copy(update={"absences": spec.absences.model_copy(update={"rate": 0.15})}))
    for hours in (3.0, 8.2, 30.0, 55.5, 72.0):
        model.advance_to(hours * 60.0)
        for person in model.people:
            block = person.block
            spells = getattr(person.pattern, "spells", None)
            plain = 0.0 if block is None else block.pattern.minutes_on_shift(0.0, model.now)
            if block is not None and spells:
                plain = AwayPattern(block.pattern, spells).minutes_on_shift(0.0, model.now)
            assert person.coordination_minutes == pytest.approx(plain, abs=1e-9)
    assert sum(p.coordination_minutes for p in model.people) > 0
