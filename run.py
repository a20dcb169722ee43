"""orgsim command line: `uv run run.py --help`."""

from simulation.cli.quick import main  # `validate FILE` without Typer, the rest with it
from simulation.cli.shared import leave

if __name__ == "__main__":
    leave(main())
