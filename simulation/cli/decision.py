"""The decision commands: the robustness step of ``compare`` and ``recommend``.

Kept apart from ``main.py`` so the heavier decision layer (Optuna, scikit-learn) loads only
when asked for.
"""

from __future__ import annotations

from pathlib import Path

from simulation.core.errors import ScenarioError
from simulation.experiments.output import atomic_write

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
    from simulation.report.decision import choose
    from simulation.report.summary import ranking

    chosen, _ = choose(comparison)
    order = ranking(comparison)
    leader = chosen[0] if chosen else order[0]
    rivals = [m for m in order if m != leader]
    plan = LEVELS[level]
    runs = plan.points * plan.replicates * min(1 + plan.rivals, len(order))
    task = progress.add_task(f"robustness ({level})", total=runs)
    result = check_ranking(
        spec, leader, rivals, level, seed=comparison.seed, on_done=lambda: progress.advance(task)
    )
    atomic_write(out / "robustness.csv", result.points.to_csv(index=False))
    return result.sentence
