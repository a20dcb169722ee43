"""Start-up time: ``uv run python -m benchmarks.startup [--repeats 5]``.

Runs ``run.py validate``, ``run.py models`` and ``run.py --help`` in fresh interpreters:
with the bytecode cache as a second run finds it; the same through ``uv run run.py``
as the README has users type it (uv checks the environment first, about 0.1 s); and
without a cache (``PYTHONDONTWRITEBYTECODE=1`` and an empty ``PYTHONPYCACHEPREFIX``:
every module, the libraries' too, is compiled again, as on a fresh checkout or a
read-only install). Prints the median wall and CPU time (user + system of the child and
its children) per command and writes ``out/benchmarks/startup.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
COMMANDS = {
    "validate": ["validate", "scenarios/default.toml"],
    "models": ["models"],
    "--help": ["--help"],
}
GOAL_S = 0.5


def timed(command: list[str], environment: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU seconds of one command in a fresh interpreter."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(
        command,
        cwd=HERE.parent,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=True,
    )
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def measure(repeats: int) -> list[dict[str, object]]:
    """Median wall and CPU time of each command, with and without a bytecode cache."""
    rows = []
    with tempfile.TemporaryDirectory() as empty:
        # an inherited PYTHONDONTWRITEBYTECODE would keep the warm-up run from writing the cache
        cached = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        uncached = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "PYTHONPYCACHEPREFIX": empty}
        uv = shutil.which("uv")
        for name, arguments in COMMANDS.items():
            command = [sys.executable, "run.py", *arguments]
            timed(command, cached)  # writes the cache a real second run would find
            modes = [("cached", command, cached), ("no bytecode cache", command, uncached)]
            if uv is not None:
                modes.insert(1, ("cached, uv run", [uv, "run", "run.py", *arguments], cached))
            for cache, argv, environment in modes:
                samples = [timed(argv, environment) for _ in range(repeats)]
                rows.append(
                    {
                        "command": name,
                        "bytecode": cache,
                        "wall_s": statistics.median(s[0] for s in samples),
                        "cpu_s": statistics.median(s[1] for s in samples),
                        "repeats": repeats,
                    }
                )
    return rows


def main(argv: list[str] | None = None) -> None:
    """Measure, print a table, write JSON."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.startup", description=__doc__)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--output", type=Path, default=Path("out") / "benchmarks" / "startup.json")
    args = parser.parse_args(argv)
    rows = measure(args.repeats)
    print(f"{'command':>10} {'bytecode':>18} {'wall s':>7} {'CPU s':>7}  goal < {GOAL_S} s")
    for row in rows:
        print(f"{row['command']:>10} {row['bytecode']:>18} {row['wall_s']:>7.2f} {row['cpu_s']:>7.2f}")
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(rows, indent=2) + "\n")


if __name__ == "__main__":
    main()
