"""HR exports as they are: mapped org-chart columns, and GraphML with edges from manager to report."""

from __future__ import annotations

import networkx as nx
import pytest

from simulation.core.errors import ScenarioError
from simulation.scenario.loading import scenario_from_dict

HR_CSV = """employee_id,full_name,org_unit,manager,skills
ceo,Alex,management,,
m1,Maria,marketing,ceo,campaign
m2,Jonas,marketing,m1,
s1,Sofia,sales,ceo,pricing
s2,Lukas,sales,s1,pricing
"""
MAPPING = {
    "id": "employee_id",
    "name": "full_name",
    "department": "org_unit",
    "manager_id": "manager",
    "topics": "skills",
}


def raw_with(path, columns=None):
    organisation = {"import": str(path)}
    if columns is not None:
        organisation["columns"] = columns
    return {
        "organisation": organisation,
        "inquiries": {"topics": {"campaign": 1, "pricing": 1}},
        "ownership": {"model": "marketing_silo"},
    }


def test_an_hr_csv_is_read_through_the_column_mapping(tmp_path):
    path = tmp_path / "hr.csv"
    path.write_text(HR_CSV)
    scenario = scenario_from_dict(raw_with(path, MAPPING))
    people = {p.id: p for p in scenario.organisation.people}
    assert people["m2"].manager_id == "m1" and people["s2"].topics == ("pricing",)


def test_without_the_mapping_the_error_shows_the_fix(tmp_path):
    path = tmp_path / "hr.csv"
    path.write_text(HR_CSV)
    with pytest.raises(ScenarioError, match=r"missing column\(s\) id.*organisation.columns = \{ id = "):
        scenario_from_dict(raw_with(path))
    with pytest.raises(ScenarioError, match=r"organisation\.columns: unknown field 'boss'"):
        scenario_from_dict(raw_with(path, {"boss": "manager"}))


def hierarchy(downwards: bool) -> nx.DiGraph:
    graph = nx.DiGraph()
    departments = {
        "ceo": "management",
        "m1": "marketing",
        "m2": "marketing",
        "m3": "marketing",
        "s1": "sales",
    }
    topics = {"m1": "campaign", "s1": "pricing"}
    for node, department in departments.items():
        graph.add_node(node, department=department, topics=topics.get(node, ""))
    for report, manager in (("m1", "ceo"), ("s1", "ceo"), ("m2", "m1"), ("m3", "m1")):
        graph.add_edge(*((manager, report) if downwards else (report, manager)))
    return graph


@pytest.mark.parametrize("downwards", [False, True])
def test_graphml_edges_may_run_either_way(tmp_path, downwards):
    path = tmp_path / "org.graphml"
    nx.write_graphml(hierarchy(downwards), path)
    people = {p.id: p for p in scenario_from_dict(raw_with(path)).organisation.people}
    assert people["m3"].manager_id == "m1" and people["ceo"].manager_id is None


def test_graphml_with_several_edges_both_ways_names_the_fix(tmp_path):
    graph = hierarchy(True)
    graph.add_edge("m2", "s1")
    graph.add_edge("m3", "s1")
    path = tmp_path / "org.graphml"
    nx.write_graphml(graph, path)
    with pytest.raises(
        ScenarioError, match="edges must run either from each person to their manager or from each manager"
    ):
        scenario_from_dict(raw_with(path))
