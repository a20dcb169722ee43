"""The typed, validated scenario: the single source of every default.

A scenario is parsed once into frozen objects; everything downstream takes these,
never raw dicts. Units are in the field names or descriptions: minutes, hours,
days, shares in [0, 1]. ``docs/scenarios.md`` documents each field.
"""

from __future__ import annotations

import math
from collections import Counter
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from simulation.core.shifts import parse_days
from simulation.ownership import OwnershipParts
from simulation.scenario.behaviour import Availability, ChannelProfile, Patience, Quality

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


class PersonRecord(_Frozen):
    """One person of an imported organisation: a row of the CSV or a node of the GraphML.

    ``loading`` reads the file into these records; :mod:`simulation.organisation.importers` builds the
    organisation from them. ``manager_id`` is ``None`` for the top person only.
    """

    id: Annotated[str, Field(min_length=1)]
    name: str = ""
    department: Annotated[str, Field(min_length=1)]
    manager_id: str | None = None
    role: str | None = None
    topics: tuple[str, ...] = ()
    region: str | None = None
    working_hours: WorkingHours | None = None


class Organisation(_Frozen):
    """How the organisation is built: generated from ``departments``, or imported from a file."""

    departments: list[DepartmentSpec] = Field(default_factory=list)
    import_file: str | None = Field(
        default=None, alias="import", description="CSV or GraphML file of real people, read by loading"
    )
    people: tuple[PersonRecord, ...] = Field(
        default=(), description="the imported people (filled in from `import`)"
    )
    columns: dict[str, str] = Field(
        default_factory=dict, description="field (id, manager_id, department …) -> the HR export's column"
    )
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
        if self.people:
            if self.departments:
                raise ValueError(
                    "organisation.departments: give either departments (generated) or import (a file), not both"
                )
            check_people(self.people, self.regions, self._people_field)
            return self
        if not self.departments:
            raise ValueError(
                "organisation.departments: must list at least 1 department, "
                'or give import = "org.csv" (a file of real people)'
            )
        names = [d.name for d in self.departments]
        duplicates = sorted(n for n, count in Counter(names).items() if count > 1)
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
    def _people_field(self) -> str:
        return "organisation.import" if self.import_file else "organisation.people"

    @property
    def size(self) -> int:
        """Employees in the departments (the executive is added on top), or everyone imported."""
        if self.people:
            return len(self.people)
        return sum(d.size for d in self.departments)

    @property
    def department_names(self) -> list[str]:
        """Line departments: generated ones, or those of the imported people (not the top person's)."""
        if not self.people:
            return [d.name for d in self.departments]
        return list(dict.fromkeys(p.department for p in self.people if p.manager_id is not None))

    @property
    def owned_topics(self) -> set[str]:
        """Topics some department (generated) or some person (imported) answers."""
        if self.people:
            return {t for p in self.people for t in p.topics}
        return {t for d in self.departments for t in d.topics}


def check_people(people: tuple[PersonRecord, ...], regions: dict[str, float], field: str) -> None:
    """Check imported people: unique ids, known managers, one top person, no cycles, known regions.

    Raises:
        ValueError: ``"<field>: person 'x': ..."`` naming the column at fault.

    """
    if len(people) > MAX_EMPLOYEES:
        raise ValueError(
            f"{field}: {len(people):,} people would not fit in memory; at most {MAX_EMPLOYEES:,}"
        )
    manager_of: dict[str, str | None] = {}
    for person in people:
        if person.id in manager_of:
            raise ValueError(f"{field}: id {person.id!r} appears more than once; ids must be unique")
        manager_of[person.id] = person.manager_id
    for person in people:
        if person.manager_id is not None and person.manager_id not in manager_of:
            raise ValueError(
                f"{field}: person {person.id!r}: manager_id {person.manager_id!r} is not the id of anyone in the file"
            )
        if person.region is not None and person.region not in regions:
            raise ValueError(
                f"{field}: person {person.id!r}: region {person.region!r} is not in organisation.regions "
                f"({', '.join(regions)})"
            )
        if person.manager_id is not None and (person.department == "executive" or ":" in person.department):
            raise ValueError(
                f"{field}: person {person.id!r}: department {person.department!r} is reserved or contains ':'"
            )
    roots = [p.id for p in people if p.manager_id is None]
    if len(roots) > 1:
        shown = ", ".join(repr(r) for r in roots[:5]) + (" …" if len(roots) > 5 else "")
        raise ValueError(
            f"{field}: manager_id is empty for {len(roots)} people ({shown}); "
            "only the top person (the executive) may have no manager"
        )
    reaches_top: dict[str, bool] = {p: True for p in roots}
    for start in manager_of:
        chain: list[str] = []
        on_chain: set[str] = set()  # a set: a 100,000-deep chain stays linear
        current: str | None = start
        while current is not None and current not in reaches_top:
            if current in on_chain:
                loop = " -> ".join([*chain[chain.index(current) :], current])
                raise ValueError(f"{field}: manager_id forms a cycle in the reporting line: {loop}")
            chain.append(current)
            on_chain.add(current)
            current = manager_of[current]
        for member in chain:
            reaches_top[member] = True
    if not roots:
        raise ValueError(f"{field}: manager_id: everyone has a manager, so nobody is the top person")
    first_region = next(iter(regions))
    regions_by_department: dict[str, set[str]] = {}
    for person in people:
        if person.manager_id is not None:
            regions_by_department.setdefault(person.department, set()).add(person.region or first_region)
    for department, found in regions_by_department.items():
        if len(found) > 1:
            listed = ", ".join(sorted(str(r) for r in found))
            raise ValueError(
                f"{field}: department {department!r} spans regions ({listed}); "
                "give each region its own department name (e.g. sales_emea)"
            )


class WorkTime(_Frozen):
    """Distribution of the expert's work time on one answer, in minutes."""

    distribution: Literal["exponential", "lognormal", "fixed"] = "lognormal"
    mean: PositiveFinite = 25.0
    sd: NonNegativeFinite = 15.0


class InquiryExport(_Frozen):
    """A file of real inbound messages (one row each), read by ``fit`` and ``backtest``, never by a run.

    ``fit`` turns it into the volume, topic shares and profiles of ``inquiries``;
    ``backtest`` replays its arrivals through today's model and compares response times.
    ``file`` is relative to the scenario file. Timestamps need a UTC offset unless
    ``naive_time_zone`` says which zone they are in; ``time_zone`` is the organisation's
    own, in which the clock, the shifts and the profiles run.
    """

    file: Annotated[str, Field(min_length=1)]
    columns: dict[str, str] = Field(
        default_factory=dict,
        description="field (received_at, id, channel, topic, responded_at, responder, "
        "responder_department) -> the export's column",
    )
    time_zone: str = Field(default="UTC", description="the organisation's IANA time zone")
    naive_time_zone: str | None = Field(default=None, description="zone of timestamps without an offset")
    time_format: str | None = Field(default=None, description="strptime pattern; None for ISO 8601")

    @field_validator("time_zone", "naive_time_zone")
    @classmethod
    def _known_zone(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                ZoneInfo(value)
            except (ValueError, KeyError, OSError):
                raise ValueError(
                    f"unknown time zone {value!r}; give an IANA name such as Europe/Berlin"
                ) from None
        return value


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
    profiles: dict[str, ChannelProfile] = Field(
        default_factory=dict, description="channel -> its own diurnal/weekly profile"
    )
    patience: Patience = Field(default_factory=Patience)
    import_file: InquiryExport | None = Field(
        default=None, alias="import", description="an export of real messages, for fit and backtest"
    )

    @model_validator(mode="after")
    def _profiled_channels_exist(self) -> Inquiries:
        for channel in self.profiles:
            if channel not in self.channels:
                raise ValueError(
                    f"inquiries.profiles: channel {channel!r} is not in inquiries.channels "
                    f"({', '.join(self.channels)})"
                )
        return self

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
    expert_search_minutes: NonNegativeFinite = Field(
        default=10.0, description="looking up an expert in the enterprise social network, per search"
    )
    alignment_minutes_per_peer: NonNegativeFinite = Field(
        default=0.25,
        description="weekly alignment minutes each publisher spends per other publisher",
    )
    alignment_peer_limit: Annotated[int, Field(ge=0, le=MAX_EMPLOYEES)] = Field(
        default=150, description="most other publishers anyone aligns with (a group one can keep up with)"
    )


class Costs(_Frozen):
    """Optional money: the fully loaded cost of one hour by role, to price answers and FTE.

    Roles are those of the organisation chart: ``staff``, ``manager``, ``head``,
    ``executive`` and ``social_media_manager`` (the central team); a role left out costs
    what ``staff`` costs. Spokes and experts are staff.
    """

    currency: Annotated[str, Field(min_length=1, max_length=8)] = "EUR"
    hourly: dict[str, NonNegativeFinite] = Field(description="role -> cost of one hour; needs at least staff")

    @field_validator("hourly")
    @classmethod
    def _known_roles(cls, value: dict[str, float]) -> dict[str, float]:
        roles = ("staff", "manager", "head", "executive", "social_media_manager")
        for role in value:
            if role not in roles:
                raise ValueError(f"unknown role {role!r}; roles: {', '.join(roles)}")
        if "staff" not in value:
            raise ValueError("give at least staff = <cost of one hour>; other roles default to it")
        return value

    def rate(self, role: str) -> float:
        """The hourly cost of ``role`` (staff's when not given)."""
        return self.hourly.get(role, self.hourly["staff"])


class AbsenceEntry(_Frozen):
    """One planned absence of one imported person (a holiday, a course, a known leave)."""

    person: Annotated[str, Field(min_length=1)] = Field(description="the person's id in the org chart")
    from_day: NonNegativeFinite = Field(description="first day away (day 0 is the first of the run)")
    days: PositiveFinite = Field(description="length of the absence in days")


class Absences(_Frozen):
    """Holidays and sick leave: people away, by calendar and at random.

    Away, a person is off shift: their work waits, routing prefers colleagues who are
    in, and a monitor stops watching the inboxes. ``rate`` is the share of days each
    person is away at random, in spells of ``mean_days`` on average (exponential,
    whole days).
    """

    rate: Share = Field(default=0.0, description="share of days each person is away at random")
    mean_days: PositiveFinite = Field(default=3.0, description="mean length of a random absence, days")
    calendar: list[AbsenceEntry] = Field(default_factory=list, description="planned absences of named people")


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
    absences: Absences = Field(default_factory=Absences)
    availability: Availability = Field(default_factory=Availability)
    quality: Quality = Field(default_factory=Quality)
    costs: Costs | None = Field(
        default=None, description="optional hourly cost per role, for money in the report"
    )
    model_overrides: dict[str, dict[str, Any]] = Field(
        default_factory=dict,
        description="model name -> part overrides that hold whenever that model runs, also in comparisons",
    )

    @model_validator(mode="after")
    def _absent_people_exist(self) -> Scenario:
        ids = {p.id for p in self.organisation.people}
        for index, entry in enumerate(self.absences.calendar):
            if entry.person not in ids:
                where = "no imported organisation" if not ids else "no one with that id in the org chart"
                raise ValueError(f"absences.calendar[{index}].person: {entry.person!r}: {where}")
        return self

    @model_validator(mode="after")
    def _references_resolve(self) -> Scenario:
        owned = self.organisation.owned_topics
        for topic in self.inquiries.topics:
            if topic not in owned and self.organisation.people:
                raise ValueError(
                    f"inquiries.topics: nobody in the imported organisation answers topic {topic!r}; "
                    "list it in the topics column of some person"
                )
            if topic not in owned:
                raise ValueError(
                    f"inquiries.topics: no department answers topic {topic!r}; "
                    "add it to some organisation.departments[].topics"
                )
        for region in self.inquiries.regions:
            if region not in self.organisation.regions:
                raise ValueError(f"inquiries.regions: region {region!r} is not in organisation.regions")
        departments = set(self.organisation.department_names)
        for name in self.availability.departments:
            if name not in departments:
                raise ValueError(
                    f"availability.departments: no department named {name!r}; "
                    f"departments here: {', '.join(sorted(departments))}"
                )
        for index, event in enumerate(self.events):
            if event.topic not in self.inquiries.topics:
                raise ValueError(f"events[{index}].topic: {event.topic!r} is not in inquiries.topics")
        return self
