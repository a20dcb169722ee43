"""The calibration commands: ``fit`` (an export to a scenario) and ``backtest`` (the scenario against today)."""

from __future__ import annotations

import csv
import os
import tomllib
from pathlib import Path
from typing import Annotated

import typer

from simulation.cli.terminal import say
from simulation.core.errors import ScenarioError

SET_HELP = "set a scenario field in the written file, e.g. --set ownership.approval.topics=[] (repeatable)"


def fit_command(
    export: Annotated[Path, typer.Argument(help="inquiry export (CSV, one row per inbound message)")],
    org: Annotated[Path, typer.Option(help="org chart (CSV or GraphML) of the people who answer")],
    out: Annotated[Path, typer.Option(help="scenario TOML to write")] = Path("my_company.toml"),
    model: Annotated[str, typer.Option(help="today's ownership model")] = "marketing_silo",
    time_zone: Annotated[str, typer.Option(help="the organisation's time zone (IANA)")] = "UTC",
    column: Annotated[
        list[str] | None,
        typer.Option(help="field=column of the export, e.g. received_at=Created (repeatable)"),
    ] = None,
    time_format: Annotated[
        str | None, typer.Option(help="strptime pattern of the times (default ISO 8601)")
    ] = None,
    naive_time_zone: Annotated[str | None, typer.Option(help="zone of times written without offset")] = None,
    org_column: Annotated[
        list[str] | None,
        typer.Option(help="field=column of the org chart, e.g. manager_id=manager (repeatable)"),
    ] = None,
    sets: Annotated[list[str] | None, typer.Option("--set", help=SET_HELP)] = None,
    do_calibrate: Annotated[
        bool, typer.Option("--calibrate", help="fit delays and availability to the observed responses")
    ] = False,
) -> None:
    """Fit volume, shares and hour x weekday profiles of an export; write a scenario that replays it."""
    from simulation.calibration.export import ExportFormat, zone  # the engine loads only when used
    from simulation.calibration.fitting import describe, fit_arrivals, scenario_raw
    from simulation.calibration.replay import Source
    from simulation.calibration.tuning import calibrate
    from simulation.scenario.loading import parse_assignments, scenario_from_dict, with_overrides
    from simulation.scenario.toml_writer import document

    columns = _pairs(column, "--column", "received_at=Created")
    local = zone(time_zone, "--time-zone")
    source = Source(export, ExportFormat(columns, time_format, naive_time_zone), local)
    found = fit_arrivals(source)
    folder = out.resolve().parent
    table = {"file": _relative(export, folder), "time_zone": time_zone, "columns": columns}
    if time_format:
        table["time_format"] = time_format
    if naive_time_zone:
        table["naive_time_zone"] = naive_time_zone
    raw = scenario_raw(found, table, _relative(org, folder), model, out.stem.replace("_", " "))
    org_columns = _pairs(org_column, "--org-column", "manager_id=manager")
    if org_columns:
        raw["organisation"]["columns"] = org_columns
    raw = with_overrides(raw, parse_assignments(sets or []))
    checked = with_overrides(raw, {"organisation.import": str(org.resolve())})
    scenario = scenario_from_dict(checked)
    header = [
        f"Fitted from {export.name}: {line}" if i == 0 else line for i, line in enumerate(describe(found))
    ]
    if do_calibrate:
        result = calibrate(scenario, Source(export, source.export, local))
        for dotted, value in result.values.items():
            section, name = dotted.split(".")
            raw.setdefault(section, {})[name] = round(value, 4)
            say(f"{dotted} = {value:.4g} ± {result.standard_errors[dotted]:.2g} (bootstrap standard error)")
        say(f"distance to today: {result.distance_before:.2f} before, {result.distance_after:.2f} after")
        header.append(f"Calibrated to the observed responses ({result.evaluations} simulations).")
    header += ["", "Vary it like any scenario: --set inquiries.per_day=...; check it with `backtest`."]
    text = document(raw, header)
    tomllib.loads(text)  # what is written must read back
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    for line in describe(found):
        say(line)
    say(f"scenario written to {out} (run `backtest {out}` to compare it with today)")


def backtest_command(
    scenario: Annotated[Path, typer.Argument(help="scenario TOML with [inquiries.import]")],
    replicates: Annotated[int, typer.Option(help="replicates of the replay")] = 10,
    out: Annotated[Path | None, typer.Option(help="directory for qq.png and groups.csv")] = None,
    sets: Annotated[list[str] | None, typer.Option("--set", help="override a scenario field")] = None,
) -> None:
    """Replay the export's arrivals through today's model; compare response times with the export's."""
    from simulation.calibration.backtest import backtest, verdict
    from simulation.calibration.replay import Source
    from simulation.scenario.loading import parse_assignments, read_toml, scenario_from_dict, with_overrides

    if replicates < 2:
        raise ScenarioError(
            "--replicates", f"must be at least 2 for a confidence interval (got {replicates})"
        )
    spec = scenario_from_dict(with_overrides(read_toml(scenario), parse_assignments(sets or [])))
    if spec.inquiries.import_file is None:
        raise ScenarioError(
            "inquiries.import",
            "the scenario names no export; add [inquiries.import] file = ..., or make one with `fit`",
        )
    result = backtest(spec, Source.of(spec.inquiries.import_file, scenario.resolve().parent), replicates)
    if (
        result.comparisons[0].observed_half != result.comparisons[0].observed_half
        or not result.quantiles[1].size
    ):
        raise ScenarioError(
            "inquiries.import.columns.responded_at",
            "the export has no first-response times; map the column that holds them",
        )
    for line in verdict(result):
        print(line)
    print(
        f"by channel and topic ({result.messages} messages; simulated over {result.replicates} replicates):"
    )
    print(f"  {'':20s} {'messages':>8s} {'answered obs/sim':>17s} {'median min obs/sim':>19s}")
    for dimension, name, count, seen, seen_median, sim, sim_median in result.groups:
        print(
            f"  {dimension + ' ' + name:20s} {count:8d} {seen:8.0%} /{sim:6.0%}   {seen_median:8.0f} /{sim_median:7.0f}"
        )
    if out is not None:
        from simulation.calibration.plots import qq_plot  # matplotlib loads only here

        out.mkdir(parents=True, exist_ok=True)
        qq_plot(result, out / "qq.png")
        with (out / "groups.csv").open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(
                [
                    "dimension",
                    "value",
                    "messages",
                    "answered_observed",
                    "median_observed_min",
                    "answered_simulated",
                    "median_simulated_min",
                ]
            )
            writer.writerows(result.groups)
        say(f"Q-Q plot and table written to {out}/")


def _pairs(items: list[str] | None, option: str, example: str) -> dict[str, str]:
    """``["field=column", ...]`` as a mapping; anything else is an error naming ``option``."""
    pairs = {}
    for item in items or []:
        field, equals, name = item.partition("=")
        if not equals or not field.strip() or not name.strip():
            raise ScenarioError(option, f"expected FIELD=COLUMN, e.g. {example} (got {item!r})")
        pairs[field.strip()] = name.strip()
    return pairs


def _relative(path: Path, folder: Path) -> str:
    """``path`` as the written scenario should name it: relative to the scenario's folder."""
    return Path(os.path.relpath(path.resolve(), folder)).as_posix()


def key_people_command(
    scenario: Annotated[Path, typer.Argument(help="scenario TOML with an imported org chart")],
    days: Annotated[float, typer.Option(help="length of the absence, in days")] = 7.0,
    replicates: Annotated[int, typer.Option(help="replicates per absence (common random numbers)")] = 5,
    top: Annotated[int, typer.Option(help="how many people to list")] = 5,
    sets: Annotated[list[str] | None, typer.Option("--set", help="override a scenario field")] = None,
) -> None:
    """The people whose absence for a week costs most: answered share and median response."""
    from simulation.calibration.key_people import describe as describe_absence
    from simulation.calibration.key_people import key_people
    from simulation.scenario.loading import parse_assignments, read_toml, scenario_from_dict, with_overrides

    if replicates < 2:
        raise ScenarioError(
            "--replicates", f"must be at least 2 for a confidence interval (got {replicates})"
        )
    if not 0 < days <= 365:
        raise ScenarioError("--days", f"must be between 0 and 365 days (got {days})")
    spec = scenario_from_dict(with_overrides(read_toml(scenario), parse_assignments(sets or [])))
    absences = key_people(spec, days, replicates)
    print(
        f"{spec.scenario.name}: a {days:g}-day absence against the same days with everyone ({replicates} replicates)"
    )
    for absence in absences[: max(top, 0)]:
        print(f"• {describe_absence(absence)}")
