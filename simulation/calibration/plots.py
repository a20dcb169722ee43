"""The backtest's Q-Q plot: observed against simulated response-time quantiles."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt

from simulation.calibration.backtest import Backtest


def qq_plot(result: Backtest, path: Path) -> Path:
    """Write the Q-Q plot (hours, percentiles 1-99) to ``path``; points on the diagonal mean agreement."""
    _, observed, simulated = result.quantiles
    figure, axes = plt.subplots(figsize=(5, 5))
    axes.plot(observed / 60.0, simulated / 60.0, ".", color="#1f77b4", label="percentiles 1–99")
    top = max(float(observed.max(initial=0)), float(simulated.max(initial=0))) / 60.0
    axes.plot([0, top], [0, top], "-", color="#999999", linewidth=1, label="agreement")
    axes.set_xlabel("observed response time (h)")
    axes.set_ylabel("simulated response time (h)")
    axes.set_title("Backtest: answered messages")
    axes.legend(loc="upper left")
    figure.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, dpi=110)
    plt.close(figure)
    return path
