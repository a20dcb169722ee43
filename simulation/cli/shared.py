"""What the entry point and the Typer app share, without importing Typer.

The check behind ``validate``, the exit code and message for an error, and pydantic
without its plugin search.
"""

from __future__ import annotations

import gc
import os
import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from simulation.cli.terminal import say, visible
from simulation.core.errors import ScenarioError

# Pydantic looks for plugins when it builds the first model, by reading the metadata of
# every installed package: 50 ms of a 0.4 s `validate`. The scenario types are orgsim's
# own input checks with nothing for a plugin to observe, so commands build them without;
# a value the user set is kept.
PYDANTIC_PLUGINS = "PYDANTIC_DISABLE_PLUGINS"
INTERRUPTED = 130  # the shell's exit status for Ctrl-C
OUT_OF_MEMORY = (
    b"error: out of memory; the work is larger than this machine holds. "
    b"`run.py validate FILE` shows the estimate; make the scenario smaller\n"
)


def leave(status: int) -> None:
    """Exit with ``status`` and leave what the command made to the operating system.

    On the way out the interpreter's last collection walks every object still tracked, and
    frees the reference cycles among them one by one: after a large run millions (3.2 s after
    60 days of 20,000 people, 0.08 s frozen). Called once output is written and files are
    closed; exit handlers still run.

    The status is decided here: Ctrl-C and SIGTERM are ignored from now on. Late in the
    interpreter's shutdown Python gives SIGINT back to the system, so a signal arriving then
    would make a command that finished die by it (status -2 or -15, everything written).
    """
    for number in (signal.SIGINT, signal.SIGTERM):
        signal.signal(number, signal.SIG_IGN)
    gc.freeze()
    sys.exit(status)


def check_file(path: Path, allow_large: bool) -> None:
    """Check a scenario or sweep file and print its work estimate; raises ``ScenarioError`` if invalid."""
    from simulation.experiments.budget import Estimate, check_budget, work_of
    from simulation.scenario.loading import read_toml, scenario_from_dict

    raw = read_toml(path)
    if "sweep" in raw:
        from simulation.sweeps import plan  # the sweep layer loads only for sweep files

        checked = plan(path, allow_large=allow_large)
        print(visible(f"{path}: valid sweep ({len(checked.tasks):,} runs)"))
        print(f"  work: {checked.estimate.describe()}")
        return
    spec = scenario_from_dict(raw)
    estimate = Estimate(work_of(spec), 1)
    check_budget(estimate, allow_large)
    print(visible(f"{path}: valid ({spec.organisation.size:,} employees, model {spec.ownership.model})"))
    print(f"  work per run: {estimate.describe()}")


@contextmanager
def without_pydantic_plugins() -> Iterator[None]:
    """Pydantic models built inside find no plugins, unless the user chose which to disable."""
    if PYDANTIC_PLUGINS in os.environ:
        yield
        return
    os.environ[PYDANTIC_PLUGINS] = "__all__"
    try:
        yield
    finally:
        os.environ.pop(PYDANTIC_PLUGINS, None)


def failure(error: Exception) -> int:
    """The exit code for an error a command raised, after its one-line message on stderr."""
    if isinstance(error, MemoryError):  # nothing may be imported or formatted here: memory is short
        os.write(2, OUT_OF_MEMORY)
        return 2
    if isinstance(error, ScenarioError):
        say(f"error: {error}")
        return 2
    if isinstance(error, RecursionError):
        say("error: the input nests too deeply to be processed; flatten it")
        return 2
    say(f"internal error: {type(error).__name__}: {error} (please report it)")
    return 1
