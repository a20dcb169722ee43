"""An export's arrivals on the simulation clock, and runs that replay them.

The clock is the organisation's wall clock (``inquiries.import.time_zone``) in minutes
from the Monday 00:00 before the first message, so shifts (local hours) and the
export's local hours line up, across a change to or from summer time too.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np

from simulation.calibration.export import ExportFormat, ExportRow, last_received, read_export
from simulation.core.errors import ScenarioError
from simulation.core.seeding import replicate_seed
from simulation.core.shifts import MINUTES_PER_DAY
from simulation.engine.metrics import inquiry_table, summarise
from simulation.engine.model import OrgModel
from simulation.engine.replay import ReplayStream
from simulation.scenario.types import InquiryExport, Scenario

FIELD = "inquiries.import"


@dataclass(frozen=True)
class Source:
    """Where an export is and how to read it, with the clock it is replayed on."""

    path: Path
    export: ExportFormat
    zone: ZoneInfo

    @classmethod
    def of(cls, spec: InquiryExport, base: Path) -> Source:
        """From the scenario's ``inquiries.import``; ``file`` is relative to ``base`` (the scenario's folder)."""
        export = ExportFormat(dict(spec.columns), spec.time_format, spec.naive_time_zone)
        return cls(base / spec.file, export, ZoneInfo(spec.time_zone))

    def rows(self) -> Iterator[ExportRow]:
        """The export's rows, streamed and checked."""
        return read_export(self.path, self.export, FIELD)

    def origin(self) -> datetime:
        """Monday 00:00 (wall clock) of the first message's week: clock minute 0."""
        first = next(iter(self.rows())).received.astimezone(self.zone).replace(tzinfo=None)
        return datetime(first.year, first.month, first.day) - timedelta(days=first.weekday())

    def minute(self, time: datetime, origin: datetime) -> float:
        """``time`` as a clock minute: wall-clock minutes after ``origin`` in the organisation's zone."""
        return (time.astimezone(self.zone).replace(tzinfo=None) - origin).total_seconds() / 60.0


def records(source: Source, scenario: Scenario, origin: datetime) -> Iterator[tuple[float, int, int]]:
    """``(minute, topic index, channel index)`` per message, for a :class:`ReplayStream`.

    Raises:
        ScenarioError: a message's topic or channel is not in the scenario.

    """
    topics = {name: index for index, name in enumerate(scenario.inquiries.topics)}
    channels = {name: index for index, name in enumerate(scenario.inquiries.channels)}
    for row in source.rows():
        yield (
            source.minute(row.received, origin),
            _index(topics, row.topic, "topic", "inquiries.topics", row, source),
            _index(channels, row.channel, "channel", "inquiries.channels", row, source),
        )


def _index(known: dict[str, int], value: str, what: str, field: str, row: ExportRow, source: Source) -> int:
    if not value:
        return -1
    index = known.get(value)
    if index is None:
        raise ScenarioError(
            field,
            f"{source.path.name} row {row.line}: {what} {value!r} is not in {field} "
            f"({', '.join(known)}); add it there, or fit the scenario again",
        )
    return index


def replay_scenario(scenario: Scenario, source: Source, origin: datetime) -> Scenario:
    """``scenario`` running exactly as long as the export (from ``origin``), with its drain."""
    last = last_received(source.path, source.export, FIELD)
    days = max(1.0, math.ceil(source.minute(last, origin) / MINUTES_PER_DAY + 1e-9))
    meta = scenario.scenario.model_copy(update={"duration_days": float(days)})
    return scenario.model_copy(update={"scenario": meta})


def replay_run(
    scenario: Scenario,
    records_of: Callable[[], Iterator[tuple[float, int, int]]],
    replicate: int,
) -> tuple[dict[str, object], dict[str, np.ndarray], OrgModel]:
    """One run of ``scenario`` on the recorded arrivals: its summary, per-inquiry table and model.

    The replicate's seed spawns the model's own streams first, then the replay's, so the
    organisation and the behaviour are those of the same replicate without a replay.
    """
    root = replicate_seed(scenario.scenario.seed, replicate)
    model = OrgModel(scenario, root)
    model.replace_arrivals(ReplayStream(scenario, records_of(), np.random.default_rng(root.spawn(1)[0])))
    model.run()
    return summarise(model, replicate=replicate), inquiry_table(model), model
