"""The parts an ownership model is composed of.

Every ownership model, built-in or custom, is one :class:`OwnershipParts` value.
The engine reads only these parts, so a new model never needs an engine change.

People are chosen with *selectors*: lists of tokens whose union is the set.
Tokens: ``all``, ``team`` (members of the dedicated social-media team(s)),
``spokes``, ``experts`` (topic experts), ``expert_team`` (the experts each
department nominated), ``heads``, ``executive``, ``department:NAME``, ``region:NAME`` and ``role:ROLE``.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from simulation.core.shifts import parse_days

ROUTING_STRATEGIES = ("hierarchy", "directory", "expert_search", "informal", "expert_team")
SELECTOR_WORDS = (
    "all",
    "team",
    "spokes",
    "experts",
    "expert_team",
    "heads",
    "executive",
)
SELECTOR_PREFIXES = ("department:", "region:", "role:")
APPROVER_WORDS = ("own_head", "team", "executive")

Share = Annotated[float, Field(ge=0.0, le=1.0, allow_inf_nan=False)]
NonNegative = Annotated[float, Field(ge=0.0, allow_inf_nan=False)]


def check_selector(tokens: list[str]) -> list[str]:
    """Reject selector tokens that are not in the grammar above."""
    for token in tokens:
        if token in SELECTOR_WORDS:
            continue
        if any(token.startswith(p) and len(token) > len(p) for p in SELECTOR_PREFIXES):
            continue
        allowed = ", ".join(SELECTOR_WORDS) + ", department:NAME, region:NAME, role:ROLE"
        raise ValueError(f"unknown selector {token!r}; allowed: {allowed}")
    return tokens


class _Part(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class TeamPart(_Part):
    """A dedicated social-media team, added to the organisation as a department."""

    name: str = "social_media"
    size: Annotated[int, Field(ge=1, le=10_000)] = 3
    reports_to: str = Field(
        default="executive",
        description="'executive' or 'department:NAME' whose head the team lead reports to",
    )
    per_region: bool = Field(
        default=False, description="one team per region (multiple hubs), each watching its region"
    )
    start_hour: Annotated[float, Field(ge=0, lt=24)] | None = None
    end_hour: Annotated[float, Field(gt=0, le=24)] | None = None
    days: str | None = None

    @model_validator(mode="after")
    def _valid_hours(self) -> TeamPart:
        if self.days is not None:
            parse_days(self.days)
        if self.start_hour is not None and self.end_hour is not None and self.start_hour >= self.end_hour:
            raise ValueError(f"start_hour ({self.start_hour}) must be before end_hour ({self.end_hour})")
        return self


class ApprovalPart(_Part):
    """Which answers wait for clearance, and by whom."""

    topics: list[str] = Field(default_factory=list, description="topics that need approval; '*' = all")
    non_standard_only: bool = False
    approver: str = Field(
        default="own_head",
        description="own_head, team, executive, or head:DEPARTMENT",
    )

    @field_validator("approver")
    @classmethod
    def _known_approver(cls, value: str) -> str:
        if value in APPROVER_WORDS or (value.startswith("head:") and len(value) > 5):
            return value
        raise ValueError(f"unknown approver {value!r}; allowed: own_head, team, executive, head:DEPARTMENT")


class CoordinationPart(_Part):
    """Meetings and alignment that take participants' capacity ([S3])."""

    hours_per_week: NonNegative = 0.0
    participants: list[str] = Field(default_factory=list)

    @field_validator("participants")
    @classmethod
    def _known_tokens(cls, value: list[str]) -> list[str]:
        return check_selector(value)


class AdoptionPart(_Part):
    """Enterprise-social-network adoption over time ([S5]: 'many years')."""

    start_share: Share = 0.0
    end_share: Share = 0.0
    start_day: NonNegative = 0.0
    ramp_days: NonNegative = 0.0
    shape: Literal["linear", "logistic"] = "logistic"
    adopters_trained: bool = Field(default=False, description="adopters may answer standard inquiries")
    adopters_publish: bool = Field(default=False, description="adopters get publish rights")
    adopters_monitor: bool = Field(default=False, description="adopters watch the channels too")
    removes_approval: bool = Field(
        default=False, description="approval is skipped with probability = adoption share"
    )
    barrier_reduction: Share = Field(
        default=0.0, description="barrier multiplier falls by this fraction at full adoption"
    )


class OwnershipParts(_Part):
    """Everything that distinguishes one ownership model from another."""

    description: str = ""
    monitors: list[str] = Field(default_factory=lambda: ["department:marketing"])
    publishers: list[str] = Field(default_factory=lambda: ["department:marketing"])
    trained: list[str] = Field(
        default_factory=lambda: ["department:marketing"],
        description="who may answer standard (playbook) inquiries on any topic",
    )
    answerers: list[str] = Field(default_factory=lambda: ["all"])
    answer_scope: Literal["expertise", "department"] = "expertise"
    routing: list[str] = Field(default_factory=lambda: ["hierarchy"])
    directory_users: list[str] = Field(default_factory=lambda: ["team"])
    directory_contact: Literal["head", "spoke"] = "head"
    inbox: Literal["shared", "department"] = "shared"
    monitor_scope: Literal["all", "region"] = "all"
    misdirected_share: Share = 0.0
    approval: ApprovalPart = Field(default_factory=ApprovalPart)
    barrier_multiplier: NonNegative = 1.0
    team: TeamPart | None = None
    spokes_per_department: Annotated[int, Field(ge=0, le=1000)] = 0
    experts_per_department: Annotated[int, Field(ge=0, le=1000)] = Field(
        default=0, description="experts each department nominates to the expert team"
    )
    coordination: CoordinationPart = Field(default_factory=CoordinationPart)
    adoption: AdoptionPart = Field(default_factory=AdoptionPart)

    @field_validator("monitors", "publishers", "trained", "answerers", "directory_users")
    @classmethod
    def _known_tokens(cls, value: list[str]) -> list[str]:
        return check_selector(value)

    @field_validator("routing")
    @classmethod
    def _known_strategies(cls, value: list[str]) -> list[str]:
        if not value:
            raise ValueError("give at least one routing strategy")
        for name in value:
            if name not in ROUTING_STRATEGIES:
                raise ValueError(
                    f"unknown routing strategy {name!r}; allowed: {', '.join(ROUTING_STRATEGIES)}"
                )
        return value
