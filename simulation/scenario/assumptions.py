"""The table of assumptions: every default that can change the ranking, with its range.

``scenarios/assumptions.toml`` lists them (``docs/assumptions.md`` explains each). A
robustness analysis reads the ranges from here and sets each point with
:func:`simulation.scenario.loading.with_overrides`, the same path ``--set`` takes.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from simulation.core.errors import ScenarioError

ASSUMPTIONS_FILE = Path(__file__).resolve().parents[2] / "scenarios" / "assumptions.toml"


@dataclass(frozen=True)
class Assumption:
    """One assumption.

    Attributes:
        path: dotted scenario path (``availability.others``), as ``--set`` takes it.
        default: the default scenario's value.
        low: lower end of the plausible range (numbers only, else ``None``).
        high: upper end of the plausible range (numbers only, else ``None``).
        values: the settings to choose from, default first (choices only, else ``()``).
        source: a key of ``docs/sources.md``, or ``"assumption"``.
        meaning: what the value stands for, in a line.

    """

    path: str
    default: Any
    low: float | None
    high: float | None
    values: tuple[Any, ...]
    source: str
    meaning: str

    @property
    def is_choice(self) -> bool:
        """True for a choice between settings, False for a number in a range."""
        return bool(self.values)


def load_assumptions(path: str | Path = ASSUMPTIONS_FILE) -> list[Assumption]:
    """Read and check the table.

    Raises:
        ScenarioError: ``assumption[i].<key>`` naming the entry and the fix.

    """
    try:
        raw = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise ScenarioError("", f"{path}: cannot be read as TOML ({error})") from None
    entries = raw.get("assumption")
    if not isinstance(entries, list) or not entries:
        raise ScenarioError("assumption", "give at least one [[assumption]] table")
    table = [_entry(index, entry) for index, entry in enumerate(entries)]
    paths = [a.path for a in table]
    repeated = sorted({p for p in paths if paths.count(p) > 1})
    if repeated:
        raise ScenarioError("assumption", f"each path once; repeated: {', '.join(repeated)}")
    return table


def _entry(index: int, entry: Any) -> Assumption:
    field = f"assumption[{index}]"
    if not isinstance(entry, dict):
        raise ScenarioError(field, "must be a table")
    allowed = {"path", "default", "low", "high", "values", "source", "meaning"}
    unknown = sorted(set(entry) - allowed)
    if unknown:
        raise ScenarioError(f"{field}.{unknown[0]}", f"unknown key; allowed: {', '.join(sorted(allowed))}")
    for key in ("path", "source", "meaning"):
        if not isinstance(entry.get(key), str) or not entry[key]:
            raise ScenarioError(f"{field}.{key}", "required: a non-empty string")
    values = entry.get("values")
    if values is not None:
        if not isinstance(values, list) or len(values) < 2:
            raise ScenarioError(f"{field}.values", "give at least two settings, the default first")
        if any(key in entry for key in ("default", "low", "high")):
            raise ScenarioError(f"{field}.values", "a choice has values only, not default/low/high")
        return Assumption(
            entry["path"], values[0], None, None, tuple(values), entry["source"], entry["meaning"]
        )
    numbers = {}
    for key in ("default", "low", "high"):
        value = entry.get(key)
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ScenarioError(f"{field}.{key}", "required: a number (or give `values` for a choice)")
        numbers[key] = value
    if not numbers["low"] <= numbers["default"] <= numbers["high"]:
        raise ScenarioError(
            f"{field}.default", f"must lie in [low, high] = [{numbers['low']}, {numbers['high']}]"
        )
    return Assumption(
        entry["path"],
        numbers["default"],
        numbers["low"],
        numbers["high"],
        (),
        entry["source"],
        entry["meaning"],
    )
