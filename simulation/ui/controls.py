"""The controls: scenario, ownership models, sliders, seed; Play, Step sizes, Reset; crisis.

Every slider starts at the loaded scenario's value (``state.knobs_from_file``), and the
model-specific ones at the ownership model's own (``state.model_defaults``): no default is
written here. Models are offered by their friendly names (``lessons.friendly_name``).

Sliders do not act themselves: each change goes to ``on_change`` with the knob's name, and
the page decides whether it can act on the running models (a live what-if) or needs a new
run, which it asks about first.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import solara

from simulation.ownership import model_names
from simulation.ui import classics
from simulation.ui.lessons import friendly_name, model_for_name
from simulation.ui.state import MAX_MODELS, Knobs, ModelDefaults

ALL_EIGHT = "All models, one chart each"

# label, unit, Knobs field, smallest slider maximum, step
SLIDERS = (
    ("Inquiries per day", "", "per_day", 100.0, 1.0),
    ("Hand-off delay", " min", "handoff_minutes", 60.0, 1.0),
    ("Boundary delay", " min", "boundary_minutes", 480.0, 5.0),
)


@solara.component
def ScenarioControls(  # noqa: N802 (Solara components are CamelCase)
    presets: dict[str, str],
    knobs: Knobs,
    defaults: ModelDefaults,
    on_change: Callable[[str, object], None],
    disabled: bool = False,
):
    """Preset, models, sliders and seed; ``on_change(field, value)`` for each change."""
    names = model_names()
    labels = {path: label for label, path in presets.items()}
    friendly = [friendly_name(name) for name in names]
    everyone = len(knobs.rivals) + 1 >= len(names) > MAX_MODELS

    solara.Select(
        "Scenario",
        values=list(presets),
        value=labels.get(knobs.preset, Path(knobs.preset).name),
        on_value=lambda label: on_change("preset", presets[label]),
        classes=["orgsim-preset"],
        disabled=disabled,
    )
    if knobs.preset == classics.PRESET:  # four structures, one way of working: no models to choose
        _sliders(knobs, on_change, disabled, SLIDERS[:2])
        _seed(knobs, on_change, disabled)
        return
    solara.Select(
        "Ownership model",
        values=friendly,
        value=friendly_name(knobs.model),
        on_value=lambda name: on_change("model", model_for_name(name)),
        classes=["orgsim-model"],
        disabled=disabled,
    )
    solara.SelectMultiple(
        f"Race against (up to {MAX_MODELS - 1})",
        values=[] if everyone else [friendly_name(name) for name in knobs.rivals],
        all_values=[name for name in friendly if name != friendly_name(knobs.model)],
        on_value=lambda chosen: on_change(
            "rivals", tuple(model_for_name(n) for n in chosen[: MAX_MODELS - 1])
        ),
        classes=["orgsim-rival"],
        disabled=disabled or everyone,
    )
    with solara.Div(classes=["orgsim-all"]):
        solara.Checkbox(
            label=ALL_EIGHT,
            value=everyone,
            on_value=lambda on: on_change(
                "rivals", tuple(n for n in names if n != knobs.model) if on else ()
            ),
            disabled=disabled,
        )
    _sliders(knobs, on_change, disabled, SLIDERS)
    solara.Checkbox(
        label="Approval before publishing",
        value=defaults.approval if knobs.approval is None else knobs.approval,
        on_value=lambda value: on_change("approval", bool(value)),
        disabled=disabled,
    )
    team = defaults.team_size
    team_value = (knobs.team_size or team) if team is not None else 0
    adoption = defaults.adoption if knobs.adoption is None else knobs.adoption
    solara.SliderInt(
        f"Social media team: {team_value}" if team is not None else "Team size (no team in this model)",
        value=team_value,
        min=1 if team is not None else 0,
        max=max(20, 2 * (team or 0)),
        on_value=lambda value: on_change("team_size", int(value)),
        disabled=disabled or team is None,
    )
    solara.SliderFloat(
        f"Expert-search adoption: {adoption:.0%}",
        value=adoption,
        min=0.0,
        max=1.0,
        step=0.05,
        on_value=lambda value: on_change("adoption", float(value)),
        disabled=disabled,
    )
    _seed(knobs, on_change, disabled)


def _sliders(knobs: Knobs, on_change, disabled: bool, sliders) -> None:
    """The sliders that may act on a running model (``app.LIVE``)."""
    for label, unit, field, floor, step in sliders:
        value = getattr(knobs, field)
        with solara.Div(classes=[f"orgsim-slider-{field}"]):
            solara.SliderFloat(
                f"{label}: {value:g}{unit}",
                value=value,
                min=0.0,
                max=_ceiling(value, floor),
                step=step,
                on_value=lambda chosen, field=field: on_change(field, float(chosen)),
                disabled=disabled,
            )


def _seed(knobs: Knobs, on_change, disabled: bool) -> None:
    solara.InputInt(
        "Seed",
        value=knobs.seed,
        on_value=lambda value: on_change("seed", int(value or 0)),
        classes=["orgsim-seed"],
        disabled=disabled,
    )


@solara.component
def RunControls(  # noqa: N802 (Solara components are CamelCase)
    playing: solara.Reactive[bool],
    finished: bool,
    on_step: Callable[[str], None],
    on_reset: Callable[[], None],
    disabled: bool = False,
):
    """Play / Pause (space), Step an hour (→), a day, to the end; Reset."""
    stopped = disabled or playing.value or finished
    with solara.Row(gap="6px", style={"flex-wrap": "wrap", "align-items": "center"}):
        solara.Button(
            "Pause" if playing.value else "Play",
            icon_name="mdi-pause" if playing.value else "mdi-play",
            color="primary",
            on_click=lambda: playing.set(not playing.value),
            disabled=disabled or (finished and not playing.value),
            classes=["orgsim-play"],
        )
        for size, label in (("hour", "+1 h"), ("day", "+1 day"), ("end", "To end")):
            solara.Button(
                label,
                icon_name="mdi-step-forward" if size == "hour" else None,
                color="primary",
                outlined=True,
                on_click=lambda size=size: on_step(size),
                disabled=stopped,
                classes=["orgsim-step" if size == "hour" else f"orgsim-step-{size}"],
            )
        solara.Button(
            "Reset",
            icon_name="mdi-restore",
            outlined=True,
            on_click=on_reset,
            disabled=disabled,
            classes=["orgsim-reset"],
        )


@solara.component
def CrisisSettings(  # noqa: N802 (Solara components are CamelCase)
    topics: list[str],
    topic: solara.Reactive[str],
    factor: solara.Reactive[float],
    hours: solara.Reactive[float],
):
    """What the Crisis! button does: one topic's rate multiplied for some hours."""
    if topic.value not in topics:
        topic.value = topics[0]
    solara.Select("Crisis topic", values=topics, value=topic)
    solara.SliderFloat(f"Crisis factor: x{factor.value:g}", value=factor, min=2.0, max=30.0, step=1.0)
    solara.SliderFloat(f"Crisis hours: {hours.value:g}", value=hours, min=1.0, max=48.0, step=1.0)


def _ceiling(value: float, floor: float) -> float:
    """A slider's upper end: four times the scenario's value, at least ``floor``."""
    return float(max(floor, 4.0 * value))
