"""Mesa agents: employees on the communication network, and departments."""

from __future__ import annotations

from collections import deque
from enum import IntEnum
from typing import TYPE_CHECKING

from mesa import Agent
from mesa.discrete_space import FixedAgent

from simulation.core.shifts import ShiftPattern

if TYPE_CHECKING:
    from mesa import Model
    from mesa.discrete_space import Cell


class Task(IntEnum):
    """What an item in a personal inbox asks of its holder."""

    HANDLE = 0  # read an inquiry: answer it or pass it on
    APPROVE = 1  # clear someone else's answer
    PUBLISH = 2  # post a cleared answer
    COORDINATE = 3  # meetings and alignment, no inquiry


class Employee(FixedAgent):
    """A person: a node of the communication graph with a shift, rights and an inbox.

    Rights and duties are fixed when the ownership model is applied; adoption of
    the enterprise social network changes over time and is read through the model.
    """

    def __init__(
        self,
        model: Model,
        cell: Cell,
        index: int,
        department: int,
        role: str,
        region: str,
        pattern: ShiftPattern,
        expert: bool,
        knows: frozenset[int],
    ):
        super().__init__(model)
        self.cell = cell
        self.index = index
        self.department = department
        self.role = role
        self.region = region
        self.pattern = pattern
        self.always_on = pattern.always
        self.expert = expert
        self.knows = knows
        self.monitor = self.publisher = self.trained = self.answerer = self.directory_user = False
        self.team = self.spoke = self.expert_team = False
        self.adoption_threshold = 1.0
        self.inbox: deque[tuple[Task, object, float]] = deque()
        self.task: tuple[Task, object, float] | None = None
        self.action = 0
        self.started = 0.0
        self.pending = -1  # who must approve the answer in hand, -1 for nobody
        self.search_target = -1  # the expert found by the search in hand
        self.availability = 1.0  # share of the shift given to social media
        self.meeting_minutes_per_week = 0.0  # coordination and alignment
        self.wake_pending = False
        self.groups: list[int] = []
        self.idle_stamp = -1  # while idle: the stamp of its entries in the groups' idle queues
        self.pools: list[Pool] = []  # the large candidate pools it is in (their free counts)
        self.busy_minutes = 0.0
        self.coordination_minutes = 0.0
        self.tasks_done = 0

    @property
    def load(self) -> int:
        """Items waiting plus the one in hand: what 'least loaded' compares."""
        return len(self.inbox) + (self.task is not None)


class Department(Agent):
    """A department: its members, its head and the topics it owns."""

    def __init__(
        self,
        model: Model,
        index: int,
        name: str,
        kind: str,
        region: str,
        head: int,
        members: list[int],
        topics: tuple[str, ...],
    ):
        super().__init__(model)
        self.index = index
        self.name = name
        self.kind = kind
        self.region = region
        self.head = head
        self.members = members
        self.topics = topics


OFF_SHIFT = 1 << 20  # counts as this many items in hand: on-shift people are always preferred


TRACKED_POOL = 16  # pools this large count their free members: a scan may stop early


class Pool(list):
    """Candidates for :func:`least_loaded`, with facts that let a scan stop early.

    ``patterns``: the distinct shift patterns among them, taken when the model is built,
    before absences wrap anyone's pattern: an absence only takes time off a pattern, so
    when none of these is on shift, nobody in the pool is. ``free``: in a pool of at least
    ``TRACKED_POOL``, how many members have nothing in hand or waiting (the workflow keeps
    it through each member's ``pools``); ``-1`` in a smaller pool, where nobody counts.
    """

    def __init__(self, people=()):
        super().__init__(people)
        self.patterns = tuple(dict.fromkeys(person.pattern for person in self))
        self.free = -1
        if len(self) >= TRACKED_POOL:
            self.free = sum(person.task is None and not person.inbox for person in self)
            for person in self:
                person.pools.append(self)


def least_loaded(candidates: list[Employee], exclude: int, now: float, adoption_share: float = 2.0) -> int:
    """Index of the candidate with the fewest items in hand, preferring those on shift.

    The first listed wins ties. With ``adoption_share`` (candidates sorted by adoption
    threshold) only adopters count, and the scan stops at the first non-adopter. The
    shift is looked at only for someone who could still beat the best so far: being off
    shift only ever adds load. A :class:`Pool` lets the scan stop at the least load anyone
    in it can have: 1 on shift when nobody is free, and out of hours (nobody on shift by
    its patterns) the first free or, when nobody is free, the first once-loaded candidate.
    """
    best, best_load = -1, 1 << 30
    least = 1 if getattr(candidates, "free", -1) == 0 else 0
    for person in candidates:
        if person.adoption_threshold >= adoption_share:
            break
        if person.index == exclude:
            continue
        load = len(person.inbox) + (person.task is not None)
        if load >= best_load:
            continue
        if not (person.always_on or person.pattern.on_shift(now)):
            load += OFF_SHIFT
            if load >= best_load:
                continue
            best, best_load = person.index, load
            if load == OFF_SHIFT + least and _nobody_on_shift(candidates, now):
                break
            continue
        best, best_load = person.index, load
        if load == least:
            break
    return best


def _nobody_on_shift(candidates: list[Employee], now: float) -> bool:
    patterns = getattr(candidates, "patterns", None)
    return patterns is not None and not any(pattern.on_shift(now) for pattern in patterns)
