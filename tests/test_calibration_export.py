"""Reading inquiry exports: column mapping, time zones, and every way a real export goes wrong."""

from __future__ import annotations

import tracemalloc
from datetime import UTC, datetime, timedelta

import pytest

from simulation.calibration.export import ExportFormat, read_export
from simulation.calibration.fitting import fit_arrivals
from simulation.calibration.replay import Source
from simulation.core.errors import ScenarioError

HEADER = "Message ID,Created,Network,Tag,First Response\n"
MAPPING = ExportFormat(
    {
        "id": "Message ID",
        "received_at": "Created",
        "channel": "Network",
        "topic": "Tag",
        "responded_at": "First Response",
    }
)


def write(tmp_path, body: str, header: str = HEADER):
    path = tmp_path / "export.csv"
    path.write_text(header + body, encoding="utf-8")
    return path


def rows(path, export=MAPPING):
    return list(read_export(path, export))


def test_mapped_columns_and_offsets_give_aware_times(tmp_path):
    path = write(
        tmp_path,
        "a,2026-03-02T09:00:00+01:00,facebook,support,2026-03-02T10:30:00+01:00\n"
        "b,2026-03-02T08:30:00Z,twitter,legal,\n",
    )
    first, second = rows(path)
    assert first.received == datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
    assert (first.responded - first.received) == timedelta(minutes=90)
    assert (second.channel, second.topic, second.responded) == ("twitter", "legal", None)


def test_a_naive_time_is_refused_unless_its_zone_is_given(tmp_path):
    path = write(tmp_path, "a,2026-03-02 09:00,facebook,support,\n")
    with pytest.raises(ScenarioError, match=r"row 2: received_at .* has no time zone.*naive_time_zone"):
        rows(path)
    zoned = ExportFormat(MAPPING.columns, naive_time_zone="Europe/Berlin")
    assert rows(path, zoned)[0].received.utcoffset() == timedelta(hours=1)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            "a,02/03/2026 09:00,facebook,support,\n",
            r"row 2: received_at '02/03/2026 09:00' is not a time in ISO 8601.*time_format",
        ),
        (
            "a,2026-03-02T09:00:00+01:00,f,s,\nb,2026-03-02T08:00:00+01:00,f,s,\n",
            r"row 3: .* earlier than row 2's; sort the export",
        ),
        (
            "a,2026-03-02T09:00:00+01:00,f,s,\na,2026-03-02T09:00:00+01:00,f,s,\n",
            r"row 3: repeats an earlier row \(id 'a'",
        ),
        (
            "a,2026-01-02T09:00:00+01:00,f,s,\nb,2026-02-10T09:00:00+01:00,f,s,\n",
            r"row 3: no message for 39 days .* the export has a hole",
        ),
        (
            "a,2026-03-02T09:00:00+01:00,f,s,2026-03-01T09:00:00+01:00\n",
            r"responded_at .* is before received_at",
        ),
        ("a,,f,s,\n", r"row 2: received_at is empty"),
        ("", r"has a header but no messages"),
    ],
)
def test_bad_exports_are_one_line_errors_naming_the_row(tmp_path, body, message):
    with pytest.raises(ScenarioError, match=message) as caught:
        rows(write(tmp_path, body))
    assert caught.value.field == "inquiries.import"
    assert "\n" not in str(caught.value)


def test_a_missing_column_names_the_mapping_fix(tmp_path):
    path = write(tmp_path, "x,y\n", header="When,What\n")
    with pytest.raises(
        ScenarioError, match=r"no column 'Created' for received_at.*columns.received_at.*When, What"
    ):
        rows(path)


def test_a_semicolon_export_is_told_to_use_commas(tmp_path):
    path = write(tmp_path, "a;2026-03-02T09:00:00+01:00\n", header="id;received_at\n")
    with pytest.raises(ScenarioError, match="separated by ';'"):
        rows(path, ExportFormat())


def test_unknown_fields_and_zones_and_folders_are_refused(tmp_path):
    path = write(tmp_path, "a,2026-03-02T09:00:00+01:00,f,s,\n")
    with pytest.raises(ScenarioError, match="unknown field 'when'"):
        rows(path, ExportFormat({"when": "Created"}))
    with pytest.raises(ScenarioError, match="unknown time zone 'Mars/Olympus'"):
        rows(path, ExportFormat(MAPPING.columns, naive_time_zone="Mars/Olympus"))
    with pytest.raises(ScenarioError, match="not a regular file"):
        rows(tmp_path)


def test_a_custom_time_format(tmp_path):
    path = write(tmp_path, "a,02.03.2026 09:00 +0100,f,s,\n")
    export = ExportFormat(MAPPING.columns, time_format="%d.%m.%Y %H:%M %z")
    assert rows(path, export)[0].received.hour == 9


def test_a_large_export_is_streamed_in_bounded_memory(tmp_path):
    """20,000 rows read and fitted; peak Python memory stays far below the ~8 MB that holding them takes."""
    path = tmp_path / "big.csv"
    start = datetime(2026, 1, 5, tzinfo=UTC)
    with path.open("w") as handle:
        handle.write("received_at,channel,topic\n")
        for number in range(20_000):
            handle.write(f"{(start + timedelta(seconds=120 * number)).isoformat()},facebook,support\n")
    tracemalloc.start()
    found = fit_arrivals(Source(path, ExportFormat(), datetime.now().astimezone().tzinfo))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert found.messages == 20_000
    assert found.days == 28
    assert peak < 1_000_000


def test_fit_recovers_a_known_profile(tmp_path):
    """Messages only on weekdays at 10:00 local: the profile puts all weight there, per_day counts days."""
    lines = []
    day = datetime(2026, 2, 2, 9, 0, tzinfo=UTC)  # 10:00 in Berlin (winter time)
    for offset in range(28):
        when = day + timedelta(days=offset)
        if when.weekday() < 5:
            lines += [
                f"{when.isoformat()},linkedin,jobs\n",
                f"{(when + timedelta(minutes=5)).isoformat()},linkedin,jobs\n",
            ]
    path = write(tmp_path, "".join(lines), header="received_at,channel,topic\n")
    from zoneinfo import ZoneInfo

    found = fit_arrivals(Source(path, ExportFormat(), ZoneInfo("Europe/Berlin")))
    diurnal, weekly = found.profile("linkedin")
    assert found.days == 26 and found.messages == 40
    assert diurnal.index(max(diurnal)) == 10 and sum(diurnal) == diurnal[10]
    assert weekly[:5] == [2.0] * 5 and weekly[5:] == [0.0, 0.0]


def test_without_an_id_only_rows_repeated_with_their_response_are_duplicates(tmp_path):
    """Two messages in the same second on one channel and topic are common; with the same response, not."""
    path = write(
        tmp_path, "2026-03-02T09:00:00Z,f,s\n2026-03-02T09:00:00Z,f,s\n", header="received_at,channel,topic\n"
    )
    assert len(rows(path, ExportFormat())) == 2
    answered = "2026-03-02T09:00:00Z,f,s,2026-03-02T10:00:00Z\n" * 2
    path = write(tmp_path, answered, header="received_at,channel,topic,responded_at\n")
    with pytest.raises(ScenarioError, match="the same cells, response included"):
        rows(path, ExportFormat())
