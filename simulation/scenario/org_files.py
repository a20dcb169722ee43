"""Reading a real organisation (CSV or GraphML) into plain person records for the scenario.

Called by :mod:`simulation.scenario.loading` for ``[organisation] import = "FILE"``; the engine never
reads files. Each person becomes a mapping with the fields of
:class:`simulation.scenario.types.PersonRecord`; checks that need the whole organisation (unique
ids, known managers, one top person, no cycles) are made when the scenario is validated.

CSV columns (header row, any order; other columns are ignored):
``id``, ``name``, ``department``, ``manager_id`` (empty for the top person) are required;
``role``, ``topics`` (separated by ``;``), ``region`` and ``hours`` (``8-17``, ``8.5-17``,
``8:30-17`` or ``8-17 mon-sat``) are optional. GraphML: one node per person with the same
attributes (the node id is ``id``); without ``manager_id`` attributes, the graph must be
directed with one edge between each person and their manager: from the person to the
manager, or from the manager to the report (told apart by which side has several edges; a
graph where nobody has two reports is read as person to manager).

HR systems name the columns their own way (``employee_id``, ``manager``, ``org_unit``):
``organisation.columns`` maps field -> column (or GraphML attribute), applied to the header
before anything else is read.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from simulation.core.errors import ScenarioError
from simulation.scenario.files import MEGABYTE, read_input
from simulation.scenario.types import MAX_EMPLOYEES

FIELD = "organisation.import"
MAX_CSV_BYTES = 64 * MEGABYTE  # 200,000 people at about 300 bytes a row
MAX_GRAPHML_BYTES = 256 * MEGABYTE  # GraphML spends about four times as many bytes per person
HINT = "give a .csv or .graphml path relative to the scenario"

if TYPE_CHECKING:
    import networkx as nx
REQUIRED = ("id", "name", "department", "manager_id")
OPTIONAL = ("role", "topics", "region", "hours")
_HOURS = re.compile(r"^\s*(\d{1,2}(?:[.:]\d+)?)\s*-\s*(\d{1,2}(?:[.:]\d+)?)\s*(?:\s([a-z, \-]+))?\s*$", re.I)


def read_people(path: str | Path, columns: Mapping[str, str] | None = None) -> list[dict[str, Any]]:
    """The people of a ``.csv`` or ``.graphml`` file as person-record mappings.

    ``columns`` maps a field (``id``, ``manager_id`` …) to the file's own column name.

    Raises:
        ScenarioError: field ``organisation.import``, naming the file, the row or person
            and the column at fault.

    """
    path = Path(path)
    suffix = path.suffix.lower()
    renames = _renames(columns or {})
    if suffix == ".csv":
        return _read_csv(path, renames)
    if suffix in (".graphml", ".xml"):
        return _read_graphml(path, renames)
    if not path.exists():
        raise ScenarioError(FIELD, f"{path}: no such file; {HINT}")
    raise ScenarioError(FIELD, f"{path.name}: unknown file type {suffix!r}; use .csv or .graphml")


def _renames(columns: Mapping[str, str]) -> dict[str, str]:
    """The file's column name (lower case) -> the field it holds, from ``organisation.columns``."""
    if not isinstance(columns, Mapping) or not all(isinstance(c, str) for c in columns.values()):
        raise ScenarioError("organisation.columns", 'must be a table of field = "column name"')
    for field in columns:
        if field not in REQUIRED + OPTIONAL:
            raise ScenarioError(
                "organisation.columns",
                f"unknown field {field!r}; fields that can be mapped: {', '.join(REQUIRED + OPTIONAL)}",
            )
    return {str(column).strip().lower(): field for field, column in columns.items()}


def _read_csv(path: Path, renames: dict[str, str]) -> list[dict[str, Any]]:
    text = read_input(path, FIELD, MAX_CSV_BYTES, HINT)
    assert isinstance(text, str)
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [name.strip().lower() for name in next(reader, [])]
        header = [renames.get(name, name) for name in header]
        missing = [c for c in REQUIRED if c not in header]
        if missing:
            raise ScenarioError(
                FIELD,
                f"{path.name}: missing column(s) {', '.join(missing)}; "
                f"required: {', '.join(REQUIRED)}{_separator_hint(header)}; "
                f'an HR export with other names: organisation.columns = {{ {missing[0]} = "<its column>" }}',
            )
        rows = []
        numbers: list[int] = []
        for number, cells in enumerate(reader, start=2):  # row 1 is the header, as a spreadsheet counts
            if not any(cell.strip() for cell in cells):
                continue
            if len(rows) == MAX_EMPLOYEES:
                raise ScenarioError(
                    FIELD, f"{path.name}: more than {MAX_EMPLOYEES:,} people; at most {MAX_EMPLOYEES:,} fit"
                )
            values = {name: cell.strip() for name, cell in zip(header, cells, strict=False)}
            rows.append(_person(values, f"row {number} of {path.name}"))
            numbers.append(number)
    except csv.Error as error:
        raise ScenarioError(FIELD, f"{path.name}: cannot be read as CSV ({error})") from None
    if not rows:
        raise ScenarioError(FIELD, f"{path.name}: has a header but no people")
    _check_references(rows, numbers, path.name)
    return rows


def _check_references(rows: list[dict[str, Any]], numbers: list[int], name: str) -> None:
    """Unique ids and known managers, named by row as a spreadsheet shows them (the scenario checks the rest)."""
    row_of: dict[str, int] = {}
    for person, number in zip(rows, numbers, strict=True):
        if person["id"] in row_of:
            raise ScenarioError(
                FIELD,
                f"row {number} of {name}: id {person['id']!r} appears more than once (also row "
                f"{row_of[person['id']]}); ids must be unique",
            )
        row_of[person["id"]] = number
    for person, number in zip(rows, numbers, strict=True):
        manager = person["manager_id"]
        if manager is not None and manager not in row_of:
            raise ScenarioError(
                FIELD, f"row {number} of {name}: manager_id {manager!r} is not the id of anyone in the file"
            )


def _separator_hint(header: list[str]) -> str:
    """A hint when the header is one column that another separator would split."""
    if len(header) != 1:
        return ""
    for separator, name in ((";", "semicolons"), ("\t", "tabs"), ("|", "bars")):
        if separator in header[0]:
            return f" (the header is separated by {name}; save the file with commas as separators)"
    return ""


def _read_graphml(path: Path, renames: dict[str, str]) -> list[dict[str, Any]]:
    import networkx as nx  # loads only for GraphML: `validate` of a CSV or generated organisation skips it

    data = read_input(path, FIELD, MAX_GRAPHML_BYTES, HINT, text=False)
    try:
        graph = nx.parse_graphml(data)
    except Exception as error:  # networkx raises several kinds for malformed XML
        raise ScenarioError(FIELD, f"{path.name}: not valid GraphML ({error})") from None
    if graph.number_of_nodes() > MAX_EMPLOYEES:
        raise ScenarioError(
            FIELD, f"{path.name}: more than {MAX_EMPLOYEES:,} people; at most {MAX_EMPLOYEES:,} fit"
        )
    if graph.number_of_nodes() == 0:
        raise ScenarioError(FIELD, f"{path.name}: has no nodes")
    has_manager_attribute = any(
        "manager_id" in {renames.get(str(k).lower(), str(k).lower()) for k in data}
        for _, data in graph.nodes(data=True)
    )
    if not has_manager_attribute and not graph.is_directed():
        raise ScenarioError(
            FIELD,
            f"{path.name}: missing attribute manager_id; give it on every node, or make the graph "
            "directed with one edge from each person to their manager",
        )
    downwards = not has_manager_attribute and _edges_run_downwards(graph, path)
    rows = []
    for node, data in graph.nodes(data=True):
        values = {renames.get(str(k).lower(), str(k).lower()): str(v).strip() for k, v in data.items()}
        values["id"] = str(node)
        values.setdefault("name", "")
        if "department" not in values:
            raise ScenarioError(FIELD, f"node {node!r} of {path.name}: missing attribute department")
        if not has_manager_attribute:
            edges = graph.in_edges(node) if downwards else graph.out_edges(node)
            managers = [str(other) for pair in edges for other in pair if other != node]
            if len(managers) > 1:
                raise ScenarioError(
                    FIELD,
                    f"node {node!r} of {path.name}: manager_id: {len(managers)} outgoing edges; "
                    "a person has at most one manager",
                )
            values["manager_id"] = managers[0] if managers else ""
        rows.append(_person(values, f"node {node!r} of {path.name}"))
    return rows


def _edges_run_downwards(graph: nx.DiGraph, path: Path) -> bool:
    """Whether edges run from manager to report: someone has several outgoing edges, nobody several incoming.

    Raises:
        ScenarioError: several edges both ways, so neither reading gives one manager each.

    """
    several_out = next((n for n in graph if graph.out_degree(n) > 1), None)
    if several_out is None:
        return False
    several_in = next((n for n in graph if graph.in_degree(n) > 1), None)
    if several_in is None:
        return True
    raise ScenarioError(
        FIELD,
        f"{path.name}: manager_id: node {several_out!r} has {graph.out_degree(several_out)} outgoing edges and "
        f"node {several_in!r} {graph.in_degree(several_in)} incoming; edges must run either from each person "
        "to their manager or from each manager to their reports, one manager per person",
    )


def _person(values: dict[str, str], where: str) -> dict[str, Any]:
    for column in ("id", "department"):
        if not values.get(column):
            raise ScenarioError(FIELD, f"{where}: {column} is empty")
    person: dict[str, Any] = {
        "id": values["id"],
        "name": values.get("name", ""),
        "department": values["department"],
        "manager_id": values.get("manager_id") or None,
        "role": values.get("role") or None,
        "topics": tuple(t.strip() for t in values.get("topics", "").split(";") if t.strip()),
        "region": values.get("region") or None,
    }
    if values.get("hours"):
        person["working_hours"] = _hours(values["hours"], where)
    return person


def _hours(text: str, where: str) -> dict[str, Any]:
    match = _HOURS.match(text)
    if not match:
        raise ScenarioError(FIELD, f"{where}: hours {text!r} must look like 8-17, 8:30-17 or 8-17 mon-sat")
    start, end, days = match.groups()
    hours: dict[str, Any] = {"start": _hour(start), "end": _hour(end)}
    if days:
        hours["days"] = days.strip()
    return hours


def _hour(text: str) -> float:
    if ":" in text:
        hours, minutes = text.split(":")
        return int(hours) + int(minutes) / 60.0
    return float(text)
