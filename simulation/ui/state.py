"""What the UI shows and changes, without any Solara: knobs, the running models, snapshots.

The UI is a thin adapter over :class:`simulation.engine.model.OrgModel` and
:mod:`simulation.scenario.loading`. Every default comes from the loaded scenario (and the chosen
ownership model's parts); a knob left at ``None`` means "as the scenario says".

Two models in a race are built from the same scenario and seed, so they see the same
arrivals (common random numbers) and differ only in the ownership model.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np

from simulation.core.errors import ScenarioError
from simulation.core.shifts import MINUTES_PER_DAY, parse_days
from simulation.engine.metrics import backlog, flow_matrix, inquiry_table, summarise
from simulation.engine.model import OrgModel
from simulation.scenario.loading import default_scenario_path, read_toml, scenario_from_dict, with_overrides
from simulation.scenario.types import Scenario
from simulation.ui import classics

SCENARIO_ENVIRONMENT = "ORGSIM_UI_SCENARIO"  # set by `run.py ui --scenario FILE`
STEP_SIZES = {"hour": 60.0, "day": MINUTES_PER_DAY}  # the Step buttons; "to the end" runs out the clock
MAX_MODELS = 4  # side by side; "all eight" shows small multiples instead
FRAME_SECONDS = 0.25  # wall-clock time between frames while playing
RECENT_MINUTES = 480.0  # hand-offs this recent light up in the graph (one working day)
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def preset_paths() -> dict[str, str]:
    """Scenario presets: label -> path; the command line's file, the default, then ``scenarios/*.toml``.

    Only files that are scenarios are offered (``scenarios/`` also holds other TOML tables).
    """
    presets: dict[str, str] = {}
    extra = os.environ.get(SCENARIO_ENVIRONMENT)
    if extra:
        presets[Path(extra).name] = str(Path(extra).resolve())
    default = default_scenario_path()
    for path in [default, *sorted(default.parent.glob("*.toml"))]:
        if path.name not in presets and _is_scenario(path):
            presets[path.name] = str(path)
    presets[classics.PRESET] = classics.PRESET
    return presets


def _is_scenario(path: Path) -> bool:
    try:
        scenario_from_dict(read_toml(path))
    except (ScenarioError, OSError):
        return False
    return True


@dataclass(frozen=True)
class Knobs:
    """Everything the controls set; a new value means a new simulation.

    ``approval``, ``team_size`` and ``adoption`` are ``None`` while they follow the
    ownership model; ``rivals`` are the other models of a race (none: a single model).
    """

    preset: str
    model: str
    rivals: tuple[str, ...]
    per_day: float
    handoff_minutes: float
    boundary_minutes: float
    seed: int
    approval: bool | None = None
    team_size: int | None = None
    adoption: float | None = None

    def with_model(self, model: str) -> Knobs:
        """Another ownership model; the knobs that belong to a model go back to its own values."""
        return replace(self, model=model, approval=None, team_size=None, adoption=None)


@dataclass(frozen=True)
class ModelDefaults:
    """What an ownership model does when its knobs are left alone."""

    approval: bool
    team_size: int | None  # None: the model has no dedicated team
    adoption: float


def knobs_from_file(path: str) -> Knobs:
    """Knobs set to the scenario file's own values (or the classic networks' preset)."""
    scenario = scenario_from_dict(
        classics.raw_scenario("wheel") if path == classics.PRESET else read_toml(path)
    )
    return Knobs(
        preset=path,
        model=scenario.ownership.model,
        rivals=(),
        per_day=scenario.inquiries.per_day,
        handoff_minutes=scenario.barriers.handoff_minutes,
        boundary_minutes=scenario.barriers.boundary_minutes,
        seed=scenario.scenario.seed,
    )


def model_defaults(raw: dict[str, Any], model: str) -> ModelDefaults:
    """The ownership model's own approval rule, team size and adoption share in this scenario."""
    parts = scenario_from_dict(with_overrides(raw, {"ownership.model": model})).ownership.parts
    return ModelDefaults(
        approval=bool(parts.approval.topics),
        team_size=parts.team.size if parts.team is not None else None,
        adoption=parts.adoption.start_share,
    )


def scenario_for(raw: dict[str, Any], knobs: Knobs, model: str) -> Scenario:
    """The scenario file with the knobs applied, for one ownership model.

    The UI counts every inquiry from minute 0 (no warm-up). It needs no traces: the graph
    lights recent hand-offs from ``OrgModel.recent_handoffs``.
    """
    overrides: dict[str, Any] = {
        "ownership.model": model,
        "inquiries.per_day": knobs.per_day,
        "barriers.handoff_minutes": knobs.handoff_minutes,
        "barriers.boundary_minutes": knobs.boundary_minutes,
        "scenario.seed": knobs.seed,
        "scenario.warmup_days": 0.0,
    }
    defaults = model_defaults(raw, model)
    if knobs.approval is not None and knobs.approval != defaults.approval:
        overrides["ownership.approval.topics"] = ["*"] if knobs.approval else []
    if knobs.team_size is not None and defaults.team_size is not None:
        overrides["ownership.team.size"] = knobs.team_size
    if knobs.adoption is not None:
        overrides["ownership.adoption.start_share"] = knobs.adoption
        overrides["ownership.adoption.end_share"] = knobs.adoption
    return scenario_from_dict(with_overrides(raw, overrides))


def crisis_defaults(scenario: Scenario) -> tuple[str, float, float]:
    """Topic, factor and hours for the crisis button: the scenario's first surge, else its busiest topic x 8 for 6 h."""
    if scenario.events:
        event = scenario.events[0]
        return event.topic, event.factor, event.hours
    topics = scenario.inquiries.topics
    return max(topics, key=topics.__getitem__), 8.0, 6.0


def clock_text(minutes: float) -> str:
    """``Day 3, Wed 14:05``: the model clock (minute 0 is Monday 00:00 of week 1)."""
    day = int(minutes // MINUTES_PER_DAY)
    within = int(minutes - day * MINUTES_PER_DAY)
    return f"Day {day + 1}, {WEEKDAYS[day % 7]} {within // 60:02d}:{within % 60:02d}"


@dataclass(frozen=True)
class Snapshot:
    """Everything one panel draws, copied out of a model under the simulation's lock."""

    label: str
    now: float
    summary: dict[str, object]
    response_hours: np.ndarray  # arrival to publication, answered inquiries
    middlemen: np.ndarray  # per inquiry that arrived
    backlog_days: np.ndarray
    backlog_open: np.ndarray
    departments: list[str]
    flow: np.ndarray  # messages from row department to column department
    person_department: np.ndarray
    person_load: np.ndarray  # items waiting plus the one in hand
    recent_edges: list[tuple[int, int]]
    recent_middlemen: list[int]
    graph_key: tuple[int, int, int]


@dataclass(frozen=True)
class Marker:
    """Something the teacher did, drawn on every time chart: a crisis (a band) or a live change (a line).

    Times are clock minutes; ``end == start`` for a change that lasts from then on.
    """

    kind: str  # "crisis" or "change"
    start: float
    end: float
    label: str


class Simulation:
    """One to four models (a race), or all eight, on the same arrivals, advanced together.

    All access goes through ``lock``, because the play loop advances the models in
    a worker thread while the page renders snapshots.
    """

    def __init__(self, knobs: Knobs):
        self.knobs = knobs
        if knobs.preset == classics.PRESET:  # four structures, one way of working
            self.raw = classics.raw_scenario("wheel", knobs.per_day, knobs.handoff_minutes)
            self.names = list(classics.SHAPES)
            built = [classics.build(n, knobs.seed, knobs.per_day, knobs.handoff_minutes) for n in self.names]
            self.scenarios = [scenario for scenario, _ in built]
            self.models = [model for _, model in built]
        else:
            self.raw = read_toml(knobs.preset)
            self.names = [knobs.model, *(name for name in knobs.rivals if name != knobs.model)]
            self.scenarios = [scenario_for(self.raw, knobs, name) for name in self.names]
            self.models = [OrgModel(scenario, knobs.seed) for scenario in self.scenarios]
        for model in self.models:
            model.record_handoffs()  # the network view lights the latest hand-offs
        self.graph_keys = [graph_key(model.graph) for model in self.models]
        self.markers: list[Marker] = []
        self.live: dict[str, float] = {}  # knobs changed while running, their latest value
        self.lock = threading.Lock()

    @property
    def now(self) -> float:
        """The common model clock, in minutes."""
        return self.models[0].now

    @property
    def end(self) -> float:
        """When the run is over: the last arrival plus the drain period, in minutes."""
        return self.models[0].end_of_drain

    @property
    def finished(self) -> bool:
        """True once the clock has reached the end of the run."""
        return self.now >= self.end

    @property
    def topics(self) -> list[str]:
        """The scenario's inquiry topics."""
        return list(self.scenarios[0].inquiries.topics)

    def advance(self, minutes: float) -> None:
        """Advance every model by ``minutes`` (not past the end of the run)."""
        with self.lock:
            target = min(self.end, self.now + minutes)
            for model in self.models:
                model.advance_to(target)

    def surge(self, topic: str, factor: float, hours: float) -> Marker:
        """A crisis now, in every model: ``topic``'s rate times ``factor`` for ``hours``; returns its marker."""
        with self.lock:
            for model in self.models:
                model.inject_surge(topic, factor, hours)
            marker = Marker("crisis", self.now, self.now + hours * 60.0, f"{topic} x{factor:g}")
            self.markers.append(marker)
        return marker

    def change_live(self, field: str, value: float) -> bool:
        """Apply a knob to the running models from now on; False when it needs a new run.

        Live: inquiries per day (unless it is or was zero), hand-off and boundary delay.
        """
        with self.lock:
            if field == "per_day":
                current = self.live.get("per_day", self.knobs.per_day)
                if current <= 0 or value <= 0:
                    return False
                for model in self.models:
                    model.change_from_now(rate_factor=value / current)
            elif field in ("handoff_minutes", "boundary_minutes"):
                for model in self.models:
                    model.change_from_now(**{field: value})
            else:
                return False
            self.live[field] = value
            label = {
                "per_day": "inquiries/day",
                "handoff_minutes": "hand-off min",
                "boundary_minutes": "boundary min",
            }
            self.markers.append(Marker("change", self.now, self.now, f"{label[field]} = {value:g}"))
        return True

    def active_crises(self) -> list[Marker]:
        """The crises still running at the current clock."""
        return [m for m in self.markers if m.kind == "crisis" and m.start <= self.now < m.end]

    def off_hours(self) -> list[tuple[float, float]]:
        """Nights and days off of the scenario's office hours, ``(start, end)`` in minutes, up to the end."""
        return off_hours(self.scenarios[0], self.end)

    def snapshots(self) -> list[Snapshot]:
        """One snapshot per model, taken under the lock."""
        with self.lock:
            return [
                _snapshot(name, model, key)
                for name, model, key in zip(self.names, self.models, self.graph_keys, strict=True)
            ]

    def snapshot(self, index: int) -> Snapshot:
        """The snapshot of one model, taken under the lock."""
        with self.lock:
            return _snapshot(self.names[index], self.models[index], self.graph_keys[index])


def off_hours(scenario: Scenario, end: float) -> list[tuple[float, float]]:
    """Intervals outside the organisation's default working hours (clock time of minute 0's zone).

    Shown as grey bands on time charts: most monitors are off then, so backlogs grow.
    Departments with their own hours or other regions may differ; the bands are the default.
    """
    hours = scenario.organisation.working_hours
    days = parse_days(hours.days)
    bands: list[tuple[float, float]] = []
    for day in range(int(end // MINUTES_PER_DAY) + 1):
        base = day * MINUTES_PER_DAY
        if days[day % 7]:
            pieces = [(base, base + hours.start * 60.0), (base + hours.end * 60.0, base + MINUTES_PER_DAY)]
        else:
            pieces = [(base, base + MINUTES_PER_DAY)]
        for start, stop in pieces:
            if stop <= start or start >= end:
                continue
            if bands and abs(bands[-1][1] - start) < 1e-9:
                bands[-1] = (bands[-1][0], min(stop, end))
            else:
                bands.append((start, min(stop, end)))
    return bands


def _snapshot(label: str, model: OrgModel, key: tuple[int, int, int]) -> Snapshot:
    table = inquiry_table(model)
    answered = (table["outcome"] == 1) & (table["finished_at"] <= table["deadline"])
    times, open_count = backlog(model, step_minutes=60.0)
    names, flow = flow_matrix(model)
    edges, middlemen = recent_activity(model, RECENT_MINUTES)
    people = model.people
    return Snapshot(
        label=label,
        now=model.now,
        summary=summarise(model),
        response_hours=((table["finished_at"] - table["arrival"])[answered] / 60.0).astype(float),
        middlemen=table["middlemen"].astype(int),
        backlog_days=times / MINUTES_PER_DAY,
        backlog_open=open_count,
        departments=names,
        flow=flow,
        person_department=np.fromiter((p.department for p in people), dtype=np.int32, count=len(people)),
        person_load=np.fromiter(
            (len(p.inbox) + (p.task is not None) for p in people), dtype=np.int32, count=len(people)
        ),
        recent_edges=edges,
        recent_middlemen=middlemen,
        graph_key=key,
    )


def graph_key(graph) -> tuple[int, int, int]:
    """Identifies an organisation's graph for the layout cache (nodes, edges, structure hash)."""
    return (graph.number_of_nodes(), graph.number_of_edges(), hash(tuple(graph.edges())))


def recent_activity(model: OrgModel, window: float) -> tuple[list[tuple[int, int]], list[int]]:
    """Hand-offs (person to person) in the last ``window`` minutes, and who passed work on as a middleman.

    Read from ``model.recent_handoffs`` (the model's bounded memory of its latest hand-offs,
    newest last), so no traces are needed. A middleman is anyone who passed on an inquiry
    they had not noticed first.
    """
    since = model.now - window
    edges: set[tuple[int, int]] = set()
    middlemen: set[int] = set()
    for handoff in reversed(model.recent_handoffs):
        if handoff.time < since:
            break
        if handoff.source != handoff.target:
            edges.add((handoff.source, handoff.target))
        if handoff.by_middleman:
            middlemen.add(handoff.source)
    return sorted(edges), sorted(middlemen)
