"""Batched sweeps: the same rows whatever the batch size or worker count, failures keep rows."""

from __future__ import annotations

import gc
import json
from pathlib import Path

import pandas as pd
import pytest

from simulation.sweeps import consolidate, plan, read_results, runner, sweep, tasks
from simulation.sweeps.sink import done_tasks, write_part
from simulation.sweeps.tasks import Batch, Context, batch_size, make_batches, run_batch

REPOSITORY = Path(__file__).resolve().parent.parent

SMALL = """
[sweep]
base = "{base}"
sampler = "grid"
samples = 3
replicates = 3
seed = 9
outputs = ["answered_share", "messages_total"]
[fixed]
"scenario.duration_days" = 1
"scenario.warmup_days" = 0
"scenario.drain_days" = 1
[parameters]
"inquiries.per_day" = {{ min = 10, max = 40, integer = true }}
"ownership.model" = ["central_team", "marketing_silo"]
"""


def comparable(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.drop(columns=["wall_time_s"]).sort_values("task", ignore_index=True)


@pytest.fixture(scope="module")
def small(tmp_path_factory) -> tuple[Path, pd.DataFrame]:
    """18 one-day runs in this process, one run per batch: the reference."""
    folder = tmp_path_factory.mktemp("small")
    path = folder / "small.toml"
    path.write_text(SMALL.format(base=REPOSITORY / "scenarios" / "startup.toml"))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(runner, "batch_size", lambda *_: 1)
        reference = sweep(path, out=folder / "reference", workers=1)
    assert len(reference) == 3 * 2 * 3
    return path, reference


@pytest.mark.parametrize(("workers", "size"), [(1, 18), (2, 4), (2, None)])
def test_rows_do_not_depend_on_workers_or_batch_size(small, tmp_path, monkeypatch, workers, size):
    path, reference = small
    if size is not None:  # 4 splits points and models across batches
        monkeypatch.setattr(runner, "batch_size", lambda *_: size)
    frame = sweep(path, out=tmp_path / "out", workers=workers)
    pd.testing.assert_frame_equal(comparable(frame), comparable(reference))
    usage = frame.attrs["usage"]
    assert len(usage["workers"]) == workers
    assert sum(w["runs"] for w in usage["workers"]) == len(reference)
    largest = size if size is not None else batch_size(len(reference), workers, 0.05)
    batches = list(make_batches(None, list(range(len(reference))), largest, workers))
    assert sum(w["batches"] for w in usage["workers"]) == len(batches)


def test_a_failing_run_keeps_the_rows_before_it_and_resume_finishes(small, tmp_path, monkeypatch):
    path, reference = small
    simulate = tasks.simulate
    failing = reference.loc[7, "task"]

    def flaky(scenario, seed):
        if seed.spawn_key == (int(reference.loc[7, "point"]), int(reference.loc[7, "replicate"])):
            raise ValueError("boom")
        return simulate(scenario, seed)

    monkeypatch.setattr(runner, "batch_size", lambda *_: 18)
    monkeypatch.setattr(tasks, "simulate", flaky)
    out = tmp_path / "out"
    with pytest.raises(RuntimeError, match=f"task {failing} failed: ValueError: boom"):
        sweep(path, out=out, workers=1)
    assert done_tasks(out) == set(reference.loc[:6, "task"])  # the batch's runs before the failure
    monkeypatch.setattr(tasks, "simulate", simulate)
    pd.testing.assert_frame_equal(comparable(sweep(path, out=out, workers=1)), comparable(reference))


def test_a_part_partly_consolidated_before_a_crash_leaves_no_duplicate(small, tmp_path):
    path, reference = small
    out = tmp_path / "out"
    sweep(path, out=out, workers=1)
    design = json.loads((out / "design.json").read_text())
    rows = read_results(out).to_dict("records")
    # a crash after results/ got rows 0-9 but before the part holding rows 9-11 was deleted
    for result in (out / "results").glob("*.parquet"):
        result.unlink()
    write_part(out / "results", rows[:10], [tuple(c) for c in design["columns"]])
    write_part(out / "parts", rows[9:12], [tuple(c) for c in design["columns"]])
    write_part(out / "parts", rows[12:], [tuple(c) for c in design["columns"]])
    assert consolidate(out) == len(rows) - 10
    assert not list((out / "parts").glob("*"))
    pd.testing.assert_frame_equal(comparable(read_results(out)), comparable(reference))


def test_a_warm_worker_keeps_no_garbage_from_its_runs(small):
    """Models are reference cycles: a long-lived worker must collect them, not keep them."""
    ready = plan(small[0])
    context = Context(ready.sweep.base, ready.sweep.settings.seed, ready.sweep.outputs)
    run_batch(Batch(context, ready.tasks[:1]))  # warm: first-use caches and imports
    gc.collect()
    before = len(gc.get_objects())
    result = run_batch(Batch(context, ready.tasks[1:9]))
    assert len(result.rows) == 8 and result.error is None
    assert len(gc.get_objects()) - before < 1000  # one uncollected model alone leaves thousands


@pytest.mark.parametrize(
    ("runs", "workers", "seconds", "size"),
    [
        (400, 2, 0.02, 25),  # a share of the runs: eight batches per worker
        (400, 1, 0.02, 50),
        (3, 4, 0.02, 1),  # never empty
        (10**6, 2, 0.001, tasks.MAX_BATCH),  # bounded message and part size
        (10**4, 2, 5.0, 6),  # long runs: little work lost when interrupted
        (10**4, 2, 60.0, 1),
    ],
)
def test_batch_size(runs, workers, seconds, size):
    assert batch_size(runs, workers, seconds) == size


@pytest.mark.parametrize("workers", [1, 2, 4])
def test_batches_hand_out_every_task_once_in_order_and_shrink_at_the_end(workers):
    """The last batches of a pool shrink so the workers finish together; one worker needs no tail."""
    tasks_ = list(range(1000))
    sizes = [len(b.tasks) for b in make_batches(None, tasks_, 63, workers)]
    assert [t for b in make_batches(None, tasks_, 63, workers) for t in b.tasks] == tasks_
    assert max(sizes) == 63 and sizes[0] == 63
    if workers == 1:
        assert sizes == [63] * 15 + [55]
    else:
        assert sizes == sorted(sizes, reverse=True)  # shrinking, never growing again
        assert min(sizes[:-1]) == 63 // tasks.TAIL_SHRINK  # down to an eighth, the last is what is left


def test_the_local_dask_cluster_is_warm_quiet_and_gets_two_batches_per_worker():
    """Its workers have the engine before any batch, Dask's profiler is off, and a sweep keeps
    at most two batches per worker in flight (plus the one being yielded)."""
    pytest.importorskip("distributed")
    from distributed import Client

    from simulation.sweeps.executors import Pool, local_cluster, map_unordered

    def state() -> tuple[bool, bool]:
        import sys

        import dask

        return "simulation.engine.model" in sys.modules, dask.config.get("distributed.worker.profile.enabled")

    with local_cluster(2) as cluster, Client(cluster) as client:
        assert list(client.run(state).values()) == [(True, False), (True, False)]
        pool = Pool(client.get_executor(), 8, "test", 2, client)
        in_flight = []
        for _ in map_unordered(pool, abs, range(-12, 0)):
            in_flight.append(len(client.futures))
        assert len(in_flight) == 12 and max(in_flight) <= 2 * 2 + 1
