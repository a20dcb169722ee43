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


def test_what_a_paused_block_made_waits_in_the_oldest_generation():
    """Else the first collection after a long run walks every object the run made."""
    with collection_paused():
        made = [[] for _ in range(5000)]
    assert gc.get_count()[0] < 1000
    assert any(thing is made[0] for thing in gc.get_objects(generation=2))
    assert not any(thing is made[0] for thing in gc.get_objects(generation=0))


def test_a_nested_pause_leaves_the_collector_to_the_outer_one():
    with collection_paused():
        with collection_paused():
            pass
        assert not gc.isenabled()
    assert gc.isenabled()


def test_replicates_in_one_process_give_each_model_back():
    """A model is reference cycles: run after run in one process must not pile them up."""
    from simulation.engine.model import OrgModel
    from simulation.experiments.replicates import run_one
    from simulation.scenario.loading import load_scenario

    scenario = load_scenario("scenarios/startup.toml")
    run_one(scenario, 0, details=True)  # warm: first-use caches and imports
    gc.collect()
    before = len(gc.get_objects())
    for replicate in range(1, 4):
        result = run_one(scenario, replicate, details=True)
        assert result.summary["inquiries"] > 0
    assert not any(isinstance(thing, OrgModel) for thing in gc.get_objects())
    assert len(gc.get_objects()) - before < 1000  # one model left behind alone leaves thousands


def test_collected_afterwards_restores_the_collector_even_after_an_error():
    from simulation.engine.collector import collected_afterwards

    with pytest.raises(RuntimeError), collected_afterwards():
        assert not gc.isenabled()
        raise RuntimeError("a failing run")
    assert gc.isenabled() and gc.get_freeze_count() == 0
