"""Reading an inquiry export (one row per inbound message) as a stream, row by row.

Social inboxes and help desks export roughly the same shape: a timestamp per
message, often its channel and topic, and — where someone answered — the time of
the first response, who gave it and their department. The columns are named
differently by every tool, so a mapping (``field -> column``) renames them; a
field left out of the mapping is looked for under its own name.

The file is never loaded whole: :func:`read_export` yields one :class:`ExportRow` at
a time and keeps only the rows of the current timestamp (to catch duplicates), so a
million rows need no more memory than ten. Everything a real export gets wrong is a
:class:`ScenarioError` of one line naming the row, the column and the fix: an
unknown time format, a timestamp without a time zone, rows out of order, repeated
rows (by ``id``, or all cells when there is no id but a response), a gap of :data:`MAX_GAP_DAYS` days or more (an export cut short, or two
exports pasted together), a response before its message.
"""

from __future__ import annotations

import csv
import os
import stat
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import NamedTuple
from zoneinfo import ZoneInfo

from simulation.core.errors import ScenarioError

FIELDS = ("received_at", "id", "channel", "topic", "responded_at", "responder", "responder_department")
REQUIRED = ("received_at",)
MAX_GAP_DAYS = 28
_TAIL_BYTES = 64 * 1024  # far more than one row
_EXAMPLE_TIME = "2026-03-02T09:14:00+01:00"


@dataclass(frozen=True)
class ExportFormat:
    """How to read one export: which column holds which field, and how times are written.

    Attributes:
        columns: field (one of :data:`FIELDS`) -> column name in the file's header.
        time_format: ``None`` for ISO 8601 (``2026-03-02T09:14:00+01:00``, ``…Z``), else a
            :func:`datetime.strptime` pattern such as ``"%d.%m.%Y %H:%M %z"``.
        naive_time_zone: the IANA zone (``"Europe/Berlin"``) of timestamps written without
            an offset; ``None`` makes such a timestamp an error, since guessing shifts every
            profile by hours.

    """

    columns: Mapping[str, str] = field(default_factory=dict)
    time_format: str | None = None
    naive_time_zone: str | None = None


class ExportRow(NamedTuple):
    """One inbound message; times are time-zone aware, optional fields ``""`` or ``None``."""

    line: int
    received: datetime
    channel: str
    topic: str
    responded: datetime | None
    responder: str
    department: str


def read_export(
    path: str | Path, export: ExportFormat, where: str = "inquiries.import"
) -> Iterator[ExportRow]:
    """The rows of the export at ``path``, in file order, checked one by one.

    Args:
        path: the CSV file (comma-separated, header row, UTF-8).
        export: column mapping and time format.
        where: the field or option that named the file, for error messages.

    Raises:
        ScenarioError: ``where``, naming the file, the row and the fix.

    """
    path = Path(path)
    for name in export.columns:
        if name not in FIELDS:
            raise ScenarioError(
                f"{where}.columns", f"unknown field {name!r}; fields that can be mapped: {', '.join(FIELDS)}"
            )
    naive_zone = zone(export.naive_time_zone, f"{where}.naive_time_zone")
    handle = _open(path, where)
    with handle:
        reader = csv.reader(handle)
        try:
            header = [name.strip() for name in next(reader, [])]
            positions = _positions(header, export, path, where)
            previous: datetime | None = None
            previous_line = 0
            same_time: set[tuple[str, ...]] = set()
            count = 0
            for cells in reader:
                line = reader.line_num
                if not any(cell.strip() for cell in cells):
                    continue
                values = {
                    name: cells[index].strip() if index < len(cells) else ""
                    for name, index in positions.items()
                }
                place = f"{path.name} row {line}"
                received = _time(values["received_at"], "received_at", export, naive_zone, place, where)
                if previous is not None and received < previous:
                    raise ScenarioError(
                        where,
                        f"{place}: received_at {values['received_at']} is earlier than row {previous_line}'s; "
                        "sort the export by received_at (oldest first)",
                    )
                if previous is not None and received - previous >= timedelta(days=MAX_GAP_DAYS):
                    raise ScenarioError(
                        where,
                        f"{place}: no message for {(received - previous).days} days before this row "
                        f"(since row {previous_line}); the export has a hole: export the whole period, "
                        "or fit each stretch on its own",
                    )
                if received != previous:
                    same_time.clear()
                key = _duplicate_key(values, cells)
                if key is not None and key in same_time:
                    shown = (
                        f"id {values['id']!r}" if values.get("id") else "the same cells, response included"
                    )
                    raise ScenarioError(
                        where,
                        f"{place}: repeats an earlier row ({shown} at the same received_at); "
                        "remove duplicate rows from the export",
                    )
                if key is not None:
                    same_time.add(key)
                responded = None
                if values.get("responded_at"):
                    responded = _time(
                        values["responded_at"], "responded_at", export, naive_zone, place, where
                    )
                    if responded < received:
                        raise ScenarioError(
                            where,
                            f"{place}: responded_at {values['responded_at']} is before received_at; "
                            "check the mapping of the two columns",
                        )
                previous, previous_line = received, line
                count += 1
                yield ExportRow(
                    line,
                    received,
                    values.get("channel", ""),
                    values.get("topic", ""),
                    responded,
                    values.get("responder", ""),
                    values.get("responder_department", ""),
                )
        except csv.Error as error:
            raise ScenarioError(where, f"{path.name}: cannot be read as CSV ({error})") from None
        except UnicodeDecodeError:
            raise ScenarioError(
                where, f"{path.name} near row {reader.line_num + 1}: not UTF-8; save the export as UTF-8"
            ) from None
    if count == 0:
        raise ScenarioError(where, f"{path.name}: has a header but no messages")


def last_received(path: str | Path, export: ExportFormat, where: str = "inquiries.import") -> datetime:
    """The time of the export's last message, read from the end of the file (no pass over it).

    Only the last row is parsed; :func:`read_export` checks every row when it streams them.
    """
    path = Path(path)
    naive_zone = zone(export.naive_time_zone, f"{where}.naive_time_zone")
    with _open(path, where) as handle:
        header = next(csv.reader([handle.readline()]), [])
        positions = _positions([name.strip() for name in header], export, path, where)
        handle.seek(0, os.SEEK_END)
        size = handle.tell()
        handle.seek(max(0, size - _TAIL_BYTES))
        tail = handle.buffer.read().decode("utf-8", errors="replace") if size > _TAIL_BYTES else handle.read()
    lines = [line for line in tail.splitlines() if line.strip()]
    cells = next(csv.reader(lines[-1:]), []) if len(lines) > 1 or size <= _TAIL_BYTES else []
    index = positions["received_at"]
    if index >= len(cells):
        raise ScenarioError(where, f"{path.name}: the last row has no received_at; the export is cut short")
    return _time(cells[index].strip(), "received_at", export, naive_zone, f"{path.name} last row", where)


def _duplicate_key(values: dict[str, str], cells: list[str]) -> tuple[str, ...] | None:
    """What makes a row a repeat of another at the same time: its id, else all cells with a response.

    Without an id, two messages in the same second on the same channel and topic are
    common in a busy inbox; with the first response to the second as well, they are not.
    """
    if values.get("id"):
        return (values["id"],)
    return tuple(cells) if values.get("responded_at") else None


def _open(path: Path, where: str):
    """The file opened for streaming text; a missing file, a directory or a pipe is an error."""
    hint = "give the path of a .csv export"
    try:
        status = os.stat(path)
    except FileNotFoundError:
        raise ScenarioError(where, f"{path}: no such file; {hint}") from None
    except OSError as error:
        raise ScenarioError(where, f"{path}: cannot be read ({error.strerror or error}); {hint}") from None
    if not stat.S_ISREG(status.st_mode):
        raise ScenarioError(where, f"{path}: is not a regular file (a directory, pipe or device); {hint}")
    try:
        return path.open(encoding="utf-8-sig", newline="")
    except OSError as error:
        raise ScenarioError(where, f"{path}: cannot be read ({error.strerror or error})") from None


def _positions(header: list[str], export: ExportFormat, path: Path, where: str) -> dict[str, int]:
    """Field -> column index, from the mapping or the field's own name (case-insensitive)."""
    lowered = {name.lower(): index for index, name in enumerate(header)}
    positions: dict[str, int] = {}
    for name in FIELDS:
        column = export.columns.get(name, name)
        index = lowered.get(column.lower())
        if index is not None:
            positions[name] = index
        elif name in export.columns or name in REQUIRED:
            separator = next((s for s in (";", "\t", "|") if len(header) == 1 and s in header[0]), None)
            hint = (
                f" (the header is separated by {separator!r}; save the file with commas)"
                if separator
                else f'; map it with {where}.columns.{name} = "<column>" (columns here: {", ".join(header[:12])})'
            )
            raise ScenarioError(where, f"{path.name}: no column {column!r} for {name}{hint}")
    return positions


def zone(name: str | None, where: str) -> ZoneInfo | None:
    """The IANA time zone ``name`` (``None`` stays ``None``); an unknown name is an error of ``where``."""
    if name is None:
        return None
    try:
        return ZoneInfo(name)
    except (ValueError, KeyError, OSError):  # ZoneInfoNotFoundError is a KeyError
        raise ScenarioError(
            where, f"unknown time zone {name!r}; give an IANA name such as Europe/Berlin"
        ) from None


def _time(
    text: str, column: str, export: ExportFormat, naive_zone: ZoneInfo | None, place: str, where: str
) -> datetime:
    """A timestamp of the export as an aware datetime."""
    if not text:
        raise ScenarioError(where, f"{place}: {column} is empty; every message needs its time")
    try:
        value = (
            datetime.strptime(text, export.time_format)
            if export.time_format
            else datetime.fromisoformat(text)
        )
    except ValueError:
        expected = (
            f"the pattern {export.time_format!r}" if export.time_format else f"ISO 8601 ({_EXAMPLE_TIME})"
        )
        raise ScenarioError(
            where,
            f"{place}: {column} {text[:40]!r} is not a time in {expected}; "
            f'set {where}.time_format to the export\'s pattern (e.g. "%d.%m.%Y %H:%M %z")',
        ) from None
    if value.tzinfo is None:
        if naive_zone is None:
            raise ScenarioError(
                where,
                f"{place}: {column} {text!r} has no time zone; export with UTC offsets "
                f'({_EXAMPLE_TIME}) or set {where}.naive_time_zone = "Europe/Berlin" (the export\'s zone)',
            )
        value = value.replace(tzinfo=naive_zone)
    return value
