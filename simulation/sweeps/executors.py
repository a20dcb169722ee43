"""Executors: one ``concurrent.futures.Executor`` interface for every way of running tasks.

- ``workers=1``: :class:`InlineExecutor`, in this process, one task at a time.
- default: ``concurrent.futures.ProcessPoolExecutor`` with ``os.cpu_count()`` workers,
  forked from a fork server that has imported the simulation once, so no worker
  imports it again; the workers stay warm for the whole sweep.
- ``dask="tcp://host:8786"``: a running Dask scheduler; ``dask="local"`` starts a
  ``distributed.LocalCluster`` of two worker processes on 127.0.0.1. Both go
  through ``Client.get_executor()``; Dask needs the ``cluster`` extra
  (``uv sync --extra cluster``).

Sweeps hand their batches out through :func:`map_unordered`, which keeps the queue short on
either; other callers submit to ``Pool.executor``. :func:`local_cluster` starts the local
Dask cluster with warm single-threaded workers.

Stopping: Ctrl-C (SIGINT) and SIGTERM reach the parent, which kills its workers at
once instead of waiting for them (finished part files are complete, so the sweep
resumes). A worker whose parent dies (SIGKILL, a crash) notices within a second and
exits, so no orphan keeps computing.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Executor, Future, ProcessPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import islice
from typing import Any

from simulation.core.errors import ScenarioError

LOCAL_DASK_WORKERS = 2
# What a worker imports before its first batch: the engine, and what summarises a run.
WORKER_MODULES = ("simulation.sweeps.tasks", "simulation.engine.model", "simulation.engine.metrics")
# Dask settings for the local cluster, where the scheduler, the nannies and the workers share
# the machine's cores with the runs. By default every server checks its event loop every 20 ms
# and every worker samples its running thread every 10 ms for a profile (walking the
# simulation's stack while it holds the GIL); with nobody to read the dashboard, neither is
# needed that often, nor are system metrics twice a second, memory checks ten times a second
# or balancing work that is handed out two batches per worker.
QUIET_CLUSTER = {
    "distributed.admin.tick.interval": "1s",
    "distributed.worker.profile.enabled": False,
    "distributed.admin.system-monitor.interval": "5s",
    "distributed.worker.memory.monitor-interval": "1s",
    "distributed.scheduler.work-stealing-interval": "1s",
}
PARENT_CHECK_SECONDS = 1.0
STOP_GRACE_SECONDS = 5.0


class InlineExecutor(Executor):
    """Runs each submitted call at once, in the calling process."""

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future:
        """Run ``fn(*args, **kwargs)`` now; the returned future is already done."""
        future: Future = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as error:
            if isinstance(error, KeyboardInterrupt | SystemExit):
                raise
            future.set_exception(error)
        return future


@dataclass(frozen=True)
class Pool:
    """An executor, how many tasks to keep in flight on it (bounded memory) and its workers.

    ``client`` is the Dask client when the executor is Dask's, for :func:`map_unordered`.
    """

    executor: Executor
    slots: int
    description: str
    workers: int = 1
    client: Any = None


def map_unordered(pool: Pool, fn: Callable[[Any], Any], items: Iterable[Any]) -> Iterator[Any]:
    """``fn(item)`` for every item on the pool's workers, yielded as each finishes.

    Each worker gets two items at a time (one running, one queued, so no worker waits
    for the parent) and the rest as they finish, on a process pool and on Dask alike:
    the parent and Dask's scheduler hold a few batches, not the whole sweep, however
    large. A failed item raises its error here (the pool's context then stops the workers).
    """
    items = iter(items)
    if pool.client is not None:
        from distributed import as_completed

        def submit(item: Any) -> Any:
            return pool.client.submit(fn, item, pure=False)

        running = as_completed([submit(item) for item in islice(items, 2 * pool.workers)])
        for future in running:
            result = future.result()
            for item in islice(items, 1):
                running.add(submit(item))
            yield result
        return
    pending: set[Future] = set()
    while True:
        for item in islice(items, max(0, 2 * pool.workers - len(pending))):
            pending.add(pool.executor.submit(fn, item))
        if not pending:
            return
        finished, pending = wait(pending, return_when=FIRST_COMPLETED)
        for future in finished:
            yield future.result()


@contextmanager
def open_executor(workers: int | None = None, dask: str | None = None) -> Iterator[Pool]:
    """The executor for ``workers`` / ``dask``; shut down (pending work cancelled) on exit."""
    if dask is not None:
        with _dask(dask) as pool:
            yield pool
        return
    count = workers if workers is not None else (os.cpu_count() or 1)
    if count < 1:
        raise ScenarioError("--workers", f"must be at least 1 (got {count})")
    if count == 1:
        import simulation.engine.model  # noqa: F401  (imported before any run, as a started worker has it)

        yield Pool(InlineExecutor(), 1, "in-process")
        return
    with _process_pool(count) as pool:
        yield pool


@contextmanager
def _process_pool(count: int) -> Iterator[Pool]:
    """A warm process pool; on any exception (Ctrl-C, SIGTERM, a failed task) its workers are killed."""
    context = _fork_server()
    executor = ProcessPoolExecutor(
        max_workers=count, mp_context=context, initializer=_start_worker, initargs=(os.getpid(),)
    )
    previous = _interrupt_on_sigterm()
    try:
        yield Pool(executor, 4 * count, f"{count} processes", count)
    except BaseException:
        _kill_workers(executor)
        raise
    else:
        executor.shutdown(wait=True)
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


def start_fork_server() -> None:
    """Start the process pool's fork server now, without waiting for it.

    It imports the engine (about 2 s of CPU) in its own process, so a sweep that calls this
    before checking its points plans on one core while the server starts on the other.
    """
    from multiprocessing import forkserver

    _fork_server()
    forkserver.ensure_running()


def _fork_server() -> multiprocessing.context.BaseContext:
    """The fork server's context, with what the server imports before it forks any worker."""
    context = multiprocessing.get_context("forkserver")
    # The fork server imports the engine and the main script once; every worker forks from
    # it warm (without "__main__" here each worker would run the main script's imports again).
    context.set_forkserver_preload(["__main__", *WORKER_MODULES])
    return context


def _interrupt_on_sigterm():
    """SIGTERM raises ``KeyboardInterrupt`` like Ctrl-C; returns the handler to restore (or None)."""
    if threading.current_thread() is not threading.main_thread():
        return None
    return signal.signal(signal.SIGTERM, _raise_interrupt)


def _raise_interrupt(number: int, frame: object) -> None:
    raise KeyboardInterrupt(signal.Signals(number).name)


def _kill_workers(executor: ProcessPoolExecutor) -> None:
    """Cancel what has not started and kill the workers now, then reap them.

    ``shutdown(wait=False)`` alone is not enough: the interpreter's exit handlers then
    join workers that may sit idle on an empty call queue for ever.
    """
    processes = list((getattr(executor, "_processes", None) or {}).values())
    for process in processes:
        if process.is_alive():
            process.kill()
    deadline = time.monotonic() + STOP_GRACE_SECONDS
    for process in processes:
        process.join(max(0.0, deadline - time.monotonic()))
    executor.shutdown(wait=False, cancel_futures=True)


def _start_worker(parent: int) -> None:
    """Workers leave Ctrl-C to the parent and exit on their own when the parent is gone."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_exit_with_parent, args=(parent,), name="parent-watch", daemon=True).start()


def _exit_with_parent(parent: int) -> None:
    """Poll the parent's pid; when it no longer exists, end this worker at once."""
    while True:
        time.sleep(PARENT_CHECK_SECONDS)
        try:
            os.kill(parent, 0)
        except (ProcessLookupError, PermissionError):  # gone, or the pid now is another user's
            os._exit(1)


@contextmanager
def _dask(address: str) -> Iterator[Pool]:
    try:
        from distributed import Client
    except ImportError:
        raise ScenarioError(
            "--dask", "needs Dask: install the cluster extra with `uv sync --extra cluster`"
        ) from None
    cluster = None
    try:
        if address == "local":
            cluster = local_cluster(LOCAL_DASK_WORKERS)
            client = Client(cluster)
        else:
            client = Client(address, timeout="10s")
    except (OSError, TimeoutError) as error:
        if cluster is not None:
            cluster.close()
        raise ScenarioError("--dask", f"cannot reach the Dask scheduler at {address} ({error})") from None
    try:
        threads = sum(client.nthreads().values()) or 1
        yield Pool(client.get_executor(), 4 * threads, f"Dask {address} ({threads} threads)", threads, client)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def local_cluster(workers: int = LOCAL_DASK_WORKERS):
    """A ``distributed.LocalCluster`` of single-threaded worker processes, warm and quiet.

    Each worker imports the engine when it starts (a Dask preload), so no batch pays for
    the import and a cluster that outlives a sweep stays warm for the next; one thread per
    process keeps runs from sharing a GIL. Dask's periodic chores are slowed down
    (:data:`QUIET_CLUSTER`): with the defaults, an idle two-worker cluster took 130 ms of
    CPU a second from the two cores the runs need, with these 15 ms.
    """
    import dask
    from distributed import LocalCluster

    with dask.config.set(QUIET_CLUSTER):  # the nannies hand it to their worker processes
        return LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,
            silence_logs=logging.ERROR,
            preload=list(WORKER_MODULES),
        )
