"""orgsim: who should own social media? An agent-based simulation of the organisation.

Public API (the CLI is a thin layer over it)::

    from simulation import load_scenario, OrgModel, run_replicates
"""

from simulation.errors import ScenarioError
from simulation.experiments import run_one, run_replicates
from simulation.loading import load_scenario, scenario_from_dict, with_overrides
from simulation.model import OrgModel
from simulation.ownership import model_names, register_model

__all__ = [
    "OrgModel",
    "ScenarioError",
    "load_scenario",
    "model_names",
    "register_model",
    "run_one",
    "run_replicates",
    "scenario_from_dict",
    "with_overrides",
]
