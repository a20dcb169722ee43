"""Analysis of a finished sweep: summary.csv, sensitivity indices and plots.

Written to ``DIR/analysis/``:

- ``summary.csv``: per point and model, the mean and 95 % CI half-width of every output
  over replicates (Student's t), and the number of replicates ``n``.
- ``sensitivity.csv`` and ``sensitivity.png`` (``sobol`` and ``morris`` sweeps only):
  indices per model and output, computed on the replicate means of each sample
  (SALib ``analyze.sobol``: S1, ST; ``analyze.morris``: mu*, sigma).
- ``plots/<output>.png``: the output against each continuous parameter, one
  colour per model (point means with 95 % CI bars).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from simulation.experiments.output import atomic_write, save_figure
from simulation.experiments.statistics import confidence_interval
from simulation.sweeps import sink

UNITS = (
    ("_min", "minutes"),
    ("_minutes", "minutes"),
    ("_hours", "hours"),
    ("_days", "days"),
    ("_share", "share, 0–1"),
    ("per_day", "inquiries per day"),
    ("_per_inquiry", "per inquiry"),
    ("_total", "count"),
    ("_s", "seconds"),
)


@dataclass
class Analysis:
    """What :func:`analyse` wrote and computed."""

    directory: Path
    summary: pd.DataFrame
    sensitivity: pd.DataFrame | None = None
    files: list[Path] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def label(name: str) -> str:
    """An axis label with the unit where the name tells it (``response_time_median_min [minutes]``)."""
    for suffix, unit in UNITS:
        if name.endswith(suffix):
            return f"{name} [{unit}]"
    return name


def analyse(directory: str | Path, out: str | Path | None = None) -> Analysis:
    """Analyse the sweep in ``directory``; files go to ``out`` (default ``directory/analysis``)."""
    directory = Path(directory)
    design = sink.read_design(directory)
    sink.consolidate(directory)
    frame = sink.read_results(directory)
    target = Path(out) if out is not None else directory / "analysis"
    target.mkdir(parents=True, exist_ok=True)
    outputs = list(design["outputs"])
    parameters = list(design["point_parameters"])
    result = Analysis(target, _summary(frame, parameters, outputs))
    path = target / "summary.csv"
    atomic_write(path, result.summary.to_csv(index=False))
    result.files.append(path)
    sampler = design["settings"]["sampler"]
    if sampler in ("sobol", "morris") and design.get("problem") and not frame.empty:
        result.sensitivity = _sensitivity(frame, design, outputs, result.skipped)
        path = target / "sensitivity.csv"
        atomic_write(path, result.sensitivity.to_csv(index=False))
        result.files.append(path)
        if not result.sensitivity.empty:
            result.files.append(_sensitivity_chart(result.sensitivity, sampler, target / "sensitivity.png"))
    continuous = [p["path"] for p in design["parameters"] if p["values"] is None]
    if continuous and not frame.empty:
        (target / "plots").mkdir(exist_ok=True)
        for output in outputs:
            result.files.append(_plot(result.summary, continuous, output, target / "plots" / f"{output}.png"))
    return result


def _summary(frame: pd.DataFrame, parameters: list[str], outputs: list[str]) -> pd.DataFrame:
    if frame.empty:
        return pd.DataFrame()
    rows = []
    for (point, model), group in frame.groupby(["point", "model"], sort=True):
        row: dict[str, Any] = {"point": point, "model": model}
        row.update({name: group[name].iloc[0] for name in parameters})
        row["n"] = len(group)
        for output in outputs:
            mean, half = confidence_interval(group[output].tolist())
            row[f"{output}_mean"] = mean
            row[f"{output}_ci95"] = half
        rows.append(row)
    return pd.DataFrame(rows)


def _sensitivity(frame: pd.DataFrame, design: dict[str, Any], outputs: list[str], skipped: list[str]):
    problem = design["problem"]
    settings = design["settings"]
    matrix = np.array(design["matrix"], dtype=float)
    sample_of = {entry["point"]: entry["sample"] for entry in design["points"]}
    categorical = [p["path"] for p in design["parameters"] if p["values"] is not None]
    categorical = [name for name in categorical if name in frame.columns]
    means = frame.groupby(["point", "model"], sort=True)[outputs].mean().reset_index()
    means["sample"] = means["point"].map(sample_of)
    for name in categorical:
        means[name] = means["point"].map(frame.groupby("point")[name].first())
    rows = []
    for keys, group in means.groupby(["model", *categorical], sort=True):
        keys = keys if isinstance(keys, tuple) else (keys,)
        where = ", ".join(f"{k}={v}" for k, v in zip(["model", *categorical], keys, strict=True))
        group = group.sort_values("sample")
        if list(group["sample"]) != list(range(len(matrix))):
            skipped.append(f"{where}: incomplete samples, no indices")
            continue
        for output in outputs:
            values = group[output].to_numpy(dtype=float)
            if not np.all(np.isfinite(values)) or np.ptp(values) == 0:
                skipped.append(f"{where} {output}: undefined or constant values, no indices")
                continue
            rows.extend(
                _indices(
                    settings,
                    problem,
                    matrix,
                    values,
                    dict(zip(["model", *categorical], keys, strict=True)),
                    output,
                )
            )
    return pd.DataFrame(rows)


def _indices(settings, problem, matrix, values, keys, output) -> list[dict[str, Any]]:
    if settings["sampler"] == "sobol":
        from SALib.analyze import sobol

        found = sobol.analyze(
            problem, values, calc_second_order=settings["second_order"], seed=settings["seed"]
        )
        columns = {"S1": "S1", "S1_conf": "S1_conf", "ST": "ST", "ST_conf": "ST_conf"}
    else:
        from SALib.analyze import morris

        found = morris.analyze(problem, matrix, values, num_levels=settings["levels"], seed=settings["seed"])
        columns = {"mu": "mu", "mu_star": "mu_star", "sigma": "sigma", "mu_star_conf": "mu_star_conf"}
    rows = []
    for index, name in enumerate(problem["names"]):
        row = {**keys, "output": output, "parameter": name}
        row.update({column: float(found[key][index]) for column, key in columns.items()})
        rows.append(row)
    return rows


def _sensitivity_chart(table: pd.DataFrame, sampler: str, path: Path) -> Path:
    metric = "ST" if sampler == "sobol" else "mu_star"
    outputs = list(dict.fromkeys(table["output"]))
    figure = Figure(figsize=(10, 2.6 * len(outputs)), layout="constrained")
    axes = figure.subplots(len(outputs), 1, squeeze=False)[:, 0]
    for axis, output in zip(axes, outputs, strict=True):
        part = table[table["output"] == output]
        pivot = part.pivot_table(index="parameter", columns="model", values=metric, aggfunc="mean")
        width = 0.8 / max(1, len(pivot.columns))
        for offset, model in enumerate(pivot.columns):
            x = np.arange(len(pivot.index)) + offset * width
            axis.bar(x, pivot[model].to_numpy(), width, label=model)
        axis.set_xticks(np.arange(len(pivot.index)) + 0.4 - width / 2, list(pivot.index))
        axis.set_title(label(output))
        axis.set_ylabel("total-order index ST" if sampler == "sobol" else "Morris mu* (output units)")
        axis.legend(fontsize="small")
    save_figure(figure, path, dpi=90)
    return path


def _plot(summary: pd.DataFrame, continuous: list[str], output: str, path: Path) -> Path:
    figure = Figure(figsize=(5 * len(continuous), 3.6), layout="constrained")
    axes = figure.subplots(1, len(continuous), squeeze=False)[0]
    for axis, parameter in zip(axes, continuous, strict=True):
        for model, group in summary.groupby("model", sort=True):
            group = group.sort_values(parameter)
            errors = group[f"{output}_ci95"].to_numpy(dtype=float)
            errors = np.where(np.isfinite(errors), errors, 0.0)
            axis.errorbar(
                group[parameter],
                group[f"{output}_mean"],
                yerr=errors,
                fmt="o",
                markersize=3,
                capsize=2,
                label=model,
            )
        axis.set_xlabel(label(parameter))
        axis.set_ylabel(label(output))
    axes[0].legend(fontsize="small")
    figure.suptitle(f"{output}: point means, 95 % CI over replicates")
    save_figure(figure, path, dpi=90)
    return path
