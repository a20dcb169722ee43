"""Writing run results to a directory: ``runs.jsonl`` plus per-run CSV files."""

from __future__ import annotations

import csv
import json
import math
from pathlib import Path

from simulation.core.errors import ScenarioError
from simulation.experiments import RunResult


def prepare_directory(directory: Path) -> Path:
    """Create an output directory; failure is bad input naming ``--out``."""
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise ScenarioError(
            "--out", f"cannot create {directory} ({error.strerror}); choose a writable directory"
        ) from None
    return directory


def json_safe(row: dict[str, object]) -> dict[str, object]:
    """The row with NaN and infinities as None, so it is strict JSON."""
    return {k: (None if isinstance(v, float) and not math.isfinite(v) else v) for k, v in row.items()}


def write_run(directory: Path, result: RunResult) -> None:
    """Append the summary to ``runs.jsonl`` and write this run's details as CSV."""
    directory = prepare_directory(directory)
    summary = json_safe(result.summary)
    with (directory / "runs.jsonl").open("a", encoding="utf-8") as handle:
        handle.write(json.dumps(summary) + "\n")
    stem = f"{summary['model']}_seed{summary['seed']}_r{summary['replicate']}"
    if result.inquiries is not None:
        columns = list(result.inquiries)
        with (directory / f"inquiries_{stem}.csv").open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(columns)
            writer.writerows(zip(*(result.inquiries[c].tolist() for c in columns), strict=True))
    if result.flow is not None and result.departments is not None:
        with (directory / f"flow_{stem}.csv").open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(["from \\ to", *result.departments])
            for name, row in zip(result.departments, result.flow.tolist(), strict=True):
                writer.writerow([name, *row])
    if result.backlog is not None:
        with (directory / f"backlog_{stem}.csv").open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(["minute", "open_inquiries"])
            writer.writerows(zip(result.backlog[0].tolist(), result.backlog[1].tolist(), strict=True))
