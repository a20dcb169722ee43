"""The organisation graph: people coloured by department, sized by their queue, hand-offs lit.

The layout is computed once per organisation and cached: departments sit on a circle, each
laid out by ``networkx.spring_layout`` (seeded) inside its own disc, so 2,000 people take
about a second once instead of several seconds per frame.

The page shows the graph as two stacked SVG pictures drawn by the browser: the background
(every tie and every person at rest; built once per organisation, sent once) and a small
overlay with what changes on each step (busy people, recent hand-offs, middlemen).
``network_figure`` draws the same as a matplotlib figure, for the PNG download only.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass
from html import escape

import networkx as nx
import numpy as np
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from simulation.ui.state import Snapshot

# Twenty department colours without orange or red, which are kept for hand-offs and middlemen
# (matplotlib's tab20 without its oranges and reds, plus darker tones from tab20b/c).
PALETTE = (
    "#1f77b4",
    "#2ca02c",
    "#9467bd",
    "#8c564b",
    "#e377c2",
    "#17becf",
    "#bcbd22",
    "#7f7f7f",
    "#aec7e8",
    "#98df8a",
    "#c5b0d5",
    "#c49c94",
    "#f7b6d2",
    "#9edae5",
    "#dbdb8d",
    "#393b79",
    "#637939",
    "#7b4173",
    "#006d2c",
    "#5254a3",
)
EXECUTIVE_COLOUR = "#222222"
EDGE_COLOUR = "#c8c8c8"
LIT_COLOUR = "#ff7f00"  # no department has orange
MIDDLEMAN_COLOUR = "#e00000"
FOLLOW_COLOUR = "#7a00cc"  # the inquiry being followed
LAYOUT_SEED = 7
_CACHE_SIZE = 16
VIEW = 1000  # the graph's SVG is VIEW x VIEW units


@dataclass(frozen=True)
class Layout:
    """Node positions (one row per person) and every edge as a segment, ready to draw."""

    positions: np.ndarray  # shape (people, 2)
    segments: np.ndarray  # shape (edges, 2, 2)


_layouts: OrderedDict[tuple[int, int, int], Layout] = OrderedDict()
_layouts_lock = threading.Lock()


def layout_for(graph: nx.Graph, department_of: np.ndarray, key: tuple[int, int, int]) -> Layout:
    """The cached layout of ``graph`` (computed on first use; ``key`` from ``state.graph_key``)."""
    with _layouts_lock:
        if key in _layouts:
            _layouts.move_to_end(key)
            return _layouts[key]
    layout = compute_layout(graph, department_of)
    with _layouts_lock:
        _layouts[key] = layout
        while len(_layouts) > _CACHE_SIZE:
            _layouts.popitem(last=False)
    return layout


def compute_layout(graph: nx.Graph, department_of: np.ndarray) -> Layout:
    """Departments on a circle (area by size), a seeded spring layout inside each."""
    count = graph.number_of_nodes()
    positions = np.zeros((count, 2))
    departments = sorted(set(department_of.tolist()))
    sizes = {d: int(np.count_nonzero(department_of == d)) for d in departments}
    singles = [d for d in departments if sizes[d] == 1]
    # The executive (a department of one, the best connected) sits in the centre; other
    # one-person departments (the classic five-person networks) go round it.
    middle = (
        max(singles, key=lambda d: graph.degree(int(np.flatnonzero(department_of == d)[0])))
        if singles
        else None
    )
    ring = [d for d in departments if d != middle]
    total = sum(np.sqrt(sizes[d]) for d in ring) or 1.0
    angle = 0.0
    for department in departments:
        members = np.flatnonzero(department_of == department)
        if department == middle:
            positions[members] = 0.0
            continue
        radius = np.sqrt(sizes[department])
        share = radius / total
        centre_angle = angle + np.pi * share
        angle += 2 * np.pi * share
        centre = 1.0 * np.array([np.cos(centre_angle), np.sin(centre_angle)])
        disc = 0.9 * np.sin(np.pi * share)  # fits between the neighbours on the circle
        sub = graph.subgraph(members.tolist())
        local = nx.spring_layout(sub, seed=LAYOUT_SEED, iterations=30)
        points = np.array([local[m] for m in members.tolist()])
        points -= points.mean(axis=0)
        scale = np.abs(points).max() or 1.0
        positions[members] = centre + points / scale * disc
    edges = np.array(graph.edges(), dtype=np.int64).reshape(-1, 2)
    return Layout(positions=positions, segments=positions[edges])


@dataclass(frozen=True)
class GraphDrawing:
    """What the browser needs to draw one organisation: fixed per organisation, built once."""

    points: np.ndarray  # shape (people, 2): SVG coordinates, integers
    radius: float  # of a person at rest, SVG units
    colours: list[str]  # per department
    background: str  # SVG: ties and people at rest
    legend: str  # HTML


_drawings: OrderedDict[tuple[int, int, int], GraphDrawing] = OrderedDict()


def drawing_for(
    layout: Layout, department_of: np.ndarray, departments: list[str], key: tuple[int, int, int]
) -> GraphDrawing:
    """The cached drawing of an organisation (``key`` from ``state.graph_key``)."""
    with _layouts_lock:
        if key in _drawings:
            _drawings.move_to_end(key)
            return _drawings[key]
    drawing = build_drawing(layout, department_of, departments)
    with _layouts_lock:
        _drawings[key] = drawing
        while len(_drawings) > _CACHE_SIZE:
            _drawings.popitem(last=False)
    return drawing


def build_drawing(layout: Layout, department_of: np.ndarray, departments: list[str]) -> GraphDrawing:
    """Scale the layout to the SVG box and draw the background once.

    Ties are one ``<path>``; people at rest are dots drawn as zero-length round-capped lines,
    one ``<path>`` per department, so 2,000 people and 9,000 ties take about 200 kB, once.
    """
    positions = layout.positions
    people = len(positions)
    radius = 10.0 if people < 500 else 4.5
    extent = float(np.abs(positions).max()) if people else 1.0
    scale = (VIEW / 2 - 2.5 * radius) / (extent or 1.0)
    points = np.rint(VIEW / 2 + positions * np.array([scale, -scale])).astype(np.int64)
    colours = department_colours(departments)
    edges = np.rint(VIEW / 2 + layout.segments * np.array([scale, -scale])).astype(np.int64).reshape(-1, 4)
    ties = "".join(f"M{a} {b} {c} {d}" for a, b, c, d in edges.tolist())
    width = 1.2 if people < 500 else 0.6
    parts = [
        f"<path d='{ties}' stroke='{EDGE_COLOUR}' stroke-width='{width}' fill='none'/>",
        _dots(points, 2 * radius + 2.0, "white"),
    ]
    for index, colour in enumerate(colours):
        members = points[department_of == index]
        if len(members):
            parts.append(_dots(members, 2 * radius, colour))
    return GraphDrawing(
        points=points,
        radius=radius,
        colours=colours,
        background=_svg("".join(parts)),
        legend=legend_html(departments, colours),
    )


def overlay_svg(
    drawing: GraphDrawing,
    snapshot: Snapshot,
    followed: tuple[list[tuple[int, int]], list[int]] = ([], []),
) -> str:
    """What changes on each step, drawn over the background: lit ties, busy people, middlemen.

    ``followed``: the hops and the people of the inquiry being followed, drawn on top in purple.
    """
    points = drawing.points
    parts = []
    if snapshot.recent_edges:
        pairs = np.array(snapshot.recent_edges, dtype=np.int64)
        ends = np.concatenate([points[pairs[:, 0]], points[pairs[:, 1]]], axis=1).tolist()
        lit = "".join(f"M{a} {b} {c} {d}" for a, b, c, d in ends)
        width = 4.0 if len(points) < 500 else 3.0
        parts.append(
            f"<path d='{lit}' stroke='{LIT_COLOUR}' stroke-width='{width}' stroke-linecap='round' fill='none'/>"
        )
    load = snapshot.person_load
    radii = drawing.radius * np.sqrt(1.0 + 1.5 * np.minimum(load, 8))
    for person in np.flatnonzero(load > 0).tolist():
        x, y = points[person].tolist()
        colour = drawing.colours[snapshot.person_department[person]]
        parts.append(
            f"<circle cx='{x}' cy='{y}' r='{radii[person]:.1f}' fill='{colour}' stroke='black' stroke-width='2.5'/>"
        )
    for person in snapshot.recent_middlemen:
        x, y = points[person].tolist()
        ring = radii[person] * 1.7 + 5.0
        parts.append(
            f"<circle cx='{x}' cy='{y}' r='{ring:.1f}' fill='none' stroke='{MIDDLEMAN_COLOUR}' stroke-width='3.5'/>"
        )
    hops, people = followed
    for source, target in hops:
        (x1, y1), (x2, y2) = points[source].tolist(), points[target].tolist()
        parts.append(
            f"<line class='orgsim-followed' x1='{x1}' y1='{y1}' x2='{x2}' y2='{y2}' stroke='{FOLLOW_COLOUR}' "
            "stroke-width='7' stroke-linecap='round' stroke-dasharray='14 8'/>"
        )
    for person in people:
        x, y = points[person].tolist()
        parts.append(
            f"<circle class='orgsim-followed' cx='{x}' cy='{y}' r='{drawing.radius * 2.5 + 6:.1f}' fill='none' "
            f"stroke='{FOLLOW_COLOUR}' stroke-width='5'/>"
        )
    return _svg("".join(parts))


def legend_html(departments: list[str], colours: list[str]) -> str:
    """The key to the graph, as HTML (large text for a projector)."""
    dot = "<span class='orgsim-key' style='background:{}'></span>"
    items = [
        f"<li>{dot.format(colour)}{escape(name.replace('_', ' '))}</li>"
        for name, colour in zip(departments, colours, strict=True)
    ]
    items.append(
        f"<li><span class='orgsim-key orgsim-key-line' style='background:{LIT_COLOUR}'></span>recent hand-off</li>"
    )
    items.append(
        f"<li><span class='orgsim-key' style='border:3px solid {MIDDLEMAN_COLOUR};background:none'></span>middleman</li>"
    )
    items.append(
        "<li><span class='orgsim-key' style='background:#999;border:2px solid black'></span>busy (size: queue)</li>"
    )
    return f"<ul class='orgsim-legend'>{''.join(items)}</ul>"


def _dots(points: np.ndarray, diameter: float, colour: str) -> str:
    path = "".join(f"M{x} {y}h0" for x, y in points.tolist())
    return f"<path d='{path}' stroke='{colour}' stroke-width='{diameter:.1f}' stroke-linecap='round' fill='none'/>"


def _svg(body: str) -> str:
    return (
        f"<svg viewBox='0 0 {VIEW} {VIEW}' xmlns='http://www.w3.org/2000/svg' "
        f"style='display:block;width:100%;height:100%'>{body}</svg>"
    )


def department_colours(names: list[str]) -> list[str]:
    """One clear colour per department; the executive in near-black."""
    colours, index = [], 0
    for name in names:
        if name == "executive":
            colours.append(EXECUTIVE_COLOUR)
        else:
            colours.append(PALETTE[index % len(PALETTE)])
            index += 1
    return colours


def network_figure(snapshot: Snapshot, layout: Layout) -> Figure:
    """The graph of one model at the snapshot's clock."""
    figure = Figure(figsize=(8.0, 6.4), dpi=80)
    axes = figure.add_axes((0.0, 0.0, 0.74, 0.92))
    axes.set_axis_off()
    axes.set_aspect("equal")
    positions = layout.positions
    people = len(positions)
    axes.add_collection(
        LineCollection(layout.segments, colors=EDGE_COLOUR, linewidths=0.5 if people < 500 else 0.2, zorder=0)
    )
    if snapshot.recent_edges:
        lit = positions[np.array(snapshot.recent_edges)]
        axes.add_collection(LineCollection(lit, colors=LIT_COLOUR, linewidths=3.0, zorder=1))
    colours = np.array(department_colours(snapshot.departments))[snapshot.person_department]
    base = 70.0 if people < 500 else 12.0
    load = snapshot.person_load
    sizes = base * (1.0 + 1.5 * np.minimum(load, 8))
    busy = load > 0
    axes.scatter(
        positions[:, 0],
        positions[:, 1],
        s=sizes,
        c=colours,
        edgecolors=np.where(busy, "black", "white"),
        linewidths=np.where(busy, 1.5, 0.4),
        zorder=2,
    )
    if snapshot.recent_middlemen:
        chosen = np.array(snapshot.recent_middlemen)
        axes.scatter(
            positions[chosen, 0],
            positions[chosen, 1],
            s=sizes[chosen] * 3.0 + 60,
            facecolors="none",
            edgecolors=MIDDLEMAN_COLOUR,
            linewidths=2.5,
            zorder=3,
        )
    axes.set_xlim(-1.45, 1.45)
    axes.set_ylim(-1.45, 1.45)
    figure.text(
        0.01,
        0.955,
        f"{snapshot.label}: {int(np.count_nonzero(busy))} of {people} busy",
        fontsize=18,
        weight="bold",
    )
    figure.legend(handles=_legend(snapshot.departments), loc="center right", fontsize=13, frameon=False)
    return figure


def _legend(departments: list[str]) -> list[Line2D]:
    handles = [
        Line2D([], [], marker="o", linestyle="", markersize=12, color=colour, label=name.replace("_", " "))
        for name, colour in zip(departments, department_colours(departments), strict=True)
    ]
    handles.append(Line2D([], [], color=LIT_COLOUR, linewidth=3, label="recent hand-off"))
    handles.append(
        Line2D(
            [],
            [],
            marker="o",
            linestyle="",
            markersize=14,
            markerfacecolor="none",
            markeredgecolor=MIDDLEMAN_COLOUR,
            markeredgewidth=2.5,
            label="middleman",
        )
    )
    handles.append(
        Line2D(
            [],
            [],
            marker="o",
            linestyle="",
            markersize=14,
            color="#999999",
            markeredgecolor="black",
            label="busy (size: queue)",
        )
    )
    return handles
