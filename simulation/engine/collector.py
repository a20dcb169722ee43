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

    On exit everything, what the block made included, goes to the oldest generation, where
    it would have ended anyway: the youngest had counted every allocation of the block, so
    the first collection after it walked millions of objects (0.3 s after 30 days of 20,000
    people, about 5 % of a year). Nested or concurrent uses leave the collector to the
    outermost one, which found it enabled.
    """
    if not gc.isenabled():
        yield
        return
    gc.freeze()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()  # what the run made, too: else the first collection after it walks all of it
        gc.enable()
        gc.unfreeze()


@contextmanager
def collected_afterwards() -> Iterator[None]:
    """Collection paused for building and running a model, and its garbage collected at the end.

    For callers that drop each model before the block ends (a sweep's runs, replicates,
    one absence after another). A model is a web of reference cycles that only the cyclic
    collector frees, and a model the engine has paused for lands in the oldest generation,
    which a long-lived process rarely collects: about 2 MiB per run of the default scenario
    stayed behind. Here what existed before is frozen, so the one collection at the end
    looks only at what the block made (about 1 ms for a short run).
    """
    enabled = gc.isenabled()
    gc.freeze()
    gc.disable()
    try:
        yield
    finally:
        gc.collect()
        gc.unfreeze()
        if enabled:
            gc.enable()
