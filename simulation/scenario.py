"""The typed, validated scenario: the single source of every default.

A scenario is parsed once into frozen objects; everything downstream takes these,
never raw dicts. Units are in the field names or descriptions: minutes, hours,
days, shares in [0, 1]. ``docs/scenarios.md`` documents each field.
"""

from __future__ import annotations

import math
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from simulation.ownership import OwnershipParts
from simulation.shifts import parse_days

MAX_EMPLOYEES = 200_000

PositiveFinite = Annotated[float, Field(gt=0.0, allow_inf_nan=False)]
NonNegativeFinite = Annotated[float, Field(ge=0.0, allow_inf_nan=False)]
Share = Annotated[float, Field(ge=0.0, le=1.0, allow_inf_nan=False)]


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class WorkingHours(_Frozen):
    """Local working hours; ``start = 0, end = 24, days = "mon-sun"`` is round the clock."""

    start: Annotated[float, Field(ge=0, lt=24)] = 8.0
    end: Annotated[float, Field(gt=0, le=24)] = 17.0
    days: str = "mon-fri"

    @field_validator("days")
    @classmethod
    def _valid_days(cls, value: str) -> str:
        parse_days(value)
        return value

    @model_validator(mode="after")
    def _start_before_end(self) -> WorkingHours:
        if self.start >= self.end:
            raise ValueError(
                f"start ({self.start}) must be before end ({self.end}); shifts do not wrap midnight"
            )
        return self


class DepartmentSpec(_Frozen):
    """One department of the generated organisation."""

    name: Annotated[str, Field(min_length=1)]
    size: Annotated[int, Field(ge=1, le=MAX_EMPLOYEES)]
    topics: list[str] = Field(default_factory=list)
    region: str = "global"
    expert_share: Share = 0.3
    working_hours: WorkingHours | None = None

    @field_validator("name")
    @classmethod
    def _plain_name(cls, value: str) -> str:
        if value in ("executive",) or ":" in value:
            raise ValueError(f"department name {value!r} is reserved or contains ':'")
        return value


class Organisation(_Frozen):
    """How the organisation generator builds the company."""

    departments: Annotated[list[DepartmentSpec], Field(min_length=1)]
    span_of_control: Annotated[int, Field(ge=2, le=1000)] = 6
    cross_department_ties: NonNegativeFinite = Field(
        default=1.0, description="mean informal ties per employee to other departments"
    )
    intra_department_ties: NonNegativeFinite = Field(
        default=1.0, description="mean informal ties per employee to other teams of its department"
    )
    working_hours: WorkingHours = Field(default_factory=WorkingHours)
    regions: dict[str, Annotated[float, Field(ge=-12, le=14)]] = Field(
        default_factory=lambda: {"global": 0.0}, description="region -> UTC offset in hours"
    )

    @model_validator(mode="after")
    def _consistent(self) -> Organisation:
        names = [d.name for d in self.departments]
        duplicates = sorted({n for n in names if names.count(n) > 1})
        if duplicates:
            raise ValueError(f"department names must be unique; repeated: {', '.join(duplicates)}")
        for department in self.departments:
            if department.region not in self.regions:
                raise ValueError(
                    f"department {department.name!r} is in region {department.region!r}, "
                    f"which is not in organisation.regions ({', '.join(self.regions)})"
                )
        total = sum(d.size for d in self.departments)
        if total > MAX_EMPLOYEES:
            raise ValueError(f"{total:,} employees would not fit in memory; at most {MAX_EMPLOYEES:,} in all")
        return self

    @property
    def size(self) -> int:
        """Employees in the departments (the executive is added on top)."""
        return sum(d.size for d in self.departments)


class WorkTime(_Frozen):
    """Distribution of the expert's work time on one answer, in minutes."""

    distribution: Literal["exponential", "lognormal", "fixed"] = "lognormal"
    mean: PositiveFinite = 25.0
    sd: NonNegativeFinite = 15.0


class Inquiries(_Frozen):
    """What arrives from outside."""

    per_day: NonNegativeFinite = 20.0
    topics: dict[str, NonNegativeFinite] = Field(default_factory=lambda: {"general": 1.0})
    channels: dict[str, NonNegativeFinite] = Field(default_factory=lambda: {"social": 1.0})
    regions: dict[str, NonNegativeFinite] = Field(default_factory=lambda: {"global": 1.0})
    standard_share: Share = Field(
        default=0.5, description="share answerable from the playbook by any trained person"
    )
    work_minutes: WorkTime = Field(default_factory=WorkTime)
    patience_hours: Annotated[float, Field(gt=0.0)] = Field(
        default=24.0, description="deadline after arrival; inf = never gives up"
    )
    diurnal: Annotated[list[NonNegativeFinite], Field(min_length=24, max_length=24)] | None = None
    weekly: Annotated[list[NonNegativeFinite], Field(min_length=7, max_length=7)] | None = None

    @field_validator("topics", "channels", "regions")
    @classmethod
    def _some_weight(cls, value: dict[str, float]) -> dict[str, float]:
        if not value or sum(value.values()) <= 0:
            raise ValueError("give at least one entry with a positive weight")
        return value

    @field_validator("patience_hours")
    @classmethod
    def _not_nan(cls, value: float) -> float:
        if math.isnan(value):
            raise ValueError("must be a positive number of hours, or inf")
        return value


class Barriers(_Frozen):
    """What hand-offs, boundaries and gates cost."""

    handoff_minutes: NonNegativeFinite = 10.0
    boundary_minutes: NonNegativeFinite = 120.0
    boundary_drop: Share = 0.02
    approval_minutes: NonNegativeFinite = 15.0
    triage_minutes: NonNegativeFinite = 5.0
    publish_minutes: NonNegativeFinite = 5.0


class SurgeEvent(_Frozen):
    """A crisis: one topic's rate multiplied for some hours."""

    kind: Literal["surge"] = "surge"
    topic: str
    at_day: NonNegativeFinite
    hours: PositiveFinite
    factor: NonNegativeFinite


class Ownership(_Frozen):
    """The chosen model and its resolved parts (overrides already applied)."""

    model: str
    parts: OwnershipParts


class ScenarioMeta(_Frozen):
    """Run length and identity."""

    name: str = "unnamed"
    seed: Annotated[int, Field(ge=0, le=2**63 - 1)] = 0
    duration_days: Annotated[float, Field(gt=0, le=3650, allow_inf_nan=False)] = 28.0
    warmup_days: NonNegativeFinite = 0.0
    drain_days: NonNegativeFinite = Field(
        default=7.0, description="days after the last arrival to finish open work"
    )
    record_traces: bool = False

    @model_validator(mode="after")
    def _warmup_inside(self) -> ScenarioMeta:
        if self.warmup_days >= self.duration_days:
            raise ValueError(
                f"scenario.warmup_days: must be less than duration_days ({self.warmup_days} >= {self.duration_days})"
            )
        return self


class Scenario(_Frozen):
    """A whole scenario file."""

    scenario: ScenarioMeta = Field(default_factory=ScenarioMeta)
    organisation: Organisation
    inquiries: Inquiries = Field(default_factory=Inquiries)
    barriers: Barriers = Field(default_factory=Barriers)
    ownership: Ownership
    events: list[SurgeEvent] = Field(default_factory=list)

    @model_validator(mode="after")
    def _references_resolve(self) -> Scenario:
        owned = {t for d in self.organisation.departments for t in d.topics}
        for topic in self.inquiries.topics:
            if topic not in owned:
                raise ValueError(
                    f"inquiries.topics: no department answers topic {topic!r}; "
                    "add it to some organisation.departments[].topics"
                )
        for region in self.inquiries.regions:
            if region not in self.organisation.regions:
                raise ValueError(f"inquiries.regions: region {region!r} is not in organisation.regions")
        for index, event in enumerate(self.events):
            if event.topic not in self.inquiries.topics:
                raise ValueError(f"events[{index}].topic: {event.topic!r} is not in inquiries.topics")
        return self
