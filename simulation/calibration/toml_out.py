"""Writing a fitted scenario as TOML: tables of scalars, lists and inline tables, nothing more.

Scenario files are small and regular, so a writer of forty lines serves instead of
a dependency; what it writes is read back with :mod:`tomllib` before it is saved.
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
        return "inf" if math.isinf(item) else repr(item)
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
