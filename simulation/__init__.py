"""orgsim: who should own social media? An agent-based simulation of the organisation.

Public API (the CLI is a thin layer over it)::

    from simulation import load_scenario, OrgModel, run_replicates
    from simulation import compare  # models side by side, a pandas DataFrame
    from simulation import sweep    # parameter sweeps, a pandas DataFrame (docs/sweeps.md)

Each name loads its module on first use (PEP 562), so commands that need only the
scenario layer (``validate``, ``models``, ``--help``) do not pay for Mesa, pandas and SciPy.
"""

from typing import TYPE_CHECKING

from simulation.core.lazy import lazy_exports

_HOMES = {
    "OrgModel": "simulation.engine.model",
    "ScenarioError": "simulation.core.errors",
    "analyse": "simulation.sweeps",
    "compare": "simulation.experiments",
    "load_scenario": "simulation.scenario.loading",
    "load_sweep": "simulation.sweeps",
    "model_names": "simulation.ownership",
    "register_model": "simulation.ownership",
    "run_one": "simulation.experiments",
    "run_replicates": "simulation.experiments",
    "scenario_from_dict": "simulation.scenario.loading",
    "sweep": "simulation.sweeps",
    "with_overrides": "simulation.scenario.loading",
}

__all__ = [
    "OrgModel",
    "ScenarioError",
    "analyse",
    "compare",
    "load_scenario",
    "load_sweep",
    "model_names",
    "register_model",
    "run_one",
    "run_replicates",
    "scenario_from_dict",
    "sweep",
    "with_overrides",
]

if TYPE_CHECKING:
    from simulation.core.errors import ScenarioError
    from simulation.engine.model import OrgModel
    from simulation.experiments import compare, run_one, run_replicates
    from simulation.ownership import model_names, register_model
    from simulation.scenario.loading import load_scenario, scenario_from_dict, with_overrides
    from simulation.sweeps import analyse, load_sweep, sweep


__getattr__, __dir__ = lazy_exports(__name__, _HOMES)
