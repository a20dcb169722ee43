"""Sweep throughput: ``uv run python -m benchmarks.sweep [--runs 1000] [--workers 1 2] [--dask 2 4]``.

Runs a sweep of many short runs (a 1-day run of the start-up scenario, so the
sweep machinery, not the engine, dominates) with each worker count, each in a
fresh interpreter. Wall-clock runs/s only mean something on an idle machine, so it
also reports CPU time, which a busy machine barely moves: per run in the workers
(each batch returns its worker's ``time.process_time``), per run in the parent
(handing out batches, writing parts, consolidating), each worker's start-up (CPU
before its first batch) and, once, what importing the engine costs a fresh
interpreter (the fork server pays it once per sweep; ``--workers 1`` pays it too).
From these, ``cpu_runs_per_s`` is the throughput the workers could reach with a core
each: workers / CPU per run, or less if the parent is the bottleneck. ``steady_runs_per_s``
is the wall-clock rate between the first and the last batch result: the sweep without
its one-off start-up (imports, planning, consolidation), which dominates short sweeps. Also the
peak memory of the parent and of the largest worker, and the dataset's bytes per run.
``--dask 2 4`` adds a Dask ``LocalCluster`` of 2 and of 4 workers as ``--dask local`` starts
them (``executors.local_cluster``: warm single-threaded processes, quiet scheduler; its
start-up is not timed, as a cluster outlives many sweeps; needs the ``cluster`` extra). Merges its figures into ``out/benchmarks/sweep_results.json``
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
from pathlib import Path
from simulation.sweeps import sweep
workers, dask = int(sys.argv[3]), None
if sys.argv[4] != "processes":
    from simulation.sweeps.executors import local_cluster
    cluster = local_cluster(workers)
    dask, workers = cluster.scheduler_address, None
started, cpu = time.perf_counter(), time.process_time()
frame = sweep(sys.argv[1], out=sys.argv[2], workers=workers, dask=dask)
wall = time.perf_counter() - started
dataset = sum(p.stat().st_size for p in Path(sys.argv[2], "results").glob("*.parquet"))
print(json.dumps({"rows": len(frame), "wall_s": wall, "parent_cpu_s": time.process_time() - cpu,
                  "parent_peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "dataset_bytes": dataset, "usage": frame.attrs["usage"]}))
"""
# What a fresh interpreter spends importing what a worker needs (the fork server's one-off cost).
IMPORT = """
import json, time
started = time.process_time()
import simulation.sweeps.tasks, simulation.engine.model, simulation.engine.metrics
print(json.dumps(time.process_time() - started))
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
    """One sweep in a fresh interpreter: wall and CPU figures, memory and dataset size.

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
    child = json.loads(done.stdout.strip().splitlines()[-1])
    rows, usage = child["rows"], child.pop("usage")
    pool = usage["workers"]
    run_cpu = sum(w["run_cpu_s"] for w in pool)
    inline = executor == "processes" and workers == 1  # the runs are in the parent's CPU time
    parent = usage["parent_cpu_s"] - (run_cpu if inline else 0.0)
    cpu_per_run, parent_per_run = run_cpu / rows, parent / rows
    ceiling = 1 / parent_per_run if parent_per_run > 0 and not inline else float("inf")
    steady = usage["last_result_s"] - usage["first_result_s"]
    return {
        **child,
        "workers": workers,
        "executor": executor,
        "batch_size": usage["batch_size"],
        "runs_per_s": rows / child["wall_s"],
        "steady_runs_per_s": (rows - usage["first_runs"]) / steady if steady > 0 else float("nan"),
        "worker_cpu_per_run_ms": 1000 * cpu_per_run,
        "parent_cpu_per_run_ms": 1000 * parent_per_run,
        "worker_startup_cpu_s": max(w["start_cpu_s"] for w in pool),
        "worker_peak_mib": max(w["peak_mib"] for w in pool),
        "cpu_runs_per_s": min(len(pool) / cpu_per_run, ceiling),
        "dataset_bytes_per_run": child["dataset_bytes"] / rows,
        "usage": usage,
    }


def import_cost() -> float:
    """CPU seconds a fresh interpreter spends importing the engine."""
    done = subprocess.run(
        [sys.executable, "-c", IMPORT], capture_output=True, text=True, cwd=HERE.parent, check=True
    )
    return float(done.stdout.strip().splitlines()[-1])


COLUMNS = (  # (header, key, format)
    ("executor", "executor", ""),
    ("workers", "workers", ""),
    ("runs", "rows", ""),
    ("batch", "batch_size", ""),
    ("wall s", "wall_s", ".1f"),
    ("runs/s", "runs_per_s", ".1f"),
    ("steady runs/s", "steady_runs_per_s", ".1f"),
    ("worker ms/run", "worker_cpu_per_run_ms", ".2f"),
    ("parent ms/run", "parent_cpu_per_run_ms", ".2f"),
    ("start-up s", "worker_startup_cpu_s", ".2f"),
    ("CPU runs/s", "cpu_runs_per_s", ".1f"),
    ("parent MiB", "parent_peak_mib", ".0f"),
    ("worker MiB", "worker_peak_mib", ".0f"),
    ("B/run", "dataset_bytes_per_run", ".0f"),
)


def main(argv: list[str] | None = None) -> None:
    """Measure each worker count and print a table."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.sweep", description=__doc__)
    parser.add_argument("--runs", type=int, default=1000, help="runs per sweep (default 1,000)")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--dask", type=int, nargs="*", default=[], help="LocalCluster worker counts")
    parser.add_argument("--output", type=Path, default=Path("out") / "benchmarks" / "sweep_results.json")
    args = parser.parse_args(argv)
    engine_import = import_cost()
    results = [measure(args.runs, workers) for workers in args.workers]
    results += [measure(args.runs, workers, "dask") for workers in args.dask]
    for row in results:
        row["engine_import_cpu_s"] = engine_import
    print(f"importing the engine: {engine_import:.2f} s CPU in a fresh interpreter (once per sweep)")
    print("  ".join(f"{header:>{max(len(header), 9)}}" for header, _, _ in COLUMNS))
    for row in results:
        print("  ".join(f"{row[key]:>{max(len(header), 9)}{fmt}}" for header, key, fmt in COLUMNS))
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
