"""The live processes of this machine, read from Linux ``/proc``: for tests that kill and count them."""

from __future__ import annotations

import signal
from collections.abc import Iterator
from pathlib import Path


def live_processes() -> Iterator[tuple[int, int, int]]:
    """``(pid, parent pid, process group)`` of every process that is not a zombie."""
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # it ended while we looked
            continue
        if fields[0] != "Z":
            yield int(stat.parent.name), int(fields[1]), int(fields[2])


def process_group(group: int) -> list[int]:
    """The live processes of a process group."""
    return [pid for pid, _, member_of in live_processes() if member_of == group]


def children_of(parent: int) -> list[int]:
    """The live direct children of ``parent``."""
    return [pid for pid, parent_pid, _ in live_processes() if parent_pid == parent]


def default_signals() -> None:
    """``preexec_fn`` for a process a test will signal: SIGINT and SIGHUP act as on a terminal.

    A test run started in the background or under ``nohup`` ignores them, and an ignored
    signal stays ignored in every child, so the child would shrug off what the test sends.
    """
    for number in (signal.SIGINT, signal.SIGHUP):
        signal.signal(number, signal.SIG_DFL)
