"""The command line: a thin layer over loading, the experiments and the output writers.

Exit codes: 0 ok, 2 bad input (one line on stderr naming the field and the fix),
1 internal error. Each command imports what it uses (pydantic, rich, the engine) when
it runs, so ``models`` and ``--help`` start without loading the scenario types.
"""

from __future__ import annotations

import json
import math
import signal
import sys
import threading
from contextlib import ExitStack
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from simulation.cli.calibration import backtest_command, fit_command, key_people_command
from simulation.cli.decision import ROBUSTNESS_HELP, check_level, recommend_command, robustness_verdict
from simulation.cli.shared import INTERRUPTED, check_file, failure, without_pydantic_plugins
from simulation.cli.sweeps import analyse_command, sweep_command
from simulation.cli.terminal import say, stderr_console, visible
from simulation.core.errors import ScenarioError
from simulation.ownership import describe, model_names, resolve_parts

if TYPE_CHECKING:
    from rich.progress import Progress

app = typer.Typer(
    add_completion=False,
    pretty_exceptions_enable=False,
    no_args_is_help=False,
    help="orgsim: who should own social media? Simulate the organisation and measure.",
)
TABLE_KEYS = (
    ("answered_share", "answered", "{:.0%}"),
    ("answered_within_1h_share", "≤1 h", "{:.0%}"),
    ("response_time_median_min", "median min", "{:.0f}"),
    ("response_time_p90_min", "p90 min", "{:.0f}"),
    ("middlemen_per_inquiry", "middlemen", "{:.2f}"),
    ("boundary_crossings_per_inquiry", "crossings", "{:.2f}"),
    ("person_hours_social", "person-h", "{:.0f}"),
    ("coordination_hours", "coord. h", "{:.0f}"),
)


SET_HELP = "override a scenario field, e.g. --set inquiries.per_day=120 (repeatable; values are TOML)"
ALLOW_LARGE_HELP = "run even when the work estimate is above the budget (docs/reliability.md)"
OVERWRITE_HELP = "replace results already in --out (default: refuse)"


def _load(path: Path, model: str | None, seed: int | None, sets: list[str] | None = None):
    from simulation.scenario.loading import parse_assignments, read_toml, scenario_from_dict, with_overrides

    overrides: dict[str, object] = parse_assignments(sets or [])
    if model is not None:
        overrides["ownership.model"] = model
    if seed is not None:
        overrides["scenario.seed"] = seed
    return scenario_from_dict(with_overrides(read_toml(path), overrides))


def _check_count(name: str, value: int, low: int = 1) -> None:
    if value < low:
        raise ScenarioError(name, f"must be at least {low} (got {value})")


def _progress(total: int, quiet: bool) -> Progress:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    stderr = stderr_console()
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=stderr,
        disable=quiet or total < 2 or not stderr.is_terminal,  # logs get no bar, errors stay one line
        transient=True,
    )


@app.command()
def run(
    scenario: Annotated[Path, typer.Argument(help="scenario TOML file")],
    model: Annotated[str | None, typer.Option(help="ownership model (overrides the file)")] = None,
    seed: Annotated[int | None, typer.Option(help="root seed (overrides the file)")] = None,
    replicates: Annotated[int, typer.Option(help="independent replicates, seeds spawned from the root")] = 1,
    json_output: Annotated[bool, typer.Option("--json", help="one JSON object per run on stdout")] = False,
    out: Annotated[Path | None, typer.Option(help="directory for per-run CSV files and runs.jsonl")] = None,
    sets: Annotated[list[str] | None, typer.Option("--set", help=SET_HELP)] = None,
    overwrite: Annotated[bool, typer.Option(help=OVERWRITE_HELP)] = False,
    allow_large: Annotated[bool, typer.Option(help=ALLOW_LARGE_HELP)] = False,
) -> None:
    """Run one scenario under one ownership model."""
    from simulation.experiments import run_replicates  # the engine loads only for commands that run it
    from simulation.experiments.budget import Estimate, check_budget, work_of
    from simulation.experiments.output import RunWriter, json_safe, open_output

    _check_count("--replicates", replicates)
    spec = _load(scenario, model, seed, sets)
    check_budget(Estimate(work_of(spec), replicates), allow_large)
    rows = []
    with ExitStack() as stack:
        writer = None if out is None else RunWriter(stack.enter_context(open_output(out, overwrite)))
        progress = stack.enter_context(_progress(replicates, json_output))
        task = progress.add_task(f"{spec.ownership.model}", total=replicates)
        for result in run_replicates(spec, replicates, details=out is not None):
            rows.append(result.summary)
            if writer is not None:
                writer.add(result)
            if json_output:
                print(json.dumps(json_safe(result.summary)), flush=True)
            progress.advance(task)
    if not json_output:
        _print_table(f"{spec.scenario.name}: {replicates} replicate(s)", {spec.ownership.model: rows})
    if out is not None and not json_output:
        say(f"results written to {out}/")


@app.command()
def models(name: Annotated[str | None, typer.Argument(help="show this model's parts")] = None) -> None:
    """List the ownership models, or show one model's parts."""
    if name is None:
        for known in model_names():
            print(f"{known:26s} {describe(known)}")
        return
    parts = resolve_parts(name, {}, field="model")
    print(f"{name}: {parts.description}")
    for key, value in parts.model_dump(exclude={"description"}).items():
        print(f"  {key} = {json.dumps(value)}")


@app.command()
def validate(
    path: Annotated[Path, typer.Argument(help="scenario or sweep TOML file")],
    allow_large: Annotated[bool, typer.Option(help="accept work above the budget")] = False,
) -> None:
    """Check a scenario or sweep file and show its work estimate; exit 0 if valid, 2 if not."""
    check_file(path, allow_large)


@app.command()
def ui(
    host: Annotated[str, typer.Option(help="address to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="port to listen on", min=1, max=65535)] = 8765,
    scenario: Annotated[Path | None, typer.Option(help="scenario TOML file offered first")] = None,
) -> int:
    """Start the browser UI (Solara) and serve it until Ctrl-C."""
    from simulation.ui.server import serve  # Solara loads only for this command

    if host not in ("127.0.0.1", "localhost", "::1"):
        say(
            f"warning: the UI has no authentication; anyone who can reach {host}:{port} can use it "
            "and run simulations on this machine"
        )
    return serve(host, port, scenario)


@app.command()
def compare(
    scenario: Annotated[Path, typer.Argument(help="scenario TOML file")],
    models: Annotated[str, typer.Option(help="comma-separated model names, or 'all'")] = "all",
    replicates: Annotated[int, typer.Option(help="replicates per model (common random numbers)")] = 5,
    seed: Annotated[int | None, typer.Option(help="root seed (overrides the file)")] = None,
    out: Annotated[
        Path | None,
        typer.Option(help="directory for report.html, PNG figures, results.csv; default out/compare[-N]"),
    ] = None,
    sets: Annotated[list[str] | None, typer.Option("--set", help=SET_HELP)] = None,
    overwrite: Annotated[bool, typer.Option(help=OVERWRITE_HELP)] = False,
    allow_large: Annotated[bool, typer.Option(help=ALLOW_LARGE_HELP)] = False,
    robustness: Annotated[str, typer.Option(help=ROBUSTNESS_HELP)] = "quick",
) -> None:
    """Compare ownership models on one scenario; write an HTML report with figures."""
    _check_count("--replicates", replicates)
    check_level(robustness)
    _compare(_load(scenario, None, seed, sets), models, replicates, out, overwrite, allow_large, robustness)


def default(replicates: int = 5) -> None:
    """Compare every model on the default scenario, print the table and write the report."""
    from simulation.scenario.loading import default_scenario_path, read_toml, scenario_from_dict

    spec = scenario_from_dict(read_toml(default_scenario_path()))
    _compare(spec, "all", replicates, None)


def _compare(
    spec,
    models: str,
    replicates: int,
    out: Path | None,
    overwrite: bool = False,
    allow_large: bool = False,
    robustness: str = "quick",
) -> None:
    """Without ``--out``, results go to ``out/compare``, or ``out/compare-N`` when it holds results."""
    from simulation.experiments.budget import Estimate, check_budget, work_of
    from simulation.experiments.comparison import collect, resolve_models
    from simulation.experiments.output import next_free, open_output
    from simulation.report import findings, write_report  # matplotlib loads only here
    from simulation.report.decision import decision_line

    names = resolve_models(models)
    runs = len(names) * replicates
    check_budget(Estimate(work_of(spec), runs, kept_per_run=True), allow_large, runs_field="--replicates")
    out = next_free(Path("out/compare")) if out is None else out
    with open_output(out, overwrite), _progress(runs, False) as progress:
        task = progress.add_task("models", total=len(names) * replicates)

        def advance(name: str, replicate: int, _result) -> None:
            progress.update(task, description=f"{name} r{replicate}", advance=1)

        comparison = collect(spec, names, replicates, on_done=advance)
        verdict = robustness_verdict(spec, comparison, robustness, progress, out)
        progress.update(task, description="writing report")
        report = write_report(comparison, out, verdict)
    results = {
        name: rows.to_dict("records") for name, rows in comparison.summary.groupby("model", sort=False)
    }
    _print_table(f"{spec.scenario.name}: {replicates} replicate(s) per model, mean ± 95 % CI", results)
    for sentence in findings(comparison):  # on stdout with the table: `run.py > summary.txt` keeps them
        print(f"• {sentence}")
    print(f"• {decision_line(comparison)}")
    if verdict is not None:
        print(f"• Robustness: {verdict}")
    print(f"report: {report}  (figures and results.csv in {out}/)", flush=True)


def _print_table(title: str, results: dict[str, list[dict[str, object]]]) -> None:
    from rich.console import Console
    from rich.markup import escape as markup_escape
    from rich.table import Table

    from simulation.experiments.statistics import summarise_replicates

    table = Table(title=markup_escape(visible(title)))
    table.add_column("model")
    for _, label, _ in TABLE_KEYS:
        table.add_column(label, justify="right")
    for name, rows in results.items():
        stats = summarise_replicates(rows, [key for key, _, _ in TABLE_KEYS])
        cells = []
        for key, _, style in TABLE_KEYS:
            mean, half = stats[key]
            text = "–" if math.isnan(mean) else style.format(mean)
            if not math.isnan(half):
                text += " ±" + style.format(half)
            cells.append(text)
        table.add_row(name, *cells)
    Console(width=None if sys.stdout.isatty() else 160).print(table)


app.command("sweep")(sweep_command)
app.command("analyse")(analyse_command)
app.command("fit")(fit_command)
app.command("backtest")(backtest_command)
app.command("key-people")(key_people_command)
app.command("recommend")(recommend_command)


class _Stopped:
    """Whether SIGTERM ended the command (typer turns every KeyboardInterrupt into Exit(130))."""

    by_sigterm = False


def _terminate(_signal: int, _frame: object) -> None:
    """SIGTERM unwinds like Ctrl-C, so every ``finally`` runs: locks, worker pools, temporary files."""
    _Stopped.by_sigterm = True
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    """Entry point: run the CLI and turn errors into exit codes and one-line messages."""
    arguments = sys.argv[1:] if argv is None else argv
    in_main_thread = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGTERM, _terminate) if in_main_thread else None
    _Stopped.by_sigterm = False
    try:
        if not arguments:
            with without_pydantic_plugins():
                default()
            return 0
        with without_pydantic_plugins():
            result = app(arguments, standalone_mode=False)  # returns 130 for a KeyboardInterrupt
        if _Stopped.by_sigterm:
            return _error("terminated", 143)
        if result == INTERRUPTED:  # Click swallowed a Ctrl-C and printed only a blank line
            return _error("interrupted", INTERRUPTED)
        return result if isinstance(result, int) else 0
    except SystemExit as done:
        return done.code if isinstance(done.code, int) else 0
    except typer.Exit as done:
        return done.exit_code
    except (KeyboardInterrupt, typer.Abort):
        return _error("terminated", 143) if _Stopped.by_sigterm else _error("interrupted", INTERRUPTED)
    except typer.TyperException as error:  # usage errors: unknown option, bad value
        message = error.format_message() if hasattr(error, "format_message") else str(error)
        return _error(f"error: {' '.join(message.split())} (see --help)", getattr(error, "exit_code", 2))
    except Exception as error:  # bad input, out of memory, or a bug
        return failure(error)
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


def _error(message: str, code: int) -> int:
    say(message)
    return code
