"""Checking the names a model's parts refer to (departments, regions, roles) before anything is built."""

from __future__ import annotations

from simulation.core.errors import ScenarioError
from simulation.ownership.parts import OwnershipParts

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
