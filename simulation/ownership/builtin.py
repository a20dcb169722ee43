"""The built-in ownership models, each a set of parts taken from the source texts.

The sentences behind each model are quoted in ``docs/models.md``.
"""

from simulation.ownership.registry import register_builtin

MARKETING_SILO = {
    "description": (
        "Marketing monitors in office hours and alone publishes; the marketing head "
        "approves every answer; experts are reached up and down the hierarchy ([S1], [S5])."
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
        "head in its directory and approves non-standard answers ([S3] 'zentralisiert', [S4])."
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

# Source [S3], 'Koordinierte Organisationsform': "Das Social Media Team unterstützt die einzelnen
# Bereiche des Unternehmens bei ihren Social Media Aktivitäten." Source [S4]: "Enabler für Social
# Media Kommunikation".
HUB_AND_SPOKE = {
    "description": (
        "A central team enables one trained spoke per department; team and spokes monitor and "
        "publish, the directory leads to the owning department's spoke, the team clears only "
        "non-standard legal and press answers ([S3] 'koordiniert', [S4])."
    ),
    "team": {"name": "social_media", "size": 3, "reports_to": "executive"},
    "spokes_per_department": 1,
    "monitors": ["team", "spokes"],
    "publishers": ["team", "spokes"],
    "trained": ["team", "spokes"],
    "routing": ["directory", "hierarchy"],
    "directory_users": ["team", "spokes"],
    "directory_contact": "spoke",
    "approval": {"topics": ["legal", "press"], "non_standard_only": True, "approver": "team"},
    "coordination": {"hours_per_week": 2.0, "participants": ["team", "spokes"]},
}

# Source [S3], 'Mehrfach koordinierte Organisationsform': "Ein Team ist zuständig für alle Social
# Media Aktivitäten, die einzelnen Geschäftsbereiche agieren allerdings unabhängig voneinander.
# Auch hier muss gut koordiniert werden, damit alle an einem Strang ziehen ..."
MULTI_HUB = {
    "description": (
        "One hub team per region watches its region with the spokes there; units clear their own "
        "non-standard legal and press answers; team, spokes and heads align weekly "
        "([S3] 'mehrfach koordiniert')."
    ),
    "team": {"name": "social_media", "size": 3, "reports_to": "executive", "per_region": True},
    "monitor_scope": "region",
    "spokes_per_department": 1,
    "monitors": ["team", "spokes"],
    "publishers": ["team", "spokes"],
    "trained": ["team", "spokes"],
    "routing": ["directory", "hierarchy"],
    "directory_users": ["team", "spokes"],
    "directory_contact": "spoke",
    "approval": {"topics": ["legal", "press"], "non_standard_only": True, "approver": "own_head"},
    "coordination": {"hours_per_week": 2.0, "participants": ["team", "spokes", "heads"]},
}

# Source [S3], 'Dezentrale Organisationsform': "... nicht eine Abteilung alleine für Social Media
# Aktivitäten zuständig sondern jede Abteilung für sich. Marketing, PR, Vertrieb und
# Kundenservice agieren unabhängig voneinander."
DECENTRALIZED = {
    "description": (
        "Every department watches and answers its own channel presence, experts or not; posts "
        "landing at the wrong department travel over informal ties; no coordination "
        "([S3] 'dezentral')."
    ),
    "inbox": "department",
    "misdirected_share": 0.15,
    "monitors": ["all"],
    "publishers": ["all"],
    "trained": [],
    "answerers": ["all"],
    "answer_scope": "department",
    "routing": ["informal"],
}

# Source [S3], 'Holistische Organisationsform': "... bietet jedem die Möglichkeit, sich intensiv mit
# Social Media auseinanderzusetzen ... Diese Organisationsfrom braucht einiges an Zeit, da sich
# alle untereinander abstimmen müssen."
HOLISTIC = {
    "description": (
        "Everyone is trained, watches the channels, may answer and publish, and finds experts "
        "through the enterprise social network; everyone pays an hour of alignment a week "
        "([S3] 'holistisch')."
    ),
    "monitors": ["all"],
    "publishers": ["all"],
    "trained": ["all"],
    "answerers": ["all"],
    "routing": ["expert_search", "informal"],
    "adoption": {"start_share": 1.0, "end_share": 1.0, "start_day": 0.0, "ramp_days": 0.0},
    "coordination": {"hours_per_week": 1.0, "participants": ["all"]},
}

# Source [S1]: "Jede Abteilung stellt einen Experten bzw. Enthusiasten zur Verfügung und diese bilden
# ein Team zum Umgang und für die Verantwortung mit Social Media."
CROWD_OF_EXPERTS = {
    "description": (
        "Each department nominates an expert; the nominees share one monitoring rota, publish, "
        "pass what they cannot answer straight to the owning department's nominee and plan "
        "together ([S1])."
    ),
    "experts_per_department": 1,
    "monitors": ["expert_team"],
    "publishers": ["expert_team"],
    "trained": ["expert_team"],
    "routing": ["expert_team", "expert_search"],
    "adoption": {"start_share": 1.0, "end_share": 1.0, "start_day": 0.0, "ramp_days": 0.0},
    "coordination": {"hours_per_week": 1.0, "participants": ["expert_team"]},
}

# Source [S5]: "'Social Media' gehört in die Hände der Firmenleitung und schlussendlich in die Hände
# aller Mitarbeiter." ... "ein Änderungsprozess, der sich über viele Jahre hinzieht." Source [S2]:
# "Wenn nicht von ganz oben eines Konzerns Social Business getrieben wird, dann kann es nicht
# funktionieren."
C_LEVEL_SOCIAL_BUSINESS = {
    "description": (
        "Leadership drives a social business: a small team starts, the enterprise social network "
        "spreads over a year, adopters are trained and publish, approval and barriers fade "
        "([S2], [S5])."
    ),
    "team": {"name": "social_media", "size": 2, "reports_to": "executive"},
    "monitors": ["team"],
    "publishers": ["team"],
    "trained": ["team"],
    "routing": ["expert_search", "hierarchy"],
    "approval": {"topics": ["*"], "non_standard_only": True, "approver": "team"},
    "adoption": {
        "start_share": 0.1,
        "end_share": 1.0,
        "start_day": 0.0,
        "ramp_days": 365.0,
        "shape": "logistic",
        "adopters_trained": True,
        "adopters_publish": True,
        "adopters_monitor": True,
        "removes_approval": True,
        "barrier_reduction": 0.5,
    },
    "coordination": {"hours_per_week": 1.0, "participants": ["executive", "heads", "team"]},
}

register_builtin("marketing_silo", MARKETING_SILO)
register_builtin("central_team", CENTRAL_TEAM)
register_builtin("hub_and_spoke", HUB_AND_SPOKE)
register_builtin("multi_hub", MULTI_HUB)
register_builtin("decentralized", DECENTRALIZED)
register_builtin("holistic", HOLISTIC)
register_builtin("crowd_of_experts", CROWD_OF_EXPERTS)
register_builtin("c_level_social_business", C_LEVEL_SOCIAL_BUSINESS)
