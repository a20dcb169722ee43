"""Reading scenario files into :class:`Scenario` objects, with one-line errors.

The engine never reads files; this module is the only place a scenario's TOML
is touched.
"""

from __future__ import annotations

import copy
import re
import tomllib
from collections.abc import Iterable, Mapping
from importlib import resources
from pathlib import Path
from typing import Any, get_args

from pydantic import BaseModel, ValidationError

from simulation.core.errors import ScenarioError
from simulation.ownership import resolve_parts
from simulation.ownership.names import check_names
from simulation.scenario.org_files import read_people
from simulation.scenario.types import Ownership, Scenario

DEFAULT_MODEL = "marketing_silo"
_PATH_PREFIX = re.compile(r"^([a-z_]+(?:\[\d+\])?(?:\.[a-z_\[\]0-9]+)+): (.*)$", re.S)


def read_toml(path: str | Path) -> dict[str, Any]:
    """Parse a TOML file; missing, unreadable and malformed files become ScenarioError."""
    path = Path(path)
    try:
        text = path.read_bytes().decode("utf-8")
    except FileNotFoundError:
        raise ScenarioError("", f"{path}: no such file; give the path of a .toml scenario") from None
    except IsADirectoryError:
        raise ScenarioError("", f"{path}: is a directory; give the path of a .toml scenario") from None
    except (OSError, UnicodeDecodeError) as error:
        reason = getattr(error, "strerror", None) or str(error)
        raise ScenarioError("", f"{path}: cannot be read ({reason})") from None
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ScenarioError("", f"{path}: not valid TOML ({error})") from None
    organisation = raw.get("organisation")
    if isinstance(organisation, dict) and isinstance(organisation.get("import"), str):
        organisation["import"] = str((path.parent / organisation["import"]).resolve())
    return raw


def load_scenario(path: str | Path) -> Scenario:
    """Read and validate a scenario file."""
    return scenario_from_dict(read_toml(path))


def default_scenario_path() -> Path:
    """The embedded default scenario, ``scenarios/default.toml``."""
    return Path(str(resources.files("simulation"))).parent / "scenarios" / "default.toml"


def scenario_from_dict(raw: Mapping[str, Any]) -> Scenario:
    """Validate a raw mapping (as TOML gives it) into a frozen Scenario."""
    data = copy.deepcopy(dict(raw))
    ownership = data.pop("ownership", {})
    if not isinstance(ownership, Mapping):
        raise ScenarioError("ownership", 'must be a table with at least `model = "NAME"`')
    ownership = dict(ownership)
    name = ownership.pop("model", DEFAULT_MODEL)
    if not isinstance(name, str):
        raise ScenarioError("ownership.model", "must be a string naming an ownership model")
    parts = resolve_parts(name, _with_model_overrides(data.get("model_overrides", {}), name, ownership))
    data["ownership"] = {"model": name, "parts": parts}
    organisation = data.get("organisation")
    if isinstance(organisation, Mapping) and "import" in organisation:
        if not isinstance(organisation["import"], str):
            raise ScenarioError("organisation.import", "must be the path of a .csv or .graphml file")
        data["organisation"] = {**organisation, "people": read_people(organisation["import"])}
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as error:
        raise _to_scenario_error(error) from None
    check_names(parts, scenario.organisation.department_names, list(scenario.organisation.regions))
    return scenario


def with_model(scenario: Scenario, name: str) -> Scenario:
    """The same scenario under ownership model ``name`` with that model's built-in parts."""
    parts = resolve_parts(name, scenario.model_overrides.get(name, {}))
    check_names(parts, scenario.organisation.department_names, list(scenario.organisation.regions))
    return scenario.model_copy(update={"ownership": Ownership(model=name, parts=parts)})


def _with_model_overrides(overrides: Any, name: str, ownership: Mapping[str, Any]) -> dict[str, Any]:
    """``ownership``'s own overrides laid over ``model_overrides.NAME`` (which hold in comparisons too).

    Raises:
        ScenarioError: ``model_overrides`` is not a table of tables, or an override is not a valid part.

    """
    if not isinstance(overrides, Mapping) or not all(isinstance(v, Mapping) for v in overrides.values()):
        raise ScenarioError("model_overrides", "must be a table of tables: model name -> parts to override")
    for other, parts in overrides.items():
        resolve_parts(other, parts, field=f"model_overrides.{other}")

    def merged(base: Mapping[str, Any], update: Mapping[str, Any]) -> dict[str, Any]:
        result = dict(base)
        for key, value in update.items():
            both = isinstance(value, Mapping) and isinstance(result.get(key), Mapping)
            result[key] = merged(result[key], value) if both else value
        return result

    return merged(overrides.get(name, {}), ownership)


def parse_assignments(items: Iterable[str], option: str = "--set") -> dict[str, Any]:
    """``["inquiries.per_day=120", ...]`` as dotted paths and values.

    A value is read as a TOML value (``120``, ``1.5``, ``true``, ``"text"``, ``[1, 2]``,
    ``{ mean = 3 }``); anything that is not valid TOML is taken as a plain string.

    Raises:
        ScenarioError: an item without ``=`` or without a key.

    """
    assignments: dict[str, Any] = {}
    for item in items:
        key, equals, value = item.partition("=")
        key = key.strip()
        if not equals or not key or any(not part for part in key.split(".")):
            raise ScenarioError(
                option, f"expected KEY=VALUE with a dotted key, e.g. inquiries.per_day=120 (got {item!r})"
            )
        try:
            assignments[key] = tomllib.loads(f"v = {value.strip()}")["v"]
        except tomllib.TOMLDecodeError:
            assignments[key] = value.strip()
    return assignments


def with_overrides(raw: Mapping[str, Any], overrides: Mapping[str, Any]) -> dict[str, Any]:
    """A copy of ``raw`` with dotted paths (``inquiries.per_day``) set to new values."""
    data = copy.deepcopy(dict(raw))
    for dotted, value in overrides.items():
        node = data
        keys = dotted.split(".")
        for key in keys[:-1]:
            child = node.setdefault(key, {})
            if not isinstance(child, dict):
                raise ScenarioError(dotted, f"{key!r} is not a table, so it has no field {keys[-1]!r}")
            node = child
        node[keys[-1]] = value
    return data


def _location(loc: tuple[Any, ...]) -> str:
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += ("." if text else "") + str(part)
    return text


def _allowed_keys(loc: tuple[Any, ...]) -> list[str]:
    """The field names of the scenario table at ``loc`` (for 'did you mean' messages)."""
    model: Any = Scenario
    for part in loc:
        if isinstance(part, int):
            continue
        fields = getattr(model, "model_fields", {})
        field = fields.get(part) or next((f for f in fields.values() if f.alias == part), None)
        if field is None:
            return []
        model = _model_in(field.annotation)
        if model is None:
            return []
    return [f.alias or name for name, f in getattr(model, "model_fields", {}).items()]


def _model_in(annotation: Any) -> Any:
    """The pydantic model inside ``X``, ``X | None``, ``list[X]`` or ``Annotated[X, ...]``."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for argument in get_args(annotation):
        found = _model_in(argument)
        if found is not None:
            return found
    return None


def _to_scenario_error(error: ValidationError) -> ScenarioError:
    first = error.errors()[0]
    field = _location(tuple(p for p in first["loc"] if p not in ("function-after",)))
    message = str(first["msg"]).removeprefix("Value error, ")
    kind = first["type"]
    if kind == "extra_forbidden":
        allowed = _allowed_keys(first["loc"][:-1])
        message = f"unknown key; allowed here: {', '.join(allowed)}" if allowed else "unknown key"
    elif kind == "missing":
        message = "required but missing; see docs/scenarios.md"
    elif "input" in first and kind not in ("value_error", "assertion_error"):
        message = f"{message} (got {first['input']!r})"
    embedded = _PATH_PREFIX.match(message)
    if embedded:
        field, message = embedded.group(1), embedded.group(2)
    return ScenarioError(field, message.replace("\n", " "))
