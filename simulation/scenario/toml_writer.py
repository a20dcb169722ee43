"""Writing scenarios as TOML: tables of scalars, lists and inline tables, nothing more.

Scenario files are small and regular, so a writer of fifty lines serves instead of a
dependency (``tomllib`` only reads). Fitted scenarios and recommended configurations are
written with it; callers read the text back with ``tomllib`` before they save it.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping


def value(item: object) -> str:
    """One TOML value: a string, number, boolean, array or inline table."""
    if isinstance(item, bool):
        return "true" if item else "false"
    if isinstance(item, int):
        return str(item)
    if isinstance(item, float):
        if math.isnan(item):
            return "nan"
        if math.isinf(item):
            return "inf" if item > 0 else "-inf"
        return repr(item)
    if isinstance(item, str):
        return json.dumps(item, ensure_ascii=False)  # a JSON string is a TOML basic string
    if isinstance(item, Mapping):
        return "{ " + ", ".join(f"{key(k)} = {value(v)}" for k, v in item.items()) + " }"
    if isinstance(item, list | tuple):
        return "[" + ", ".join(value(v) for v in item) + "]"
    raise TypeError(f"cannot write {type(item).__name__} as TOML")


def key(name: str) -> str:
    """A bare key where TOML allows one, else a quoted key."""
    bare = name and all(c.isalnum() or c in "_-" for c in name) and name.isascii()
    return name if bare else json.dumps(name, ensure_ascii=False)


def document(tables: Mapping[str, Mapping[str, object]], header: list[str]) -> str:
    """``[table]`` sections in order (dotted names for sub-tables), after ``#`` comment lines."""
    lines = [f"# {line}" if line else "#" for line in header]
    for name, entries in tables.items():
        lines.append("")
        lines.append(f"[{name}]")
        lines.extend(f"{key(k)} = {value(v)}" for k, v in entries.items())
    return "\n".join(lines) + "\n"


def to_toml(data: Mapping[str, object]) -> str:
    """A scenario mapping: its plain keys first, then one table per top-level mapping, nested values inline."""
    lines = [f"{key(k)} = {value(v)}" for k, v in data.items() if not isinstance(v, Mapping)]
    for name, entries in data.items():
        if isinstance(entries, Mapping):
            lines += ["", f"[{key(name)}]"]
            lines += [f"{key(k)} = {value(v)}" for k, v in entries.items()]
    return "\n".join(lines) + "\n"
