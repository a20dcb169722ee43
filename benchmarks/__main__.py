"""``uv run python -m benchmarks [--quick] [--large] [--year] [--build] [--ciw] [--profile] [--repeat N]``.

Measures, prints and writes JSON. With ``--repeat N`` every case runs in N rounds and the
round with the median CPU time stands for it; the others are listed beside it. The
implementations of one M/M/N problem (orgsim and baselines B, D, A or C) run taking turns,
so their ratios compare code, not minutes of the machine.

Results go to ``out/benchmarks/results.json``; the curated ``benchmarks/results.json`` that
docs/performance.md quotes changes only when asked for with ``--output benchmarks/results.json``.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import json
import os
import platform
import subprocess
import sys
import time
from dataclasses import asdict
from pathlib import Path

from benchmarks.baselines import CIW_MISSING
from benchmarks.cases import Case
from benchmarks.pair import take_turns
from benchmarks.report import (
    ENGINE,
    A,
    B,
    C,
    D,
    comparison_table,
    comparisons,
    median_rows,
    table,
    targets,
    targets_text,
)
from simulation import engine
from simulation.engine.events import COMPILED

HERE = Path(__file__).resolve().parent
DAYS = 30.0
# Cases too slow for 30 days run fewer; rates per second stay comparable.
SHORTER = {
    (20_000, ENGINE, "saturated"): 3.0,
    (20_000, B, "saturated"): 3.0,
    (20_000, D, "saturated"): 3.0,
    (20_000, A, "realistic"): 2.0,
    (20_000, A, "saturated"): 2.0,
}
PROFILE_DAYS = 5.0
SLICE_S = 0.2  # turns of the implementations of one M/M/N problem (see turns)
YEAR = (20_000, 365.0)  # --year: every ownership model, 20,000 people, 5,000 inquiries a day
BUILD = (100_000, ("central_team", "marketing_silo", "holistic"))  # --build: organisations built, not run
CIW = (3, "saturated", 193.0)  # --ciw: M/M/3 at 60 % for about 20,000 customers, orgsim, B and Ciw
OWNERSHIP_MODELS = (
    "marketing_silo",
    "central_team",
    "hub_and_spoke",
    "multi_hub",
    "decentralized",
    "holistic",
    "crowd_of_experts",
    "c_level_social_business",
)


def plan(sizes: list[int], year: bool = False, build: bool = False, ciw: bool = False) -> list[Case]:
    """Every case, smallest organisation first.

    With ``year``, a year of each model at 20,000 people; with ``build``, building (not
    running) a 100,000-person organisation for three models; with ``ciw``, the M/M/3 problem
    solved by orgsim, baseline B and baseline C (Ciw).
    """
    cases = []
    for n in sizes:
        for model in OWNERSHIP_MODELS:
            cases.append(Case(ENGINE, "organisation", n, "realistic", DAYS, model))
        for load in ("realistic", "saturated"):
            for implementation in (ENGINE, B, D, A):
                days = SHORTER.get((n, implementation, load), DAYS)
                cases.append(Case(implementation, "M/M/N", n, load, days))
    if year:
        employees, days = YEAR
        cases += [
            Case(ENGINE, "organisation", employees, "realistic", days, model) for model in OWNERSHIP_MODELS
        ]
    if build:
        employees, models = BUILD
        cases += [Case(ENGINE, "build", employees, "realistic", 2.0, model) for model in models]
    if ciw:
        servers, load, days = CIW
        cases += [Case(implementation, "M/M/N", servers, load, days) for implementation in (ENGINE, B, C)]
    return cases


def turns(cases: list[Case]) -> list[list[Case]]:
    """The cases in groups that run taking turns: the implementations of one M/M/N problem.

    Their ratios are the targets, and this machine's speed drifts by up to 30 % from one
    minute to the next: in turns of ``SLICE_S`` (:func:`benchmarks.pair.take_turns`) they
    meet the same minutes. Every other case is a group of its own.
    """
    groups: list[list[Case]] = []
    for case in cases:
        previous = groups[-1][-1] if groups else None
        if (
            previous is not None
            and case.problem == previous.problem == "M/M/N"
            and (case.employees, case.load) == (previous.employees, previous.load)
        ):
            groups[-1].append(case)
        else:
            groups.append([case])
    return groups


def case_command(case: Case) -> list[str]:
    """The command that runs ``case`` in a fresh interpreter (:mod:`benchmarks.cases`)."""
    return [sys.executable, "-m", "benchmarks.cases", json.dumps(asdict(case))]


def run_together(cases: list[Case]) -> list[dict]:
    """Run ``cases`` in fresh interpreters, taking turns if several; one row each."""
    if len(cases) == 1:
        outputs = [run_in_subprocess(cases[0])]
    else:
        commands = [case_command(case) for case in cases]
        outputs = take_turns(commands, [HERE.parent] * len(cases), SLICE_S)
    rows = [json.loads(output.strip().splitlines()[-1]) for output in outputs]
    for row in rows:
        row["in_turns"] = len(cases) > 1  # wall time then includes the others' turns: compare CPU
    return rows


def run_in_subprocess(case: Case, profile: bool = False) -> str:
    """Run one case in a fresh interpreter; its stdout."""
    command = case_command(case)
    if profile:
        command.append("--profile")
    done = subprocess.run(command, capture_output=True, text=True, cwd=HERE.parent, check=False)
    if done.returncode:
        raise SystemExit(f"case {case.label} failed:\n{done.stderr}")
    return done.stdout


def machine() -> dict[str, object]:
    """What the numbers were measured on."""
    memory = ""
    with contextlib.suppress(OSError):
        memory = subprocess.run(["free", "-h"], capture_output=True, text=True, check=False).stdout
    return {
        "nproc": os.cpu_count(),
        "python": sys.version.split()[0],
        "platform": platform.platform(),
        "processor": platform.processor(),
        "free_h": memory.strip(),
        "compiled_event_queue": COMPILED,  # else the pure-Python queue: 10-15 % slower at 20,000 people
        "compiled_engine": engine.COMPILED,  # else the Python sources: about twice the CPU time
    }


def main(argv: list[str] | None = None) -> None:
    """Run the benchmark and write ``out/benchmarks/results.json`` (or ``--output``)."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="200 employees only (under a minute)")
    parser.add_argument("--large", action="store_true", help="add 20,000 employees")
    parser.add_argument("--year", action="store_true", help="add a year of every model at 20,000 people")
    parser.add_argument("--build", action="store_true", help="add building a 100,000-person organisation")
    parser.add_argument("--ciw", action="store_true", help="add M/M/3 against Ciw (needs the bench extra)")
    parser.add_argument("--profile", action="store_true", help="cProfile the saturated 2,000 case, top 15")
    parser.add_argument(
        "--repeat", type=int, default=1, metavar="N", help="N rounds of every case; the median round counts"
    )
    parser.add_argument("--output", type=Path, default=Path("out") / "benchmarks" / "results.json")
    args = parser.parse_args(argv)
    sizes = [200] if args.quick else [200, 2000] + ([20_000] if args.large else [])
    if args.ciw and importlib.util.find_spec("ciw") is None:
        raise SystemExit(CIW_MISSING)
    if args.repeat < 1:
        raise SystemExit(f"--repeat must be at least 1, not {args.repeat}")

    started = time.perf_counter()
    cases = plan(sizes, args.year, args.build, args.ciw)
    rounds = []
    for number in range(1, args.repeat + 1):
        rows = []
        for group in turns(cases):
            labels = " | ".join(f"{case.label}, {case.days:g} days" for case in group)
            print(f"round {number}/{args.repeat}: {labels} ...", file=sys.stderr, flush=True)
            rows += run_together(group)
        rounds.append(rows)
    rows = median_rows(rounds)
    checks = comparisons(rows)
    goals = targets(rows, 2000 if 2000 in sizes else sizes[-1])

    print("\n" + table(rows))
    print("\nRatios against baseline B (inquiries per CPU second) and agreement on mean response time:\n")
    print(comparison_table(checks))
    print("\nTargets:\n" + targets_text(goals))

    profile_text = None
    if args.profile:
        n = 2000 if 2000 in sizes else sizes[-1]
        case = Case(ENGINE, "M/M/N", n, "saturated", PROFILE_DAYS)
        print(f"\ncProfile of {case.label}, {PROFILE_DAYS:g} days:\n", flush=True)
        profile_text = run_in_subprocess(case, profile=True)
        print(profile_text)

    result = {
        "command": "uv run python -m benchmarks " + " ".join(sys.argv[1:] if argv is None else argv),
        "machine": machine(),
        "total_wall_s": time.perf_counter() - started,
        "rounds": args.repeat,
        "cases": rows,
        "comparisons": checks,
        "targets": goals,
        "profile": profile_text,
    }
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(result, indent=2, default=str) + "\n")
    print(f"\nwrote {args.output} in {result['total_wall_s']:.0f} s", file=sys.stderr)
    if not all(c["agrees"] for c in checks):
        raise SystemExit("implementations disagree on mean response time; the speed comparison is void")


if __name__ == "__main__":
    main()
