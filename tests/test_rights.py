"""Rights asked on the hot path give the answers of their plain definitions.

``_can_answer`` and ``_error_chance`` build on ``_qualified`` and ``_trained``; a shortcut
put in either for speed must keep these answers. They are checked for every kind of person,
topic and standard flag, before and during adoption, on models that differ in who is
trained, whether adopters are, and whether answers go by expertise or department.
"""

import pytest

from benchmarks.scenarios import organisation_scenario
from simulation.engine.inquiries import Inquiry
from simulation.engine.model import OrgModel


def can_answer_plain(model: OrgModel, person, inquiry) -> bool:
    if not person.answerer:
        return False
    if model._qualified(person, inquiry):
        return True
    return (
        model.parts.answer_scope == "department"
        and inquiry.topic in model.department_topics[person.department]
    )


def error_chance_plain(model: OrgModel, person, expert: bool) -> float:
    quality = model._quality
    if expert:
        return quality.error_expert
    return quality.error_trained if model._trained(person) else quality.error_untrained


@pytest.mark.parametrize("name", ["marketing_silo", "decentralized", "c_level_social_business", "holistic"])
def test_rights_spelled_out_agree_with_their_definitions(name):
    spec = organisation_scenario(name, 400, 2, seed=3)
    quality = spec.quality.model_copy(update={"error_trained": 0.05, "error_untrained": 0.2})
    model = OrgModel(spec.model_copy(update={"quality": quality}))
    outcomes = set()
    for share in (0.0, 0.35, 1.0):
        model.adoption_share = share
        for person in model.people:
            for topic in range(len(model.topic_names)):
                for standard in (False, True):
                    inquiry = Inquiry(0, topic, 0, 0, standard, 0.0, 0.0, 1.0)
                    can = model._can_answer(person, inquiry)
                    assert can == can_answer_plain(model, person, inquiry), (name, share, person.index)
                    outcomes.add(can)
            for expert in (False, True):
                chance = model._error_chance(person, expert)
                assert chance == error_chance_plain(model, person, expert), (name, share, person.index)
                outcomes.add(chance)
    assert {True, False} <= outcomes and outcomes & {0.05, 0.2}, "both answers occur, and non-expert chances"
