"""Follow one inquiry: who touched it, the way it went, and how long it waited where.

The teacher picks it by clicking a person on a graph (``inquiry_at``), as the newest, or by number.

No traces are needed: the inquiry's own tally (who noticed it, who drafted the answer, minutes
in queues, in transit, in approval and at work) and the model's memory of recent hand-offs
(``OrgModel.recent_handoffs``, which names the inquiry of every hand-off) tell the story. An
older inquiry whose hand-offs have left that memory keeps its tally; its path shows as
"earlier than the page remembers".

In a race the same inquiry exists in every model (common random numbers), so the class sees
one question take different ways through different organisations.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from html import escape

from simulation.engine.inquiries import Outcome
from simulation.ui.lessons import friendly_name
from simulation.ui.state import Simulation, clock_text

OUTCOME_TEXT = {
    Outcome.OPEN: "still open",
    Outcome.PUBLISHED: "answered",
    Outcome.DROPPED_AT_BOUNDARY: "lost at a department boundary",
    Outcome.NO_ROUTE: "lost: nobody could route it to an expert",
    Outcome.UNMONITORED: "lost: nobody watches its channel",
}
WAITS = (
    ("queue_minutes", "in queues"),
    ("transit_minutes", "in transit"),
    ("approval_minutes", "waiting for approval"),
    ("work_minutes", "at work"),
)


@dataclass(frozen=True)
class Story:
    """One inquiry in one model, ready to show: lines of text and the hops to light on the graph."""

    model: str
    lines: list[str]
    hops: list[tuple[int, int]]  # (from person, to person), in order
    touched: list[int]  # everyone who held it


def newest_inquiry(simulation: Simulation) -> int | None:
    """The id of the inquiry that arrived last (the same in every model of a race)."""
    with simulation.lock:
        inquiries = simulation.models[0].inquiries
        return inquiries[-1].id if inquiries else None


def stories(simulation: Simulation, inquiry_id: int) -> list[Story]:
    """The story of inquiry ``inquiry_id`` in every model on the page (empty if it has not arrived)."""
    with simulation.lock:
        return [
            story
            for name, model in zip(simulation.names, simulation.models, strict=True)
            if (story := _story(name, model, inquiry_id)) is not None
        ]


def _story(name: str, model, inquiry_id: int) -> Story | None:
    inquiry = _find(model.inquiries, inquiry_id)
    if inquiry is None:
        return None

    def who(person: int) -> str:
        employee = model.people[person]
        department = model.departments[employee.department].name.replace("_", " ")
        role = employee.role.replace("_", " ")
        if role == "executive":
            return "the executive"
        if role == "head":
            return f"the head of {department}"
        role = "staff member" if role == "staff" else role
        return f"{'an' if role[0] in 'aeiou' else 'a'} {role} in {department}"

    topic = model.topic_names[inquiry.topic]
    lines = [f"{clock_text(inquiry.arrival)}: arrives, topic {topic}"]
    if inquiry.noticer >= 0:
        lines.append(f"{clock_text(inquiry.noticed_at)}: noticed by {who(inquiry.noticer)}")
    remembered = [h for h in model.recent_handoffs if h.inquiry == inquiry.id]
    hops = [(h.source, h.target) for h in remembered]
    if inquiry.handoffs > len(remembered):
        lines.append(f"{inquiry.handoffs - len(remembered)} hand-offs earlier than the page remembers")
    for handoff in remembered:
        role = "passes it on (middleman)" if handoff.by_middleman else "hands it"
        lines.append(f"{clock_text(handoff.time)}: {who(handoff.source)} {role} to {who(handoff.target)}")
    outcome = Outcome(inquiry.outcome)
    if outcome == Outcome.PUBLISHED:
        minutes = inquiry.finished_at - inquiry.arrival
        drafter = f", drafted by {who(inquiry.drafter)}" if inquiry.drafter >= 0 else ""
        late = " (after its patience ran out)" if inquiry.finished_at > inquiry.deadline else ""
        lines.append(f"{clock_text(inquiry.finished_at)}: answered after {_duration(minutes)}{drafter}{late}")
    elif outcome == Outcome.OPEN and model.now > inquiry.deadline:
        lines.append(f"{clock_text(inquiry.deadline)}: patience ran out; still open, so counted as lost")
    else:
        lines.append(OUTCOME_TEXT[outcome])
    waits = [
        f"{_duration(getattr(inquiry, key))} {label}" for key, label in WAITS if getattr(inquiry, key) > 0
    ]
    if waits:
        lines.append("Time spent: " + ", ".join(waits))
    touched = sorted(
        {p for hop in hops for p in hop} | {p for p in (inquiry.noticer, inquiry.drafter) if p >= 0}
    )
    return Story(model=name, lines=lines, hops=hops, touched=touched)


def inquiry_at(simulation: Simulation, index: int, points, x: float, y: float, reach: float) -> int | None:
    """The inquiry of the person drawn nearest to ``(x, y)`` in model ``index``'s graph, if any.

    ``points`` are the people's positions in the same units as ``x``, ``y``; nobody within
    ``reach`` means no choice. The inquiry is the one in the person's hands, else the first in
    their inbox, else the latest they handed on or received.
    """
    distances = (points[:, 0] - x) ** 2 + (points[:, 1] - y) ** 2
    person = int(distances.argmin())
    if distances[person] > reach**2:
        return None
    with simulation.lock:
        model = simulation.models[index]
        employee = model.people[person]
        tasks = [employee.task] if employee.task is not None else []
        tasks += employee.inbox
        if tasks:
            return tasks[0][1].id  # every task is about an inquiry
        for handoff in reversed(model.recent_handoffs):
            if person in (handoff.source, handoff.target):
                return handoff.inquiry
    return None


def story_html(story: Story) -> str:
    """The story as a titled list (HTML)."""
    items = "".join(f"<li>{escape(line)}</li>" for line in story.lines)
    return f"<div class='orgsim-story-title'>{escape(friendly_name(story.model))}</div><ol>{items}</ol>"


def _find(inquiries, inquiry_id: int):
    if 0 <= inquiry_id < len(inquiries) and inquiries[inquiry_id].id == inquiry_id:
        return inquiries[inquiry_id]
    return next((q for q in inquiries if q.id == inquiry_id), None)


def _duration(minutes: float) -> str:
    if math.isnan(minutes):
        return "–"
    return f"{minutes:.0f} min" if minutes < 120 else f"{minutes / 60:.1f} h"
