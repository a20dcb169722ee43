"""The engine's shortcuts give the answers the plain definitions give.

Batched events, stamped idle queues, free counts of candidate pools and early stops in
``least_loaded`` exist for speed only: each is checked here against the slow definition
it replaces, on runs where it matters (thousands of coordinators, absences, adoption).
"""

import pytest

from benchmarks.scenarios import organisation_scenario
from simulation.core.shifts import MINUTES_PER_DAY
from simulation.engine.agents import Pool, Task, least_loaded
from simulation.engine.metrics import summarise
from simulation.engine.model import OrgModel
from simulation.engine.workflow import taken_up
from simulation.scenario.types import Scenario

MODELS = ["holistic", "c_level_social_business", "marketing_silo", "decentralized"]
CHECKPOINTS = [h * 60.0 for h in (3, 8.2, 8.6, 11, 17.5, 30, 32.1, 41)]  # night, shift start, day, evening


def scenario(model: str, absences: float = 0.0) -> Scenario:
    spec = organisation_scenario(model, 2000, 2, seed=5)
    return spec.model_copy(update={"absences": spec.absences.model_copy(update={"rate": absences})})


def pools(model: OrgModel) -> list[Pool]:
    """Every candidate pool large enough to count its free members."""
    every = [model._team, model._publishers, *model._answering_experts.values(), *model._topic_experts]
    every += [*model._spokes.values(), *model._expert_team.values()]
    return [pool for pool in every if pool.shares is not None]


def free(person) -> bool:
    return person.task is None and not person.inbox


def shares_of(person) -> list:
    """The shares that count ``person`` (its ``pools`` pair each with its place in the pool)."""
    return [share for share, _ in person.pools]


@pytest.mark.parametrize("name", MODELS)
def test_pools_count_exactly_the_members_with_nothing_in_hand_or_waiting(name):
    """Per shift pattern (as built, before absences), among members adopted by the pool's level."""
    model = OrgModel(scenario(name, absences=0.1))
    assert pools(model), "a 2,000-person organisation has pools large enough to count"
    for time in CHECKPOINTS:
        model.advance_to(time)
        for pool in pools(model):
            counted = [p for p in pool if p.adoption_threshold < pool.level]
            for share in pool.shares:
                members = [p for p in pool if share in shares_of(p)]
                assert all(getattr(p.pattern, "base", p.pattern) == share.pattern for p in members)
                assert share.free == sum(map(free, members)), (name, time)
                assert not any(free(p) for p in pool[: share.first_free] if p in members), (name, time)
            assert sum(len(set(map(id, pool.shares)) & set(map(id, shares_of(p)))) for p in pool) == len(
                counted
            )
            assert pool.free == sum(map(free, counted))


def test_pools_of_adopters_take_in_new_adopters_as_adoption_grows():
    model = OrgModel(scenario("c_level_social_business"))
    experts = max(model._topic_experts, key=len)
    before = sum(len(set(map(id, experts.shares)) & set(map(id, shares_of(p)))) for p in experts)
    experts.count_below(0.6)
    after = [p for p in experts if set(map(id, experts.shares)) & set(map(id, shares_of(p)))]
    assert before < len(after) == sum(p.adoption_threshold < 0.6 for p in experts)
    assert experts.free == sum(map(free, after))


@pytest.mark.parametrize("absences", [0.0, 0.2])
@pytest.mark.parametrize("name", MODELS)
def test_least_loaded_on_a_pool_picks_whom_a_full_scan_picks(name, absences):
    """With absences, someone free whose share's pattern is on shift may be away: stepped over."""
    model = OrgModel(scenario(name, absences))
    checked = 0
    for time in CHECKPOINTS:
        model.advance_to(time)
        for pool in pools(model):
            thresholds = [p.adoption_threshold for p in pool]
            adopters_first = thresholds == sorted(thresholds)  # only such lists are searched by adoption
            shares = (2.0, 0.3, model.adoption_share, model.adoption_share / 2) if adopters_first else (2.0,)
            for exclude in (-1, pool[0].index):
                for share in shares:
                    assert least_loaded(pool, exclude, model.now, share) == least_loaded(
                        list(pool), exclude, model.now, share
                    )
                    checked += 1
    assert checked


@pytest.mark.parametrize("kind", ["_topic_experts", "_answering_experts"])
def test_least_loaded_finds_the_one_member_free_on_shift_and_stops_when_none_is(kind):
    """Everyone else in the pool busy: the bounds must neither miss the one nor stop too early."""
    model = OrgModel(scenario("c_level_social_business"))
    model.advance_to(11 * 60.0)
    every = model._topic_experts if kind == "_topic_experts" else list(model._answering_experts.values())
    pool = max(every, key=len)
    share = model.adoption_share if kind == "_topic_experts" else 2.0
    candidates = [p for p in pool if p.adoption_threshold < share]
    on_shift = [p for p in candidates if free(p) and p.pattern.on_shift(model.now)]
    assert len(on_shift) > 1, "the checkpoint has members free on shift"
    for person in [p for p in candidates if free(p) and p is not on_shift[-1]]:
        taken_up(person)  # busy from now on, as the workflow marks it
        person.inbox.append((Task.PUBLISH, None, model.now))
    assert least_loaded(pool, -1, model.now, share) == on_shift[-1].index
    assert least_loaded(pool, on_shift[-1].index, model.now, share) == least_loaded(
        list(pool), on_shift[-1].index, model.now, share
    )
    taken_up(on_shift[-1])
    on_shift[-1].inbox.append((Task.PUBLISH, None, model.now))
    assert least_loaded(pool, -1, model.now, share) == least_loaded(list(pool), -1, model.now, share) >= 0


@pytest.mark.parametrize("name", ["holistic", "multi_hub"])
def test_stepping_through_a_run_gives_the_run(name):
    """Batches of simultaneous events split at any step boundary without changing anything."""
    whole = OrgModel(scenario(name)).run()
    stepped = OrgModel(scenario(name))
    while stepped.now < stepped.end_of_arrivals:
        stepped.advance(37.0)
    stepped.run()
    assert summarise(stepped) == summarise(whole)
    assert stepped.events_processed == whole.events_processed


def test_idle_queues_hold_exactly_the_idle_members_longest_idle_first():
    model = OrgModel(scenario("holistic"))
    for time in CHECKPOINTS:
        model.advance_to(time)
        for group in model.groups:
            idle = group.idle_members(model.people)
            assert len(idle) == len(set(idle))
            assert all(model.people[m].task is None for m in idle)
            assert idle == sorted(idle, key=lambda m: model.people[m].idle_stamp)
            assert len(group.idle) <= 2 * len(group.members) + 64, "stale entries are swept"


def test_every_coordinator_meets_once_per_working_day():
    model = OrgModel(scenario("holistic")).run()
    days = model.now / MINUTES_PER_DAY
    coordinators = [p for p in model.people if p.meeting_minutes_per_week > 0]
    meeting = coordinators[0].meeting_minutes_per_week / 5  # mon-fri
    for person in coordinators[:200]:
        assert person.coordination_minutes == pytest.approx(
            meeting * round(person.coordination_minutes / meeting)
        )
        assert 1 <= person.coordination_minutes / meeting <= days


class TriesEveryFinisher(OrgModel):
    """The plain definition: whoever finishes tries to start, even with nothing to start."""

    def _on_finish(self, person_index: int, item) -> None:
        super()._on_finish(person_index, item)
        person = self.people[person_index]
        if person.task is None:  # a second try where one ran changes nothing: idle already
            self.try_start(person)


@pytest.mark.parametrize("name", MODELS)
def test_skipping_the_try_after_a_finish_with_nothing_waiting_changes_nothing(name):
    spec = scenario(name, absences=0.1)
    fast, plain = OrgModel(spec).run(), TriesEveryFinisher(spec).run()
    assert fast.events_processed == plain.events_processed
    assert summarise(fast) == summarise(plain)
    assert [(p.tasks_done, p.busy_minutes, p.idle_stamp) for p in fast.people] == [
        (p.tasks_done, p.busy_minutes, p.idle_stamp) for p in plain.people
    ]
