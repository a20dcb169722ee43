"""The source texts' claims  as statistical hypotheses over replicates.

Every comparison runs the same fixed seeds (common random numbers: each replicate
feeds the same arrivals to both sides) and asks for a gap larger than both 95 %
confidence intervals together. A claim the model does not reproduce is marked
``xfail(strict=True)`` with the measured numbers; parameters were not tuned to
make any claim pass.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from simulation.engine.model import OrgModel
from simulation.experiments import confidence_interval, replicate_seed, run_one, run_replicates
from simulation.scenario.loading import read_toml, scenario_from_dict, with_overrides

DEFAULT = Path(__file__).resolve().parents[1] / "scenarios" / "default.toml"
DAYS = 28  # the default's own length; a replicate takes well under a second
REPLICATES = 5
NO_APPROVAL = {"topics": []}


@cache
def _runs(key: str) -> tuple[dict, ...]:
    overrides = {"scenario.duration_days": DAYS, **json.loads(key)}
    spec = scenario_from_dict(with_overrides(read_toml(DEFAULT), overrides))
    return tuple(result.summary for result in run_replicates(spec, REPLICATES))


def runs(overrides: dict[str, Any]) -> tuple[dict, ...]:
    """Summaries of the default scenario with dotted-path overrides, cached by value."""
    return _runs(json.dumps(overrides, sort_keys=True))


def ci(rows: tuple[dict, ...], key: str) -> tuple[float, float]:
    return confidence_interval(float(row[key]) for row in rows)


def clearly_greater(high: tuple[dict, ...], low: tuple[dict, ...], key: str) -> bool:
    """The gap between the means exceeds both 95 % half-widths together."""
    (mean_high, half_high), (mean_low, half_low) = ci(high, key), ci(low, key)
    return mean_high - half_high > mean_low + half_low


def show(key: str, **sides: tuple[dict, ...]) -> str:
    return f"{key}: " + ", ".join(
        f"{name} {ci(rows, key)[0]:.3g} ± {ci(rows, key)[1]:.2g}" for name, rows in sides.items()
    )


# --- [S1] / [S2]: the silo routes through middlemen, the crowd of experts does not ----------


def test_silo_routes_through_more_middlemen_than_the_crowd_of_experts():
    # With the head clearing only legal and press answers: when every answer waits for the head,
    # most expire in that queue, and the routing they would have taken is never seen.
    silo = runs({"ownership.model": "marketing_silo", "ownership.approval.topics": ["legal", "press"]})
    crowd = runs({"ownership.model": "crowd_of_experts"})
    for key in ("middlemen_per_inquiry", "boundary_crossings_per_inquiry"):
        assert clearly_greater(silo, crowd, key), show(key, silo=silo, crowd=crowd)
    silo = runs({"ownership.model": "marketing_silo"})
    key = "answered_within_24h_share"
    assert clearly_greater(crowd, silo, key), show(key, silo=silo, crowd=crowd)


# --- [S2] comment: "Social Technology cuts the Middleman" --------------------------------


def _adoption(share: float) -> tuple[dict, ...]:
    return runs(
        {
            "ownership.model": "custom",
            "ownership.routing": ["expert_search", "hierarchy"],
            "ownership.adoption": {"start_share": share, "end_share": share},
        }
    )


def test_expert_search_cuts_middlemen_as_adoption_rises():
    none, half, full = _adoption(0.0), _adoption(0.5), _adoption(1.0)
    key = "middlemen_per_inquiry"
    message = show(key, none=none, half=half, full=full)
    assert clearly_greater(none, half, key), message
    assert clearly_greater(half, full, key), message
    # What fewer middlemen buy: more inquiries answered by the deadline.
    key = "answered_share"
    assert clearly_greater(full, none, key), show(key, none=none, full=full)


@pytest.mark.xfail(
    strict=True,
    reason=(
        "not reproduced on the default scenario: median response 252 ± 66 min at adoption 0, "
        "386 ± 80 at 0.5, 418 ± 160 at 1.0 (mean 543 ± 47, 589 ± 18, 596 ± 26). Expert search "
        "lets more inquiries through by the deadline (answered 0.58 ± 0.03 -> 0.71 ± 0.02), and "
        "those extra answers are the slow ones; each search also costs 10 minutes of a person "
        "who gives a quarter of the shift. The overnight and weekend wait sets the median."
    ),
)
def test_expert_search_cuts_response_time_as_adoption_rises():
    none, half, full = _adoption(0.0), _adoption(0.5), _adoption(1.0)
    key = "response_time_median_min"
    message = show(key, none=none, half=half, full=full)
    assert clearly_greater(none, half, key), message
    assert clearly_greater(half, full, key), message


# --- removing approval gates shortens the tail -------------------------------------------------


@pytest.mark.xfail(
    strict=True,
    reason=(
        "not measurable with the default 24 h deadline: with its approval gate the silo answers "
        "nothing in time (answered 0 vs 0.58 ± 0.03 without the gate), so there is no p90 to "
        "compare. Without a deadline the gate's tail shows (next test): p90 31,200 ± 1,500 min "
        "with it, 4,230 ± 120 without."
    ),
)
def test_removing_approval_shortens_the_p90():
    gated = runs({"ownership.model": "marketing_silo"})
    free = runs({"ownership.model": "marketing_silo", "ownership.approval": NO_APPROVAL})
    key = "response_time_p90_min"
    assert clearly_greater(gated, free, key), show(key, gated=gated, free=free)


# Measured: marketing_silo p90 31,200 ± 1,500 min with the gate, 4,230 ± 120 without; central_team
# 3,970 ± 120 with the team clearing non-standard answers, 3,740 ± 110 without (the team gives
# only part of its shift, so a clearance waits for it).
@pytest.mark.parametrize("model", ["marketing_silo", "central_team"])
def test_removing_approval_shortens_the_uncensored_p90(model):
    # Nobody gives up (patience = inf), so the p90 is the whole tail, not the tail of survivors.
    patience = {"inquiries.patience_hours": float("inf")}
    gated = runs({"ownership.model": model, **patience})
    free = runs({"ownership.model": model, "ownership.approval": NO_APPROVAL, **patience})
    key = "response_time_p90_min"
    assert clearly_greater(gated, free, key), show(key, gated=gated, free=free)


# --- [S3]: holistic pays in coordination what it gains in speed ---------------------------


def test_holistic_answers_faster_than_a_central_team():
    holistic = runs({"ownership.model": "holistic"})
    central = runs({"ownership.model": "central_team"})
    key = "response_time_median_min"
    assert clearly_greater(central, holistic, key), show(key, holistic=holistic, central=central)


@pytest.mark.xfail(
    strict=True,
    reason=(
        "not reproduced: holistic's own work is not dearer than a central team's (person-hours on "
        "inquiries 382 ± 28 vs 433 ± 34 over 28 days): answering close to the expert saves the "
        "team's triage and forwarding. Its price is the meeting and alignment time, an input "
        "(1,420 h vs 13 h), so the claim holds only by assumption."
    ),
)
def test_holistic_spends_more_work_hours_than_a_central_team():
    holistic = runs({"ownership.model": "holistic"})
    central = runs({"ownership.model": "central_team"})
    key = "person_hours_social"
    assert clearly_greater(holistic, central, key), show(key, holistic=holistic, central=central)


# --- [S3]: the decentralised form is inconsistent; approval has a benefit, not only a delay ----


def test_decentralized_publishes_more_wrong_answers_than_hub_and_spoke():
    decentralized = runs({"ownership.model": "decentralized"})
    hub = runs({"ownership.model": "hub_and_spoke"})
    key = "incidents_per_1000_answers"
    assert clearly_greater(decentralized, hub, key), show(key, decentralized=decentralized, hub=hub)


def test_an_approval_gate_prevents_incidents_and_costs_time():
    every_answer = {"topics": ["*"], "approver": "own_head"}
    gated = runs({"ownership.model": "decentralized", "ownership.approval": every_answer})
    free = runs({"ownership.model": "decentralized"})
    key = "incidents_per_1000_answers"
    assert clearly_greater(free, gated, key), show(key, gated=gated, free=free)
    key = "time_in_approval_share"
    assert clearly_greater(gated, free, key), show(key, gated=gated, free=free)


def test_the_silo_saturates_because_its_head_clears_every_answer():
    wide = runs({"ownership.model": "marketing_silo"})
    narrow = runs({"ownership.model": "marketing_silo", "ownership.approval.topics": ["legal", "press"]})
    key = "answered_share"
    assert clearly_greater(narrow, wide, key), show(key, wide=wide, narrow=narrow)


# --- [S4]: the social media manager as an enabler, not another silo; [F-scale] -----------------


LOAD = {"inquiries.per_day": 60}  # three times the default volume


def test_an_enabling_hub_degrades_more_gently_under_load_than_a_central_silo():
    central, hub = (
        runs({"ownership.model": "central_team", **LOAD}),
        runs({"ownership.model": "hub_and_spoke", **LOAD}),
    )
    key = "answered_within_patience_share"
    assert clearly_greater(hub, central, key), show(key, hub=hub, central=central)


# --- [S5] / [S2]: leadership and, in the end, all employees; a road of many years ---------------


ALL_ADOPTED = {"start_share": 1.0, "end_share": 1.0}


def test_when_all_employees_take_part_more_is_answered_than_in_the_silo():
    early = runs({"ownership.model": "c_level_social_business"})
    end = runs({"ownership.model": "c_level_social_business", "ownership.adoption": ALL_ADOPTED})
    silo = runs({"ownership.model": "marketing_silo"})
    key = "answered_share"
    assert clearly_greater(end, silo, key), show(key, end=end, silo=silo)
    assert clearly_greater(end, early, key), show(key, early=early, end=end)


def test_trained_employees_answer_with_fewer_incidents_than_untrained_ones():
    trained = runs({"ownership.model": "c_level_social_business", "ownership.adoption": ALL_ADOPTED})
    untrained = runs({"ownership.model": "decentralized"})
    key = "incidents_per_1000_answers"
    assert clearly_greater(untrained, trained, key), show(key, trained=trained, untrained=untrained)


# --- Bavelas (1950) / Leavitt (1951): five-person communication structures --------------------
#
# Built with the ordinary generator. wheel: the executive and four one-person departments
# (a star, the executive at the centre). chain: the executive and two two-person departments
# (staff - head - executive - head - staff). circle: the chain plus one informal tie between
# the two ends; the generator draws ties at random, so organisations are drawn replicate by
# replicate and only those whose ties close exactly that ring are kept. all_channel: the
# wheel plus dense random ties, which close every pair (again checked per replicate).
# In every structure two peripheral people are the experts on the two topics, and all
# five receive inquiries, as all five hold information in Bavelas' experiments.


def _five(structure: str, monitors: tuple[str, ...]) -> dict[str, Any]:
    if structure in ("chain", "circle"):
        departments = [{"name": n, "size": 2, "topics": [n], "expert_share": 0.5} for n in "ab"]
    else:
        departments = [
            {"name": n, "size": 1, "topics": [n] if n in "ab" else [], "expert_share": 1.0} for n in "abcd"
        ]
    ties = {"circle": 1.0, "all_channel": 40.0}.get(structure, 0.0)
    return {
        "scenario": {"name": structure, "seed": 1950, "duration_days": 7, "drain_days": 3},
        "organisation": {
            "departments": departments,
            "span_of_control": 2,
            "cross_department_ties": ties,
            "intra_department_ties": 0.0,
            "working_hours": {"start": 0, "end": 24, "days": "mon-sun"},
        },
        "inquiries": {
            "per_day": 50,
            "topics": {"a": 1.0, "b": 1.0},
            "standard_share": 0.0,
            "patience_hours": float("inf"),
        },
        "barriers": {
            "boundary_minutes": 0,
            "boundary_drop": 0,
            "approval_minutes": 0,
            "alignment_minutes_per_peer": 0,
        },
        # The structures alone: everyone gives the whole shift, and answers are not judged.
        "availability": {"others": 1.0},
        "quality": {"error_expert": 0.0, "error_trained": 0.0, "error_untrained": 0.0},
        "ownership": {
            "model": "custom",
            "monitors": list(monitors),
            "publishers": ["all"],
            "trained": [],
            "routing": ["informal"],
        },
    }


SHAPES = {
    "wheel": nx.star_graph(4),
    "chain": nx.path_graph(5),
    "circle": nx.cycle_graph(5),
    "all_channel": nx.complete_graph(5),
}
CANDIDATES = 400  # organisations drawn at most per structure (a ring closes in ~1 of 25)


@cache
def _five_runs(structure: str, monitors: tuple[str, ...] = ("all",)) -> tuple[dict, ...]:
    """Summaries of the first REPLICATES replicates whose organisation has the right shape."""
    spec = scenario_from_dict(_five(structure, monitors))
    rows = []
    for replicate in range(CANDIDATES):
        graph = OrgModel(spec, replicate_seed(spec.scenario.seed, replicate)).graph
        if nx.is_isomorphic(graph, SHAPES[structure]):
            rows.append(run_one(spec, replicate).summary)
            if len(rows) == REPLICATES:
                break
    return tuple(rows)


@pytest.mark.parametrize("structure", list(SHAPES))
def test_bavelas_structures_can_be_built(structure):
    rows = _five_runs(structure)
    assert len(rows) == REPLICATES, f"only {len(rows)} of {CANDIDATES} organisations were a {structure}"
    assert all(row["answered_share"] > 0.9 for row in rows)


def test_wheel_centre_relays_in_one_message():
    centre = _five_runs("wheel", ("executive",))
    everyone = _five_runs("wheel")
    assert ci(centre, "handoffs_per_inquiry") == (1.0, 0.0)
    assert ci(centre, "middlemen_per_inquiry") == (0.0, 0.0)
    # When the periphery receives, the centre relays between peripheral members.
    assert clearly_greater(everyone, centre, "middlemen_per_inquiry")
    assert clearly_greater(everyone, centre, "handoffs_per_inquiry")


BAVELAS_REASON = (
    "partly reproduced: messages per inquiry wheel 1.83 ± 0.01 < chain 2.05 ± 0.07 as in Leavitt, but "
    "the circle needs fewer (1.62 ± 0.02) than the chain, and all-channel fewest (0.97 ± 0.01); median "
    "response wheel 81.5 ± 6.4, chain 84.5 ± 9.5, circle 75.9 ± 4.2 min do not differ. The engine "
    "routes one inquiry from its receiver to the nearest expert, so hops follow graph distance; "
    "Bavelas' task pools everyone's information, and the wheel's central decision-maker and the "
    "circle's and all-channel net's extra traffic are not modelled."
)


def test_wheel_needs_fewer_messages_than_chain():
    wheel, chain = _five_runs("wheel"), _five_runs("chain")
    key = "handoffs_per_inquiry"
    assert clearly_greater(chain, wheel, key), show(key, wheel=wheel, chain=chain)


@pytest.mark.xfail(strict=True, reason=BAVELAS_REASON)
@pytest.mark.parametrize("key", ["handoffs_per_inquiry", "response_time_median_min"])
def test_bavelas_leavitt_ordering_wheel_chain_circle(key):
    wheel, chain, circle = _five_runs("wheel"), _five_runs("chain"), _five_runs("circle")
    message = show(key, wheel=wheel, chain=chain, circle=circle, all_channel=_five_runs("all_channel"))
    # Simple tasks: the wheel needs fewest messages and is fastest, the circle is slowest.
    assert clearly_greater(chain, wheel, key), message
    assert clearly_greater(circle, chain, key), message
