"""Package names that load their module on first use (PEP 562).

Start-up commands (``validate``, ``models``, ``--help``) import packages whose full
contents pull in Mesa, pandas and SciPy; a lazy name costs nothing until it is used.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping
from importlib import import_module


def lazy_exports(
    package: str, homes: Mapping[str, str]
) -> tuple[Callable[[str], object], Callable[[], list[str]]]:
    """The ``__getattr__`` and ``__dir__`` of ``package``: each name in ``homes`` comes from its module.

    A name is imported on first access and then kept in the package, so the lookup runs once.
    """
    namespace = vars(sys.modules[package])

    def __getattr__(name: str) -> object:  # noqa: N807 (the module hook's name is fixed)
        home = homes.get(name)
        if home is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(import_module(home), name)
        namespace[name] = value
        return value

    def __dir__() -> list[str]:  # noqa: N807 (the module hook's name is fixed)
        return sorted({*namespace, *homes})

    return __getattr__, __dir__
