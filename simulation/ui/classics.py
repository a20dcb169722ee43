"""The classic communication networks as a preset: wheel, chain, circle and all-channel, raced.

Five people each, as in Bavelas' and Leavitt's experiments [F-bavelas]. They are built with the
ordinary organisation generator (as ``tests/test_claims.py`` builds them): the wheel is the
executive with four one-person departments; the chain the executive with two two-person
departments; the circle the chain plus one informal tie closing the ring; all-channel the
wheel with every pair tied. The generator draws informal ties at random, so organisations are
drawn seed by seed (``replicate_seed(seed, r)``) until one has exactly the shape. Every person
monitors, may publish and holds one of the two topics' knowledge or none; routing is informal
(shortest path), office hours round the clock, no approval and no boundary delay, so only the
structure differs.
"""

from __future__ import annotations

import math
from typing import Any

import networkx as nx

from simulation.core.seeding import replicate_seed
from simulation.engine.model import OrgModel
from simulation.scenario.loading import scenario_from_dict
from simulation.scenario.types import Scenario

PRESET = "Classic networks: wheel, chain, circle, all-channel"
SHAPES = {
    "wheel": nx.star_graph(4),
    "chain": nx.path_graph(5),
    "circle": nx.cycle_graph(5),
    "all_channel": nx.complete_graph(5),
}
CANDIDATES = 400  # seeds tried per structure (a ring closes in about 1 of 25)


def raw_scenario(structure: str, per_day: float = 50.0, handoff_minutes: float = 10.0) -> dict[str, Any]:
    """The scenario table of one five-person structure."""
    if structure in ("chain", "circle"):
        departments = [{"name": n, "size": 2, "topics": [n], "expert_share": 0.5} for n in "ab"]
    else:
        departments = [
            {"name": n, "size": 1, "topics": [n] if n in "ab" else [], "expert_share": 1.0} for n in "abcd"
        ]
    return {
        "scenario": {"name": structure, "seed": 1950, "duration_days": 7, "drain_days": 3},
        "organisation": {
            "departments": departments,
            "span_of_control": 2,
            "cross_department_ties": {"circle": 1.0, "all_channel": 40.0}.get(structure, 0.0),
            "intra_department_ties": 0.0,
            "working_hours": {"start": 0, "end": 24, "days": "mon-sun"},
        },
        "inquiries": {
            "per_day": per_day,
            "topics": {"a": 1.0, "b": 1.0},
            "standard_share": 0.0,
            "patience_hours": math.inf,
        },
        "barriers": {
            "handoff_minutes": handoff_minutes,
            "boundary_minutes": 0,
            "boundary_drop": 0,
            "approval_minutes": 0,
            "alignment_minutes_per_peer": 0,
        },
        "availability": {"others": 1.0},
        "quality": {"error_expert": 0.0, "error_trained": 0.0, "error_untrained": 0.0},
        "ownership": {
            "model": "custom",
            "monitors": ["all"],
            "publishers": ["all"],
            "trained": [],
            "routing": ["informal"],
        },
    }


def build(
    structure: str, seed: int, per_day: float = 50.0, handoff_minutes: float = 10.0
) -> tuple[Scenario, OrgModel]:
    """The scenario and the first model, from ``seed``'s replicates, whose graph has the structure's shape.

    Raises:
        RuntimeError: no candidate had the shape (the generator changed).

    """
    scenario = scenario_from_dict(raw_scenario(structure, per_day, handoff_minutes))
    for replicate in range(CANDIDATES):
        model = OrgModel(scenario, replicate_seed(seed, replicate))
        if nx.is_isomorphic(model.graph, SHAPES[structure]):
            return scenario, model
    raise RuntimeError(f"no {structure} among {CANDIDATES} generated organisations of seed {seed}")
