"""Group wakes try exactly whom their plain definition tries.

At a shift start a group wake tries its queue's idle members in turn; past the items of the
shared inboxes it tries only the queue's holders (idle members given work of their own),
instead of thousands of idle adopters. Checked against the definition, with absences.
"""

import pytest

from benchmarks.scenarios import organisation_scenario
from simulation.engine import workflow
from simulation.engine.inboxes import to_try as shortcut
from simulation.engine.model import OrgModel
from simulation.scenario.types import Scenario

CHECKPOINTS = [h * 60.0 for h in (3, 8.2, 8.6, 11, 17.5, 30, 32.1, 41)]  # night, shift start, day, evening


def scenario(name: str, employees: int, days: float, absences: float) -> Scenario:
    spec = organisation_scenario(name, employees, days, seed=7)
    return spec.model_copy(update={"absences": spec.absences.model_copy(update={"rate": absences})})


class PlainGroupWakes(OrgModel):
    """A group wake by its definition: every idle member of the group, in queue order, tries to start."""

    def _on_group_wakes(self, group_indices, _item) -> None:
        self._batch_due(group_indices)
        for group_index in group_indices:
            group = self.groups[group_index]
            group.wake_pending = False
            for member in group.idle_members(self.people):
                if self.people[member].task is None:
                    self.try_start(self.people[member])


def check_whom_group_wakes_try(monkeypatch) -> list[int]:
    """Make every group wake check whom it tries: idle members in queue order, every one with work
    of their own. Returns a count of the latter (the shortcut had to find them), kept up as wakes run."""
    holding = [0]

    def to_try(group, people, groups):
        idle = [people[member] for member in group.idle_members(people)]
        with_work = [person for person in idle if person.inbox]
        tried = []
        for person in shortcut(group, people, groups):
            tried.append(person)
            yield person
        assert tried == [person for person in idle if person in tried], "queue order, each once"
        assert all(person in tried for person in with_work)
        holding[0] += len(with_work)

    wake = OrgModel._on_group_wakes

    def on_group_wakes(model, group_indices, item):
        wake(model, group_indices, item)
        for group in map(model.groups.__getitem__, group_indices):  # nobody left idle: nothing left queued
            assert group.idle_members(model.people) or not group.idle

    monkeypatch.setattr(workflow, "to_try", to_try)
    monkeypatch.setattr(OrgModel, "_on_group_wakes", on_group_wakes)
    return holding


def outcome(model: OrgModel) -> tuple:
    inquiries = [  # an open inquiry's finish is NaN, which equals nothing: None instead
        (q.outcome, q.finished_at if q.outcome else None, q.noticer, q.drafter, q.handoffs)
        for q in model.inquiries
    ]
    people = [(p.busy_minutes, p.tasks_done, p.idle_stamp >= 0) for p in model.people]
    return inquiries, people, model.events_processed


@pytest.mark.parametrize(("name", "absences"), [("c_level_social_business", 0.1), ("decentralized", 0.0)])
def test_group_wakes_try_whom_every_idle_member_in_turn_tries(name, absences, monkeypatch):
    """Past the shared items only the queue's holders are tried: the run must not notice."""
    spec = scenario(name, 2000, 4, absences)
    holding = check_whom_group_wakes_try(monkeypatch)
    checked = outcome(OrgModel(spec).run())
    monkeypatch.undo()
    assert holding[0], "some idle members had work of their own at a group wake"
    assert outcome(OrgModel(spec).run()) == checked == outcome(PlainGroupWakes(spec).run())


@pytest.mark.parametrize("name", ["c_level_social_business", "holistic"])
def test_holders_include_every_idle_member_with_work_of_their_own(name):
    model = OrgModel(scenario(name, 2000, 2, 0.1))
    holding = 0
    for time in CHECKPOINTS:
        model.advance_to(time)
        for group in model.groups:
            idle = set(group.idle_members(model.people))
            members = [model.people[m] for m in group.members]
            assert {p.index for p in members if p.idle_stamp >= 0 and p.groups} <= idle, "no one idle is lost"
            for member in idle:
                if model.people[member].inbox:
                    holding += 1
                    assert group.holders.get(member) == model.people[member].idle_stamp, (name, time)
    assert holding, "someone idle had work of their own waiting"
