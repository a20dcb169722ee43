"""Where results go: one Parquet part per batch of tasks, resume, and consolidation.

Layout of a sweep directory ``DIR`` (``docs/sweeps.md``)::

    DIR/design.json                 the resolved design, written before any run
    DIR/parts/task-<id>.parquet     a batch's rows (from task <id> on), written as the batch returns
    DIR/results/batch-<hash>.parquet  consolidated rows: the dataset

``pandas.read_parquet(DIR / "results")`` reads the dataset. Every file is written
under a temporary name starting with ``.`` (ignored by Parquet readers) and
moved into place with ``os.replace``, so a file that exists is complete. A task
is done when its id is in a part or a results file; consolidation moves whole
parts into a new results file and only then deletes them, and on the next call
drops rows already in a results file, so a crash at any moment loses no row and
leaves no duplicate once consolidation has run again.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from simulation.core.errors import ScenarioError
from simulation.experiments.output import atomic_write, prepare_directory

DESIGN_FILE = "design.json"
PARTS = "parts"
RESULTS = "results"
IDENTITY_COLUMNS = (
    ("task", "string"),
    ("point", "int64"),
    ("model", "string"),
    ("replicate", "int64"),
    ("seed", "string"),
)


def column_types(parameters: dict[str, str], outputs: Sequence[str]) -> tuple[tuple[str, str], ...]:
    """The dataset's columns and Arrow types: identity, parameters, outputs (float64), wall time."""
    return (
        *IDENTITY_COLUMNS,
        *parameters.items(),
        ("scenario", "string"),
        ("orgsim_version", "string"),
        *((name, "float64") for name in outputs),
        ("wall_time_s", "float64"),
    )


def arrow_type(values: Iterable[Any], integer: bool = False) -> str:
    """The Arrow type of a parameter's values: bool, int64, float64 or string."""
    values = list(values)
    if all(isinstance(v, bool) for v in values):
        return "bool"
    if all(isinstance(v, int) and not isinstance(v, bool) for v in values) or integer:
        return "int64"
    if all(isinstance(v, int | float) and not isinstance(v, bool) for v in values):
        return "float64"
    return "string"


def _schema(columns: Sequence[tuple[str, str]]):
    import pyarrow as pa

    return pa.schema([(name, getattr(pa, kind)()) for name, kind in columns])


def _atomic_write_table(table, path: Path) -> None:
    import pyarrow.parquet as pq

    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        pq.write_table(table, temporary)
        os.replace(temporary, path)
    except OSError as error:  # a full disk: the older files stay, this one is not half-written
        temporary.unlink(missing_ok=True)
        reason = getattr(error, "strerror", None) or str(error)
        raise ScenarioError(
            "--out", f"cannot write {path} ({reason}); free some space, then --resume"
        ) from None


def import_writer() -> None:
    """Import pyarrow and pandas, which pyarrow imports on its first array (0.8 s of CPU).

    A sweep does this before its pool starts, where it overlaps the fork server's start-up;
    left to the first part written, it takes a core from a running worker.
    """
    import pandas  # noqa: F401
    import pyarrow  # noqa: F401


def write_part(parts: Path, rows: Sequence[dict[str, Any]], columns: Sequence[tuple[str, str]]) -> Path:
    """Write a batch's rows to ``parts/task-<first task id>.parquet`` atomically."""
    import pyarrow as pa

    schema = _schema(columns)
    values = {name: [_cast(row.get(name), kind) for row in rows] for name, kind in columns}
    parts.mkdir(parents=True, exist_ok=True)
    path = parts / f"task-{rows[0]['task']}.parquet"
    _atomic_write_table(pa.table(values, schema=schema), path)
    return path


def _cast(value: Any, kind: str) -> Any:
    if value is None:
        return None
    if kind == "float64":
        return float(value)  # type: ignore[arg-type]
    if kind == "string":
        return str(value)
    return value


def fingerprint(design: dict[str, Any]) -> str:
    """SHA-256 of the design's canonical JSON, without the bookkeeping fields."""
    content = {k: v for k, v in design.items() if k not in ("fingerprint", "sweep_file", "base_file")}
    text = json.dumps(content, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def prepare(directory: Path, design: dict[str, Any], resume: bool) -> None:
    """Create ``directory`` and write ``design.json``, or check it holds the same sweep.

    Raises:
        ScenarioError: the directory holds a different sweep, or ``resume`` finds none.

    """
    path = directory / DESIGN_FILE
    design = {**design, "fingerprint": fingerprint(design)}
    if path.exists():
        try:
            existing = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise ScenarioError("--out", f"{path} cannot be read ({error}); use another --out") from None
        if existing.get("fingerprint") != design["fingerprint"]:
            raise ScenarioError(
                "--out",
                f"{directory} holds a different sweep ({existing.get('sweep_file')}); "
                "use another --out directory or delete it",
            )
        return
    if resume:
        raise ScenarioError("--resume", f"{directory} holds no sweep to resume (no {DESIGN_FILE})")
    if directory.exists() and not directory.is_dir():
        raise ScenarioError("--out", f"{directory} is a file, not a directory; choose a directory")
    if directory.exists() and any(not p.name.startswith(".") for p in directory.iterdir()):
        raise ScenarioError("--out", f"{directory} exists and is not a sweep directory; use another --out")
    prepare_directory(directory)
    atomic_write(path, json.dumps(design, indent=1, default=str))


def read_design(directory: Path) -> dict[str, Any]:
    """The ``design.json`` of a sweep directory."""
    path = Path(directory) / DESIGN_FILE
    if not path.is_file():
        raise ScenarioError("DIR", f"{directory} is not a sweep directory (no {DESIGN_FILE})")
    return json.loads(path.read_text(encoding="utf-8"))


def _consolidated_ids(directory: Path) -> set[str]:
    import pyarrow.parquet as pq

    done: set[str] = set()
    for path in sorted((directory / RESULTS).glob("*.parquet")):
        done.update(pq.read_table(path, columns=["task"]).column("task").to_pylist())
    return done


def _part_ids(directory: Path) -> dict[Path, list[str]]:
    """Each part file and the task ids of its rows."""
    import pyarrow.parquet as pq

    parts = sorted((directory / PARTS).glob("task-*.parquet"))
    return {path: pq.read_table(path, columns=["task"]).column("task").to_pylist() for path in parts}


def done_tasks(directory: Path) -> set[str]:
    """Ids of the tasks whose row is on disk (in a part or a results file)."""
    done = _consolidated_ids(directory)
    for ids in _part_ids(directory).values():
        done.update(ids)
    return done


BATCH_ROWS = 1000  # rows per results file written by consolidate (at least; whole parts only)


def consolidate(directory: Path) -> int:
    """Move finished parts into new results files; idempotent and crash-safe.

    Whole part files go into a results file, so a part is either all in ``results/``
    or not at all; rows already there (a crash before a part was deleted) are dropped.

    Returns:
        The number of rows moved.

    """
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    directory = Path(directory)
    results = directory / RESULTS
    results.mkdir(parents=True, exist_ok=True)
    for stale in [*results.glob(".*.tmp"), *(directory / PARTS).glob(".*.tmp")]:
        stale.unlink(missing_ok=True)
    already = _consolidated_ids(directory)
    moved = 0
    tables, paths, ids = [], [], []
    for path, part_ids in _part_ids(directory).items():
        fresh = [task_id for task_id in part_ids if task_id not in already]
        if fresh:
            table = pq.read_table(path)
            if len(fresh) < len(part_ids):
                table = table.filter(pc.is_in(table.column("task"), value_set=pa.array(fresh, pa.string())))
            tables.append(table)
            ids.extend(fresh)
        paths.append(path)
        if len(ids) >= BATCH_ROWS:  # in batches, so memory stays flat
            moved += _write_results(results, tables, paths, ids)
            tables, paths, ids = [], [], []
    return moved + _write_results(results, tables, paths, ids)


def _write_results(results: Path, tables: list, paths: list[Path], ids: list[str]) -> int:
    """One results file of ``tables``, then delete the parts they came from."""
    import pyarrow as pa

    if tables:
        digest = hashlib.sha256("\n".join(sorted(ids)).encode()).hexdigest()[:16]
        _atomic_write_table(pa.concat_tables(tables), results / f"batch-{digest}.parquet")
    for path in paths:
        path.unlink(missing_ok=True)
    return len(ids)


def read_results(directory: Path):
    """The dataset as a pandas DataFrame, sorted by point, model and replicate."""
    import pandas as pd

    results = Path(directory) / RESULTS
    if not results.is_dir() or not any(results.glob("*.parquet")):
        return pd.DataFrame()
    frame = pd.read_parquet(results)
    return frame.sort_values(["point", "model", "replicate"], ignore_index=True)
