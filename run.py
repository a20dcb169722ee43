"""orgsim command line: `uv run run.py --help`."""

import sys

from simulation.cli.quick import main  # `validate FILE` without Typer, the rest with it

if __name__ == "__main__":
    sys.exit(main())
