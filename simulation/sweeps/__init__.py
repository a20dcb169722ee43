"""Parameter sweeps: sampler, executor and result sink around one run (``docs/sweeps.md``).

From Python::

    from simulation import sweep
    frame = sweep("scenarios/sweeps/quick.toml", out="out/quick", workers=2)

The pieces: :mod:`.spec` reads the sweep file, :mod:`.samplers` makes the design,
:mod:`.tasks` turns it into seeded tasks, :mod:`.executors` runs them,
:mod:`.sink` writes Parquet parts and consolidates them, :mod:`.analysis` computes
sensitivity indices, summaries and plots. None of them imports the CLI.
"""

from pathlib import Path

from simulation.sweeps.runner import Plan, plan, sweep
from simulation.sweeps.sink import consolidate, read_results
from simulation.sweeps.spec import Sweep, load_sweep


def analyse(directory: str | Path, out: str | Path | None = None):
    """Sensitivity indices, summary.csv and plots of a sweep directory (see :mod:`.analysis`)."""
    from simulation.sweeps.analysis import analyse as run_analysis

    return run_analysis(directory, out)


__all__ = ["Plan", "Sweep", "analyse", "consolidate", "load_sweep", "plan", "read_results", "sweep"]
