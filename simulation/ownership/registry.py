"""Named ownership models and how a scenario's overrides are applied to them.

A model is registered as a plain mapping of parts, so a TOML table, a built-in
model and a Python plug-in are all the same kind of thing. Names and descriptions
come from those mappings, so listing the models (``run.py models``) loads no pydantic.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from simulation.core.errors import ScenarioError

if TYPE_CHECKING:
    from simulation.ownership.parts import OwnershipParts

CUSTOM = "custom"

_MODELS: dict[str, dict[str, Any]] = {}


def register_model(name: str, parts: Mapping[str, Any]) -> None:
    """Register an ownership model under ``name``; its parts are validated now."""
    from simulation.ownership.parts import OwnershipParts

    if not name.isidentifier():
        raise ValueError(f"model name {name!r} must be an identifier")
    OwnershipParts.model_validate(dict(parts))
    _MODELS[name] = dict(parts)


def register_builtin(name: str, parts: Mapping[str, Any]) -> None:
    """Register a model shipped with orgsim: its parts are validated by the tests, not at every start-up."""
    _MODELS[name] = dict(parts)


def model_names() -> list[str]:
    """Registered model names in registration order."""
    return list(_MODELS)


def describe(name: str) -> str:
    """One line saying what the model is."""
    return str(_base(name, "ownership").get("description", ""))


def _base(name: str, field: str) -> Mapping[str, Any]:
    """The registered parts of model ``name``; an unknown name is a ScenarioError on ``FIELD.model``."""
    if name == CUSTOM:
        return {"description": "custom model built from its parts"}
    if name not in _MODELS:
        known = ", ".join([*_MODELS, CUSTOM])
        raise ScenarioError(f"{field}.model", f"unknown ownership model {name!r}; allowed: {known}")
    return _MODELS[name]


def _deep_merge(base: Mapping[str, Any], update: Mapping[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in update.items():
        if isinstance(value, Mapping) and isinstance(merged.get(key), Mapping):
            merged[key] = _deep_merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def resolve_parts(name: str, overrides: Mapping[str, Any], field: str = "ownership") -> OwnershipParts:
    """The parts of model ``name`` with ``overrides`` applied.

    Raises:
        ScenarioError: unknown model, or an override that is not a valid part.

    """
    from pydantic import ValidationError

    from simulation.ownership.parts import OwnershipParts

    base = _base(name, field)
    try:
        return OwnershipParts.model_validate(_deep_merge(base, overrides))
    except ValidationError as error:
        first = error.errors()[0]
        location = ".".join(str(p) for p in first["loc"])
        raise ScenarioError(f"{field}.{location}", _plain(first)) from None


def _plain(error: Mapping[str, Any]) -> str:
    message = str(error["msg"]).removeprefix("Value error, ")
    if error["type"] == "extra_forbidden":
        return "unknown key; see `run.py models NAME` for the parts a model has"
    return message
