"""The sweep file: schema, loading and validation (reference: ``docs/sweeps.md``).

A sweep file names a base scenario, the parameters to vary (dotted paths into the
scenario), a sampler, replicates and a seed. Errors are :class:`ScenarioError`
naming the dotted field, like scenario errors.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from simulation.core.errors import ScenarioError
from simulation.engine.metrics import SUMMARY_KEYS
from simulation.scenario.files import MEGABYTE, read_input
from simulation.scenario.loading import MAX_DEPTH, read_toml, reject_booleans

MODEL_PARAMETER = "ownership.model"
IDENTITY_KEYS = ("scenario", "model", "seed", "replicate", "orgsim_version")
OUTPUT_KEYS = tuple(key for key in SUMMARY_KEYS if key not in IDENTITY_KEYS)
RESERVED_PATHS = ("scenario.seed",)
MAX_DESIGN_BYTES = 64 * MEGABYTE


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SweepTable(_Frozen):
    """The ``[sweep]`` table."""

    base: str = Field(description="base scenario, relative to the sweep file")
    name: str | None = None
    sampler: Literal["grid", "lhs", "sobol", "morris"] = "grid"
    samples: Annotated[int, Field(ge=1, le=1_000_000)] = 3
    replicates: Annotated[int, Field(ge=1, le=100_000)] = 1
    seed: Annotated[int, Field(ge=0, le=2**63 - 1)] = 0
    outputs: list[str] | None = None
    design: str | None = Field(default=None, description="CSV of parameter rows, relative to the sweep file")
    levels: Annotated[int, Field(ge=2, le=100)] = 4
    second_order: bool = False

    @model_validator(mode="after")
    def _known_outputs(self) -> SweepTable:
        for name in self.outputs or []:
            if name not in OUTPUT_KEYS:
                raise ValueError(f"sweep.outputs: unknown output {name!r}; allowed: {', '.join(OUTPUT_KEYS)}")
        if self.outputs is not None and not self.outputs:
            raise ValueError("sweep.outputs: give at least one output, or leave it out for all")
        return self


class Continuous(_Frozen):
    """A continuous range ``{ min = 20, max = 400 }``; ``integer = true`` rounds to whole numbers."""

    min: Annotated[float, Field(allow_inf_nan=False)]
    max: Annotated[float, Field(allow_inf_nan=False)]
    integer: bool = False

    @model_validator(mode="after")
    def _ordered(self) -> Continuous:
        if not self.min < self.max:
            raise ValueError(f"min ({self.min}) must be less than max ({self.max})")
        return self


class Values(_Frozen):
    """A list of values ``{ values = [...] }``, the same as a bare list."""

    values: Annotated[list[Any], Field(min_length=1)]


class SweepFile(_Frozen):
    """The whole sweep file."""

    sweep: SweepTable
    parameters: dict[str, Any] = Field(default_factory=dict)
    fixed: dict[str, Any] = Field(default_factory=dict)


@dataclass(frozen=True)
class Parameter:
    """One swept parameter: a dotted path and either a range or a list of values."""

    path: str
    low: float | None = None
    high: float | None = None
    integer: bool = False
    values: tuple[Any, ...] | None = None

    @property
    def continuous(self) -> bool:
        """True for a ``{ min, max }`` range."""
        return self.values is None


@dataclass(frozen=True)
class Sweep:
    """A loaded, validated sweep file (before sampling).

    Attributes:
        path: the sweep file.
        settings: the ``[sweep]`` table.
        base: the base scenario as TOML gives it (raw mapping), with ``[fixed]`` applied.
        base_path: the base scenario file.
        parameters: the swept parameters in file order.
        fixed: the ``[fixed]`` overrides (dotted path -> value).
        design_rows: the rows of the ``design`` CSV, or None.

    """

    path: Path
    settings: SweepTable
    base: dict[str, Any]
    base_path: Path
    parameters: tuple[Parameter, ...]
    fixed: dict[str, Any] = field(default_factory=dict)
    design_rows: tuple[dict[str, Any], ...] | None = None

    @property
    def name(self) -> str:
        """The sweep's name: ``[sweep] name`` or the file's stem."""
        return self.settings.name or self.path.stem

    @property
    def outputs(self) -> tuple[str, ...]:
        """The outputs recorded per run (default: every summary output)."""
        return tuple(self.settings.outputs or OUTPUT_KEYS)


def load_sweep(path: str | Path) -> Sweep:
    """Read and validate a sweep file; the base scenario is read too (but sampled points later).

    Raises:
        ScenarioError: naming the dotted field (``parameters.inquiries.per_day.min``).

    """
    from simulation.scenario.loading import with_overrides

    path = Path(path)
    raw = read_toml(path)
    reject_booleans(raw, SweepFile)
    try:
        spec = SweepFile.model_validate(raw)
    except ValidationError as error:
        raise _sweep_error(error) from None
    settings = spec.sweep
    base_path = (path.parent / settings.base).resolve()
    if not base_path.is_file():
        raise ScenarioError("sweep.base", f"{settings.base}: no such file (relative to {path})")
    for dotted in spec.fixed:
        _check_path(f"fixed.{dotted}", dotted)
    base = with_overrides(read_toml(base_path), spec.fixed)
    parameters = tuple(_parameter(dotted, value) for dotted, value in spec.parameters.items())
    for parameter in parameters:
        if parameter.path in spec.fixed:
            raise ScenarioError(f"parameters.{parameter.path}", "is also in [fixed]; keep it in one place")
    design_rows = None
    if settings.design is not None:
        if parameters:
            raise ScenarioError("sweep.design", "a design CSV replaces [parameters]; give one or the other")
        design_rows = _read_design(path.parent / settings.design, settings.design)
    elif not parameters:
        raise ScenarioError("parameters", "name at least one parameter, or give sweep.design")
    if settings.sampler in ("lhs", "sobol", "morris") and design_rows is None:
        if not any(p.continuous for p in parameters):
            raise ScenarioError(
                "sweep.sampler",
                f"{settings.sampler} needs at least one continuous parameter ({{ min, max }})",
            )
        if settings.sampler == "sobol" and settings.samples & (settings.samples - 1):
            raise ScenarioError("sweep.samples", f"sobol needs a power of 2 (got {settings.samples})")
    return Sweep(path, settings, base, base_path, parameters, dict(spec.fixed), design_rows)


def _check_path(field_name: str, dotted: str) -> None:
    if not dotted or any(not part for part in dotted.split(".")) or dotted.count(".") >= MAX_DEPTH:
        raise ScenarioError(field_name, "must be a dotted path into the scenario, such as inquiries.per_day")
    if dotted in RESERVED_PATHS:
        raise ScenarioError(
            field_name, "the sweep's seed sets every run's seed; use [sweep] seed and replicates"
        )


def _parameter(dotted: str, value: Any) -> Parameter:
    where = f"parameters.{dotted}"
    _check_path(where, dotted)
    if isinstance(value, list):
        value = {"values": value}
    if not isinstance(value, dict):
        raise ScenarioError(where, "must be { min = …, max = … }, a list of values, or { values = [...] }")
    model = Values if "values" in value else Continuous
    reject_booleans(value, model, where)
    try:
        checked = model.model_validate(value)
    except ValidationError as error:
        raise _sweep_error(error, prefix=where) from None
    if isinstance(checked, Values):
        _check_values(where, checked.values)
        return Parameter(dotted, values=tuple(checked.values))
    return Parameter(dotted, low=checked.min, high=checked.max, integer=checked.integer)


def _check_values(where: str, values: list[Any]) -> None:
    kinds = {_kind(v) for v in values}
    if None in kinds:
        raise ScenarioError(where, "values must be numbers, strings or booleans (no tables or lists)")
    if len(kinds) > 1 and not kinds <= {"int", "float"}:
        raise ScenarioError(where, f"values must all be of one type (got {', '.join(sorted(kinds))})")
    if len(set(map(repr, values))) != len(values):
        raise ScenarioError(where, "values are repeated")


def _kind(value: Any) -> str | None:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int"
    if isinstance(value, float):
        return "float"
    if isinstance(value, str):
        return "str"
    return None


def _read_design(path: Path, given: str) -> tuple[dict[str, Any], ...]:
    import csv
    import io

    text = read_input(path, "sweep.design", MAX_DESIGN_BYTES, "give a CSV of dotted paths and values")
    assert isinstance(text, str)
    try:
        reader = csv.DictReader(io.StringIO(text, newline=""))
        rows = [dict(row) for row in reader]
        columns = reader.fieldnames or []
    except csv.Error as error:
        raise ScenarioError("sweep.design", f"{given}: cannot be read as CSV ({error})") from None
    if not rows:
        raise ScenarioError("sweep.design", f"{given}: needs a header of dotted paths and at least one row")
    for column in columns:
        _check_path(f"sweep.design.{column}", column)
    return tuple({column: _cell(row[column]) for column in columns} for row in rows)


def _cell(text: str | None) -> Any:
    """A CSV cell as int, float, bool or string (CSV has no types)."""
    text = (text or "").strip()
    for convert in (int, float):
        try:
            return convert(text)
        except ValueError:
            pass
    return {"true": True, "false": False}.get(text.lower(), text)


def _sweep_error(error: ValidationError, prefix: str = "") -> ScenarioError:
    first = error.errors()[0]
    location = ".".join(str(part) for part in first["loc"])
    field_name = f"{prefix}.{location}" if prefix and location else prefix or location
    message = str(first["msg"]).removeprefix("Value error, ")
    if first["type"] == "extra_forbidden":
        message = "unknown key; see docs/sweeps.md"
    elif first["type"] == "missing":
        message = "required but missing; see docs/sweeps.md"
    elif "input" in first and first["type"] not in ("value_error", "assertion_error"):
        message = f"{message} (got {first['input']!r})"
    if ": " in message and message.split(": ", 1)[0].startswith("sweep."):
        field_name, message = message.split(": ", 1)
    return ScenarioError(field_name, message)
