"""Ownership models: who monitors, who answers, how experts are found, what is approved."""

from simulation.ownership import builtin as _builtin  # noqa: F401  (registers the built-ins)
from simulation.ownership.parts import OwnershipParts
from simulation.ownership.registry import CUSTOM, describe, model_names, register_model, resolve_parts

__all__ = ["CUSTOM", "OwnershipParts", "describe", "model_names", "register_model", "resolve_parts"]
