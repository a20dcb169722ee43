"""What the page says about each ownership model: a friendly name, the source sentence, what to watch.

The one-paragraph description comes from the model itself (``simulation.ownership.describe``),
so it cannot drift from what runs. The quotes are the source sentences ``docs/models.md``
builds each model on (German original and an English gloss), shortened to one sentence; the
"watch for" line tells a class where on the graph and charts the model shows itself.
"""

from __future__ import annotations

from dataclasses import dataclass

from simulation.ownership import describe

SOURCES = {  # keys as in docs/sources.md
    "S1": "Zu wem gehört die Social Media? – Social Media im Unternehmen",
    "S2": "Wem gehören Social Media? II – Das grosse Ganze begreifen",
    "S3": "Social Media Marketing – Organisatorische Verankerung",
    "S5": "Nehmt den Marketing-, Branding- und PR-Leuten die Herrschaft über „Social Media“ weg",
}


@dataclass(frozen=True)
class ModelLesson:
    """How the page presents one ownership model."""

    friendly: str
    quote: str  # German original
    gloss: str  # English
    source: str  # key of SOURCES (docs/sources.md)
    watch: str


LESSONS = {
    "marketing_silo": ModelLesson(
        "Marketing silo",
        "Leider wird die Social Media durch Marketing immer noch als sehr einseitiges Medium genutzt.",
        "Unfortunately marketing still uses social media as a very one-sided medium.",
        "S1",
        "Red middleman rings around heads and the executive: questions climb the hierarchy and "
        "come down again; nights and weekends nobody watches.",
    ),
    "central_team": ModelLesson(
        "Central team",
        "… wobei hier weniger unterstützt wird als vielmehr vorgegeben wird, wie Social Media "
        "Aktivitäten abzulaufen haben.",
        "… except that it prescribes how social media is to be done rather than supporting it.",
        "S3",
        "Three busy dots in the team and orange lines from them to department heads: the team "
        "is the bottleneck when volume rises.",
    ),
    "hub_and_spoke": ModelLesson(
        "Hub and spoke",
        "Das Social Media Team unterstützt die einzelnen Bereiche des Unternehmens bei ihren "
        "Social Media Aktivitäten.",
        "The team supports the company's units in their social media activities.",
        "S3",
        "Short orange lines inside departments (to the spoke) and almost no middlemen; the price "
        "is coordination hours.",
    ),
    "multi_hub": ModelLesson(
        "Several hubs",
        "Ein Team ist zuständig für alle Social Media Aktivitäten, die einzelnen Geschäftsbereiche "
        "agieren allerdings unabhängig voneinander.",
        "One team is responsible for all social media, but the business units act independently.",
        "S3",
        "Like hub and spoke, per region; coordination hours grow with every hub.",
    ),
    "decentralized": ModelLesson(
        "Every department for itself",
        "Marketing, PR, Vertrieb und Kundenservice agieren unabhängig voneinander.",
        "Marketing, PR, sales and customer service act independently of each other.",
        "S3",
        "Fast first answers inside each department, few crossings; watch who answers topics "
        "their department does not own.",
    ),
    "holistic": ModelLesson(
        "Everyone answers",
        "… bietet jedem die Möglichkeit, sich intensiv mit Social Media auseinanderzusetzen …",
        "… lets everyone engage with social media intensively …",
        "S3",
        "Busy dots everywhere and no middlemen; the bill is the coordination meetings in person-hours.",
    ),
    "crowd_of_experts": ModelLesson(
        "Crowd of experts",
        "Jede Abteilung stellt einen Experten bzw. Enthusiasten zur Verfügung und diese bilden ein "
        "Team zum Umgang und für die Verantwortung mit Social Media.",
        "Each department provides an expert or enthusiast, and these form a team responsible for "
        "social media.",
        "S1",
        "One busy dot per department and direct orange lines between experts: no detour through "
        "the hierarchy.",
    ),
    "c_level_social_business": ModelLesson(
        "Social business, led from the top",
        "Wenn nicht von ganz oben eines Konzerns Social Business getrieben wird, dann kann es "
        "nicht funktionieren.",
        "If social business is not driven from the very top, it cannot work.",
        "S2",
        "Starts like the silo; as adoption rises, middlemen and barriers fade (try the adoption slider).",
    ),
}


# The classic communication networks (preset ``classics.PRESET``): what each is, what the
# experiments found [F-bavelas], and what this simulation shows of it (tests/test_claims.py).
STRUCTURES = {
    "wheel": ("Wheel", "Four people talk only through the one in the middle."),
    "chain": ("Chain", "A line: each person talks to at most two others; the ends are far apart."),
    "circle": ("Circle", "A ring: everyone talks to two neighbours; nobody is in the middle."),
    "all_channel": ("All-channel", "Everyone talks to everyone."),
}
CLASSIC_FINDING = (
    "Centralised networks (the wheel) need the fewest messages, make the fewest errors and are "
    "fastest on simple tasks; the circle is slowest on simple tasks but does relatively better on "
    "complex ones."
)
CLASSIC_SHOWN = (
    "Here the wheel needs fewer messages per inquiry than the chain, as Leavitt found; but the "
    "circle needs fewer than the chain, all-channel fewest, and response times hardly differ: an "
    "inquiry goes from whoever receives it to the nearest expert, so hops follow graph distance, "
    "while Bavelas' groups had to pool everyone's information."
)
CLASSIC_SOURCE = "[F-bavelas] Bavelas 1950; Leavitt 1951"


def friendly_name(model: str) -> str:
    """The name a class reads: ``Crowd of experts`` for ``crowd_of_experts``."""
    lesson = LESSONS.get(model)
    if lesson:
        return lesson.friendly
    if model in STRUCTURES:
        return STRUCTURES[model][0]
    return model.replace("_", " ").capitalize()


def model_for_name(friendly: str) -> str:
    """The model behind a friendly name (the inverse of ``friendly_name``)."""
    for model, lesson in LESSONS.items():
        if lesson.friendly == friendly:
            return model
    return friendly


def explanation(model: str) -> dict[str, str]:
    """Friendly name, description, quote with gloss and source title, and what to watch for.

    For a classic network: its description, the classic finding and what the simulation shows.
    """
    if model in STRUCTURES:
        name, description = STRUCTURES[model]
        return {
            "name": name,
            "description": description,
            "finding": CLASSIC_FINDING,
            "shown": CLASSIC_SHOWN,
            "source": CLASSIC_SOURCE,
        }
    lesson = LESSONS.get(model)
    text = {"name": friendly_name(model), "description": describe(model)}
    if lesson is not None:
        text |= {
            "quote": lesson.quote,
            "gloss": lesson.gloss,
            "source": f"[{lesson.source}] {SOURCES[lesson.source]}",
            "watch": lesson.watch,
        }
    return text
