"""The controls: scenario, ownership models, sliders, seed; Play, Pause, Step, Reset; crisis.

Every slider starts at the loaded scenario's value (``state.knobs_from_file``), and the
model-specific ones at the ownership model's own (``state.model_defaults``): no default is
written here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import solara

from simulation.ownership import model_names
from simulation.ui.state import Knobs, ModelDefaults, knobs_from_file

NO_RACE = "(no race)"


# label, unit, Knobs field, smallest slider maximum, step
SLIDERS = (
    ("Inquiries per day", "", "per_day", 100.0, 1.0),
    ("Hand-off delay", " min", "handoff_minutes", 60.0, 1.0),
    ("Boundary delay", " min", "boundary_minutes", 480.0, 5.0),
)


@solara.component
def ScenarioControls(presets: dict[str, str], knobs: solara.Reactive[Knobs], defaults: ModelDefaults):  # noqa: N802 (Solara components are CamelCase)
    """Preset, models, sliders and seed; each change builds a new simulation."""
    current = knobs.value
    names = model_names()
    labels = {path: label for label, path in presets.items()}

    def update(**changes) -> None:
        knobs.value = replace(knobs.value, **changes)

    solara.Select(
        "Scenario",
        values=list(presets),
        value=labels.get(current.preset, Path(current.preset).name),
        on_value=lambda label: knobs.set(knobs_from_file(presets[label])),
        classes=["orgsim-preset"],
    )
    solara.Select(
        "Ownership model",
        values=names,
        value=current.model,
        on_value=lambda name: knobs.set(knobs.value.with_model(name)),
        classes=["orgsim-model"],
    )
    solara.Select(
        "Race against",
        values=[NO_RACE, *names],
        value=current.rival or NO_RACE,
        on_value=lambda name: update(rival="" if name == NO_RACE else name),
        classes=["orgsim-rival"],
    )
    for label, unit, field, floor, step in SLIDERS:
        value = getattr(current, field)
        solara.SliderFloat(
            f"{label}: {value:g}{unit}",
            value=value,
            min=0.0,
            max=_ceiling(value, floor),
            step=step,
            on_value=lambda chosen, field=field: update(**{field: float(chosen)}),
        )
    solara.Checkbox(
        label="Approval before publishing",
        value=defaults.approval if current.approval is None else current.approval,
        on_value=lambda value: update(approval=bool(value)),
    )
    team = defaults.team_size
    team_value = (current.team_size or team) if team is not None else 0
    adoption = defaults.adoption if current.adoption is None else current.adoption
    solara.SliderInt(
        f"Social media team: {team_value}" if team is not None else "Team size (no team in this model)",
        value=team_value,
        min=1 if team is not None else 0,
        max=max(20, 2 * (team or 0)),
        on_value=lambda value: update(team_size=int(value)),
        disabled=team is None,
    )
    solara.SliderFloat(
        f"Expert-search adoption: {adoption:.0%}",
        value=adoption,
        min=0.0,
        max=1.0,
        step=0.05,
        on_value=lambda value: update(adoption=float(value)),
    )
    solara.InputInt(
        "Seed",
        value=current.seed,
        on_value=lambda value: update(seed=int(value or 0)),
        classes=["orgsim-seed"],
    )


@solara.component
def RunControls(  # noqa: N802 (Solara components are CamelCase)
    playing: solara.Reactive[bool],
    speed: solara.Reactive[float],
    finished: bool,
    on_step: Callable[[], None],
    on_reset: Callable[[], None],
):
    """Play / Pause, Step (one simulated hour), Reset and the speed in simulated hours per second."""
    with solara.Row(gap="8px", style={"flex-wrap": "wrap"}):
        solara.Button(
            "Pause" if playing.value else "Play",
            icon_name="mdi-pause" if playing.value else "mdi-play",
            color="primary",
            on_click=lambda: playing.set(not playing.value),
            disabled=finished and not playing.value,
            classes=["orgsim-play"],
        )
        solara.Button(
            "Step",
            icon_name="mdi-step-forward",
            color="primary",
            outlined=True,
            on_click=on_step,
            disabled=playing.value or finished,
            classes=["orgsim-step"],
        )
        solara.Button(
            "Reset", icon_name="mdi-restore", outlined=True, on_click=on_reset, classes=["orgsim-reset"]
        )
    with solara.Column(style={"min-width": "320px"}):
        solara.SliderFloat(f"Speed: {speed.value:g} simulated h/s", value=speed, min=1.0, max=72.0, step=1.0)


@solara.component
def CrisisControls(  # noqa: N802 (Solara components are CamelCase)
    topics: list[str], initial: tuple[str, float, float], on_surge: Callable[[str, float, float], None]
):
    """A crisis now: one topic's rate multiplied for some hours, in every model of the race."""
    topic = solara.use_reactive(initial[0])
    factor = solara.use_reactive(initial[1])
    hours = solara.use_reactive(initial[2])
    if topic.value not in topics:
        topic.value = topics[0]
    with solara.Row(gap="12px", style={"align-items": "center", "flex-wrap": "wrap"}):
        solara.Select("Crisis topic", values=topics, value=topic, style={"max-width": "220px"})
        with solara.Column(style={"min-width": "220px"}):
            solara.SliderFloat(f"Factor: x{factor.value:g}", value=factor, min=2.0, max=30.0, step=1.0)
        with solara.Column(style={"min-width": "220px"}):
            solara.SliderFloat(f"Hours: {hours.value:g}", value=hours, min=1.0, max=48.0, step=1.0)
        solara.Button(
            "Crisis!",
            icon_name="mdi-fire",
            color="error",
            on_click=lambda: on_surge(topic.value, factor.value, hours.value),
            classes=["orgsim-crisis"],
        )


def _ceiling(value: float, floor: float) -> float:
    """A slider's upper end: four times the scenario's value, at least ``floor``."""
    return float(max(floor, 4.0 * value))
