"""Writing results so that none is lost: atomic files, one writer per directory, no silent overwrite.

- Every file is written under a temporary name beside its target (``.NAME.PID.tmp``),
  flushed to disk and renamed over the target, so a file that exists is complete: a full
  disk or a kill leaves the older file, never a truncated one.
- :func:`open_output` locks the directory (``.orgsim.lock``, an advisory ``flock`` that
  the kernel releases when the process ends, however it ends), so a second writer is
  refused at once instead of interleaving its files with the first one's.
- A directory that already holds results is refused unless the user asked to
  ``--overwrite`` (files of the same name are replaced; nothing else is deleted);
  :func:`next_free` gives a numbered sibling instead (``out/compare-2``).
- Per-run files carry the scenario, model, seed and replicate in their names.
"""

from __future__ import annotations

import csv
import fcntl
import io
import json
import math
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from simulation.core.errors import ScenarioError

if TYPE_CHECKING:  # annotation only: writers load without the engine (start-up of the CLI)
    from simulation.experiments.replicates import RunResult

LOCK_FILE = ".orgsim.lock"
RUNS_FILE = "runs.jsonl"
RESULT_PATTERNS = (RUNS_FILE, "*.csv", "*.png", "*.html", "*.parquet", "design.json")


def json_safe(row: dict[str, object]) -> dict[str, object]:
    """The row with NaN and infinities as None, so it is strict JSON."""
    return {k: (None if isinstance(v, float) and not math.isfinite(v) else v) for k, v in row.items()}


def atomic_write(path: Path, data: bytes | str, field: str = "--out") -> Path:
    """Write ``data`` to ``path`` through a temporary file and a rename.

    Raises:
        ScenarioError: ``field``, when the file cannot be written (disk full, read-only,
            permissions); the temporary file is removed and an older ``path`` is intact.

    """
    payload = data.encode("utf-8") if isinstance(data, str) else data
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(temporary, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException as error:  # an interrupt too: no temporary file is left behind
        temporary.unlink(missing_ok=True)
        if not isinstance(error, OSError):
            raise
        reason = error.strerror or str(error)
        raise ScenarioError(
            field,
            f"cannot write {path} ({reason}); older files are intact; free some space or choose another {field}",
        ) from None
    return path


def save_figure(figure, path: Path, **options) -> Path:
    """Render a matplotlib figure as PNG and write it with :func:`atomic_write`."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", **options)
    return atomic_write(path, buffer.getvalue())


def prepare_directory(directory: Path, field: str = "--out") -> Path:
    """Create ``directory`` (and its parents); failure is bad input naming ``field``."""
    if directory.exists() and not directory.is_dir():
        raise ScenarioError(field, f"{directory} is a file, not a directory; choose a directory")
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise ScenarioError(
            field, f"cannot create {directory} ({error.strerror or error}); choose a writable directory"
        ) from None
    if not os.access(directory, os.W_OK | os.X_OK):
        raise ScenarioError(field, f"{directory} is not writable; choose a writable directory")
    return directory


@contextmanager
def lock_directory(directory: Path, field: str = "--out") -> Iterator[Path]:
    """Hold the directory's lock while the block runs; the directory is created first.

    Raises:
        ScenarioError: another process holds the lock (its pid is named).

    """
    prepare_directory(directory, field)
    path = directory / LOCK_FILE
    try:
        descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as error:
        raise ScenarioError(field, f"cannot lock {directory} ({error.strerror or error})") from None
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(descriptor, 32, 0).decode("ascii", "replace").strip() or "unknown"
            raise ScenarioError(
                field,
                f"{directory} is being written by another orgsim process (pid {holder}); "
                f"wait for it to finish or choose another {field}",
            ) from None
        os.ftruncate(descriptor, 0)
        os.pwrite(descriptor, f"{os.getpid()}\n".encode("ascii"), 0)
        for stale in directory.glob(".*.tmp"):  # left by a writer that was killed
            stale.unlink(missing_ok=True)
        yield directory
    finally:
        os.close(descriptor)  # releases the lock


def earlier_results(directory: Path) -> list[str]:
    """Names of result files already in ``directory`` (sorted; hidden files do not count)."""
    if not directory.is_dir():
        return []
    found = {p.name for pattern in RESULT_PATTERNS for p in directory.glob(pattern)}
    return sorted(name for name in found if not name.startswith("."))


@contextmanager
def open_output(directory: Path, overwrite: bool = False, field: str = "--out") -> Iterator[Path]:
    """Lock ``directory`` for writing results; refuse earlier results unless ``overwrite``.

    Raises:
        ScenarioError: the directory cannot be created or locked, or holds results.

    """
    with lock_directory(directory, field) as locked:
        found = earlier_results(locked)
        if found and not overwrite:
            shown = ", ".join(found[:3]) + (f" and {len(found) - 3} more" if len(found) > 3 else "")
            raise ScenarioError(
                field,
                f"{directory} holds earlier results ({shown}); choose a new directory, "
                "or pass --overwrite to replace them",
            )
        yield locked


def next_free(directory: Path) -> Path:
    """``directory`` if it holds no results, else the first ``directory-N`` (N ≥ 2) that holds none."""
    candidate, number = directory, 1
    while earlier_results(candidate):
        number += 1
        candidate = directory.with_name(f"{directory.name}-{number}")
    return candidate


def slug(text: str, limit: int = 40) -> str:
    """``text`` as a file-name part: lower case letters, digits and dashes."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:limit].strip("-") or "scenario"


def run_stem(summary: dict[str, object]) -> str:
    """The per-run file stem: ``<scenario>_<model>_seed<seed>_r<replicate>``."""
    return (
        f"{slug(str(summary['scenario']))}_{summary['model']}_seed{summary['seed']}_r{summary['replicate']}"
    )


class RunWriter:
    """Writes ``runs.jsonl`` and each run's CSV files into a locked directory.

    ``runs.jsonl`` is rewritten whole (atomically) after every run, so it always holds
    exactly the runs finished so far, never a torn line or a row from an earlier call.
    """

    def __init__(self, directory: Path):
        self.directory = directory
        self.lines: list[str] = []

    def add(self, result: RunResult) -> None:
        """Write this run's details as CSV, then the summaries so far."""
        summary = json_safe(result.summary)
        stem = run_stem(summary)
        if result.inquiries is not None:
            columns = list(result.inquiries)
            rows = zip(*(result.inquiries[c].tolist() for c in columns), strict=True)
            self._csv(f"inquiries_{stem}.csv", [columns, *rows])
        if result.flow is not None and result.departments is not None:
            flow = zip(result.departments, result.flow.tolist(), strict=True)
            self._csv(f"flow_{stem}.csv", [["from \\ to", *result.departments], *([n, *r] for n, r in flow)])
        if result.backlog is not None:
            backlog = zip(result.backlog[0].tolist(), result.backlog[1].tolist(), strict=True)
            self._csv(f"backlog_{stem}.csv", [["minute", "open_inquiries"], *backlog])
        self.lines.append(json.dumps(summary) + "\n")
        atomic_write(self.directory / RUNS_FILE, "".join(self.lines))

    def _csv(self, name: str, rows) -> None:
        buffer = io.StringIO(newline="")
        csv.writer(buffer).writerows(rows)
        atomic_write(self.directory / name, buffer.getvalue())
