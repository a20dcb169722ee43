"""The organisation graph: people coloured by department, sized by their queue, hand-offs lit.

The layout is computed once per organisation and cached: departments sit on a circle, each
laid out by ``networkx.spring_layout`` (seeded) inside its own disc, so 2,000 people take
about a second once instead of several seconds per frame.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass

import networkx as nx
import numpy as np
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from simulation.ui.state import Snapshot

PALETTE = (
    "#1f77b4",
    "#ff7f0e",
    "#2ca02c",
    "#d62728",
    "#9467bd",
    "#8c564b",
    "#e377c2",
    "#17becf",
    "#bcbd22",
    "#7f7f7f",
)
EXECUTIVE_COLOUR = "#222222"
EDGE_COLOUR = "#c8c8c8"
LIT_COLOUR = "#ff8c00"
MIDDLEMAN_COLOUR = "#e00000"
LAYOUT_SEED = 7
_CACHE_SIZE = 16


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
    ring = [d for d in departments if sizes[d] > 1]
    total = sum(np.sqrt(sizes[d]) for d in ring) or 1.0
    angle = 0.0
    for department in departments:
        members = np.flatnonzero(department_of == department)
        if sizes[department] == 1:  # the executive: the centre
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
