"""The Solara page: controls on the left, one panel per model (two in a race) on the right.

Run with ``uv run run.py ui``. Each browser session renders its own ``Page``, and the
simulation lives in that page's hooks (``use_memo`` / ``use_reactive``), so sessions never
share a model. The play loop runs in a worker thread (``use_task``).

A Step must be quick at 2,000 people, so:

- ``tick`` (bumped after every change of the clock) is read only by the components that show
  the clock: ``Clock``, ``LiveRunControls`` and ``Panels``. ``Page`` never reads it, so a Step
  re-renders neither the sidebar nor the crisis and download controls.
- The browser draws everything: charts are small SVG strings (``svg_charts``), the graph is a
  background SVG built and sent once per organisation plus a small overlay per step
  (``network_view``). A chart whose picture did not change is not sent again.
- PNGs come from matplotlib only when a download button is pressed.
"""

from __future__ import annotations

import time

import solara
import solara.lab

from simulation.ui.charts import charts_figure, png_bytes
from simulation.ui.controls import CrisisControls, RunControls, ScenarioControls
from simulation.ui.network_view import drawing_for, layout_for, network_figure, overlay_svg
from simulation.ui.state import (
    FRAME_SECONDS,
    STEP_MINUTES,
    Simulation,
    Snapshot,
    clock_text,
    crisis_defaults,
    knobs_from_file,
    model_defaults,
    preset_paths,
)
from simulation.ui.svg_charts import chart_svgs, key_figures_html

STYLE = """
.v-application { font-size: 18px; }
.v-application .v-label, .v-application .v-select__selection, .v-application input { font-size: 18px !important; }
.v-application .v-btn { font-size: 17px; }
.orgsim-clock { font-size: 30px; font-weight: 700; font-variant-numeric: tabular-nums; }
.orgsim-status { font-size: 18px; color: #444; }
.orgsim-panel-title { font-size: 24px; font-weight: 700; }
.orgsim-busy { font-size: 18px; color: #333; }
.orgsim-graph { position: relative; width: 100%; max-width: 680px; aspect-ratio: 1 / 1; }
.orgsim-graph > div { position: absolute; inset: 0; }
.orgsim-legend { list-style: none; padding: 0 !important; margin: 4px 0 0 0; font-size: 17px;
                 display: flex; flex-wrap: wrap; gap: 2px 18px; }
.orgsim-key { display: inline-block; width: 15px; height: 15px; border-radius: 50%; margin-right: 8px;
              vertical-align: -1px; box-sizing: border-box; }
.orgsim-key-line { height: 4px; border-radius: 2px; vertical-align: 4px; }
.orgsim-charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(260px, 1fr)); gap: 10px 16px; }
.orgsim-chart-title { font-size: 19px; font-weight: 700; text-align: center; margin: 6px 0 4px 0; }
.orgsim-keyfigures table { width: 100%; font-size: 18px; border-collapse: collapse; }
.orgsim-keyfigures td { padding: 2px 4px; border-bottom: 1px solid #eee; }
.orgsim-keyfigures td:last-child { text-align: right; font-weight: 700; font-variant-numeric: tabular-nums; }
"""


def graph_png(simulation: Simulation, index: int) -> bytes:
    """The graph of one model as it is now, as a PNG (for the download button)."""
    snapshot = simulation.snapshot(index)
    model = simulation.models[index]
    layout = layout_for(model.graph, snapshot.person_department, snapshot.graph_key)
    return png_bytes(network_figure(snapshot, layout))


def charts_png(simulation: Simulation, index: int) -> bytes:
    """The charts of one model as they are now, as a PNG (for the download button)."""
    return png_bytes(charts_figure(simulation.snapshot(index), narrow=len(simulation.models) > 1))


@solara.component
def Clock(simulation: Simulation, tick: solara.Reactive[int]):  # noqa: N802 (Solara components are CamelCase)
    """The model clock (re-rendered on every tick, alone)."""
    _ = tick.value  # subscribe to the clock
    solara.Text(clock_text(simulation.now), classes=["orgsim-clock"])


@solara.component
def RunStatus(simulation: Simulation, tick: solara.Reactive[int]):  # noqa: N802 (Solara components are CamelCase)
    """When the run ends, or that it is over; whether the models share their arrivals."""
    _ = tick.value
    ending = "run over" if simulation.finished else f"run ends {clock_text(simulation.end)}"
    race = " — same arrivals for both (common random numbers)" if len(simulation.models) > 1 else ""
    solara.Text(f"{ending}{race}", classes=["orgsim-status"])


@solara.component
def LiveRunControls(  # noqa: N802 (Solara components are CamelCase)
    simulation: Simulation, tick: solara.Reactive[int], playing, speed, on_step, on_reset
):
    """The run buttons, which need the clock only to know when the run is over."""
    _ = tick.value
    RunControls(playing, speed, simulation.finished, on_step, on_reset)


@solara.component
def GraphView(simulation: Simulation, index: int, snapshot: Snapshot):  # noqa: N802 (Solara components are CamelCase)
    """The organisation: a background sent once, an overlay redrawn per tick, the legend."""
    model = simulation.models[index]
    layout = layout_for(model.graph, snapshot.person_department, snapshot.graph_key)
    drawing = drawing_for(layout, snapshot.person_department, snapshot.departments, snapshot.graph_key)
    busy = int((snapshot.person_load > 0).sum())
    solara.Text(f"{busy} of {len(snapshot.person_load)} people busy", classes=["orgsim-busy"])
    with solara.Div(classes=["orgsim-graph"]):
        solara.HTML(unsafe_innerHTML=drawing.background, classes=["orgsim-graph-background"])
        solara.HTML(unsafe_innerHTML=overlay_svg(drawing, snapshot), classes=["orgsim-graph-overlay"])
    solara.HTML(unsafe_innerHTML=drawing.legend)


@solara.component
def ChartGrid(snapshot: Snapshot):  # noqa: N802 (Solara components are CamelCase)
    """Five charts and the key figures; each an HTML element, re-sent only when it changed."""
    with solara.Div(classes=["orgsim-charts"]):
        for name, svg in chart_svgs(snapshot).items():
            solara.HTML(unsafe_innerHTML=svg, classes=["orgsim-chart", f"orgsim-chart-{name}"])
        solara.HTML(unsafe_innerHTML=key_figures_html(snapshot.summary), classes=["orgsim-keyfigures"])


@solara.component
def Panels(simulation: Simulation, tick: solara.Reactive[int]):  # noqa: N802 (Solara components are CamelCase)
    """One panel per model at the current clock; the only big component a tick re-renders."""
    snapshots = solara.use_memo(simulation.snapshots, [simulation, tick.value])
    race = len(snapshots) > 1
    with solara.Columns([1] * len(snapshots)):
        for index, snapshot in enumerate(snapshots):
            with solara.Column(classes=["orgsim-panel"], gap="6px"):
                solara.Text(simulation.names[index].replace("_", " "), classes=["orgsim-panel-title"])
                if race:
                    GraphView(simulation, index, snapshot)
                    ChartGrid(snapshot)
                else:
                    with solara.Columns([2, 3], gutters_dense=True):
                        with solara.Column(gap="4px"):
                            GraphView(simulation, index, snapshot)
                        ChartGrid(snapshot)
                Downloads(simulation, index)


@solara.component
def Downloads(simulation: Simulation, index: int):  # noqa: N802 (Solara components are CamelCase)
    """PNGs of one model's charts and graph, drawn by matplotlib only when a button is pressed."""
    label = simulation.names[index]
    with solara.Row(gap="8px"):
        solara.FileDownload(
            lambda: charts_png(simulation, index),
            filename=f"orgsim-{label}-charts.png",
            label="Charts PNG",
            mime_type="image/png",
        )
        solara.FileDownload(
            lambda: graph_png(simulation, index),
            filename=f"orgsim-{label}-graph.png",
            label="Graph PNG",
            mime_type="image/png",
        )


@solara.component
def Page():  # noqa: N802 (Solara components are CamelCase)
    """The whole app for one browser session (never reads ``tick``: a Step does not re-render it)."""
    presets = solara.use_memo(preset_paths, [])
    initial = solara.use_memo(lambda: knobs_from_file(next(iter(presets.values()))), [])
    knobs = solara.use_reactive(initial)
    generation = solara.use_reactive(0)  # Reset builds a fresh simulation with the same knobs

    def build() -> tuple[Simulation | None, str]:
        try:
            return Simulation(knobs.value), ""
        except Exception as problem:  # a knob combination the scenario rejects: say so, keep the page
            return None, str(problem)

    simulation, error = solara.use_memo(build, [knobs.value, generation.value])
    defaults = solara.use_memo(
        lambda: model_defaults(simulation.raw, knobs.value.model) if simulation else None, [simulation]
    )
    tick = solara.use_reactive(0)
    playing = solara.use_reactive(False)
    speed = solara.use_reactive(6.0)
    current = solara.use_ref(simulation)
    current.current = simulation

    def play_loop() -> None:
        if simulation is None:
            return
        last = time.perf_counter()
        while playing.value and current.current is simulation and not simulation.finished:
            time.sleep(FRAME_SECONDS)
            now = time.perf_counter()
            simulation.advance(speed.value * 60.0 * min(now - last, 1.0))
            last = now
            tick.set(tick.value + 1)
        if simulation.finished and current.current is simulation:
            playing.set(False)

    solara.lab.use_task(play_loop, dependencies=[playing.value, simulation], prefer_threaded=True)

    def step() -> None:
        simulation.advance(STEP_MINUTES)
        tick.set(tick.value + 1)

    def reset() -> None:
        playing.set(False)
        generation.set(generation.value + 1)

    def surge(topic: str, factor: float, hours: float) -> None:
        simulation.surge(topic, factor, hours)
        tick.set(tick.value + 1)

    solara.Title("orgsim: who should own social media?")
    solara.Style(STYLE)
    with solara.Sidebar():
        solara.Text("orgsim", style={"font-size": "26px", "font-weight": "700"})
        if defaults is not None:
            ScenarioControls(presets, knobs, defaults)
    if simulation is None:
        solara.Error(f"This combination is not valid: {error}")
        solara.Button(
            "Back to the scenario file", on_click=lambda: knobs.set(knobs_from_file(knobs.value.preset))
        )
        return
    with solara.Column(gap="8px", style={"padding": "8px"}):
        with solara.Row(gap="24px", style={"align-items": "center", "flex-wrap": "wrap"}):
            Clock(simulation, tick)
            LiveRunControls(simulation, tick, playing, speed, step, reset)
        RunStatus(simulation, tick)
        CrisisControls(simulation.topics, crisis_defaults(simulation.scenarios[0]), surge)
        with solara.Row(gap="8px"):
            solara.FileDownload(
                simulation.summary_csv,
                filename="orgsim-summary.csv",
                label="Results CSV",
                mime_type="text/csv",
            )
            solara.FileDownload(
                simulation.inquiries_csv,
                filename="orgsim-inquiries.csv",
                label="Inquiries CSV",
                mime_type="text/csv",
            )
        Panels(simulation, tick)
