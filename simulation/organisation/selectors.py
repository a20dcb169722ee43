"""Resolving selector tokens (see :mod:`simulation.ownership.parts`) to sets of people."""

from __future__ import annotations

from simulation.core.errors import ScenarioError
from simulation.organisation.chart import EXECUTIVE, OrgChart


def select(chart: OrgChart, tokens: list[str], field: str) -> set[int]:
    """The employees named by ``tokens``; unknown departments, regions or roles raise."""
    nodes = chart.graph.nodes
    chosen: set[int] = set()
    for token in tokens:
        if token == "all":
            chosen.update(nodes)
        elif token == "executive":
            chosen.update(n for n, data in nodes(data=True) if data["role"] == "executive")
        elif token == "heads":
            chosen.update(d.head for d in chart.departments if d.kind != EXECUTIVE)
        elif token in ("team", "spokes", "experts", "expert_team"):
            flag = {"spokes": "spoke", "experts": "expert"}.get(token, token)
            chosen.update(n for n, data in nodes(data=True) if data[flag])
        elif token.startswith("department:"):
            chosen.update(_department_members(chart, token.removeprefix("department:"), field))
        elif token.startswith("region:"):
            region = token.removeprefix("region:")
            matching = [d for d in chart.departments if d.region == region]
            if not matching:
                raise ScenarioError(field, f"no department is in region {region!r}")
            for record in matching:
                chosen.update(record.members)
        elif token.startswith("role:"):
            role = token.removeprefix("role:")
            found = {n for n, data in nodes(data=True) if data["role"] == role}
            if not found:
                roles = sorted({data["role"] for _, data in nodes(data=True)})
                raise ScenarioError(field, f"nobody has role {role!r}; roles here: {', '.join(roles)}")
            chosen.update(found)
    return chosen


def _department_members(chart: OrgChart, name: str, field: str) -> list[int]:
    members = [m for d in chart.departments if d.name == name for m in d.members]
    if not members:
        names = ", ".join(d.name for d in chart.departments)
        raise ScenarioError(field, f"no department named {name!r}; departments here: {names}")
    return members
