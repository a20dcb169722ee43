"""The command line: thin commands over the experiments, reports, sweeps and the UI."""
