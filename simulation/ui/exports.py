"""The CSV downloads: readable in a spreadsheet without the code book.

Codes become names (model, topic, channel, region, outcome, person's department), clock
minutes become ISO 8601 times and minutes are rounded to one decimal. The model clock has no
calendar date; minute 0 (Monday 00:00 of week 1) is written as ``REFERENCE_MONDAY``, a Monday,
so weekdays in the export are the simulation's.
"""

from __future__ import annotations

import csv
import io
import math
from datetime import datetime, timedelta

from simulation.engine.inquiries import Outcome
from simulation.engine.metrics import SUMMARY_KEYS, inquiry_table, summarise
from simulation.ui.lessons import friendly_name
from simulation.ui.state import Simulation, clock_text

REFERENCE_MONDAY = datetime(2024, 1, 1)  # a Monday: minute 0 of the model clock
OUTCOMES = {
    Outcome.OPEN: "open",
    Outcome.PUBLISHED: "published",
    Outcome.DROPPED_AT_BOUNDARY: "dropped at a department boundary",
    Outcome.NO_ROUTE: "no route to an expert",
    Outcome.UNMONITORED: "channel not monitored",
}
MINUTE_COLUMNS = ("queue_minutes", "transit_minutes", "approval_minutes", "work_minutes")


def iso_time(minutes: float) -> str:
    """Clock minutes as an ISO 8601 time (``2024-01-03T14:05:00``); empty for none (NaN)."""
    if math.isnan(minutes) or math.isinf(minutes):
        return ""
    return (REFERENCE_MONDAY + timedelta(minutes=round(minutes, 3))).isoformat(timespec="seconds")


def rounded(value: object) -> object:
    """Floats to one decimal (minutes, hours) or three (shares), everything else as it is."""
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        return round(value, 3) if abs(value) < 1 else round(value, 1)
    return value


def summary_csv(simulation: Simulation) -> str:
    """One row per model: its friendly name and the run summary (`SUMMARY_KEYS`) at the current clock."""
    with simulation.lock:
        rows = [summarise(model) for model in simulation.models]
        now = simulation.now
    handle = io.StringIO()
    writer = csv.writer(handle)
    writer.writerow(["model_name", "clock", "clock_time", *SUMMARY_KEYS])
    for row in rows:
        writer.writerow(
            [
                friendly_name(str(row["model"])),
                clock_text(now),
                iso_time(now),
                *(rounded(row[key]) for key in SUMMARY_KEYS),
            ]
        )
    return handle.getvalue()


def inquiries_csv(simulation: Simulation) -> str:
    """Every inquiry so far, one row each, under each model, with names and ISO times."""
    with simulation.lock:
        tables = [
            (name, inquiry_table(model), model)
            for name, model in zip(simulation.names, simulation.models, strict=True)
        ]
        departments = [[d.name for d in model.departments] for model in simulation.models]
        people = [[p.department for p in model.people] for model in simulation.models]
    scenario = simulation.scenarios[0]
    topics = list(scenario.inquiries.topics)
    channels = list(scenario.inquiries.channels)
    regions = list(scenario.inquiries.regions)
    handle = io.StringIO()
    writer = csv.writer(handle)
    writer.writerow(
        [
            "model",
            "id",
            "topic",
            "channel",
            "region",
            "standard",
            "arrival_time",
            "deadline_time",
            "finished_time",
            "response_minutes",
            "outcome",
            "noticed_by_department",
            "answered_by_department",
            "handoffs",
            "crossings",
            "middlemen",
            *MINUTE_COLUMNS,
        ]
    )
    for index, (name, table, _model) in enumerate(tables):

        def department_of(person: int, index: int = index) -> str:
            return departments[index][people[index][person]] if person >= 0 else ""

        for row in range(len(table["id"])):
            finished = float(table["finished_at"][row])
            arrival = float(table["arrival"][row])
            writer.writerow(
                [
                    friendly_name(name),
                    int(table["id"][row]),
                    topics[int(table["topic"][row])],
                    channels[int(table["channel"][row])],
                    regions[int(table["region"][row])],
                    bool(table["standard"][row]),
                    iso_time(arrival),
                    iso_time(float(table["deadline"][row])),
                    iso_time(finished),
                    "" if math.isnan(finished) else round(finished - arrival, 1),
                    OUTCOMES.get(Outcome(int(table["outcome"][row])), str(table["outcome"][row])),
                    department_of(int(table["noticer"][row])),
                    department_of(int(table["drafter"][row])),
                    int(table["handoffs"][row]),
                    int(table["crossings"][row]),
                    int(table["middlemen"][row]),
                    *(round(float(table[column][row]), 1) for column in MINUTE_COLUMNS),
                ]
            )
    return handle.getvalue()
