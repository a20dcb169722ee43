"""The Solara page: controls on the left, one panel per model (two in a race) on the right.

Run with ``uv run run.py ui``. Each browser session renders its own ``Page``, and the
simulation lives in that page's hooks (``use_memo`` / ``use_reactive``), so sessions never
share a model. The play loop runs in a worker thread (``use_task``); drawing happens in
the render, so a Step's answer includes its pictures.
"""

from __future__ import annotations

import time

import solara
import solara.lab

from simulation.ui.charts import charts_figure, png_bytes
from simulation.ui.controls import CrisisControls, RunControls, ScenarioControls
from simulation.ui.network_view import layout_for, network_figure
from simulation.ui.state import (
    FRAME_SECONDS,
    STEP_MINUTES,
    Simulation,
    clock_text,
    crisis_defaults,
    knobs_from_file,
    model_defaults,
    preset_paths,
)

STYLE = """
.v-application { font-size: 18px; }
.v-application .v-label, .v-application .v-select__selection, .v-application input { font-size: 18px !important; }
.v-application .v-btn { font-size: 17px; }
.orgsim-clock { font-size: 30px; font-weight: 700; font-variant-numeric: tabular-nums; }
.orgsim-status { font-size: 18px; color: #444; }
.orgsim-panel-title { font-size: 22px; font-weight: 700; }
.orgsim-image img, img.orgsim-image { width: 100%; height: auto; }
"""


@solara.component
def ModelPanel(simulation: Simulation, index: int, tick: int, side_by_side: bool):  # noqa: N802 (Solara components are CamelCase)
    """One model: its graph and its charts, redrawn after each change (``tick``)."""

    def draw() -> tuple[bytes, bytes]:
        snapshot = simulation.snapshots()[index]
        model = simulation.models[index]
        layout = layout_for(model.graph, snapshot.person_department, snapshot.graph_key)
        return png_bytes(network_figure(snapshot, layout)), png_bytes(
            charts_figure(snapshot, narrow=not side_by_side)
        )

    graph_png, charts_png = solara.use_memo(draw, [simulation, index, tick, side_by_side])
    label = simulation.names[index]
    with solara.Column(classes=["orgsim-panel"], gap="4px"):
        solara.Text(label.replace("_", " "), classes=["orgsim-panel-title"])
        with solara.Columns([2, 3], gutters_dense=True) if side_by_side else solara.Column(gap="4px"):
            solara.Image(graph_png, width="100%", classes=["orgsim-graph"])
            solara.Image(charts_png, width="100%", classes=["orgsim-charts"])
        with solara.Row(gap="8px"):
            solara.FileDownload(
                charts_png, filename=f"orgsim-{label}-charts.png", label="Charts PNG", mime_type="image/png"
            )
            solara.FileDownload(
                graph_png, filename=f"orgsim-{label}-graph.png", label="Graph PNG", mime_type="image/png"
            )


@solara.component
def Page():  # noqa: N802 (Solara components are CamelCase)
    """The whole app for one browser session."""
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
            solara.Text(clock_text(simulation.now), classes=["orgsim-clock"])
            RunControls(playing, speed, simulation.finished, step, reset)
        ending = "run over" if simulation.finished else f"run ends {clock_text(simulation.end)}"
        race = " — same arrivals for both (common random numbers)" if len(simulation.models) > 1 else ""
        solara.Text(f"{ending}{race}", classes=["orgsim-status"])
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
        with solara.Columns([1] * len(simulation.models)):
            for index in range(len(simulation.models)):
                ModelPanel(simulation, index, tick.value, side_by_side=len(simulation.models) == 1)
