"""Sweep throughput: ``uv run python -m benchmarks.sweep [--runs 1000] [--workers 1 2]``.

Runs a sweep of many short runs (a 1-day run of the start-up scenario, so the
sweep machinery, not the engine, dominates) with each worker count, each in a
fresh interpreter, and reports runs/s and the peak memory of the sweep's parent
process (``ru_maxrss`` of that process alone; workers are separate processes).
Merges its figures into ``benchmarks/sweep_results.json`` (one entry per run count and workers).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
SCENARIO = HERE.parent / "scenarios" / "startup.toml"
REPLICATES = 10
MODELS = ("marketing_silo", "central_team")
# In the child: run the sweep in-process, then report its own peak memory and timing.
CHILD = """
import json, resource, sys, time
from simulation.sweeps import sweep
started = time.perf_counter()
frame = sweep(sys.argv[1], out=sys.argv[2], workers=int(sys.argv[3]))
wall = time.perf_counter() - started
print(json.dumps({"rows": len(frame), "wall_s": wall,
                  "parent_peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def sweep_file(directory: Path, runs: int) -> Path:
    """A grid over the arrival rate, two models and ``REPLICATES`` replicates: ``runs`` runs."""
    points = max(1, runs // (len(MODELS) * REPLICATES))
    models = ", ".join(f'"{m}"' for m in MODELS)
    path = directory / "bench_sweep.toml"
    path.write_text(
        f"""[sweep]
base = "{SCENARIO}"
sampler = "grid"
samples = {points}
replicates = {REPLICATES}
seed = 7
outputs = ["answered_share", "response_time_median_min"]

[fixed]
"scenario.duration_days" = 1
"scenario.warmup_days" = 0
"scenario.drain_days" = 1

[parameters]
"inquiries.per_day" = {{ min = 5, max = 50 }}
"ownership.model" = [{models}]
"""
    )
    return path


def measure(runs: int, workers: int) -> dict[str, float]:
    """One sweep in a fresh interpreter; its rows, wall time, runs/s and parent peak memory."""
    with tempfile.TemporaryDirectory() as scratch:
        directory = Path(scratch)
        spec = sweep_file(directory, runs)
        done = subprocess.run(
            [sys.executable, "-c", CHILD, str(spec), str(directory / "out"), str(workers)],
            capture_output=True,
            text=True,
            cwd=HERE.parent,
            check=False,
        )
    if done.returncode:
        raise SystemExit(f"sweep with {workers} worker(s) failed:\n{done.stderr}")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    result["workers"] = workers
    result["runs_per_s"] = result["rows"] / result["wall_s"]
    return result


def main(argv: list[str] | None = None) -> None:
    """Measure each worker count and print a table."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.sweep", description=__doc__)
    parser.add_argument("--runs", type=int, default=1000, help="runs per sweep (default 1,000)")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args(argv)
    results = [measure(args.runs, workers) for workers in args.workers]
    print(f"{'workers':>8} {'runs':>7} {'wall s':>8} {'runs/s':>8} {'parent peak MiB':>16}")
    for row in results:
        print(
            f"{row['workers']:>8} {row['rows']:>7} {row['wall_s']:>8.1f} "
            f"{row['runs_per_s']:>8.1f} {row['parent_peak_mib']:>16.0f}"
        )
    path = HERE / "sweep_results.json"
    earlier = json.loads(path.read_text()) if path.exists() else []
    kept = [
        r for r in earlier if (r["rows"], r["workers"]) not in {(n["rows"], n["workers"]) for n in results}
    ]
    path.write_text(
        json.dumps(sorted(kept + results, key=lambda r: (r["rows"], r["workers"])), indent=2) + "\n"
    )


if __name__ == "__main__":
    main()
