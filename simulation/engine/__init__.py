"""The engine: an organisation built from a scenario, and inquiries moving through it as events.

The modules of the hot path are plain Python with Cython's declarations beside them
(``.pxd``: C types for the fields and locals read per event; :data:`COMPILED_MODULES`).
Where a C compiler was found at install, ``setup.py`` compiled them, and the compiled ones
are imported: about twice as fast. The Python sources run instead, with the same results,
when ``ORGSIM_PURE_PYTHON=1`` asks for them, or when the compiled set is incomplete or
older than its sources (a stale build would run old code; ``uv sync`` rebuilds it).
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import importlib.util
import os
import sys
import warnings

_HERE = os.path.dirname(os.path.abspath(__file__))  # only the package's own files are looked at
COMPILED_MODULES = tuple(
    sorted(name[:-4] for name in os.listdir(_HERE) if name.endswith(".pxd"))
)  # as setup.py
_SETTLE_S = 2.0  # sources written this soon after the build are the build's own (a wheel unpacked)


def _build_state() -> str:
    """``"built"``, ``"absent"`` (never compiled), or ``"stale"`` (incomplete or older than its sources)."""
    suffix = importlib.machinery.EXTENSION_SUFFIXES[0]
    binaries = [os.path.join(_HERE, name + suffix) for name in COMPILED_MODULES]
    present = [os.path.exists(binary) for binary in binaries]
    if not any(present):
        return "absent"
    if not all(present):
        return "stale"
    for name, binary in zip(COMPILED_MODULES, binaries, strict=True):
        built = os.path.getmtime(binary)
        if any(
            os.path.getmtime(os.path.join(_HERE, name + ext)) > built + _SETTLE_S for ext in (".py", ".pxd")
        ):
            return "stale"
    return "built"


class _Sources(importlib.abc.MetaPathFinder):
    """Finds the hot modules' Python sources ahead of their compiled twins."""

    def find_spec(self, fullname, path, target=None):
        package, _, name = fullname.rpartition(".")
        if package == __name__ and name in COMPILED_MODULES:
            return importlib.util.spec_from_file_location(fullname, os.path.join(_HERE, name + ".py"))
        return None


PURE_PYTHON = bool(os.environ.get("ORGSIM_PURE_PYTHON"))  # the event queue reads it too
_STATE = _build_state()
COMPILED = _STATE == "built" and not PURE_PYTHON
if not COMPILED:
    sys.meta_path.insert(0, _Sources())
    if _STATE == "stale" and not PURE_PYTHON:
        warnings.warn(
            "orgsim: the compiled engine is older than its sources; running the Python sources "
            "(same results, about half the speed). Rebuild it with `uv sync`.",
            stacklevel=1,
        )
