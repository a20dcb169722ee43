"""The collector pauses for a run and comes back as it was, even after an error."""

import gc

import pytest

from simulation.engine.collector import collection_paused


def test_collection_pauses_inside_and_resumes_after_an_error():
    assert gc.isenabled()
    with pytest.raises(RuntimeError), collection_paused():
        assert not gc.isenabled() and gc.get_freeze_count() > 0
        raise RuntimeError("a failing run")
    assert gc.isenabled() and gc.get_freeze_count() == 0


def test_a_nested_pause_leaves_the_collector_to_the_outer_one():
    with collection_paused():
        with collection_paused():
            pass
        assert not gc.isenabled()
    assert gc.isenabled()
