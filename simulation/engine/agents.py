"""Mesa agents: employees on the communication network, and departments."""

from __future__ import annotations

from collections import deque
from enum import IntEnum
from itertools import filterfalse, islice
from operator import attrgetter
from typing import TYPE_CHECKING

from mesa import Agent
from mesa.agentset import _HardKeyAgentSet
from mesa.discrete_space import FixedAgent
from mesa.experimental.mesa_signals.signal_types import ModelSignals

from simulation.core.shifts import ShiftPattern

if TYPE_CHECKING:
    from mesa import Model
    from mesa.discrete_space import Cell

    from simulation.engine.meetings import MeetingBlock


class Task(IntEnum):
    """What an item in a personal inbox asks of its holder."""

    HANDLE = 0  # read an inquiry: answer it or pass it on
    APPROVE = 1  # clear someone else's answer
    PUBLISH = 2  # post a cleared answer


_ADDED = ModelSignals.AGENT_ADDED


class PersonCore:
    """A person's state on the hot path: what the workflow reads and writes per event.

    Slots keep it in one compact object instead of a dict (late in a long run each look at a
    person is a cache miss); compiled, the fields are C fields (``agents.pxd``) that the
    compiled workflow reads without a lookup. :class:`Employee` adds Mesa's part.
    """

    __slots__ = (
        "action",
        "adoption_threshold",
        "always_on",
        "answerer",
        "availability",
        "busy_minutes",
        "department",
        "directory_user",
        "expert",
        "expert_team",
        "groups",
        "idle_stamp",
        "inbox",
        "index",
        "knows",
        "monitor",
        "pattern",
        "pending",
        "pools",
        "publisher",
        "region",
        "role",
        "search_target",
        "spoke",
        "started",
        "task",
        "tasks_done",
        "team",
        "trained",
        "wake_pending",
    )


class Employee(PersonCore, FixedAgent):
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
        self._set_up(index, department, role, region, pattern, pattern.always, expert, knows)

    def _set_up(
        self,
        index: int,
        department: int,
        role: str,
        region: str,
        pattern: ShiftPattern,
        always_on: bool,
        expert: bool,
        knows: frozenset[int],
    ) -> None:
        """A new person's own state, without rights, idle (Mesa's part is set up before)."""
        self.index = index
        self.department = department
        self.role = role
        self.region = region
        self.pattern = pattern
        self.always_on = always_on  # ``pattern.always``, read once per pattern by a build
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
        self.block: MeetingBlock | None = None  # the start of each shift, in meetings (``pattern``: the rest)
        self.wake_pending = False
        self.groups: list[int] = []
        self.idle_stamp = -1  # while idle: the stamp of its entries in the groups' idle queues
        self.pools: list[tuple[Share, int]] = []  # shares of large pools that count it, its place there
        self.busy_minutes = 0.0
        self.tasks_done = 0

    @classmethod
    def many(cls, model: Model, cells, people) -> list[Employee]:
        """``Employee(model, cell, *person)`` for each cell and person, registered with Mesa at once.

        A person here is the arguments of :meth:`_set_up`: the constructor's after the cell,
        with ``pattern.always`` after the pattern.

        Mesa registers each agent as it is made: a signal, a log message and two set entries,
        half the time of making 100,000 people. When nobody listens for added agents and no
        data set tracks them, this writes Mesa's entries in one go instead: the same ids, the
        same order, the same cells (``cells``: a list of cells without a capacity limit).
        """
        plain = cls._datasets or model._batch_context is not None or model._has_subscribers("agents", _ADDED)
        if plain or any(cell.capacity is not None for cell in cells):
            return [
                cls(model, cell, index, department, role, region, pattern, expert, knows)
                for cell, (index, department, role, region, pattern, _, expert, knows) in zip(
                    cells, people, strict=True
                )
            ]
        made, new, set_up = [], cls.__new__, cls._set_up
        unique_id = model.agent_id_counter
        for cell, person in zip(cells, people, strict=True):
            self = new(cls)
            self.__dict__ = {"model": model, "unique_id": unique_id, "pos": None, "_mesa_cell": cell}
            unique_id += 1
            cell._agents.append(self)  # Cell.add_agent, the cell has no capacity limit
            cell._empty = False
            set_up(self, *person)
            made.append(self)
        model.agent_id_counter = unique_id
        entries = dict.fromkeys(made)
        model._all_agents._agents.update(entries)
        if cls not in model._agents_by_type:
            model._agents_by_type[cls] = _HardKeyAgentSet([], random=model.random)
        model._agents_by_type[cls]._agents.update(entries)
        return made

    @property
    def coordination_minutes(self) -> float:
        """Minutes in meetings up to the model's clock: the meeting block's, less time away."""
        block = self.block
        if block is None:
            return 0.0
        return block.minutes(self.model.now, getattr(self.pattern, "spells", ()))

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

_in_hand = attrgetter("task")


class Share:
    """The counted members of a pool who share one shift pattern: how many of them are free.

    A person's ``pools`` lists ``(share, place in the pool)`` for the shares that count them;
    the workflow keeps ``free`` through it, and lowers ``first_free`` to the place of whoever
    becomes free. ``first_free`` is a lower bound on the place of the share's first free
    member: a search for the first free candidate starts there, past dozens of busy experts.
    """

    __slots__ = ("always", "first_free", "free", "pattern")

    def __init__(self, pattern: ShiftPattern):
        self.pattern = pattern
        self.always = pattern.always
        self.free = 0
        self.first_free = 0


class Pool(list):
    """Candidates for :func:`least_loaded`, with facts that let a scan stop early.

    ``patterns``: the distinct shift patterns among them, taken when the model is built,
    before absences wrap anyone's pattern: an absence only takes time off a pattern, so
    when none of these is on shift, nobody in the pool is. In a pool of at least
    ``TRACKED_POOL``, ``shares`` count per pattern how many members have nothing in hand
    or waiting, among those counted: members whose adoption threshold is below ``level``.
    An ordinary pool counts everyone; a pool of adopters (sorted by threshold) counts the
    adopted prefix and grows with :meth:`count_below`, so "nobody free among adopters" and
    "nobody free on shift" are known without a scan. ``shares`` is ``None`` in a smaller pool.
    """

    def __init__(self, people=(), level: float = 2.0):
        super().__init__(people)
        self.patterns = tuple(dict.fromkeys(person.pattern for person in self))
        self.shares = None
        self.level = -1.0
        if len(self) >= TRACKED_POOL:
            by_pattern = {pattern: Share(pattern) for pattern in self.patterns}
            self.shares = tuple(by_pattern.values())
            self._share_of = [by_pattern[person.pattern] for person in self]
            self.place = {person.index: place for place, person in enumerate(self)}
            self._counted = 0
            self.count_below(level)

    @property
    def free(self) -> int:
        """Counted members with nothing in hand or waiting; -1 in a pool too small to count."""
        return -1 if self.shares is None else sum(share.free for share in self.shares)

    def count_below(self, level: float) -> None:
        """Count the members whose adoption threshold is below ``level`` (sorted by it, or all)."""
        if level <= self.level or self.shares is None:
            return
        self.level = level
        counted, shares = self._counted, self._share_of
        while counted < len(self) and self[counted].adoption_threshold < level:
            person, share = self[counted], shares[counted]
            person.pools.append((share, counted))
            if person.task is None and not person.inbox:
                share.free += 1
                share.first_free = min(share.first_free, counted)
            counted += 1
        self._counted = counted


def least_loaded(candidates: list[Employee], exclude: int, now: float, adoption_share: float = 2.0) -> int:
    """Index of the candidate with the fewest items in hand, preferring those on shift.

    The first listed wins ties. With ``adoption_share`` (candidates sorted by adoption
    threshold) only adopters count, and the scan stops at the first non-adopter. The
    shift is looked at only for someone who could still beat the best so far: being off
    shift only ever adds load. A :class:`Pool` whose counted members include every
    candidate lets the scan stop at the least load anyone in it can have: on shift, 0 when
    someone free has a pattern on shift (then the first free one on shift is looked for
    directly), else 1; out of hours (nobody on shift by its patterns) the first free or,
    when nobody is free, the first once-loaded candidate.
    """
    best, best_load = -1, 1 << 30
    least = least_off = 0
    shares = getattr(candidates, "shares", None)
    if shares is not None and adoption_share <= candidates.level:
        least = least_off = 1
        for share in shares:
            if share.free:
                least_off = 0
                if share.always or share.pattern.on_shift(now):
                    least = 0
                    break
        if least == 0:  # someone free may be on shift: the first such is the answer
            best = _first_free_on_shift(candidates, shares, exclude, now, adoption_share)
            if best >= 0:
                return best
            least = 1  # nobody free is on shift: stop at the first on shift with one item
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
            if load == OFF_SHIFT + least_off and _nobody_on_shift(candidates, now):
                break
            continue
        best, best_load = person.index, load
        if load == least:
            break
    return best


def _first_free_on_shift(
    candidates: Pool, shares: tuple[Share, ...], exclude: int, now: float, adoption_share: float
) -> int:
    """The first adopted candidate on shift with nothing in hand or waiting, or -1.

    Late in a year of adoption the first free expert sits dozens of busy ones down the list:
    the search starts at the shares' ``first_free`` bound, skips those with a task in hand by
    ``filterfalse`` without a Python step each, and moves the bound up to the first free
    member it meets (on shift or not, excluded or not): nobody before is free.
    """
    start = min(share.first_free for share in shares) if len(shares) > 1 else shares[0].first_free
    first_free = -1
    for person in filterfalse(_in_hand, islice(candidates, start, None)):
        if person.adoption_threshold >= adoption_share:
            break
        if person.inbox:
            continue
        if first_free < 0:
            first_free = candidates.place[person.index]
            for share in shares:
                if share.first_free < first_free:
                    share.first_free = first_free
        if person.index == exclude:
            continue
        if person.always_on or person.pattern.on_shift(now):
            return person.index
    return -1


def _nobody_on_shift(candidates: list[Employee], now: float) -> bool:
    patterns = getattr(candidates, "patterns", None)
    return patterns is not None and not any(pattern.on_shift(now) for pattern in patterns)
