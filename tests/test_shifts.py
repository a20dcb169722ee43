"""Working hours on the simulation clock (``simulation/core/shifts.py``) and ``parse_days``.

The clock is minutes from Monday 00:00 UTC of week 1; local time is clock plus offset.
"""

from __future__ import annotations

import copy
import dataclasses
import math
import pickle

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from simulation.core.shifts import MINUTES_PER_DAY, MINUTES_PER_WEEK, ShiftPattern, parse_days

HOUR = 60.0
DAY = MINUTES_PER_DAY
WEEKDAYS = parse_days("mon-fri")
OFFICE = ShiftPattern(WEEKDAYS, 8 * HOUR, 17 * HOUR)  # UTC, Monday to Friday, 08:00-17:00


def clock(day: int, hour: float, minute: float = 0.0) -> float:
    """Clock minutes of a weekday (0 = Monday of week 1) and UTC time of day."""
    return day * DAY + hour * HOUR + minute


# --- parse_days ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("mon-fri", "1111100"),
        ("mon-sun", "1111111"),
        ("sat-sun", "0000011"),
        ("sun", "0000001"),
        ("mon,wed,sat-sun", "1010011"),
        ("fri-mon", "1000111"),  # wraps over the weekend
        ("sat-fri", "1111111"),
        ("mon-mon", "1000000"),
        ("Mon - Fri", "1111100"),  # case and spaces do not matter
        ("tue,tue,mon-tue", "1100000"),
    ],
)
def test_parse_days(text, days):
    assert parse_days(text) == tuple(flag == "1" for flag in days)


@pytest.mark.parametrize("text", ["", "monday", "mon-", "-fri", "mon-wed-fri", "mon;tue", "mon,,tue", "1-5"])
def test_parse_days_rejects(text):
    with pytest.raises(ValueError, match=r"must look like 'mon-fri'"):
        parse_days(text)


# --- on_shift -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("time", "expected"),
    [
        (clock(0, 0), False),  # Monday midnight
        (clock(0, 7, 59.999), False),
        (clock(0, 8), True),  # start is inside
        (clock(0, 16, 59.999), True),
        (clock(0, 17), False),  # end is outside
        (clock(4, 12), True),  # Friday noon
        (clock(5, 12), False),  # Saturday noon
        (clock(6, 12), False),  # Sunday noon
        (clock(7, 12), True),  # Monday of week 2
        (clock(7 * 52 + 2, 9), True),  # a Wednesday a year later
    ],
)
def test_on_shift_office_hours(time, expected):
    assert OFFICE.on_shift(time) is expected


def test_on_shift_with_a_positive_offset():
    tokyo = ShiftPattern(WEEKDAYS, 9 * HOUR, 18 * HOUR, offset=9 * HOUR)  # local = UTC + 9 h
    assert tokyo.on_shift(clock(0, 0))  # Monday 00:00 UTC is 09:00 in Tokyo
    assert not tokyo.on_shift(clock(0, 9))  # 18:00 local
    assert tokyo.on_shift(clock(4, 8, 59))  # Friday 17:59 local
    assert not tokyo.on_shift(clock(5, 0))  # Saturday 09:00 local
    assert not tokyo.on_shift(clock(6, 23, 30))  # Monday 08:30 local, before the start
    assert tokyo.on_shift(clock(7, 0))  # Monday 09:00 local of week 2


def test_on_shift_with_a_negative_offset():
    new_york = ShiftPattern(WEEKDAYS, 8 * HOUR, 17 * HOUR, offset=-5 * HOUR)  # local = UTC - 5 h
    assert not new_york.on_shift(clock(0, 0))  # Sunday 19:00 local (the week before the clock)
    assert not new_york.on_shift(clock(0, 12, 59))  # Monday 07:59 local
    assert new_york.on_shift(clock(0, 13))  # Monday 08:00 local
    assert new_york.on_shift(clock(4, 21, 59))  # Friday 16:59 local
    assert not new_york.on_shift(clock(4, 22))  # Friday 17:00 local
    assert not new_york.on_shift(clock(5, 1))  # Saturday 01:00 UTC is Friday 20:00 local
    assert not new_york.on_shift(clock(7, 12))  # Monday 07:00 local of week 2
    assert new_york.on_shift(clock(7, 13))


def test_round_the_clock_is_always_on_shift():
    always = ShiftPattern(parse_days("mon-sun"), 0.0, DAY)
    assert always.always
    assert not OFFICE.always
    for time in (0.0, 1.0, clock(3, 23, 59.9), clock(6, 23, 59.999), clock(100, 0)):
        assert always.on_shift(time)
        assert always.next_start(time) == time


# --- next_start -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("time", "expected"),
    [
        (clock(0, 0), clock(0, 8)),  # Monday before work
        (clock(0, 8), clock(0, 8)),  # on shift: now
        (clock(0, 12), clock(0, 12)),
        (clock(0, 17), clock(1, 8)),  # Monday evening -> Tuesday
        (clock(4, 17), clock(7, 8)),  # Friday evening -> Monday of week 2
        (clock(5, 10), clock(7, 8)),  # Saturday -> Monday
        (clock(6, 23, 59), clock(7, 8)),  # Sunday night -> Monday
    ],
)
def test_next_start_across_weekends(time, expected):
    assert OFFICE.next_start(time) == expected


def test_next_start_with_offsets_returns_clock_time():
    tokyo = ShiftPattern(WEEKDAYS, 9 * HOUR, 18 * HOUR, offset=9 * HOUR)
    # Friday 18:00 local = Friday 09:00 UTC -> Monday 09:00 local = Monday 00:00 UTC of week 2
    assert tokyo.next_start(clock(4, 9)) == clock(7, 0)
    new_york = ShiftPattern(WEEKDAYS, 8 * HOUR, 17 * HOUR, offset=-5 * HOUR)
    # Monday 00:00 UTC is Sunday 19:00 local -> Monday 08:00 local = Monday 13:00 UTC
    assert new_york.next_start(clock(0, 0)) == clock(0, 13)
    # Friday 17:00 local = Friday 22:00 UTC -> Monday 13:00 UTC of week 2
    assert new_york.next_start(clock(4, 22)) == clock(7, 13)


def test_next_start_of_a_single_weekday_is_up_to_a_week_ahead():
    sundays = ShiftPattern(parse_days("sun"), 10 * HOUR, 12 * HOUR)
    assert sundays.next_start(clock(6, 12)) == clock(13, 10)  # just missed it
    assert sundays.next_start(clock(6, 11)) == clock(6, 11)


def test_next_start_without_working_days_is_never():
    assert ShiftPattern((False,) * 7, 8 * HOUR, 17 * HOUR).next_start(0.0) == math.inf


# --- minutes_on_shift -------------------------------------------------------------------------


def test_minutes_on_shift_simple_spans():
    assert OFFICE.minutes_on_shift(clock(0, 0), clock(1, 0)) == 9 * HOUR
    assert OFFICE.minutes_on_shift(clock(0, 10), clock(0, 11, 30)) == 90.0
    assert OFFICE.minutes_on_shift(clock(4, 16), clock(7, 9)) == 2 * HOUR  # over a weekend
    assert OFFICE.minutes_on_shift(clock(5, 0), clock(7, 0)) == 0.0
    assert OFFICE.minutes_on_shift(clock(1, 0), clock(0, 0)) == 0.0  # finish before begin


@pytest.mark.parametrize(
    ("days", "start_hour", "end_hour", "offset_hours"),
    [
        ("mon-fri", 8, 17, 0),
        ("mon-fri", 8, 17, 9),
        ("mon-fri", 8, 17, -5),
        ("mon-fri", 9, 17.5, 5.5),
        ("mon,wed,sat-sun", 0, 24, -12),
        ("sun", 22, 24, 14),
        ("mon-sun", 0, 24, 0),
    ],
)
def test_minutes_on_shift_over_a_week(days, start_hour, end_hour, offset_hours):
    flags = parse_days(days)
    pattern = ShiftPattern(flags, start_hour * HOUR, end_hour * HOUR, offset_hours * HOUR)
    expected = sum(flags) * (end_hour - start_hour) * HOUR
    for begin in (0.0, clock(2, 13, 7), clock(30, 23, 59)):
        assert pattern.minutes_on_shift(begin, begin + MINUTES_PER_WEEK) == pytest.approx(expected)


# --- properties -----------------------------------------------------------------------------


@st.composite
def patterns(draw):
    days = tuple(draw(st.lists(st.booleans(), min_size=7, max_size=7)))
    start = draw(st.integers(0, 23 * 4)) * 15.0
    end = draw(st.integers(int(start // 15) + 1, 24 * 4)) * 15.0
    offset = draw(st.integers(-12 * 4, 14 * 4)) * 15.0
    return ShiftPattern(days, start, end, offset)


# Multiples of 1/64 minute: clock + offset - offset is exact, so these properties test the
# arithmetic of the patterns, not float rounding (which has a test of its own below).
times = st.integers(0, int(60 * MINUTES_PER_DAY * 64)).map(lambda sixty_fourths: sixty_fourths / 64)


@settings(max_examples=200, deadline=None)
@given(pattern=patterns(), begin=times)
def test_property_a_week_holds_days_times_hours(pattern, begin):
    expected = sum(pattern.days) * (pattern.end - pattern.start)
    assert pattern.minutes_on_shift(begin, begin + MINUTES_PER_WEEK) == pytest.approx(expected, abs=1e-6)


@settings(max_examples=200, deadline=None)
@given(pattern=patterns(), time=times)
def test_property_next_start_is_the_first_time_on_shift(pattern, time):
    start = pattern.next_start(time)
    if not any(pattern.days):
        assert start == math.inf
        return
    assert time <= start <= time + MINUTES_PER_WEEK
    assert pattern.on_shift(start)
    assert (start == time) == pattern.on_shift(time)
    assert pattern.minutes_on_shift(time, start) == pytest.approx(0.0, abs=1e-6)


@settings(max_examples=200, deadline=None)
@given(pattern=patterns(), first=times, second=times, third=times)
def test_property_minutes_on_shift_adds_up(pattern, first, second, third):
    low, middle, high = sorted((first, second, third))
    whole = pattern.minutes_on_shift(low, high)
    assert 0.0 <= whole <= high - low + 1e-6
    parts = pattern.minutes_on_shift(low, middle) + pattern.minutes_on_shift(middle, high)
    assert whole == pytest.approx(parts, abs=1e-6)


@settings(max_examples=200, deadline=None)
@given(pattern=patterns(), time=times)
def test_property_on_shift_matches_local_weekday_and_hour(pattern, time):
    local = time + pattern.offset
    weekday = math.floor(local / MINUTES_PER_DAY) % 7
    minute = local - math.floor(local / MINUTES_PER_DAY) * MINUTES_PER_DAY
    assert pattern.on_shift(time) == (pattern.days[weekday] and pattern.start <= minute < pattern.end)


@pytest.mark.parametrize("offset_hours", [0.0, 1.0])
def test_next_start_is_on_shift_for_a_fractional_start_hour(offset_hours):
    pattern = ShiftPattern(WEEKDAYS, 8.3 * HOUR, 17 * HOUR, offset=offset_hours * HOUR)
    start = pattern.next_start(clock(1, 1))  # Tuesday, before work
    assert start == pytest.approx(clock(1, 8, 18) - offset_hours * HOUR)
    assert pattern.on_shift(start)


def test_a_pattern_hashes_as_a_frozen_dataclass_of_its_fields_would():
    """The hash is kept, not recomputed: the same value, after copying, pickling and replacing too."""
    pattern = ShiftPattern(parse_days("mon-fri"), 540.0, 1020.0, 60.0)
    twin = ShiftPattern(parse_days("mon-fri"), 540.0, 1020.0, 60.0)
    pattern.on_shift(600.0)  # the kept answers do not count
    assert hash(pattern) == hash((pattern.days, 540.0, 1020.0, 60.0)) == hash(twin) and pattern == twin
    for other in (pickle.loads(pickle.dumps(pattern)), copy.deepcopy(pattern)):
        assert other == pattern and hash(other) == hash(pattern)
    later = dataclasses.replace(pattern, start=600.0)
    assert later != pattern and hash(later) == hash((later.days, 600.0, 1020.0, 60.0))
    assert {pattern: 1}[twin] == 1


def _on_shift_by_formula(pattern: ShiftPattern, time: float) -> bool:
    """What ``on_shift`` computes, without anything kept between calls."""
    local = time + pattern.offset
    day = int(local // MINUTES_PER_DAY)
    return pattern.days[day % 7] and pattern.start <= local - day * MINUTES_PER_DAY < pattern.end


@st.composite
def ugly_patterns(draw):
    """Patterns whose hours and offsets do not sit on binary fractions: rounding shows."""
    days = tuple(draw(st.lists(st.booleans(), min_size=7, max_size=7)))
    start = draw(st.floats(0.0, 1400.0))
    end = draw(st.floats(start + 1e-3, MINUTES_PER_DAY))
    offset = draw(st.floats(-720.0, 840.0))
    return ShiftPattern(days, start, end, offset)


@settings(max_examples=300, deadline=None)
@given(
    pattern=ugly_patterns(), seeds=st.lists(st.floats(0.0, 400 * MINUTES_PER_DAY), min_size=1, max_size=20)
)
def test_property_on_shift_answers_a_run_of_times_as_the_formula_does(pattern, seeds):
    """The kept stretch never answers differently from the formula, at shift edges and a rounding off them."""
    times = []
    for seed in seeds:
        day = math.floor((seed + pattern.offset) / MINUTES_PER_DAY) * MINUTES_PER_DAY
        for edge in (seed, day + pattern.start - pattern.offset, day + pattern.end - pattern.offset):
            times += [edge, math.nextafter(edge, -math.inf), math.nextafter(edge, math.inf), edge + 1e-7]
    for time in times + sorted(times):
        assert pattern.on_shift(time) == _on_shift_by_formula(pattern, time), time
