"""Meetings handed out, started and ended in batches give what one person at a time gives.

The engine hands out, starts and ends the day's meetings for thousands at once, with
inline shortcuts (an idle queue tried once per batch, shift
state and empty queues looked up once per run of colleagues). ``OneByOne`` does each
person through the plain ``_try_start``; both must agree on every inquiry and person.
"""

import pytest

from benchmarks.scenarios import organisation_scenario
from simulation.engine.agents import Task
from simulation.engine.model import OrgModel
from simulation.engine.workflow import COORDINATE


class OneByOne(OrgModel):
    """The meeting handlers by their plain definitions: each person in turn, no shortcuts."""

    def _hand_out_coordination(self) -> None:
        shares: dict[int, float] = {}
        for person in self.coordinators:
            pattern = person.pattern
            if id(pattern) not in shares:
                shares[id(pattern)] = self._meeting_share(pattern)
            if shares[id(pattern)] <= 0:
                continue
            if person.task is None and not person.inbox:
                self._taken_up(person)
            person.inbox.appendleft(
                (Task.COORDINATE, person.meeting_minutes_per_week * shares[id(pattern)], self.now)
            )
            if person.task is None:
                self._try_start(person)

    def _on_wakes(self, person_indices, _item) -> None:
        self._batch_due(person_indices)
        for index in person_indices:
            self.people[index].wake_pending = False
        for index in person_indices:
            if self.people[index].task is None:
                self._try_start(self.people[index])

    def _on_group_wakes(self, group_indices, _item) -> None:
        self._batch_due(group_indices)
        for group_index in group_indices:
            group = self.groups[group_index]
            group.wake_pending = False
            for member in group.idle_members(self.people):
                self._try_start(self.people[member])

    def _on_meetings_end(self, person_indices, _item) -> None:
        self._batch_due(person_indices)
        for index in person_indices:
            person = self.people[index]
            assert person.task[0] == COORDINATE
            person.coordination_minutes += self.now - person.started
            person.task = None
            person.tasks_done += 1
            if not person.inbox:
                for pool in person.pools:
                    pool.free += 1
            self._try_start(person)


def outcome(model: OrgModel) -> tuple:
    inquiries = [(q.outcome, q.finished_at, q.noticer, q.drafter, q.queue_minutes) for q in model.inquiries]
    people = [(p.busy_minutes, p.coordination_minutes, p.tasks_done, p.idle_stamp >= 0) for p in model.people]
    return inquiries, people, model.events_processed


@pytest.mark.parametrize(
    ("name", "employees", "absences"),
    [("holistic", 2000, 0.0), ("holistic", 600, 0.15), ("c_level_social_business", 2000, 0.1)],
)
def test_batched_meetings_agree_with_one_person_at_a_time(name, employees, absences):
    spec = organisation_scenario(name, employees, 3, seed=11)
    spec = spec.model_copy(update={"absences": spec.absences.model_copy(update={"rate": absences})})
    batched, plain = OrgModel(spec), OneByOne(spec)
    for model in (batched, plain):
        model.run()
    assert sum(p.coordination_minutes for p in plain.people) > 0, "meetings took place"
    assert outcome(batched) == outcome(plain)
