"""The decision commands: the robustness step of ``compare`` and ``recommend``.

Kept apart from ``main.py`` so the heavier decision layer (Optuna, scikit-learn) loads only
when asked for.
"""

from __future__ import annotations

import math
import sys
from pathlib import Path
from typing import Annotated

import typer

from simulation.cli.terminal import stderr_console
from simulation.core.errors import ScenarioError

ROBUSTNESS_HELP = "test the ranking over the assumptions' plausible ranges: off, quick (default) or full"
ROBUSTNESS_LEVELS = ("off", "quick", "full")


def check_level(level: str) -> str:
    """The robustness level, or a one-line error naming ``--robustness``."""
    if level not in ROBUSTNESS_LEVELS:
        raise ScenarioError("--robustness", f"must be off, quick or full (got {level!r})")
    return level


def robustness_verdict(spec, comparison, level: str, progress, out: Path) -> str | None:
    """Run the robustness test of ``comparison``'s leader; write ``robustness.csv``; return its sentence."""
    if check_level(level) == "off" or len(comparison.models) < 2:
        return None
    from simulation.decision.robustness import LEVELS, check_ranking
    from simulation.experiments.output import atomic_write
    from simulation.report.decision import choose
    from simulation.report.summary import ranking

    chosen, _ = choose(comparison)
    order = ranking(comparison)
    leader = chosen[0] if chosen else order[0]
    rivals = [m for m in order if m != leader]
    plan = LEVELS[level]
    runs = plan.points * plan.replicates * min(1 + plan.rivals, len(order))
    task = progress.add_task(f"robustness ({level})", total=runs)
    workers = 1 if level == "quick" else None  # a dozen runs do not repay starting a process pool
    result = check_ranking(
        spec,
        leader,
        rivals,
        level,
        seed=comparison.seed,
        workers=workers,
        on_done=lambda: progress.advance(task),
    )
    atomic_write(out / "robustness.csv", result.points.to_csv(index=False))
    return result.sentence


def recommend_command(
    scenario: Annotated[Path, typer.Argument(help="scenario TOML file")],
    target: Annotated[
        list[str] | None,
        typer.Option(
            help="a target on the means, e.g. 'answered_within_1h>=0.8' (quoted: > is a shell redirect; repeatable)"
        ),
    ] = None,
    max_incidents: Annotated[
        float | None, typer.Option(help="at most this many incidents per 1,000 answers")
    ] = None,
    budget_fte: Annotated[float | None, typer.Option(help="at most this many FTE on social media")] = None,
    trials: Annotated[int, typer.Option(help="candidates in all, the stock models included")] = 60,
    replicates: Annotated[int, typer.Option(help="runs per candidate (common random numbers)")] = 2,
    seed: Annotated[int | None, typer.Option(help="root seed (overrides the file)")] = None,
    workers: Annotated[
        int | None, typer.Option(help="processes (default: one per core; 1: in-process)")
    ] = None,
    out: Annotated[
        Path, typer.Option(help="directory for study.db, candidates.csv, pareto.png, scenario files")
    ] = Path("out/recommend"),
    sets: Annotated[
        list[str] | None, typer.Option("--set", help="override a scenario field (repeatable)")
    ] = None,
    allow_large: Annotated[
        bool, typer.Option(help="run even when the work estimate is above the budget (docs/reliability.md)")
    ] = False,
) -> None:
    """Search models, staffing, coverage and approval for the Pareto front; write ready-to-run scenarios.

    Re-running the same command resumes the search (the study lives in OUT/study.db);
    a larger --trials continues it.
    """
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from simulation.decision.recommend import (
        Target,
        dominating_all_stock,
        pareto,
        parse_target,
        search,
    )
    from simulation.experiments.budget import Estimate, check_budget, work_of
    from simulation.experiments.output import lock_directory
    from simulation.report.recommendation import picks, write
    from simulation.scenario.loading import parse_assignments, read_toml, scenario_from_dict, with_overrides

    raw = with_overrides(read_toml(scenario), parse_assignments(sets or []))
    if seed is not None:
        raw = with_overrides(raw, {"scenario.seed": seed})
    spec = scenario_from_dict(raw)
    targets = [parse_target(t) for t in target or []]
    if max_incidents is not None:
        targets.append(Target("incidents_per_1000_answers", "<=", max_incidents))
    if budget_fte is not None:
        targets.append(Target("fte", "<=", budget_fte))
    check_budget(Estimate(work_of(spec), trials * replicates), allow_large, runs_field="--trials")
    with lock_directory(out):  # one search per directory: a second one would corrupt the study
        with Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            console=stderr_console(),
            transient=True,
        ) as progress:
            task = progress.add_task("candidates", total=trials)
            found = search(
                spec,
                out,
                trials,
                replicates,
                targets,
                workers=workers,
                on_done=lambda done, total: progress.update(task, completed=done, total=total),
            )
        front = pareto(found)
        beating = dominating_all_stock(found)
        chosen = picks(front, beating, found)
        files = write(out, raw, found, front, chosen)
    _print_recommendation(found, front, beating, chosen, files, targets)
    print(f"Pareto front: {out / 'pareto.png'}; every candidate: {out / 'candidates.csv'}", flush=True)


def _print_recommendation(found, front, beating, chosen, files, targets) -> None:
    from rich.console import Console
    from rich.table import Table

    from simulation.decision.recommend import OBJECTIVES, dominated_stock

    table = Table(title=f"Pareto front: {len(front)} of {len(found)} candidates (mean ± 95 % CI)")
    for column in ("configuration", "≤1 h", "answered", "FTE", "incidents/1,000"):
        table.add_column(column, justify="left" if column == "configuration" else "right")
    for candidate in front:
        table.add_row(
            candidate.label,
            *(
                _cell(candidate.outcomes[k], p)
                for k, p in (
                    (OBJECTIVES[0], True),
                    ("answered_share", True),
                    ("fte", False),
                    (OBJECTIVES[2], False),
                )
            ),
        )
    Console(width=None if sys.stdout.isatty() else 160).print(table)
    wanted = "; ".join(str(t) for t in targets) or "none"
    if not front:
        print(f"• No candidate meets the targets ({wanted}); relax them or raise --trials.")
    stock = [c for c in found if c.stock]
    if beating:
        print(
            f"• {beating[0].label} dominates all {len(stock)} stock models at their built-in settings "
            "(at least as good on speed, FTE and incidents, better on one)."
        )
    else:
        print(f"• No candidate found dominates all {len(stock)} stock models at once (targets: {wanted}).")
    beaten = dominated_stock(found)
    for model, better in beaten.items():
        if better is None:
            print(f"• {model} as built: no candidate is at least as good on speed, FTE and incidents.")
        else:
            print(f"• {model} as built is dominated by {better.label}.")
    for (reason, candidate), path in zip(chosen, files, strict=True):
        mean = candidate.outcomes
        print(
            f"• Recommended ({reason}): {candidate.label}: {_cell(mean[OBJECTIVES[0]], True)} within 1 h, "
            f"{_cell(mean['fte'], False)} FTE, {_cell(mean[OBJECTIVES[2]], False)} incidents per 1,000 answers; "
            f"run it: uv run run.py run {path} --replicates 5"
        )


def _cell(pair, share: bool) -> str:
    mean, half = pair
    if not math.isfinite(mean):
        return "–"
    text = f"{mean:.0%}" if share else f"{mean:.2f}"
    if math.isfinite(half):
        text += f" ± {half:.0%}" if share else f" ± {half:.2f}"
    return text
