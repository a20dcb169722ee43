"""Working hours as weekly patterns on the simulation clock.

The clock is minutes from Monday 00:00 UTC of week 1. A pattern's local time is
the clock plus its region's UTC offset. Shifts do not wrap midnight.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

MINUTES_PER_DAY = 1440.0
MINUTES_PER_WEEK = 7 * MINUTES_PER_DAY
DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def parse_days(text: str) -> tuple[bool, ...]:
    """``"mon-fri"`` or ``"mon,wed,sat-sun"`` -> seven flags, Monday first."""
    flags = [False] * 7
    for part in text.lower().replace(" ", "").split(","):
        ends = part.split("-")
        if len(ends) > 2 or any(end not in DAY_NAMES for end in ends):
            raise ValueError(f"days {text!r} must look like 'mon-fri' or 'mon,wed,sat-sun'")
        first, last = DAY_NAMES.index(ends[0]), DAY_NAMES.index(ends[-1])
        span = range(first, last + 1) if first <= last else [*range(first, 7), *range(0, last + 1)]
        for day in span:
            flags[day] = True
    return tuple(flags)


@dataclass(frozen=True, slots=True)
class ShiftPattern:
    """Days of the week and the local hours someone works.

    A pattern is shared by everyone in a department, and the hot path asks it about the
    same clock time many times over (every candidate of a search, every coordinator at
    midnight). ``on_shift`` keeps the stretch of clock time around its last answer in
    which the answer stays the same (on or off shift until the next start or end), so it
    computes at most a few times per pattern per day; ``next_start`` keeps its last answer.

    Attributes:
        days: seven flags, Monday first.
        start: local start of the shift, minutes after midnight.
        end: local end, minutes after midnight, ``start < end <= 1440``.
        offset: local time minus clock time, in minutes.

    """

    days: tuple[bool, ...]
    start: float
    end: float
    offset: float = 0.0
    _span: list = field(
        default_factory=lambda: [math.inf, -math.inf, False], init=False, repr=False, compare=False
    )  # [from, until, on shift]: the answer for every clock time from <= time < until
    _next: list = field(
        default_factory=lambda: [math.nan, math.nan], init=False, repr=False, compare=False
    )  # [clock time, next start then]
    _hash: int = field(init=False, repr=False, compare=False)  # hashed once: keys of build-time lookups

    def __post_init__(self) -> None:
        object.__setattr__(self, "_hash", hash((self.days, self.start, self.end, self.offset)))

    def __hash__(self) -> int:
        """The hash a frozen dataclass gives, of the compared fields, kept (100,000 lookups at a build)."""
        return self._hash

    @property
    def always(self) -> bool:
        """True for round-the-clock cover, when no check is needed."""
        return all(self.days) and self.start <= 0.0 and self.end >= MINUTES_PER_DAY

    def on_shift(self, time: float) -> bool:
        """Whether clock ``time`` lies inside a shift."""
        span = self._span
        if span[0] <= time < span[1]:
            return span[2]
        local = time + self.offset
        day = int(local // MINUTES_PER_DAY)
        day_start = day * MINUTES_PER_DAY
        minute = local - day_start
        if not self.days[day % 7]:
            working, begin, end = False, 0.0, MINUTES_PER_DAY
        elif minute < self.start:
            working, begin, end = False, 0.0, self.start
        elif minute < self.end:
            working, begin, end = True, self.start, self.end
        else:
            working, begin, end = False, self.end, MINUTES_PER_DAY
        # the same answer holds from ``begin`` to ``end`` of this local day; in clock time, less a
        # margin thousands of roundings wide, so every time kept gets what the formula gives
        margin = 1e-9 * (abs(local) + MINUTES_PER_DAY)
        span[0] = day_start + begin - self.offset + margin
        span[1] = day_start + end - self.offset - margin
        span[2] = working
        if not span[0] <= time < span[1]:  # at the edge: this time alone
            span[0], span[1] = time, math.nextafter(time, math.inf)
        return working

    def next_start(self, time: float) -> float:
        """The earliest clock time ``>= time`` that is on shift (``inf`` if never)."""
        cached = self._next
        if cached[0] == time:
            return cached[1]
        start = self._next_start(time)
        cached[0], cached[1] = time, start
        return start

    def _next_start(self, time: float) -> float:
        if not any(self.days):
            return math.inf
        local = time + self.offset
        day = int(local // MINUTES_PER_DAY)
        for ahead in range(8):
            candidate_day = day + ahead
            if not self.days[candidate_day % 7]:
                continue
            day_start = candidate_day * MINUTES_PER_DAY
            if local < day_start + self.end:
                return self._first_on_shift(max(time, max(local, day_start + self.start) - self.offset))
        return math.inf

    def _first_on_shift(self, time: float) -> float:
        """Step past rounding: ``(x - offset) + offset`` need not give back ``x``."""
        for _ in range(64):
            if self.on_shift(time):
                return time
            time = math.nextafter(time, math.inf)
        raise ArithmeticError(f"no on-shift time found near {time} for {self}")

    def minutes_on_shift(self, begin: float, finish: float) -> float:
        """Minutes on shift between two clock times."""
        if finish <= begin:
            return 0.0
        local_begin, local_finish = begin + self.offset, finish + self.offset
        first_day = int(local_begin // MINUTES_PER_DAY)
        last_day = int(local_finish // MINUTES_PER_DAY)
        total = 0.0
        for day in range(first_day, last_day + 1):
            if not self.days[day % 7]:
                continue
            day_start = day * MINUTES_PER_DAY
            low = max(local_begin, day_start + self.start)
            high = min(local_finish, day_start + self.end)
            total += max(0.0, high - low)
        return total
