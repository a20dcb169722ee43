"""The Solara page: sticky run bar on top, settings on the left, the race on the right.

Run with ``uv run run.py ui``. Each browser session renders its own ``Page``, and the
simulation lives in that page's hooks, so sessions never share a model. The organisation is
built in a worker thread (a spinner shows, controls are disabled) and the play loop runs in
another (``use_task``).

A Step must be quick at 2,000 people, so ``tick`` (bumped after every change of the clock)
is read only by the components that show the clock: ``RunBar`` and ``Panels``. ``Page`` never
reads it, so a Step re-renders neither the settings nor the explanations. The browser draws
everything: charts are small SVG strings (``svg_charts``), the graph a background SVG sent
once per organisation plus a small overlay per step (``network_view``).
"""

from __future__ import annotations

import time
from dataclasses import replace
from html import escape

import solara
import solara.lab

from simulation.ui import classics, layout
from simulation.ui.charts import charts_figure, png_bytes
from simulation.ui.controls import CrisisSettings, RunControls, ScenarioControls
from simulation.ui.exports import inquiries_csv, summary_csv
from simulation.ui.lessons import explanation, friendly_name
from simulation.ui.network_view import layout_for, network_figure
from simulation.ui.panels import Panels
from simulation.ui.state import (
    FRAME_SECONDS,
    STEP_SIZES,
    Knobs,
    Simulation,
    clock_text,
    crisis_defaults,
    knobs_from_file,
    model_defaults,
    preset_paths,
)

LIVE = {
    "per_day": "inquiries per day",
    "handoff_minutes": "hand-off delay",
    "boundary_minutes": "boundary delay",
}


@solara.component_vue("shortcuts.vue")
def Shortcuts():  # noqa: N802 (Solara components are CamelCase)
    """Space = Play/Pause, → = +1 h, d = +1 day, e = to the end, c = Crisis!, p = projector mode."""


def graph_png(simulation: Simulation, index: int) -> bytes:
    """The graph of one model as it is now, as a PNG (for the download button)."""
    snapshot = simulation.snapshot(index)
    model = simulation.models[index]
    positions = layout_for(model.graph, snapshot.person_department, snapshot.graph_key)
    return png_bytes(network_figure(snapshot, positions))


def charts_png(simulation: Simulation, index: int) -> bytes:
    """The charts of one model as they are now, as a PNG (for the download button)."""
    return png_bytes(charts_figure(simulation.snapshot(index), narrow=len(simulation.models) > 1))


def changed(knobs: Knobs, field: str, value) -> Knobs:
    """The knobs after one control changed (a new preset or model resets what belongs to it)."""
    if field == "preset":
        return knobs_from_file(str(value))
    if field == "model":
        rivals = tuple(name for name in knobs.rivals if name != value)
        return replace(knobs.with_model(str(value)), rivals=rivals)
    return replace(knobs, **{field: value})


@solara.component
def RunBar(  # noqa: N802 (Solara components are CamelCase)
    simulation: Simulation | None,
    tick: solara.Reactive[int],
    playing: solara.Reactive[bool],
    speed: solara.Reactive[float],
    on_step,
    on_reset,
    on_crisis,
    projector: solara.Reactive[bool],
    building: bool,
):
    """Clock, run buttons, speed, Crisis! and the banner of running crises: always in view (sticky)."""
    _ = tick.value  # subscribe to the clock
    ready = simulation is not None and not building
    finished = ready and simulation.finished
    with solara.Div(classes=["orgsim-runbar"]):
        with solara.Row(gap="14px", style={"align-items": "center", "flex-wrap": "wrap"}):
            solara.Text(clock_text(simulation.now) if ready else "building…", classes=["orgsim-clock"])
            RunControls(playing, finished, on_step, on_reset, disabled=not ready)
            with solara.Div(style={"width": "190px"}):
                solara.SliderFloat(
                    f"Speed: {speed.value:g} h/s",
                    value=speed,
                    min=1.0,
                    max=72.0,
                    step=1.0,
                    disabled=not ready,
                )
            solara.Button(
                "Crisis!",
                icon_name="mdi-fire",
                color="error",
                on_click=on_crisis,
                disabled=not ready or finished,
                classes=["orgsim-crisis"],
            )
            solara.Button(
                "Settings" if projector.value else "Projector",
                outlined=True,
                on_click=lambda: projector.set(not projector.value),
                classes=["orgsim-projector"],
            )
        if ready:
            Banner(simulation, tick.value)


@solara.component
def Banner(simulation: Simulation, tick: int):  # noqa: N802 (Solara components are CamelCase)
    """Running crises with their end, live changes, and when the run ends (``tick``: re-render on each)."""
    for crisis in simulation.active_crises():
        solara.Text(
            f"CRISIS: {crisis.label} until {clock_text(crisis.end)}",
            classes=["orgsim-banner", "orgsim-banner-crisis"],
        )
    changes = [m for m in simulation.markers if m.kind == "change"]
    if changes:
        solara.Text(
            f"What-if from {clock_text(changes[-1].start)}: {changes[-1].label}",
            classes=["orgsim-banner", "orgsim-banner-change"],
        )
    ending = "Run over." if simulation.finished else f"Run ends {clock_text(simulation.end)}."
    race = " Same arrivals for every model (common random numbers)." if len(simulation.models) > 1 else ""
    if simulation.knobs.preset == classics.PRESET:
        race = " Each structure is drawn from its own seed, so arrivals differ a little between them."
    solara.Text(f"{ending}{race}", classes=["orgsim-status"])


@solara.component
def Explainer(names: list[str]):  # noqa: N802 (Solara components are CamelCase)
    """What each model on the page is: description, the source sentence and its gloss, what to watch."""
    with solara.Div(classes=["orgsim-explainers"]):
        for name in names:
            text = explanation(name)
            with solara.Div(classes=["orgsim-explainer"]):
                solara.Text(text["name"], classes=["orgsim-explainer-title"])
                solara.Text(text["description"], classes=["orgsim-explainer-description"])
                if "quote" in text:
                    solara.HTML(
                        tag="blockquote",
                        unsafe_innerHTML=(
                            f"„{escape(text['quote'])}“<br><i>{escape(text['gloss'])}</i>"
                            f"<br><small>— {escape(text['source'])}</small>"
                        ),
                        classes=["orgsim-quote"],
                    )
                    solara.Text(f"Watch for: {text['watch']}", classes=["orgsim-watch"])
                if "finding" in text and name == names[0]:  # once for the four structures
                    solara.Text(f"The classic experiments: {text['finding']}", classes=["orgsim-watch"])
                    solara.Text(f"In this simulation: {text['shown']}", classes=["orgsim-watch"])
                    solara.Text(f"— {text['source']}", classes=["orgsim-watch"])


@solara.component
def Downloads(simulation: Simulation):  # noqa: N802 (Solara components are CamelCase)
    """CSV of the results and of every inquiry; PNGs of each model's charts and graph, drawn on demand."""
    with solara.Row(gap="8px", style={"flex-wrap": "wrap"}):
        solara.FileDownload(
            lambda: summary_csv(simulation),
            filename="orgsim-summary.csv",
            label="Results CSV",
            mime_type="text/csv",
        )
        solara.FileDownload(
            lambda: inquiries_csv(simulation),
            filename="orgsim-inquiries.csv",
            label="Inquiries CSV",
            mime_type="text/csv",
        )
        for index, name in enumerate(simulation.names):
            short = friendly_name(name)
            solara.FileDownload(
                lambda index=index: charts_png(simulation, index),
                filename=f"orgsim-{name}-charts.png",
                label=f"{short}: charts PNG" if len(simulation.names) > 1 else "Charts PNG",
                mime_type="image/png",
            )
            solara.FileDownload(
                lambda index=index: graph_png(simulation, index),
                filename=f"orgsim-{name}-graph.png",
                label=f"{short}: graph PNG" if len(simulation.names) > 1 else "Graph PNG",
                mime_type="image/png",
            )


@solara.component
def Page():  # noqa: N802 (Solara components are CamelCase)
    """The whole app for one browser session (never reads ``tick``: a Step does not re-render it)."""
    presets = solara.use_memo(preset_paths, [])
    initial = solara.use_memo(lambda: knobs_from_file(next(iter(presets.values()))), [])
    knobs = solara.use_reactive(initial)  # what the current run was built from
    shown = solara.use_reactive(initial)  # what the controls show: knobs plus live changes
    pending = solara.use_reactive(None)  # a change that needs a new run, waiting for a yes
    generation = solara.use_reactive(0)  # Reset builds a fresh simulation
    projector = solara.use_reactive(False)
    followed = solara.use_reactive(None)  # the id of the inquiry being followed
    tick = solara.use_reactive(0)
    playing = solara.use_reactive(False)
    speed = solara.use_reactive(6.0)
    crisis_topic = solara.use_reactive("")
    crisis_factor = solara.use_reactive(8.0)
    crisis_hours = solara.use_reactive(6.0)

    def build() -> tuple[Simulation | None, str]:
        try:
            return Simulation(knobs.value), ""
        except Exception as problem:  # a knob combination the scenario rejects: say so, keep the page
            return None, str(problem)

    task = solara.lab.use_task(build, dependencies=[knobs.value, generation.value], prefer_threaded=True)
    building = not task.finished or task.value is None
    simulation, error = (None, "") if building else task.value
    current = solara.use_ref(simulation)
    current.current = simulation
    defaults = solara.use_memo(
        lambda: model_defaults(simulation.raw, knobs.value.model) if simulation else None, [simulation]
    )

    def reset_crisis() -> None:
        if simulation is not None:
            topic, factor, hours = crisis_defaults(simulation.scenarios[0])
            crisis_topic.set(topic)
            crisis_factor.set(factor)
            crisis_hours.set(hours)

    solara.use_effect(reset_crisis, [simulation])

    def play_loop() -> None:
        if simulation is None:
            return
        last = time.perf_counter()
        while playing.value and current.current is simulation and not simulation.finished:
            time.sleep(FRAME_SECONDS)
            if not playing.value:  # paused while asleep: the clock stops where the teacher saw it
                break
            now = time.perf_counter()
            simulation.advance(speed.value * 60.0 * min(now - last, 1.0))
            last = now
            tick.set(tick.value + 1)
        if simulation.finished and current.current is simulation:
            playing.set(False)

    solara.lab.use_task(play_loop, dependencies=[playing.value, simulation], prefer_threaded=True)

    def step(size: str) -> None:
        simulation.advance(STEP_SIZES.get(size, simulation.end))
        tick.set(tick.value + 1)

    def rebuild(new: Knobs) -> None:
        playing.set(False)
        followed.set(None)
        pending.set(None)
        shown.set(new)
        knobs.set(new)

    def reset() -> None:
        playing.set(False)
        pending.set(None)
        if shown.value != knobs.value:
            knobs.set(shown.value)  # start again with the settings as they are now
        generation.set(generation.value + 1)

    def crisis() -> None:
        simulation.surge(crisis_topic.value, crisis_factor.value, crisis_hours.value)
        tick.set(tick.value + 1)

    def change(field: str, value) -> None:
        new = changed(shown.value, field, value)
        if simulation is None or simulation.now <= 0:
            rebuild(new)
        elif field in LIVE and simulation.change_live(field, float(value)):
            shown.set(new)
            tick.set(tick.value + 1)
        else:
            playing.set(False)
            pending.set(new)

    solara.Title("orgsim: who should own social media?")
    solara.Style(layout.STYLE)
    Shortcuts()
    classes = ["orgsim-root"] + (["orgsim-projector-mode"] if projector.value else [])
    with solara.Div(classes=classes):
        with solara.Div(classes=["orgsim-settings"]):
            solara.Text("orgsim", classes=["orgsim-brand"])
            if pending.value is not None:  # hidden, so that they come back at their values after a "no"
                solara.Text("Restart or keep running first.", classes=["orgsim-status"])
            elif defaults is not None:
                ScenarioControls(presets, shown.value, defaults, change, disabled=building)
            if simulation is not None:
                CrisisSettings(simulation.topics, crisis_topic, crisis_factor, crisis_hours)
        with solara.Div(classes=["orgsim-main"]):
            RunBar(simulation, tick, playing, speed, step, reset, crisis, projector, building)
            if pending.value is not None:
                with solara.Div(classes=["orgsim-confirm"]):
                    solara.Text(
                        "This change needs a new run from day 1 (the organisation or the models change).",
                    )
                    with solara.Row(gap="8px"):
                        solara.Button(
                            "Restart from day 1",
                            color="warning",
                            on_click=lambda: rebuild(pending.value),
                            classes=["orgsim-confirm-restart"],
                        )
                        solara.Button(
                            "Keep running",
                            outlined=True,
                            on_click=lambda: pending.set(None),
                            classes=["orgsim-confirm-keep"],
                        )
            if building:
                with solara.Row(classes=["orgsim-building"], style={"align-items": "center"}):
                    solara.SpinnerSolara(size="48px")
                    solara.Text(
                        "Building the organisation and its routing tables…", classes=["orgsim-building-text"]
                    )
                return
            if simulation is None:
                solara.Error(f"This combination is not valid: {error}")
                solara.Button(
                    "Back to the scenario file",
                    on_click=lambda: rebuild(knobs_from_file(knobs.value.preset)),
                )
                return
            Panels(simulation, tick, projector.value, followed)
            Explainer(simulation.names)
            Downloads(simulation)
