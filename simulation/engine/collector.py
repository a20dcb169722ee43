"""Cyclic garbage collection paused while a model runs.

A run allocates millions of small objects (events, inquiries, trace records) and keeps
most of them, so the collector's generational passes mostly re-examine live objects:
measured on 20,000 people x 91 days, 20-21 s with the collector, 15-17 s without.
``gc.freeze`` moves what the build made (graph, agents, tables) out of its sight for
good, and ``gc.disable`` stops collections until the run ends. Reference counting still
frees everything that is not part of a cycle at once.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collection_paused() -> Iterator[None]:
    """Freeze what exists and pause cyclic collection; restore both on exit.

    Nested or concurrent uses leave the collector to the outermost one, which found it
    enabled.
    """
    if not gc.isenabled():
        yield
        return
    gc.freeze()
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
        gc.unfreeze()
