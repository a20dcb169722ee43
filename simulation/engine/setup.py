"""What the workflow looks up on the hot path, prepared once when a model is built.

A mixin of :class:`simulation.engine.workflow.Workflow`: approval rules, who answers
which topic, the shared inboxes, and each person's availability and the quality
settings. Nothing here runs per event.
"""

from __future__ import annotations

from simulation.core.errors import ScenarioError
from simulation.engine.agents import Pool
from simulation.engine.clock import Clock

_STRATEGY_CODES = {"hierarchy": 0, "directory": 1, "expert_search": 2, "informal": 3, "expert_team": 4}


class WorkflowSetup(Clock):
    """Lookup tables for :class:`~simulation.engine.workflow.Workflow`."""

    def _prepare_workflow(self) -> None:
        parts = self.parts
        topic_index = {name: i for i, name in enumerate(self.topic_names)}
        self._strategies = [_STRATEGY_CODES[name] for name in parts.routing]
        approval = parts.approval
        self._approval_topics = (
            set(range(len(self.topic_names)))
            if "*" in approval.topics
            else {topic_index[t] for t in approval.topics if t in topic_index}
        )
        self._approver_kind = approval.approver
        self._fixed_approver = -1
        if approval.approver == "executive":
            self._fixed_approver = self.departments[0].head
        elif approval.approver.startswith("head:"):
            name = approval.approver.removeprefix("head:")
            matches = [d.head for d in self.departments if d.name == name]
            if not matches:
                names = ", ".join(d.name for d in self.departments)
                raise ScenarioError(
                    "ownership.approval.approver", f"no department named {name!r}; departments here: {names}"
                )
            self._fixed_approver = matches[0]
        self._team = Pool(p for p in self.people if p.team)
        self._publishers = Pool(p for p in self.people if p.publisher)
        self._answering_experts = {
            key: Pool(self.people[m] for m in members) for key, members in self.tables.experts.items()
        }
        self._topic_experts = [  # adopters first, so adopted ones form a prefix; counted as they adopt
            Pool(
                sorted(
                    (e for d in owners for e in self._answering_experts[(d, topic)]),
                    key=lambda e: e.adoption_threshold,
                ),
                level=-1.0,
            )
            for topic, owners in enumerate(self.tables.owners)
        ]
        self._spokes = {
            d.index: Pool(self.people[m] for m in d.members if self.people[m].spoke) for d in self.departments
        }
        self._expert_team = {
            d.index: Pool(self.people[m] for m in d.members if self.people[m].expert_team)
            for d in self.departments
        }
        self._tracing = self.scenario_spec.scenario.record_traces
        self._department_count = len(self.departments)
        self._prepare_people()
        self._region_names = self.stream.regions
        self._department_scope = self.parts.inbox == "department"
        self._line_departments = [d.index for d in self.departments if d.kind == "line"]
        if not self._department_scope:  # by channel, then region, as the arrival stream numbers them
            self._shared_inboxes = [
                [self.inboxes[self.inbox_index[(channel, region)]] for region in self._region_names]
                for channel in self.stream.channels
            ]

    def _prepare_people(self) -> None:
        """Availability and the quality settings each person works under.

        A team member gives the team's share of the shift, everyone else their role's,
        else their department's, else the common share (``availability``). Weekly meetings
        are planned earlier, with the shifts (:mod:`simulation.engine.meetings`).
        """
        scenario = self.scenario_spec
        availability = scenario.availability
        quality = scenario.quality
        team_share, roles = availability.team, availability.roles
        shares = [availability.departments.get(d.name, availability.others) for d in self.departments]
        for person in self.people:
            person.availability = (
                team_share if person.team else roles.get(person.role, shares[person.department])
            )
        self._quality = quality
        self._error_expert, self._error_trained = quality.error_expert, quality.error_trained
        self._error_untrained = quality.error_untrained
        self._judged = max(quality.error_expert, quality.error_trained, quality.error_untrained) > 0
        self._adopters_publish = self.parts.adoption.adopters_publish
        self._adopters_trained = self.parts.adoption.adopters_trained

    def _take_barriers(self, barriers) -> None:
        """Work under ``barriers`` (``Scenario.barriers``) from now on.

        The delays read per event are kept beside them as plain numbers: compiled, each is
        then a C field instead of a look-up in a pydantic model.
        """
        self.barriers = barriers
        self._triage_minutes, self._publish_minutes = barriers.triage_minutes, barriers.publish_minutes
        self._approval_minutes, self._handoff_minutes = barriers.approval_minutes, barriers.handoff_minutes
        self._boundary_minutes, self._boundary_drop = barriers.boundary_minutes, barriers.boundary_drop
        self._search_minutes = barriers.expert_search_minutes
