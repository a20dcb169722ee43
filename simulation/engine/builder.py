"""One construction pass: a scenario becomes a ready organisation inside an :class:`OrgModel`.

The order, top to bottom, is the order of the functions called by :func:`build`:

1. the org chart (imported people, or generated from a few numbers);
2. the ownership model's staffing (a central team, hubs, spokes, an expert team);
3. the Mesa agents: departments, then one employee per node on the network's cells,
   each with its rights and its department's shift pattern, less the start of each
   shift for those with weekly meetings (:mod:`simulation.engine.meetings`);
4. the shared channel inboxes, and the monitors who watch them;
5. adoption thresholds, and the queue of people who start monitoring once they adopt;
6. the arrival stream;
7. the routing tables and the workflow's lookups on them.
8. absences, if the scenario has any: people's spells away (:mod:`simulation.engine.absences`).

Each step reads only what the earlier ones produced. The model then owns the clock and the
event handlers; nothing here runs after the first event.
"""

from __future__ import annotations

import gc
from collections import deque

import numpy as np
from mesa import Model
from mesa.discrete_space import Cell, Network

from simulation.engine.absences import plan_absences
from simulation.engine.agents import Department, Employee
from simulation.engine.inboxes import channel_inboxes, person_rights, shift_patterns
from simulation.engine.inquiries import ArrivalStream
from simulation.engine.meetings import plan_meetings
from simulation.engine.routing import RoutingTables
from simulation.organisation.chart import OrgChart
from simulation.organisation.generator import build_organisation
from simulation.organisation.importers import build_imported
from simulation.organisation.staffing import apply_staffing
from simulation.scenario.types import Scenario


def build(model: Model, scenario: Scenario, organisation_seed, arrival_seed, adoption_seed) -> None:
    """Assemble the organisation of ``scenario`` on ``model`` (an ``OrgModel`` being initialised).

    The three seeds are the model's organisation, arrival and adoption streams; the steps
    run in the order of the module docstring.

    The build allocates a few objects per tie and keeps them as long as the model, so cyclic
    collection is paused during it (its passes would only re-examine them: a third of the
    chart's build time at 100,000 people), and what it made then joins the oldest generation
    directly instead of being examined once more by each younger one (0.2 s for the youngest
    and 0.25 s for the middle one at 100,000 people).
    """
    if not gc.isenabled():  # the caller manages the collector
        _build(model, scenario, organisation_seed, arrival_seed, adoption_seed)
        return
    gc.disable()
    try:
        _build(model, scenario, organisation_seed, arrival_seed, adoption_seed)
    finally:
        gc.freeze()  # every tracked object, the new ones too, leaves the generations ...
        gc.unfreeze()  # ... and returns to the oldest one
        gc.enable()


def _build(model: Model, scenario: Scenario, organisation_seed, arrival_seed, adoption_seed) -> None:
    chart = build_chart(scenario, np.random.default_rng(organisation_seed))
    apply_staffing(chart, model.parts, scenario.organisation)
    model.graph = chart.graph
    model.network = OrgNetwork(chart.graph, model.random)
    _add_agents(model, chart, scenario)
    _open_inboxes(model, scenario)
    _draw_adoption(model, np.random.default_rng(adoption_seed))
    model.stream = ArrivalStream(scenario, np.random.default_rng(arrival_seed))
    model.topic_names = model.stream.topics
    model.tables = RoutingTables(
        chart.graph,
        model.departments,
        model.topic_names,
        list(scenario.organisation.regions),
        answerers={p.index for p in model.people if p.answerer},
        strategies=model.parts.routing,
    )
    model._prepare_workflow()
    if scenario.absences.rate > 0 or scenario.absences.calendar:
        named = {
            data["person_id"]: node for node, data in chart.graph.nodes(data=True) if "person_id" in data
        }
        plan_absences(model, scenario.absences, named)


_CONNECTIONS = Cell.connections  # the slot a Mesa cell keeps its connections in


class ChartCell(Cell):
    """A Mesa cell that reads its connections from the org chart the first time they are used.

    The simulation routes over its own tables and never walks Mesa's network, so writing
    its 900,000 connections for 100,000 people up front would only cost time (0.2 s). A tie
    added to the graph itself (not through the network) before then is included.
    """

    __slots__ = ("_network",)  # the network to connect from, or None once connected

    @property
    def connections(self) -> dict:
        """Neighbouring cells by node, in the graph's order, as Mesa's ``Network`` connects them."""
        network = self._network
        if network is not None:
            self._network = None
            cells = network._cells
            _CONNECTIONS.__set__(self, {other: cells[other] for other in network.G.adj[self.coordinate]})
        return _CONNECTIONS.__get__(self, Cell)

    @connections.setter
    def connections(self, value: dict) -> None:
        self._network = None
        _CONNECTIONS.__set__(self, value)


class OrgNetwork(Network):
    """Mesa's network space over the org chart; its cells connect when first asked.

    Mesa connects cell by cell and clears every cell's neighbourhood cache once per tie
    (900,000 times for 100,000 people); here each cell reads its ties from the graph the
    first time its connections are used, the same neighbours in the same order.
    """

    def __init__(self, graph, random):
        """``Network(graph, random=random, cell_klass=ChartCell, layout=None)``, its cells written directly.

        Mesa makes each cell through ``Cell.__init__`` in a loop that also looks for its
        position (1 us a cell); here the same fields are set without either.
        """
        super(Network, self).__init__(capacity=None, random=random, cell_klass=ChartCell)
        self.G = graph
        self._kdtree_cells = []
        cells, new = self._cells, ChartCell.__new__
        for node in graph:
            cell = new(ChartCell)
            cell.coordinate = node
            cell._position = None
            cell._network = self  # connected when first asked
            cell._agents = []
            cell.capacity = None
            cell.properties = {}
            cell.random = random
            cells[node] = cell
        self._kdtree = None
        if cells:
            cell._clear_cache()  # Mesa's neighbourhood cache is shared by all cells: cleared as connecting does


def build_chart(scenario: Scenario, rng: np.random.Generator) -> OrgChart:
    """The org chart: imported from ``organisation.people`` if given, else generated."""
    spec = scenario.organisation
    return build_imported(spec, rng) if spec.people else build_organisation(spec, rng)


def _add_agents(model: Model, chart: OrgChart, scenario: Scenario) -> None:
    """Departments, then employees on the network's cells with their rights, meetings and shifts."""
    rights = person_rights(chart, model.parts)
    patterns = shift_patterns(chart, scenario)
    topic_index = {name: i for i, name in enumerate(scenario.inquiries.topics)}
    model.departments = [
        Department(model, i, d.name, d.kind, d.region, d.head, d.members, d.topics)
        for i, d in enumerate(chart.departments)
    ]
    model.department_topics = [
        frozenset(topic_index[t] for t in d.topics if t in topic_index) for d in chart.departments
    ]
    regions = [d.region for d in chart.departments]
    always = [pattern.always for pattern in patterns]
    nodes = chart.graph.nodes(data=True)
    rows = [
        (
            node,
            department := data["department"],
            data["role"],
            regions[department],
            patterns[department],
            always[department],
            data["expert"],
            model.department_topics[department] if data["expert"] else frozenset(),
        )
        for node, data in nodes
    ]
    model.people = people = Employee.many(model, list(model.network), rows)
    for person, (_, data) in zip(people, nodes, strict=True):
        person.team, person.spoke, person.expert_team = data["team"], data["spoke"], data["expert_team"]
    for right, holders in rights.items():  # everyone starts without them
        if right != "coordinator":
            for node in holders:
                setattr(people[node], right, True)
    plan_meetings(people, rights["coordinator"], model.parts.coordination.hours_per_week, scenario.barriers)


def _open_inboxes(model: Model, scenario: Scenario) -> None:
    """The shared inboxes; every monitor joins the watcher groups in its scope, everyone starts idle."""
    model.board = channel_inboxes(scenario, model.parts, [d.name for d in model.departments])
    model.inboxes, model.inbox_index, model.groups = (
        model.board.inboxes,
        model.board.index,
        model.board.groups,
    )
    people = model.people
    start = 0
    while start < len(people):
        end = start + 1
        if people[start].monitor:  # a run of monitors of one department and shift: one scope and shift
            department, pattern = people[start].department, people[start].pattern
            while (
                end < len(people)
                and people[end].monitor
                and people[end].department == department
                and people[end].pattern is pattern
            ):
                end += 1
            model.watch(people[start:end])
        start = end
    for person in people:  # in order, as when each was marked right after joining
        if person.groups:
            model.mark_idle(person)


def _draw_adoption(model: Model, rng: np.random.Generator) -> None:
    """Each person's adoption threshold; those who will monitor once adopted, in order of adoption."""
    thresholds = rng.random(len(model.people)).tolist()
    for person, threshold in zip(model.people, thresholds, strict=True):
        person.adoption_threshold = threshold
    recruits = [p for p in model.people if not p.monitor] if model.parts.adoption.adopters_monitor else []
    model.future_monitors = deque(sorted(recruits, key=lambda p: p.adoption_threshold))
