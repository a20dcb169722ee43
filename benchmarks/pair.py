"""Two code trees on one case, taking turns: ``python -m benchmarks.pair OLD NEW '<case JSON>'``.

This machine's speed drifts by up to 30 % from one minute to the next, so two runs one
after the other, or side by side on the two cores, compare the minutes as much as the
code. Here each tree runs the case as ``python -m benchmarks.cases`` in its own process
(its own directory first on the path), and the two take turns of ``--slice`` seconds on
one core: while one runs, the other is stopped, so both meet the same minutes. Each
reports its own CPU time; ``--rounds`` repeats the pair, the other tree starting first
every second round, and the median ratio new/old is the answer (about +-2 % from one
pair to the next, where separate runs differ by up to 30 %).

A tree is a directory holding ``simulation/`` and ``benchmarks/``, such as a checkout or
``git archive COMMIT | tar -x -C DIR``. A tree whose event queue was never built (no
``uv sync`` there) runs the pure-Python queue: the table says which queue each one ran.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

QUEUE = "import importlib.util as u; print(u.find_spec('simulation.engine._event_queue') is not None)"


def take_turns(commands: list[list[str]], trees: list[Path], slice_s: float) -> list[str]:
    """Run the commands, one in each tree, in turns of ``slice_s`` seconds; their stdout.

    Stops at the first that failed, with its error output (kept in a file, not a pipe: a
    stopped process must never wait for a reader).
    """
    with contextlib.ExitStack() as files:
        errors = [files.enter_context(tempfile.TemporaryFile(mode="w+")) for _ in commands]
        processes = [
            subprocess.Popen(command, cwd=tree, stdout=subprocess.PIPE, stderr=error, text=True)
            for command, tree, error in zip(commands, trees, errors, strict=True)
        ]
        try:
            for process in processes:
                os.kill(process.pid, signal.SIGSTOP)
            waiting = list(processes)
            while waiting:
                for process in list(waiting):
                    os.kill(process.pid, signal.SIGCONT)
                    try:
                        process.wait(timeout=slice_s)
                        waiting.remove(process)
                    except subprocess.TimeoutExpired:
                        os.kill(process.pid, signal.SIGSTOP)
            outputs = [process.communicate()[0] for process in processes]
        finally:
            for process in processes:
                if process.poll() is None:
                    process.kill()
                    process.wait()
        for command, process, error in zip(commands, processes, errors, strict=True):
            if process.returncode:
                error.seek(0)
                raise SystemExit(f"{' '.join(command[-2:])} failed:\n{error.read()}")
        return outputs


def main(argv: list[str] | None = None) -> None:
    """Print each round's CPU seconds per tree and the median ratio new / old."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.pair", description=__doc__.splitlines()[0])
    parser.add_argument("old", type=Path, help="the tree to compare against")
    parser.add_argument("new", type=Path, help="the tree to measure")
    parser.add_argument(
        "case", help='a case as JSON, e.g. {"implementation":"orgsim","problem":"organisation",...}'
    )
    parser.add_argument("--rounds", type=int, default=3, help="pairs to run (default 3)")
    parser.add_argument("--slice", type=float, default=0.2, help="seconds per turn (default 0.2)")
    args = parser.parse_args(argv)
    trees = [args.old.resolve(), args.new.resolve()]
    for tree in trees:
        if not (tree / "simulation").is_dir() or not (tree / "benchmarks").is_dir():
            raise SystemExit(f"{tree}: not a tree of this project (needs simulation/ and benchmarks/)")
    json.loads(args.case)  # a clear error before anything runs
    compiled = [
        subprocess.run([sys.executable, "-c", QUEUE], cwd=tree, capture_output=True, text=True).stdout.strip()
        for tree in trees
    ]
    print(f"old: {trees[0]} (compiled queue: {compiled[0]})\nnew: {trees[1]} (compiled queue: {compiled[1]})")
    command = [sys.executable, "-m", "benchmarks.cases", args.case]
    ratios = []
    for number in range(args.rounds):
        order = [0, 1] if number % 2 == 0 else [1, 0]
        outputs = take_turns([command, command], [trees[i] for i in order], args.slice)
        cpu = [0.0, 0.0]
        for index, output in zip(order, outputs, strict=True):
            cpu[index] = json.loads(output.strip().splitlines()[-1])["cpu_s"]
        ratios.append(cpu[1] / cpu[0])
        print(
            f"round {number + 1}: old {cpu[0]:.2f} s, new {cpu[1]:.2f} s CPU, new/old {ratios[-1]:.3f}",
            flush=True,
        )
    print(f"median new/old: {statistics.median(ratios):.3f}")


if __name__ == "__main__":
    main()
