"""Key people: a week without one person, against the same week with everyone."""

from __future__ import annotations

import math

from simulation.calibration.key_people import describe, key_people
from simulation.scenario.loading import scenario_from_dict

ORG = """id,name,department,manager_id,role,topics
ceo,Alex,management,,executive,
m1,Maria,marketing,ceo,head,campaign
m2,Jonas,marketing,m1,,campaign
m3,Lea,marketing,m1,,
l1,Julia,legal,ceo,head,legal
s1,Sofia,sales,ceo,head,pricing
s2,Lukas,sales,s1,,pricing
s3,Mia,sales,s1,,
"""


def scenario(tmp_path):
    path = tmp_path / "org.csv"
    path.write_text(ORG)
    return scenario_from_dict(
        {
            "scenario": {"seed": 3},
            "organisation": {"import": str(path)},
            "inquiries": {"per_day": 20, "topics": {"campaign": 0.5, "pricing": 0.3, "legal": 0.2}},
            "ownership": {"model": "marketing_silo", "approval": {"topics": []}},
        }
    )


def test_the_sole_answerer_comes_first_and_idle_people_cost_nothing(tmp_path):
    absences = key_people(scenario(tmp_path), days=5, replicates=3)
    assert absences[0].person == "l1" and absences[0].sole_topics == ("legal",)
    assert "the only one who answers legal" in describe(absences[0])
    by_person = {a.person: a for a in absences}
    marketing = [by_person[p].answered_change[0] for p in ("m2", "m3") if p in by_person]
    assert marketing and min(marketing) < 0  # the monitors carry the inbox: away, fewer answers
    for absence in absences[1:]:
        assert not math.isnan(absence.answered_change[0])
    changes = [a.answered_change[0] for a in absences[1:]]
    assert changes == sorted(changes)  # costliest first
