"""Reading scenario files into :class:`Scenario` objects, with one-line errors.

The engine never reads files; this module is the only place a scenario's TOML
is touched.
"""

from __future__ import annotations

import copy
import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, get_args, get_origin

from pydantic import BaseModel, ValidationError

from simulation.core.errors import ScenarioError
from simulation.ownership import OwnershipParts, resolve_parts
from simulation.ownership.names import check_names
from simulation.scenario.files import MEGABYTE, read_input
from simulation.scenario.org_files import read_people
from simulation.scenario.types import Ownership, Scenario

DEFAULT_MODEL = "marketing_silo"
MAX_TOML_BYTES = 16 * MEGABYTE  # 50,000 generated departments take about 3 MB
MAX_DEPTH = 32  # a scenario nests about 5 levels; the rest is an attack or a mistake
_BARE_OR_QUOTED = r"""(?:[A-Za-z0-9_-]++|"[^"\n]*+"|'[^'\n]*+')"""
_DEEP_KEY = re.compile(  # possessive, anchored at a key's start: linear in the text
    r"""(?<![A-Za-z0-9_\-"'])""" + _BARE_OR_QUOTED + rf"(?:[ \t]*+\.[ \t]*+{_BARE_OR_QUOTED}){{{MAX_DEPTH}}}"
)
_PATH_PREFIX = re.compile(r"^([a-z_]+(?:\[\d+\])?(?:\.[a-z_\[\]0-9]+)+): (.*)$", re.S)


def read_toml(path: str | Path, field: str = "") -> dict[str, Any]:
    """Parse a TOML file; a missing, oversized, unreadable or malformed file is a ScenarioError.

    The text is checked before it reaches the parser: at most :data:`MAX_TOML_BYTES`,
    and no dotted key deeper than :data:`MAX_DEPTH` (the standard parser needs memory
    quadratic in a key's depth: a 100 KB key takes gigabytes). Arrays and tables nested
    deeper than :data:`MAX_DEPTH` are refused too, as is a boolean where a number belongs.
    """
    path = Path(path)
    text = read_input(path, field, MAX_TOML_BYTES, "give the path of a .toml scenario")
    assert isinstance(text, str)
    if _DEEP_KEY.search(text):
        raise ScenarioError(field, f"{path}: a dotted key nests deeper than {MAX_DEPTH} levels")
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ScenarioError(field, f"{path}: not valid TOML ({error})") from None
    except RecursionError:
        raise ScenarioError(field, f"{path}: arrays or tables nest deeper than {MAX_DEPTH} levels") from None
    check_depth(raw, f"{path}: arrays or tables", field)
    organisation = raw.get("organisation")
    if isinstance(organisation, dict) and isinstance(organisation.get("import"), str):
        organisation["import"] = str((path.parent / organisation["import"]).resolve())
    return raw


def check_depth(value: Any, what: str, field: str) -> None:
    """Refuse lists and tables nested deeper than :data:`MAX_DEPTH` (iteratively, no recursion).

    Raises:
        ScenarioError: ``field``, saying ``what`` nests too deeply.

    """
    stack = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise ScenarioError(field, f"{what} nest deeper than {MAX_DEPTH} levels")
        if isinstance(item, Mapping):
            stack.extend((child, depth + 1) for child in item.values())
        elif isinstance(item, list | tuple):
            stack.extend((child, depth + 1) for child in item)


def load_scenario(path: str | Path) -> Scenario:
    """Read and validate a scenario file."""
    return scenario_from_dict(read_toml(path))


def default_scenario_path() -> Path:
    """The embedded default scenario, ``scenarios/default.toml``."""
    return Path(str(resources.files("simulation"))).parent / "scenarios" / "default.toml"


def scenario_from_dict(raw: Mapping[str, Any]) -> Scenario:
    """Validate a raw mapping (as TOML gives it) into a frozen Scenario."""
    check_depth(raw, "arrays or tables", "")
    data = copy.deepcopy(dict(raw))
    reject_booleans(data, Scenario)
    ownership = data.pop("ownership", {})
    if not isinstance(ownership, Mapping):
        raise ScenarioError("ownership", 'must be a table with at least `model = "NAME"`')
    ownership = dict(ownership)
    name = ownership.pop("model", DEFAULT_MODEL)
    if not isinstance(name, str):
        raise ScenarioError("ownership.model", "must be a string naming an ownership model")
    reject_booleans(ownership, OwnershipParts, "ownership")
    parts = resolve_parts(name, _with_model_overrides(data.get("model_overrides", {}), name, ownership))
    data["ownership"] = {"model": name, "parts": parts}
    organisation = data.get("organisation")
    if isinstance(organisation, Mapping) and "import" in organisation:
        if not isinstance(organisation["import"], str):
            raise ScenarioError("organisation.import", "must be the path of a .csv or .graphml file")
        data["organisation"] = {
            **organisation,
            "people": read_people(organisation["import"], organisation.get("columns")),
        }
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as error:
        raise _to_scenario_error(error) from None
    _check_parts(parts, scenario)
    return scenario


def with_model(scenario: Scenario, name: str) -> Scenario:
    """The same scenario under ownership model ``name`` with that model's built-in parts."""
    parts = resolve_parts(name, scenario.model_overrides.get(name, {}))
    _check_parts(parts, scenario)
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


def _check_parts(parts: OwnershipParts, scenario: Scenario) -> None:
    """Names the parts refer to exist, and a team's shift (its own hours or the organisation's) is a shift."""
    organisation = scenario.organisation
    check_names(parts, organisation.department_names, list(organisation.regions))
    team = parts.team
    if team is None:
        return
    start = organisation.working_hours.start if team.start_hour is None else team.start_hour
    end = organisation.working_hours.end if team.end_hour is None else team.end_hour
    if start >= end:
        field = "ownership.team.start_hour" if team.start_hour is not None else "ownership.team.end_hour"
        raise ScenarioError(
            field,
            f"the team's shift would run from {start:g} to {end:g} (hours it does not give come from "
            "organisation.working_hours); give start_hour before end_hour, shifts do not wrap midnight",
        )


def reject_booleans(raw: Any, model: type[BaseModel], where: str = "") -> None:
    """Refuse ``true``/``false`` wherever ``model`` expects a number.

    pydantic reads ``per_day = true`` as 1.0; a typo like that must be an error. The
    walk follows the raw data and the model's annotations together (tables, lists,
    dicts of values), without recursion, and stops where the model does not describe
    the data (pydantic reports unknown keys itself).

    Raises:
        ScenarioError: naming the dotted field that holds the boolean.

    """
    stack: list[tuple[Any, Any, str]] = [(raw, model, where)]
    while stack:
        value, annotation, field = stack.pop()
        shape = _shape(annotation)
        if isinstance(value, bool):
            if shape.number_not_bool:
                raise ScenarioError(field, f"must be a number, not {'true' if value else 'false'}")
        elif isinstance(value, Mapping):
            if shape.fields is not None:
                for key, item in value.items():
                    if key in shape.fields:
                        stack.append((item, shape.fields[key], f"{field}.{key}" if field else str(key)))
            elif shape.values is not None:
                stack.extend((item, shape.values, f"{field}.{key}") for key, item in value.items())
        elif isinstance(value, list | tuple) and shape.items is not None:
            stack.extend((item, shape.items, f"{field}[{index}]") for index, item in enumerate(value))


@dataclass(frozen=True)
class _Shape:
    """What :func:`reject_booleans` needs to know of one annotation."""

    number_not_bool: bool
    fields: dict[str, Any] | None  # a model's keys (names and aliases) and their annotations
    values: Any  # the value type of dict[K, V]
    items: Any  # the item type of list[X] or tuple[X, ...]


_SHAPES: dict[int, tuple[Any, _Shape]] = {}  # by id; holding the annotation keeps its id unique


def _shape(annotation: Any) -> _Shape:
    known = _SHAPES.get(id(annotation))
    if known is not None:
        return known[1]
    model = _model_in(annotation)
    fields = None
    if model is not None:
        fields = {name: f.annotation for name, f in model.model_fields.items()}
        fields.update({f.alias: f.annotation for f in model.model_fields.values() if f.alias})
    shape = _Shape(
        _number_not_bool(annotation),
        fields,
        _container_argument(annotation, dict),
        _container_argument(annotation, list),
    )
    _SHAPES[id(annotation)] = (annotation, shape)
    return shape


def _leaf_types(annotation: Any) -> set[Any]:
    """The plain types inside ``Annotated``, unions and ``Optional`` (not inside containers)."""
    origin = get_origin(annotation)
    if origin is None:
        return {annotation}
    if origin in (list, tuple, dict, set, frozenset):
        return {origin}
    found: set[Any] = set()
    for argument in get_args(annotation):
        found |= _leaf_types(argument)
    return found


def _number_not_bool(annotation: Any) -> bool:
    leaves = _leaf_types(annotation)
    return bool(leaves & {int, float}) and not leaves & {bool, Any}


def _container_argument(annotation: Any, kind: type) -> Any:
    """The item type of ``list[X]``/``tuple[X, ...]`` (kind list) or the value type of ``dict[K, V]``."""
    origin = get_origin(annotation)
    arguments = get_args(annotation)
    if kind is list and origin in (list, tuple, set, frozenset) and arguments:
        return arguments[0]
    if kind is dict and origin is dict and len(arguments) == 2:
        return arguments[1]
    for argument in arguments if origin not in (list, tuple, dict, set, frozenset) else ():
        found = _container_argument(argument, kind)
        if found is not None:
            return found
    return None


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
        if key.count(".") >= MAX_DEPTH:
            raise ScenarioError(option, f"the key of {key[:40]!r}… nests deeper than {MAX_DEPTH} levels")
        try:
            assignments[key] = tomllib.loads(f"v = {value.strip()}")["v"]
        except tomllib.TOMLDecodeError:
            assignments[key] = value.strip()
        except RecursionError:
            raise ScenarioError(
                option, f"the value of {key}: arrays or tables nest deeper than {MAX_DEPTH} levels"
            ) from None
        check_depth(assignments[key], f"the value of {key}: arrays or tables", option)
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
        message = f"{message} (got {shown(first['input'])})"
    embedded = _PATH_PREFIX.match(message)
    if embedded:
        field, message = embedded.group(1), embedded.group(2)
    return ScenarioError(visible(field), visible(message.replace("\n", " ")))


def visible(text: str) -> str:
    """``text`` with control and format characters (newlines, terminal escapes) written as escapes."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def shown(value: Any, limit: int = 80) -> str:
    """A value as an error message quotes it: its repr, cut at ``limit`` characters."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"
