"""Resolving selector tokens (see :mod:`simulation.ownership.parts`) to sets of people."""

from __future__ import annotations

from simulation.errors import ScenarioError
from simulation.organisation import EXECUTIVE, OrgChart
from simulation.ownership.parts import OwnershipParts


def select(chart: OrgChart, tokens: list[str], field: str) -> set[int]:
    """The employees named by ``tokens``; unknown departments, regions or roles raise."""
    nodes = chart.graph.nodes
    chosen: set[int] = set()
    for token in tokens:
        if token == "all":
            chosen.update(nodes)
        elif token == "executive":
            chosen.update(n for n in nodes if nodes[n]["role"] == "executive")
        elif token == "heads":
            chosen.update(d.head for d in chart.departments if d.kind != EXECUTIVE)
        elif token in ("team", "spokes", "experts", "expert_team"):
            flag = {"spokes": "spoke", "experts": "expert"}.get(token, token)
            chosen.update(n for n in nodes if nodes[n][flag])
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
            found = {n for n in nodes if nodes[n]["role"] == role}
            if not found:
                roles = sorted({nodes[n]["role"] for n in nodes})
                raise ScenarioError(field, f"nobody has role {role!r}; roles here: {', '.join(roles)}")
            chosen.update(found)
    return chosen


def _department_members(chart: OrgChart, name: str, field: str) -> list[int]:
    members = [m for d in chart.departments if d.name == name for m in d.members]
    if not members:
        names = ", ".join(d.name for d in chart.departments)
        raise ScenarioError(field, f"no department named {name!r}; departments here: {names}")
    return members


ROLES = ("executive", "head", "manager", "staff", "social_media_manager")


def check_names(parts: OwnershipParts, departments: list[str], regions: list[str]) -> None:
    """Check that every name a model's parts refer to exists, before anything is built.

    Raises:
        ScenarioError: naming the part (``ownership.monitors``) and the names allowed.

    """
    teams = []
    if parts.team is not None:
        teams = [f"{parts.team.name}_{r}" for r in regions] if parts.team.per_region else [parts.team.name]
    clash = sorted(set(teams) & {*departments, "executive"})
    if clash:
        raise ScenarioError(
            "ownership.team.name", f"{clash[0]!r} is already a department; choose another name"
        )
    known = [*departments, *teams]
    fields = {
        "monitors": parts.monitors,
        "publishers": parts.publishers,
        "trained": parts.trained,
        "answerers": parts.answerers,
        "directory_users": parts.directory_users,
        "coordination.participants": parts.coordination.participants,
    }
    for field, tokens in fields.items():
        for token in tokens:
            kind, _, name = token.partition(":")
            allowed = {"department": known, "region": regions, "role": list(ROLES)}.get(kind)
            if allowed is not None and name not in allowed:
                raise ScenarioError(
                    f"ownership.{field}", f"no {kind} named {name!r}; choose from {', '.join(allowed)}"
                )
    approver = parts.approval.approver
    if approver.startswith("head:") and approver.removeprefix("head:") not in known:
        raise ScenarioError(
            "ownership.approval.approver",
            f"no department named {approver[5:]!r}; choose from {', '.join(known)}",
        )
    if parts.team is not None and parts.team.reports_to != "executive":
        name = parts.team.reports_to.removeprefix("department:")
        if not parts.team.reports_to.startswith("department:") or name not in departments:
            raise ScenarioError(
                "ownership.team.reports_to",
                f"{parts.team.reports_to!r}: use 'executive' or 'department:NAME' with NAME in {', '.join(departments)}",
            )
