"""The ``sweep`` and ``analyse`` commands: a thin layer over :mod:`simulation.sweeps`.

Registered on the Typer app in :mod:`simulation.cli.main`; errors propagate to its
``main``, which turns them into exit codes (2 for bad input).
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Annotated

import typer

from simulation.cli.terminal import say, stderr_console
from simulation.core.errors import ScenarioError


def sweep_command(
    sweep_file: Annotated[
        Path, typer.Argument(metavar="SWEEP.toml", help="sweep TOML file (docs/sweeps.md)")
    ],
    workers: Annotated[
        int | None, typer.Option(help="worker processes; 1 runs in-process; default: CPU count")
    ] = None,
    dask: Annotated[
        str | None, typer.Option(help="Dask scheduler address (tcp://host:8786), or 'local'")
    ] = None,
    out: Annotated[Path | None, typer.Option(help="sweep directory; default out/sweeps/<name>")] = None,
    resume: Annotated[bool, typer.Option(help="finish the sweep already in --out")] = False,
    allow_large: Annotated[
        bool, typer.Option(help="run even when the work estimate is above the budget (docs/reliability.md)")
    ] = False,
) -> None:
    """Run a parameter sweep; results go to a Parquet dataset in DIR/results."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TaskProgressColumn,
        TextColumn,
        TimeRemainingColumn,
    )

    from simulation.sweeps import plan, sweep
    from simulation.sweeps.runner import default_directory

    if workers is not None and workers < 1:
        raise ScenarioError("--workers", f"must be at least 1 (got {workers})")
    if workers is not None and dask is not None:
        raise ScenarioError("--dask", "give either --workers or --dask, not both")
    processes = workers or os.cpu_count() or 1
    ready = plan(sweep_file, allow_large, processes, fork_server=dask is None and processes > 1)
    directory = out if out is not None else default_directory(ready.sweep)
    started = time.perf_counter()
    state = {"skipped": 0, "first": True}
    progress = Progress(
        TextColumn("sweep"),
        BarColumn(),
        MofNCompleteColumn(),
        TaskProgressColumn(),
        TextColumn("{task.fields[rate]} runs/s"),
        TimeRemainingColumn(),
        console=stderr_console(),
        transient=True,
    )
    bar = progress.add_task("runs", total=len(ready.tasks), rate="–")

    def on_progress(done: int, total: int) -> None:
        if state["first"]:  # the directory checks passed: show the bar from now on
            state["first"] = False
            state["skipped"] = done
            progress.start()
            progress.update(bar, completed=done)
            return
        elapsed = time.perf_counter() - started
        rate = (done - state["skipped"]) / elapsed if elapsed > 0 else 0.0
        progress.update(bar, completed=done, rate=f"{rate:.1f}")

    try:
        frame = sweep(
            ready, out=directory, workers=workers, dask=dask, resume=resume, on_progress=on_progress
        )
    finally:
        if not state["first"]:
            progress.stop()
    elapsed = time.perf_counter() - started
    ran = len(frame) - state["skipped"]
    say(
        f"sweep {ready.sweep.name}: {len(frame)} rows ({ran} run now, {state['skipped']} already done) "
        f"in {elapsed:.1f} s, {ran / elapsed if elapsed > 0 else 0:.1f} runs/s; dataset {directory / 'results'}"
    )


def analyse_command(
    directory: Annotated[Path, typer.Argument(metavar="DIR", help="a sweep directory (run.py sweep --out)")],
    out: Annotated[Path | None, typer.Option(help="where to write; default DIR/analysis")] = None,
) -> None:
    """Sensitivity indices (Sobol/Morris sweeps), summary.csv and plots of a finished sweep."""
    from simulation.sweeps import analyse

    result = analyse(directory, out)
    for note in result.skipped:
        say(f"note: {note}")
    say(f"analysis: {len(result.files)} files in {result.directory}")
