"""`[organisation] import`: real org charts from CSV or GraphML, and clear errors for bad files."""

import networkx as nx
import pytest

from simulation.core.errors import ScenarioError
from simulation.engine.model import OrgModel
from simulation.experiments import run_one
from simulation.scenario.loading import load_scenario, with_model
from tests.conftest import REPOSITORY

HEADER = "id,name,department,manager_id,role,topics,region,hours\n"
GOOD_ROWS = [
    "ceo,Ceo,management,,,,,8-18",
    "m1,Mia,marketing,ceo,,campaign,,8-17",
    "m2,Max,marketing,m1,,,,8-17",
    "s1,Sam,sales,ceo,,,,9-17",
    "s2,Sue,sales,s1,expert,pricing,,9-17",
    "s3,Sid,sales,s1,,,,9-17",
]
SCENARIO = """
[scenario]
duration_days = 3
drain_days = 1
[organisation]
import = "{file}"
[inquiries]
per_day = 20
topics = {{ campaign = 1, pricing = 1 }}
"""


def write(tmp_path, rows, header=HEADER, topics="{ campaign = 1, pricing = 1 }", name="org.csv"):
    (tmp_path / name).write_text(header + "\n".join(rows) + "\n", encoding="utf-8")
    scenario = tmp_path / "s.toml"
    scenario.write_text(SCENARIO.format(file=name).replace("{ campaign = 1, pricing = 1 }", topics))
    return scenario


def test_csv_builds_the_org_chart(tmp_path):
    spec = load_scenario(write(tmp_path, GOOD_ROWS))
    assert spec.organisation.size == 6
    assert spec.organisation.department_names == ["marketing", "sales"]
    model = OrgModel(with_model(spec, "hub_and_spoke"))
    names = [d.name for d in model.departments]
    assert names[:3] == ["executive", "marketing", "sales"]
    graph = model.graph
    by_id = {data["person_id"]: node for node, data in graph.nodes(data=True) if "person_id" in data}
    assert graph.nodes[by_id["ceo"]]["role"] == "executive"
    assert graph.nodes[by_id["s1"]]["role"] == "head"
    assert graph.nodes[by_id["s2"]]["expert"] and not graph.nodes[by_id["s3"]]["expert"]
    assert graph.edges[by_id["s2"], by_id["s1"]]["kind"] == "reports_to"
    assert graph.edges[by_id["s2"], by_id["s3"]]["kind"] == "team"
    sales = model.departments[2]
    assert sales.head == by_id["s1"] and sales.topics == ("pricing",)
    assert run_one(spec).summary["inquiries"] > 0


def test_graphml_with_manager_edges(tmp_path):
    graph = nx.DiGraph()
    for row in GOOD_ROWS:
        ident, name, department, manager, _role, topics, _, hours = row.split(",")
        graph.add_node(ident, name=name, department=department, topics=topics, hours=hours)
        if manager:
            graph.add_edge(ident, manager)
    nx.write_graphml(graph, tmp_path / "org.graphml")
    scenario = tmp_path / "s.toml"
    scenario.write_text(SCENARIO.format(file="org.graphml"))
    spec = load_scenario(scenario)
    assert spec.organisation.size == 6
    assert {p.id: p.manager_id for p in spec.organisation.people}["s2"] == "s1"
    assert run_one(spec).summary["inquiries"] > 0


def test_shipped_example_imports():
    spec = load_scenario(REPOSITORY / "scenarios" / "imported.toml")
    assert 25 <= spec.organisation.size <= 40


BAD = [
    (
        "cycle",
        [*GOOD_ROWS[:4], "s2,Sue,sales,s3,,pricing,,", "s3,Sid,sales,s2,,,,"],
        HEADER,
        r"manager_id forms a cycle",
    ),
    (
        "unknown manager",
        [*GOOD_ROWS[:5], "s3,Sid,sales,nobody,,,,"],
        HEADER,
        r"manager_id 'nobody' is not the id",
    ),
    (
        "missing column",
        [r.rsplit(",", 5)[0] for r in GOOD_ROWS],
        "id,name,manager_id\n",
        r"missing column\(s\) department",
    ),
    ("duplicate id", [*GOOD_ROWS, "s3,Again,sales,s1,,,,"], HEADER, r"id 's3' appears more than once"),
    ("two tops", [*GOOD_ROWS, "x1,Other,board,,,,,"], HEADER, r"manager_id is empty for 2 people"),
    ("bad hours", [*GOOD_ROWS[:5], "s3,Sid,sales,s1,,,,late"], HEADER, r"hours 'late'"),
    ("unknown region", [*GOOD_ROWS[:5], "s3,Sid,sales,s1,,,mars,"], HEADER, r"region 'mars'"),
]


@pytest.mark.parametrize(("rows", "header", "match"), [b[1:] for b in BAD], ids=[b[0] for b in BAD])
def test_bad_files_name_the_field(rows, header, match, tmp_path, cli):
    scenario = write(tmp_path, rows, header)
    with pytest.raises(ScenarioError, match=r"^organisation\.import: .*" + match) as caught:
        load_scenario(scenario)
    assert caught.value.field == "organisation.import"
    code, out, err = cli(["validate", scenario])
    assert code == 2 and out == ""
    assert err.startswith("error: organisation.import:") and err.strip().count("\n") == 0


def test_topic_nobody_in_the_file_answers(tmp_path, cli):
    scenario = write(tmp_path, GOOD_ROWS, topics="{ campaign = 1, weather = 1 }")
    with pytest.raises(ScenarioError, match=r"^inquiries\.topics: nobody .* answers topic 'weather'"):
        load_scenario(scenario)
    code, _, err = cli(["run", scenario])
    assert code == 2 and "inquiries.topics" in err


def test_missing_file_and_both_kinds(tmp_path):
    scenario = tmp_path / "s.toml"
    scenario.write_text(SCENARIO.format(file="absent.csv"))
    with pytest.raises(ScenarioError, match=r"^organisation\.import: .*absent.csv: no such file"):
        load_scenario(scenario)
    write(tmp_path, GOOD_ROWS)
    scenario.write_text(scenario.read_text().replace("absent.csv", "org.csv") + "")
    text = scenario.read_text().replace(
        "[organisation]\n",
        '[organisation]\ndepartments = [{ name = "x", size = 2, topics = ["campaign"] }]\n',
    )
    scenario.write_text(text)
    with pytest.raises(ScenarioError, match=r"^organisation\.departments: give either departments"):
        load_scenario(scenario)
