"""The model's event heap: compiled where it was built, else ``heapq`` on a list.

Entries are ``(time, sequence, kind, subject, item)`` tuples, popped earliest first,
ties by sequence. :func:`event_queue` gives the queue and its ``push`` and ``pop``:
the compiled :class:`~simulation.engine._event_queue.EventQueue` keeps each entry's
keys as C numbers beside it (a pop at a few thousand pending events took about a
microsecond of tuple comparisons in ``heapq``); without a C compiler at install, a
list with ``heapq`` serves, in the same order. Set ``ORGSIM_PURE_PYTHON=1`` to use
the list anyway (the tests compare both).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from functools import partial
from heapq import heappop, heappush

try:
    from simulation.engine._event_queue import EventQueue
except ImportError:  # built without a C compiler
    EventQueue = None

COMPILED = EventQueue is not None and not os.environ.get("ORGSIM_PURE_PYTHON")


def event_queue(compiled: bool = COMPILED) -> tuple[object, Callable[[tuple], None], Callable[[], tuple]]:
    """An empty event queue and its push and pop; ``queue[0]`` is the earliest entry, ``len`` the count."""
    if compiled:
        queue = EventQueue()
        return queue, queue.push, queue.pop
    heap: list[tuple] = []
    return heap, partial(heappush, heap), partial(heappop, heap)
