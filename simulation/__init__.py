"""orgsim: who should own social media? An agent-based simulation of the organisation.

Public API (the CLI is a thin layer over it)::

    from simulation import load_scenario, OrgModel, run_replicates
    from simulation import compare  # models side by side, a pandas DataFrame
    from simulation import sweep    # parameter sweeps, a pandas DataFrame (docs/sweeps.md)
"""

from simulation.core.errors import ScenarioError
from simulation.engine.model import OrgModel
from simulation.experiments import compare, run_one, run_replicates
from simulation.ownership import model_names, register_model
from simulation.scenario.loading import load_scenario, scenario_from_dict, with_overrides
from simulation.sweeps import analyse, load_sweep, sweep

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
