"""Key people: a week without one person, against the same week with everyone."""

from __future__ import annotations

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
            "availability": {"others": 1.0},
        }
    )


def test_the_people_the_inbox_rests_on_cost_most(tmp_path):
    """Under hierarchy routing every escalation passes the marketing head and the executive."""
    absences = key_people(scenario(tmp_path), days=5, replicates=3)
    by_person = {a.person: a for a in absences}
    assert {absences[0].person, absences[1].person} == {"m1", "ceo"}
    for person in ("m1", "ceo"):
        change, half = by_person[person].answered_change
        assert change + half < 0  # significantly fewer answers
    assert by_person["l1"].sole_topics == ("legal",) and "the only one who answers legal" in describe(
        by_person["l1"]
    )
    changes = [a.answered_change[0] for a in absences]
    assert changes == sorted(changes)  # costliest first
