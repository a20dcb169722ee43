"""The built-in ownership models, each a set of parts taken from the seed texts.

The sentences behind each model are quoted in ``docs/models.md``.
"""

from simulation.ownership.registry import register_model

MARKETING_SILO = {
    "description": (
        "Marketing monitors in office hours and alone publishes; the marketing head "
        "approves every answer; experts are reached up and down the hierarchy (seeds 000, 004)."
    ),
    "monitors": ["department:marketing"],
    "publishers": ["department:marketing"],
    "trained": ["department:marketing"],
    "routing": ["hierarchy"],
    "approval": {"topics": ["*"], "approver": "head:marketing"},
}

CENTRAL_TEAM = {
    "description": (
        "A dedicated social media team monitors and publishes, looks up the owning department "
        "head in its directory and approves non-standard answers (seed 002 'zentralisiert', 003)."
    ),
    "team": {"name": "social_media", "size": 3, "reports_to": "executive"},
    "monitors": ["team"],
    "publishers": ["team"],
    "trained": ["team"],
    "routing": ["directory", "hierarchy"],
    "directory_users": ["team"],
    "directory_contact": "head",
    "approval": {"topics": ["*"], "non_standard_only": True, "approver": "team"},
    "coordination": {"hours_per_week": 1.0, "participants": ["team"]},
}

register_model("marketing_silo", MARKETING_SILO)
register_model("central_team", CENTRAL_TEAM)
