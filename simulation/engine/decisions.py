"""Who: rights to answer and publish, who approves, and who gets an inquiry next.

A mixin between the lookup tables (:class:`~simulation.engine.setup.WorkflowSetup`) and
the event handlers (:class:`~simulation.engine.workflow.Workflow`): these methods change
nothing but the draws they take, so the handlers decide *when* and these decide *who*.
Rights that adoption grants are read against the adoption share of the day.
"""

from __future__ import annotations

from simulation.engine.agents import Employee, least_loaded
from simulation.engine.inquiries import Inquiry
from simulation.engine.setup import WorkflowSetup


class Decisions(WorkflowSetup):
    """Rights, approvers, publishers and the next hop of an inquiry."""

    def _error_chance(self, person: Employee, expert: bool) -> float:
        """How likely this writer's answer is wrong or off-message: expert, trained or neither."""
        if expert:
            return self._error_expert
        return self._error_trained if self._trained(person) else self._error_untrained

    # --- rights -------------------------------------------------------------------------

    def _adopted(self, person: Employee) -> bool:
        return person.adoption_threshold < self.adoption_share

    def _may_publish(self, person: Employee) -> bool:  # as _adopted, inline: on every answer
        return person.publisher or (
            self._adopters_publish and person.adoption_threshold < self.adoption_share
        )

    def _trained(self, person: Employee) -> bool:
        return person.trained or (self._adopters_trained and person.adoption_threshold < self.adoption_share)

    def _qualified(self, person: Employee, inquiry: Inquiry) -> bool:
        """Expert on the topic, or trained for a standard inquiry."""
        return inquiry.topic in person.knows or (inquiry.standard and self._trained(person))

    def _can_answer(self, person: Employee, inquiry: Inquiry) -> bool:
        """An answerer :meth:`_qualified` for it, or (answers by department) of a department owning the topic."""
        if not person.answerer:
            return False
        if self._qualified(person, inquiry):
            return True
        return (
            self.parts.answer_scope == "department"
            and inquiry.topic in self.department_topics[person.department]
        )

    def _approver_for(self, person: Employee, inquiry: Inquiry) -> int:
        """Who must clear this answer, or -1 if nobody."""
        if inquiry.topic not in self._approval_topics:
            return -1
        if self.parts.approval.non_standard_only and inquiry.standard:
            return -1
        if self.parts.adoption.removes_approval and self._draws.uniform() < self.adoption_share:
            return -1
        if self._fixed_approver >= 0:
            approver = self._fixed_approver
        elif self._approver_kind == "team":
            if person.team or not self._team:
                return -1
            approver = least_loaded(self._team, -1, self.now)
        else:
            approver = self.departments[person.department].head
        return -1 if approver == person.index else approver

    def _publisher_for(self, inquiry: Inquiry, holder: Employee) -> int:
        for candidate in (inquiry.noticer, inquiry.drafter):
            if candidate >= 0 and candidate != holder.index and self._may_publish(self.people[candidate]):
                return candidate
        return least_loaded(self._publishers, holder.index, self.now)

    # --- routing ------------------------------------------------------------------------

    def _next_hop(self, person: Employee, inquiry: Inquiry) -> int:
        """Who gets this inquiry next (see :mod:`simulation.engine.routing`); -1 if nobody."""
        topic = inquiry.topic
        tables = self.tables
        if person.department in tables.owners[topic]:
            colleague = least_loaded(
                self._answering_experts[(person.department, topic)], person.index, self.now
            )
            if colleague >= 0:
                return colleague  # else nobody else here answers it: try the model's strategies
        owner = tables.owner_by_region[(topic, self._region_names[inquiry.region])]
        for strategy in self._strategies:
            if strategy == 0:
                hop = int(tables.towards_head[owner][person.index])
            elif strategy == 1:
                if not person.directory_user:
                    continue
                spokes = self._spokes[owner]
                contact = self.departments[owner].head
                if self.parts.directory_contact == "spoke" and spokes:
                    contact = least_loaded(spokes, person.index, self.now)
                hop = contact if contact != person.index else -1
            elif strategy == 2:
                if not self._adopted(person):
                    continue
                hop = least_loaded(self._topic_experts[topic], person.index, self.now, self.adoption_share)
                self._searched = hop >= 0
            elif strategy == 3:
                hop = int(tables.towards_expert[topic][person.index])
            else:
                if not person.expert_team:
                    continue
                hop = least_loaded(self._expert_team[owner], person.index, self.now)
            if hop >= 0:
                return hop
        return -1
