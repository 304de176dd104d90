"""``baton team ...`` and ``baton timeline``: arguments, exit status and the JSON contract."""

import argparse
import io
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from app.cli_args import TIMELINE_COMMANDS, add_timeline_parsers
from app.cli_timeline import run, snapshot_json
from app.timeline import RosterStore
from app.timeline.holiday_calendar import HolidayCalendar
from app.timeline.roster import Roster
from app.timeline.roster_file import load_roster
from app.timeline.team import team_snapshot

NOW = datetime(2026, 3, 16, 12, 0, tzinfo=UTC)  # Monday; US on DST, EU not yet

ROSTER_TOML = """\
version = 1
[[teammate]]
name = "Berlin lead"
zone = "Europe/Berlin"
team = "EMEA"
holidays = "DE-BE"
hours = { mon = ["09:00-17:30"], tue = ["09:00-17:30"] }

[[teammate]]
name = "Pune"
zone = "Asia/Calcutta"
team = "APAC"
hours = { mon = ["22:00-06:00"] }
away = [ { from = 2026-12-23, to = 2027-01-02 } ]

[[teammate]]
name = "New York"
zone = "America/New_York"
hours = { mon = ["09:00-17:00"] }
"""


class MemoryRosterStore:
    """In-memory ``RosterStore`` for tests."""

    def __init__(self, roster: Roster | None = None) -> None:
        self.roster = roster or Roster()
        self.replaced = 0

    def load(self) -> Roster:
        return self.roster

    def replace(self, roster: Roster) -> None:
        self.roster = roster
        self.replaced += 1


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="baton")
    add_timeline_parsers(parser.add_subparsers(dest="command"))
    return parser


def _run(argv: list[str], store: RosterStore, **options: str) -> tuple[int, str]:
    out = io.StringIO()
    args = _parser().parse_args(argv)
    assert args.command in TIMELINE_COMMANDS
    status = run(args, roster_store=store, now=NOW, out=out, **options)
    return status, out.getvalue()


@pytest.fixture
def roster_file(tmp_path: Path) -> Path:
    path = tmp_path / "team.toml"
    path.write_text(ROSTER_TOML, encoding="utf-8")
    return path


def test_team_check_ok_with_warnings(roster_file: Path) -> None:
    status, output = _run(["team", "check", str(roster_file)], MemoryRosterStore())
    assert status == 0
    assert "zone: warning: legacy time zone name 'Asia/Calcutta'" in output
    assert output.endswith(f"{roster_file}: ok, 3 teammates\n")


def test_team_check_lists_problems_and_exits_1(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('version = 1\n[[teammate]]\nname = "A"\nzone = "+05:30"\n', encoding="utf-8")
    status, output = _run(["team", "check", str(bad)], MemoryRosterStore())
    assert status == 1
    assert output.startswith(f"{bad}: line 2, teammate 'A': zone: error: '+05:30' is a fixed UTC offset")


def test_team_check_missing_file_exits_2(tmp_path: Path) -> None:
    status, output = _run(["team", "check", str(tmp_path / "nope.toml")], MemoryRosterStore())
    assert status == 2
    assert output.startswith("baton team: ")


def test_team_import_export_list(roster_file: Path, tmp_path: Path) -> None:
    store = MemoryRosterStore()
    status, output = _run(["team", "import", str(roster_file)], store)
    assert (status, store.replaced) == (0, 1)
    assert output.endswith("imported 3 teammates\n")
    assert [t.zone for t in store.roster.teammates] == ["Europe/Berlin", "Asia/Kolkata", "America/New_York"]

    exported = tmp_path / "exported.toml"
    assert _run(["team", "export", str(exported)], store)[0] == 0
    again = MemoryRosterStore()
    assert _run(["team", "import", str(exported)], again) == (0, "imported 3 teammates\n")
    assert again.roster == store.roster

    status, table = _run(["team", "list"], store)
    assert status == 0
    assert table.splitlines()[1].split() == ["Pune", "Asia/Kolkata", "APAC"]
    status, listing = _run(["team", "list", "--json"], store)
    data = json.loads(listing)
    assert data["version"] == 1
    assert data["teammates"][0]["hours"] == {"mon": ["09:00-17:30"], "tue": ["09:00-17:30"]}
    assert data["teammates"][1]["away"] == [{"from": "2026-12-23", "to": "2027-01-02"}]


def test_team_import_csv(tmp_path: Path) -> None:
    path = tmp_path / "team.csv"
    path.write_text("name,zone,hours\nA,Asia/Tokyo,mon-fri 09:00-18:00\n", encoding="utf-8")
    store = MemoryRosterStore()
    assert _run(["team", "import", str(path)], store) == (0, "imported 1 teammates\n")
    assert store.roster.teammates[0].hours[4][0].start_minute == 540


def test_team_import_invalid_leaves_the_store_alone(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("version = 3\n", encoding="utf-8")
    store = MemoryRosterStore()
    assert _run(["team", "import", str(bad)], store)[0] == 1
    assert store.replaced == 0


def test_timeline_json_contract(roster_file: Path) -> None:
    store = MemoryRosterStore()
    status, output = _run(["timeline", "--team", str(roster_file), "--json", "--zone", "Asia/Tokyo"], store)
    assert status == 0
    assert store.replaced == 0
    data = json.loads(output)
    assert list(data) == [
        "at",
        "viewer_zone",
        "teammates",
        "on_now",
        "next_online",
        "coverage_gaps",
        "offset_changes",
    ]
    assert (data["at"], data["viewer_zone"]) == ("2026-03-16T12:00:00Z", "Asia/Tokyo")
    berlin, pune, new_york = data["teammates"]
    assert berlin == {
        "name": "Berlin lead",
        "zone": "Europe/Berlin",
        "local_time": "2026-03-16T13:00:00+01:00",
        "utc_offset_minutes": 60,
        "day_offset": 0,
        "status": "working",
        "status_detail": "",
        "shift_start": "2026-03-16T08:00:00Z",
        "shift_end": "2026-03-16T16:30:00Z",
        "next_cutoff": "2026-03-16T16:00:00Z",
    }
    assert (pune["local_time"], pune["status"], pune["shift_start"]) == (
        "2026-03-16T17:30:00+05:30",
        "off",
        "2026-03-16T16:30:00Z",
    )
    # New York has only Monday hours: 09:00 EDT = 13:00Z
    assert (new_york["utc_offset_minutes"], new_york["day_offset"]) == (-240, 0)
    assert data["on_now"] == ["Berlin lead"]
    assert data["next_online"] == [
        {"name": "New York", "at": "2026-03-16T13:00:00Z"},
        {"name": "Pune", "at": "2026-03-16T16:30:00Z"},
        {"name": "Berlin lead", "at": "2026-03-17T08:00:00Z"},
    ]
    assert data["coverage_gaps"] == [{"start": "2026-03-17T00:30:00Z", "end": "2026-03-17T08:00:00Z"}]
    # the next 14 days include the EU change: last Sunday of March, 01:00 UTC (EU Directive 2000/84/EC)
    assert data["offset_changes"] == [
        {"name": "Berlin lead", "at": "2026-03-29T01:00:00Z", "from_minutes": 60, "to_minutes": 120}
    ]


def test_timeline_with_an_empty_store() -> None:
    store = MemoryRosterStore()
    status, output = _run(["timeline", "--at", "2026-03-28T12:00:00Z", "--hours", "48", "--json"], store)
    assert status == 0
    assert json.loads(output)["teammates"] == []


def test_timeline_reads_the_store_and_reports_offset_changes(roster_file: Path) -> None:
    store = MemoryRosterStore()
    _run(["team", "import", str(roster_file)], store)
    status, output = _run(["timeline", "--at", "2026-03-28T12:00:00+00:00", "--hours", "48", "--json"], store)
    assert status == 0
    data = json.loads(output)
    assert data["offset_changes"] == [
        {"name": "Berlin lead", "at": "2026-03-29T01:00:00Z", "from_minutes": 60, "to_minutes": 120}
    ]
    assert data["viewer_zone"] == "Etc/UTC"


def test_timeline_table(roster_file: Path) -> None:
    status, output = _run(["timeline", "--team", str(roster_file)], MemoryRosterStore(), language="de_DE")
    assert status == 0
    lines = output.splitlines()
    assert lines[0] == "At 12:00 UTC"
    assert lines[1].split()[:5] == ["Berlin", "lead", "13:00", "UTC+01:00", "working"]
    assert "On now: Berlin lead" in lines
    assert "Next: New York at 13:00" in lines
    assert "Gap: 00:30–08:00" in lines


def test_timeline_table_shows_clock_changes(roster_file: Path) -> None:
    argv = ["timeline", "--team", str(roster_file), "--at", "2026-03-28T12:00:00Z", "--hours", "48"]
    status, output = _run(argv, MemoryRosterStore(), viewer_zone="Europe/Berlin")
    assert status == 0
    assert output.splitlines()[0] == "At 1:00\u202fPM Germany (Berlin) Time (GMT+01:00)"
    assert "Clock change: Berlin lead UTC+01:00 → UTC+02:00 at 2026-03-29T01:00:00Z" in output
    assert "On now: nobody" in output


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["timeline", "--at", "yesterday"], "baton timeline: Invalid isoformat"),
        (["timeline", "--at", "2026-03-16T12:00"], "--at needs an offset or Z"),
        (["timeline", "--zone", "GMT+5"], "fixed UTC offset"),
    ],
)
def test_timeline_usage_errors_exit_2(argv: list[str], message: str) -> None:
    status, output = _run(argv, MemoryRosterStore())
    assert status == 2
    assert message in output


def test_snapshot_json_is_what_the_cli_prints(roster_file: Path) -> None:
    roster = load_roster(roster_file).roster
    snapshot = team_snapshot(roster, NOW, viewer_zone="Etc/UTC", calendar=HolidayCalendar())
    status, output = _run(["timeline", "--team", str(roster_file), "--json"], MemoryRosterStore())
    assert status == 0
    assert json.loads(output) == snapshot_json(snapshot)
