"""Ownership models: who monitors, who answers, how experts are found, what is approved.

``OwnershipParts`` (pydantic) loads on first use, so listing the models stays light.
"""

from typing import TYPE_CHECKING

from simulation.core.lazy import lazy_exports
from simulation.ownership import builtin as _builtin  # noqa: F401  (registers the built-ins)
from simulation.ownership.registry import CUSTOM, describe, model_names, register_model, resolve_parts

__all__ = ["CUSTOM", "OwnershipParts", "describe", "model_names", "register_model", "resolve_parts"]

if TYPE_CHECKING:
    from simulation.ownership.parts import OwnershipParts

__getattr__, __dir__ = lazy_exports(__name__, {"OwnershipParts": "simulation.ownership.parts"})
