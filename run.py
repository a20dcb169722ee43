"""orgsim command line: `uv run run.py --help`."""

import sys

from simulation.cli.main import main

if __name__ == "__main__":
    sys.exit(main())
