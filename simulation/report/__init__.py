"""The comparison report: figures, plain-language findings and a self-contained HTML page."""

from simulation.report.html import render, write_report
from simulation.report.summary import findings, ranking

__all__ = ["findings", "ranking", "render", "write_report"]
