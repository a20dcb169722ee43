"""The entry point, and ``validate FILE`` checked without Typer.

``validate`` is what editors and scripts run on every save. Typer and the command table it
builds for every command cost about 60 ms of its 0.35 s, so ``validate FILE`` (with or without
``--allow-large``) is parsed here; any other arguments, ``--help`` included, go to the full
CLI in :mod:`simulation.cli.main`, which runs the same check. Both turn errors into the same
exit codes and messages (:func:`simulation.cli.shared.failure`).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from simulation.cli.shared import INTERRUPTED, check_file, failure, without_pydantic_plugins
from simulation.cli.terminal import say

ALLOW_LARGE = "--allow-large"


def main(argv: list[str] | None = None) -> int:
    """Run the CLI: ``validate FILE`` here, everything else through Typer."""
    arguments = sys.argv[1:] if argv is None else argv
    quick = validate_arguments(arguments)
    if quick is None:
        from simulation.cli.main import main as full

        return full(arguments)
    try:
        with without_pydantic_plugins():
            check_file(*quick)
        return 0
    except KeyboardInterrupt:
        say("interrupted")
        return INTERRUPTED
    except Exception as error:
        return failure(error)


def validate_arguments(arguments: Sequence[str]) -> tuple[Path, bool] | None:
    """(file, allow large) for ``validate FILE [--allow-large]`` in either order, else None."""
    if not arguments or arguments[0] != "validate":
        return None
    rest = list(arguments[1:])
    allow_large = ALLOW_LARGE in rest
    if allow_large:
        rest.remove(ALLOW_LARGE)
    if len(rest) != 1 or rest[0].startswith("-"):
        return None
    return Path(rest[0]), allow_large
