"""The model's event heap and the loop that runs it: compiled where it was built, else ``heapq``.

Entries are ``(time, sequence, kind, subject, item)`` tuples, popped earliest first,
ties by sequence. :func:`event_queue` gives the queue, its ``push`` and its
:func:`run_before`: the compiled :class:`~simulation.engine._event_queue.EventQueue` keeps each entry's
keys as C numbers beside it (a pop at a few thousand pending events took about a
microsecond of tuple comparisons in ``heapq``); without a C compiler at install, a
list with ``heapq`` serves, in the same order. Set ``ORGSIM_PURE_PYTHON=1`` to use
the list anyway (the tests compare both).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from heapq import heappop, heappush

from simulation.engine import PURE_PYTHON

try:
    from simulation.engine._event_queue import EventQueue
except ImportError:  # built without a C compiler
    EventQueue = None

COMPILED = EventQueue is not None and not PURE_PYTHON


def event_queue(compiled: bool = COMPILED) -> tuple[object, Callable[[tuple], None], Callable[..., int]]:
    """An empty event queue, its push and its :func:`run_before`; ``queue[0]`` is the earliest entry."""
    if compiled:
        queue = EventQueue()
        return queue, queue.push, queue.run_before
    heap: list[tuple] = []
    return heap, partial(heappush, heap), partial(run_before, heap)


def run_before(heap: list[tuple], model, boundary: float) -> int:
    """Run ``model``'s hot events strictly earlier than ``boundary``, the heap's and its pending arrival.

    Both in (time, sequence) order, as if the arrival (``model._arrival``) were in the heap: it
    is compared with the heap's top instead of pushed and popped, one push and pop less per
    inquiry. Only an arrival draws the next one (handlers never replace it), so the heap's
    events before a due arrival run without a look at the boundary. Each event sets
    ``model.now`` and calls ``model._handlers[kind](subject, item)``; the count run is returned.
    """
    handlers = model._handlers
    processed = 0
    while model._arrival[0] < boundary:
        arrival = model._arrival
        while heap and heap[0] < arrival:  # (time, sequence, ...) against (time, sequence)
            time, _, kind, subject, item = heappop(heap)
            model.now = time
            handlers[kind](subject, item)
            processed += 1
        model.now = arrival[0]
        model._on_arrival()
        processed += 1
    while heap and heap[0][0] < boundary:  # all before the arrival, which is not due yet
        time, _, kind, subject, item = heappop(heap)
        model.now = time
        handlers[kind](subject, item)
        processed += 1
    return processed
