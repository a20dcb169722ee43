"""The organisation generator: departments, reporting lines and ties from a few numbers."""

from __future__ import annotations

import networkx as nx
import numpy as np

from simulation.organisation.chart import EXECUTIVE, OrgChart, add_informal_ties
from simulation.scenario.types import Organisation


def build_organisation(spec: Organisation, rng: np.random.Generator) -> OrgChart:
    """Generate the organisation: an executive, departments, experts and informal ties."""
    chart = OrgChart(nx.Graph(), [])
    first_region = next(iter(spec.regions))
    top = chart.add_department(EXECUTIVE, EXECUTIVE, first_region, spec.working_hours)
    chart.departments[top].head = chart.add_person(top, "executive", -1)
    executive = chart.departments[top].head
    for department in spec.departments:
        index = chart.add_department(
            department.name,
            "line",
            department.region,
            department.working_hours or spec.working_hours,
            tuple(department.topics),
        )
        chart.staff_department(index, department.size, executive, spec.span_of_control)
        _choose_experts(chart, index, department.expert_share, rng)
    add_informal_ties(chart, spec.cross_department_ties, spec.intra_department_ties, rng)
    return chart


def _choose_experts(chart: OrgChart, department: int, share: float, rng: np.random.Generator) -> None:
    members = chart.departments[department].members
    candidates = members if share >= 1.0 else (members[1:] or members)
    count = max(1, round(share * len(candidates)))
    nodes = chart.graph.nodes
    for person in rng.choice(np.array(candidates), size=count, replace=False).tolist():
        nodes[person]["expert"] = True
