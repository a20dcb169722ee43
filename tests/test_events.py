"""The compiled event queue pops exactly what ``heapq`` pops, and a model runs the same on either."""

import gc
import shutil
import weakref
from functools import partial
from heapq import heappop

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import simulation.engine.model as model_module
from benchmarks.scenarios import organisation_scenario, queue_problem, queue_scenario
from simulation.engine import events
from simulation.engine.events import event_queue

compiled = pytest.mark.skipif(events.EventQueue is None, reason="built without a C compiler")


def test_the_queue_is_compiled_wherever_a_c_compiler_is_found():
    if shutil.which("cc") is None and shutil.which("gcc") is None:
        pytest.skip("no C compiler here: the pure-Python queue serves")
    assert events.EventQueue is not None, "the project was installed without its compiled queue"


# each step: push an entry at one of a few times (ties are common in the engine), or pop
steps = st.lists(st.one_of(st.integers(0, 5).map(float), st.none()), max_size=300)


@compiled
@settings(max_examples=200, deadline=None)
@given(steps)
def test_the_compiled_queue_pops_in_heapq_order(plan):
    heap, push_heap, _ = event_queue(compiled=False)
    queue, push, _ = event_queue(compiled=True)
    pop, pop_heap = queue.pop, partial(heappop, heap)
    for sequence, time in enumerate(plan):
        if time is not None:
            entry = (time, sequence, 1, sequence, None)
            push_heap(entry)
            push(entry)
        elif heap:
            assert pop() is pop_heap()
        assert len(queue) == len(heap)
        assert (queue[0] is heap[0]) if heap else not queue
    assert [pop() for _ in range(len(queue))] == [pop_heap() for _ in range(len(heap))]


@compiled
def test_the_compiled_queue_reads_like_the_heapq_list_and_refuses_what_it_lacks():
    queue, push, _ = event_queue(compiled=True)
    with pytest.raises(IndexError):
        queue.pop()
    with pytest.raises(IndexError):
        queue[0]
    push((2.0, 0, 0, 0, None))
    push((1.0, 1, 0, 0, None))
    assert queue[-1] == (2.0, 0, 0, 0, None)
    with pytest.raises(TypeError):
        push([3.0, 2, 0, 0, None])  # entries are tuples, as on the heapq path


class Payload:
    """Something an entry carries, to see the queue let go of it."""


@compiled
def test_the_compiled_queue_lets_go_of_its_entries_popped_or_dropped():
    queue, push, run_before = event_queue(compiled=True)
    popped, kept = Payload(), Payload()
    refs = weakref.ref(popped), weakref.ref(kept)
    push((1.0, 0, 2, 0, popped))
    push((2.0, 1, 2, 0, kept))
    del popped, kept
    queue.pop()
    gc.collect()
    assert refs[0]() is None and refs[1]() is not None
    del queue, push, run_before
    gc.collect()
    assert refs[1]() is None


SCENARIOS = {
    "marketing_silo": lambda: organisation_scenario("marketing_silo", 2000, 3, seed=5),
    "c_level_social_business": lambda: organisation_scenario("c_level_social_business", 2000, 3, seed=5),
    "M/M/N": lambda: queue_scenario(queue_problem("saturated", 200, 3), seed=5),
}


@compiled
@pytest.mark.parametrize("name", SCENARIOS)
def test_a_model_runs_the_same_on_either_queue(monkeypatch, name):
    runs = []
    for compiled_queue in (False, True):
        monkeypatch.setattr(model_module, "event_queue", lambda c=compiled_queue: event_queue(c))
        runs.append(model_module.OrgModel(SCENARIOS[name]()).run())
    pure, fast = runs
    assert type(pure._heap) is list and type(fast._heap) is events.EventQueue
    assert pure.events_processed == fast.events_processed > 1000

    def records(model):  # an open inquiry's finish is NaN, which equals nothing: None instead
        return [
            (q.outcome, q.finished_at if q.outcome else None, q.noticer, q.drafter, q.handoffs)
            for q in model.inquiries
        ]

    assert records(pure) == records(fast)
    assert [p.busy_minutes for p in pure.people] == [p.busy_minutes for p in fast.people]


@pytest.mark.parametrize("compiled_queue", [False, pytest.param(True, marks=compiled)])
@pytest.mark.parametrize("name", SCENARIOS)
def test_every_event_is_counted_once(monkeypatch, compiled_queue, name):
    """A batch counts as the events it stands for, an arrival as one, a replaced arrival as one."""
    monkeypatch.setattr(model_module, "event_queue", lambda: event_queue(compiled_queue))
    model = model_module.OrgModel(SCENARIOS[name]())
    counted = []

    def counting(handler):
        def handle(subject, item):
            counted.append(len(subject) if isinstance(subject, list) else 1)
            handler(subject, item)

        return handle

    def arrive(on_arrival=model._on_arrival):
        counted.append(1)
        on_arrival()

    model._handlers = tuple(map(counting, model._handlers))
    model._on_arrival = arrive
    model.run()
    assert model.events_processed == sum(counted) > 1000
