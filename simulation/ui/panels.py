"""What the models look like at the current clock: graphs and charts, side by side on shared axes.

One model: graph on the left, the main chart (backlog over time) and key figures on the
right. A race of two to four: one column per model with its graph and main chart, then one
row per chart kind with every model's chart on the same axes, and a sentence per rival saying
how it differs from the first model. All eight: small multiples of one chart.

``Panels`` is the only big component a tick re-renders.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import solara

from simulation.ui.follow import Story, inquiry_at, newest_inquiry, stories, story_html
from simulation.ui.key_figures import key_figures_html
from simulation.ui.lessons import friendly_name
from simulation.ui.network_view import VIEW, drawing_for, layout_for, overlay_svg
from simulation.ui.race import difference_lines
from simulation.ui.state import MAX_MODELS, Simulation, Snapshot
from simulation.ui.svg_charts import Scales, Timeline, chart_svgs, shared_scales

MAIN_WIDTH = {1: 540, 2: 440, 3: 330, 4: 300}  # main chart width in pixels, by models on the page
MULTIPLE_WIDTH = 300
CHART_KINDS = {
    "backlog": "Backlog",
    "answered": "Answered",
    "response": "Response time",
    "middlemen": "Middlemen",
    "flow": "Message flow",
}


@solara.component_vue("graph_clicks.vue")
def GraphClicks(event_picked: Callable[[dict], None]):  # noqa: N802 (Solara components are CamelCase)
    """Clicks on a graph: which one and where (0..1), for following the inquiry of the person there."""


@solara.component
def GraphView(  # noqa: N802 (Solara components are CamelCase)
    simulation: Simulation, index: int, snapshot: Snapshot, legend: bool, story: Story | None = None
):
    """The organisation: a background sent once, an overlay redrawn per tick (with a followed inquiry)."""
    model = simulation.models[index]
    positions = layout_for(model.graph, snapshot.person_department, snapshot.graph_key)
    drawing = drawing_for(positions, snapshot.person_department, snapshot.departments, snapshot.graph_key)
    busy = int((snapshot.person_load > 0).sum())
    with solara.Div(classes=["orgsim-panel-head"]):
        solara.Text(friendly_name(snapshot.label), classes=["orgsim-panel-title"])
        solara.Text(f"{busy} of {len(snapshot.person_load)} people busy", classes=["orgsim-busy"])
    with solara.Div(classes=["orgsim-graph"]):
        solara.HTML(unsafe_innerHTML=drawing.background, classes=["orgsim-graph-background"])
        followed = (story.hops, story.touched) if story is not None else ([], [])
        solara.HTML(
            unsafe_innerHTML=overlay_svg(drawing, snapshot, followed), classes=["orgsim-graph-overlay"]
        )
    if legend:
        solara.HTML(unsafe_innerHTML=drawing.legend, classes=["orgsim-legend-box"])


def _chart(svg: str, name: str) -> None:
    solara.HTML(unsafe_innerHTML=svg, classes=["orgsim-chart", f"orgsim-chart-{name}"])


@solara.component
def Panels(  # noqa: N802 (Solara components are CamelCase)
    simulation: Simulation, tick: solara.Reactive[int], projector: bool, followed: solara.Reactive[int | None]
):
    """Every model on the page at the current clock, on shared axes, and the inquiry being followed."""
    snapshots = solara.use_memo(simulation.snapshots, [simulation, tick.value])
    told = solara.use_memo(
        lambda: (
            {s.model: s for s in stories(simulation, followed.value)} if followed.value is not None else {}
        ),
        [simulation, tick.value, followed.value],
    )
    off_hours = solara.use_memo(simulation.off_hours, [simulation])
    scales = shared_scales(snapshots)
    timeline = Timeline(off_hours, list(simulation.markers))
    count = len(snapshots)
    if count > MAX_MODELS:
        SmallMultiples(snapshots, scales, timeline)
        return
    width = MAIN_WIDTH[count] + (20 if projector else 0)
    charts = [chart_svgs(s, scales, timeline, width if count > 1 else 420) for s in snapshots]
    main = [chart_svgs(s, scales, timeline, width)["backlog"] for s in snapshots] if count == 1 else None
    for line in difference_lines(snapshots):
        solara.Text(line, classes=["orgsim-difference"])
    if count == 1:
        with solara.Div(classes=["orgsim-single"]):
            with solara.Div(style={"flex": "1 1 auto", "min-width": "0"}):
                GraphView(simulation, 0, snapshots[0], legend=False, story=told.get(snapshots[0].label))
            with solara.Div(style={"flex": "0 0 auto"}):
                _chart(main[0], "backlog")
                solara.HTML(
                    unsafe_innerHTML=key_figures_html(snapshots[0].summary), classes=["orgsim-keyfigures"]
                )
    else:
        height = round(width * 0.6)
        with solara.Div(classes=["orgsim-race"], style={"--orgsim-chart-height": f"{height}px"}):
            for index, snapshot in enumerate(snapshots):
                with solara.Div(classes=["orgsim-panel"]):
                    GraphView(simulation, index, snapshot, legend=False, story=told.get(snapshot.label))
                    _chart(charts[index]["backlog"], "backlog")

    def picked(where: dict) -> None:
        index = int(where.get("panel", -1))
        if not 0 <= index < count:
            return
        snapshot = snapshots[index]
        positions = layout_for(simulation.models[index].graph, snapshot.person_department, snapshot.graph_key)
        drawing = drawing_for(positions, snapshot.person_department, snapshot.departments, snapshot.graph_key)
        view = VIEW * np.array([float(where.get("x", -1)), float(where.get("y", -1))])
        chosen = inquiry_at(simulation, index, drawing.points, *view, reach=max(30.0, 3 * drawing.radius))
        if chosen is not None:
            followed.set(chosen)

    GraphClicks(event_picked=picked)
    Follow(simulation, followed, list(told.values()))
    kinds = ["answered", "response", "middlemen", "flow"]
    for kind in kinds:
        with solara.Div(classes=["orgsim-chart-row"]):
            for index, snapshot in enumerate(snapshots):
                with solara.Div():
                    if count > 1:
                        solara.Text(friendly_name(snapshot.label), classes=["orgsim-multiple-title"])
                    _chart(charts[index][kind], kind)
    if count > 1:
        with solara.Div(classes=["orgsim-chart-row"]):
            for snapshot in snapshots:
                with solara.Div():
                    solara.Text(friendly_name(snapshot.label), classes=["orgsim-multiple-title"])
                    solara.HTML(
                        unsafe_innerHTML=key_figures_html(snapshot.summary), classes=["orgsim-keyfigures"]
                    )
    model = simulation.models[0]
    positions = layout_for(model.graph, snapshots[0].person_department, snapshots[0].graph_key)
    drawing = drawing_for(
        positions, snapshots[0].person_department, snapshots[0].departments, snapshots[0].graph_key
    )
    solara.HTML(unsafe_innerHTML=drawing.legend, classes=["orgsim-legend-box"])


@solara.component
def SmallMultiples(snapshots: list[Snapshot], scales: Scales, timeline: Timeline):  # noqa: N802 (Solara components are CamelCase)
    """All models as small multiples of one chart, on the same axes."""
    kind = solara.use_reactive("backlog")
    solara.ToggleButtonsSingle(value=kind, values=list(CHART_KINDS), classes=["orgsim-multiples-kind"])
    with solara.Div(classes=["orgsim-multiples"]):
        for snapshot in snapshots:
            with solara.Div(classes=["orgsim-multiple"]):
                solara.Text(friendly_name(snapshot.label), classes=["orgsim-multiple-title"])
                _chart(chart_svgs(snapshot, scales, timeline, MULTIPLE_WIDTH)[kind.value], kind.value)


@solara.component
def Follow(simulation: Simulation, followed: solara.Reactive[int | None], told: list[Story]):  # noqa: N802 (Solara components are CamelCase)
    """Pick an inquiry to follow (the newest, or by number) and tell its story in every model."""
    with solara.Div(classes=["orgsim-follow"]):
        with solara.Row(gap="10px", style={"align-items": "center", "flex-wrap": "wrap"}):
            solara.Button(
                "Follow the newest inquiry",
                icon_name="mdi-map-marker-path",
                outlined=True,
                on_click=lambda: followed.set(newest_inquiry(simulation)),
                classes=["orgsim-follow-newest"],
            )
            with solara.Div(style={"width": "190px"}):
                solara.InputInt(
                    "Inquiry number",
                    value=followed.value if followed.value is not None else 0,
                    on_value=lambda number: followed.set(max(0, int(number or 0))),
                    classes=["orgsim-follow-id"],
                )
            if followed.value is not None:
                solara.Button("Stop following", text=True, on_click=lambda: followed.set(None))
        if followed.value is not None and not told:
            solara.Text(f"Inquiry {followed.value} has not arrived yet.", classes=["orgsim-status"])
        with solara.Div(classes=["orgsim-chart-row"]):
            for story in told:
                solara.HTML(unsafe_innerHTML=story_html(story), classes=["orgsim-story"])
