"""Sweep throughput: ``uv run python -m benchmarks.sweep [--runs 1000] [--workers 1 2] [--dask 2 4]``.

Runs a sweep of many short runs (a 1-day run of the start-up scenario, so the
sweep machinery, not the engine, dominates) with each worker count, each in a
fresh interpreter, and reports runs/s and the peak memory of the sweep's parent
process (``ru_maxrss`` of that process alone; workers are separate processes).
``--dask 2 4`` adds a Dask ``LocalCluster`` of 2 and of 4 single-threaded worker processes
(needs the ``cluster`` extra). Merges its figures into ``out/benchmarks/sweep_results.json``
(one entry per run count and executor); ``--output benchmarks/sweep_results.json`` updates the
curated file that docs/performance.md quotes.
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
workers, dask = int(sys.argv[3]), None
if sys.argv[4] != "processes":
    import logging
    from distributed import LocalCluster
    cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                           dashboard_address=None, silence_logs=logging.ERROR)
    dask, workers = cluster.scheduler_address, None
started, cpu = time.perf_counter(), time.process_time()
frame = sweep(sys.argv[1], out=sys.argv[2], workers=workers, dask=dask)
wall = time.perf_counter() - started
print(json.dumps({"rows": len(frame), "wall_s": wall, "parent_cpu_s": time.process_time() - cpu,
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


def measure(runs: int, workers: int, executor: str = "processes") -> dict[str, object]:
    """One sweep in a fresh interpreter; its rows, wall time, runs/s and parent peak memory.

    ``executor`` is ``processes`` (the default pool) or ``dask`` (a fresh LocalCluster, whose
    start-up is not timed: a cluster outlives many sweeps).
    """
    with tempfile.TemporaryDirectory() as scratch:
        directory = Path(scratch)
        spec = sweep_file(directory, runs)
        done = subprocess.run(
            [sys.executable, "-c", CHILD, str(spec), str(directory / "out"), str(workers), executor],
            capture_output=True,
            text=True,
            cwd=HERE.parent,
            check=False,
        )
    if done.returncode:
        raise SystemExit(f"sweep with {workers} worker(s) failed:\n{done.stderr}")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    result["workers"] = workers
    result["executor"] = executor
    result["runs_per_s"] = result["rows"] / result["wall_s"]
    return result


def main(argv: list[str] | None = None) -> None:
    """Measure each worker count and print a table."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.sweep", description=__doc__)
    parser.add_argument("--runs", type=int, default=1000, help="runs per sweep (default 1,000)")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--dask", type=int, nargs="*", default=[], help="LocalCluster worker counts")
    parser.add_argument("--output", type=Path, default=Path("out") / "benchmarks" / "sweep_results.json")
    args = parser.parse_args(argv)
    results = [measure(args.runs, workers) for workers in args.workers]
    results += [measure(args.runs, workers, "dask") for workers in args.dask]
    print(f"{'executor':>10} {'workers':>8} {'runs':>7} {'wall s':>8} {'runs/s':>8} {'parent peak MiB':>16}")
    for row in results:
        print(
            f"{row['executor']:>10} {row['workers']:>8} {row['rows']:>7} {row['wall_s']:>8.1f} "
            f"{row['runs_per_s']:>8.1f} {row['parent_peak_mib']:>16.0f}"
        )
    path = args.output
    path.parent.mkdir(parents=True, exist_ok=True)
    earlier = json.loads(path.read_text()) if path.exists() else []

    def key(row: dict) -> tuple:
        return row["rows"], row.get("executor", "processes"), row["workers"]

    fresh = {key(row) for row in results}
    kept = [row for row in earlier if key(row) not in fresh]
    path.write_text(json.dumps(sorted(kept + results, key=key), indent=2) + "\n")


if __name__ == "__main__":
    main()
