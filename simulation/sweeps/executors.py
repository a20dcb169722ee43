"""Executors: one ``concurrent.futures.Executor`` interface for every way of running tasks.

- ``workers=1``: :class:`InlineExecutor`, in this process, one task at a time.
- default: ``concurrent.futures.ProcessPoolExecutor`` with ``os.cpu_count()`` workers,
  started by a fork server that has imported the simulation once.
- ``dask="tcp://host:8786"``: a running Dask scheduler; ``dask="local"`` starts a
  ``distributed.LocalCluster`` of two worker processes on 127.0.0.1. Both go
  through ``Client.get_executor()``; Dask needs the ``cluster`` extra
  (``uv sync --extra cluster``).
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import signal
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from simulation.core.errors import ScenarioError

LOCAL_DASK_WORKERS = 2


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
    """An executor and how many tasks to keep in flight on it (bounded memory)."""

    executor: Executor
    slots: int
    description: str


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
        yield Pool(InlineExecutor(), 1, "in-process")
        return
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["simulation.sweeps.tasks", "simulation.engine.model", "pyarrow.parquet"])
    executor = ProcessPoolExecutor(max_workers=count, mp_context=context, initializer=_ignore_interrupts)
    try:
        yield Pool(executor, 4 * count, f"{count} processes")
    finally:
        executor.shutdown(wait=False, cancel_futures=True)


def _ignore_interrupts() -> None:
    """Workers leave Ctrl-C to the parent, which cancels what has not started."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


@contextmanager
def _dask(address: str) -> Iterator[Pool]:
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise ScenarioError(
            "--dask", "needs Dask: install the cluster extra with `uv sync --extra cluster`"
        ) from None
    cluster = None
    try:
        if address == "local":
            cluster = LocalCluster(
                n_workers=LOCAL_DASK_WORKERS,
                threads_per_worker=1,
                processes=True,
                host="127.0.0.1",
                dashboard_address=None,
                silence_logs=logging.ERROR,
            )
            client = Client(cluster)
        else:
            client = Client(address, timeout="10s")
    except (OSError, TimeoutError) as error:
        if cluster is not None:
            cluster.close()
        raise ScenarioError("--dask", f"cannot reach the Dask scheduler at {address} ({error})") from None
    try:
        threads = sum(client.nthreads().values()) or 1
        yield Pool(client.get_executor(), 4 * threads, f"Dask {address} ({threads} threads)")
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
