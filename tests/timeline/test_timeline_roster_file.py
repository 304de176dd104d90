"""Roster files: TOML v1 parsing, validation messages, round trip, CSV import, holiday calendar."""

from datetime import date
from pathlib import Path

import pytest

from app.timeline.holiday_calendar import HolidayCalendar, supported_regions
from app.timeline.roster import (
    AwayRange,
    HolidayRegion,
    Relocation,
    Roster,
    ShiftRule,
    Teammate,
    weekly_hours,
)
from app.timeline.roster_csv import (
    format_hours_cell,
    parse_hours_cell,
    parse_roster_csv,
    read_roster,
    write_roster_csv,
)
from app.timeline.roster_file import (
    RosterInvalid,
    dump_roster,
    load_roster,
    parse_clock,
    parse_range,
    parse_roster,
    save_roster,
)

EXAMPLE = """\
version = 1
[[teammate]]
name = "Berlin lead"
zone = "Europe/Berlin"
locale = "de_DE"
team = "EMEA"
holidays = "DE-BE"
weekend = ["sat", "sun"]
cutoff_minutes = 30
hours = { mon = ["09:00-17:30"], tue = ["09:00-17:30"], wed = ["09:00-17:30"], thu = ["09:00-17:30"], \
fri = ["09:00-15:00"] }
away = [ { from = 2026-12-23, to = 2027-01-02 } ]
relocations = [ { from = 2027-02-01, zone = "America/New_York" } ]

[[teammate]]
name = "Pune nights"
zone = "Asia/Calcutta"
holidays = "IN"
hours = { mon = ["22:00-06:00", "07:00-08:00"], sun = "00:00-24:00" }
"""


def test_the_issue_example_parses(tmp_path: Path) -> None:
    path = tmp_path / "team.toml"
    path.write_text(EXAMPLE, encoding="utf-8")
    loaded = load_roster(path)
    berlin, pune = loaded.roster.teammates
    assert berlin == Teammate(
        name="Berlin lead",
        zone="Europe/Berlin",
        locale="de_DE",
        team="EMEA",
        hours=weekly_hours({d: [ShiftRule(540, 1050)] for d in range(4)} | {4: [ShiftRule(540, 900)]}),
        weekend=frozenset({5, 6}),
        holidays=HolidayRegion("DE", "BE"),
        away=(AwayRange(date(2026, 12, 23), date(2027, 1, 2)),),
        relocations=(Relocation(date(2027, 2, 1), "America/New_York"),),
        cutoff_minutes=30,
    )
    assert pune.zone == "Asia/Kolkata"
    assert pune.hours[0] == (ShiftRule(420, 480), ShiftRule(1320, 1800))
    assert pune.hours[6] == (ShiftRule(0, 1440),)
    (warning,) = loaded.warnings
    assert str(warning) == (
        f"{path}: line 14, teammate 'Pune nights': zone: warning: "
        "legacy time zone name 'Asia/Calcutta' normalised to 'Asia/Kolkata'"
    )


def test_round_trip_through_dump(tmp_path: Path) -> None:
    roster = parse_roster(EXAMPLE).roster
    path = tmp_path / "out.toml"
    save_roster(roster, path)
    assert load_roster(path).roster == roster
    assert parse_roster(dump_roster(Roster())).roster == Roster()


def _problems(text: str) -> list[str]:
    with pytest.raises(RosterInvalid) as raised:
        parse_roster(text, source="team.toml")
    return [str(problem) for problem in raised.value.problems]


def test_every_field_problem_names_file_line_teammate_and_field() -> None:
    text = """\
version = 1
[[teammate]]
name = "A"
zone = "GMT+5"
locale = "xx_YY"
holidays = "ZZ"
weekend = ["saturday"]
cutoff_minutes = -5
hours = { mon = ["9-17"], funday = ["09:00-10:00"], tue = ["10:00-10:00"], wed = ["24:00-01:00"] }
away = [ { from = 2026-12-23, to = 2026-12-01 }, { from = "soon", to = 2026-12-01 } ]
relocations = [ { from = "later", zone = "Europe/Berlin" }, { from = 2027-01-01, zone = 5 } ]
colour = "blue"
"""
    problems = _problems(text)
    where = "team.toml: line 2, teammate 'A':"
    assert all(problem.startswith(where) for problem in problems)
    fields = [problem.removeprefix(where).split(":")[0].strip() for problem in problems]
    assert fields == [
        "colour",
        "zone",
        "locale",
        "holidays",
        "weekend",
        "cutoff_minutes",
        "hours.mon",
        "hours.funday",
        "hours.tue",
        "hours.wed",
        "away",
        "away",
        "relocations",
        "relocations.zone",
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("version = 2\n", "team.toml: file: version: error: must be 1"),
        ("version = 1\nteammate = 3\n", "team.toml: file: teammate: error: must be an array"),
        ("version = 1\nextra = 1\n", "team.toml: file: extra: error: unknown top-level key"),
        (
            "version = 1\n[[teammate]]\nzone = 'Asia/Tokyo'\n",
            "line 2, teammate '#1': name: error: is required",
        ),
        (
            "version = 1\n[[teammate]]\nname = 'A'\nzone = 'Asia/Tokyo'\n"
            "[[teammate]]\nname = 'A'\nzone = 'Asia/Tokyo'\n",
            "line 5, teammate 'A': name: error: duplicate name 'A'",
        ),
        (
            "version = 1\n[[teammate]]\nname = 'A'\nzone = 'Asia/Tokyo'\nholidays = 'DE-XX'\n",
            "unknown subdivision",
        ),
        (
            "version = 1\n[[teammate]]\nname = 'A'\nzone = 'Asia/Tokyo'\nhours = 5\n",
            "hours: error: must be a table",
        ),
        (
            "version = 1\n[[teammate]]\nname = 'A'\nzone = 'Asia/Tokyo'\naway = 5\n",
            "away: error: must be a list",
        ),
        (
            "version = 1\n[[teammate]]\nname = 'A'\nzone = 'Asia/Tokyo'\naway = [{from = 1, to = 2}]\n",
            "not a date",
        ),
        ("version = 1\n[[teammate]]\nname = 'A'\nzone = 7\n", "zone: error: must be an IANA time zone"),
        ("version = 1\n[[teammate]]\nname = 'A'\nzone = 'Europe/Berln'\n", "did you mean Europe/Berlin"),
        ("version = [\n", "team.toml: file: toml: error:"),
    ],
)
def test_file_level_and_single_problems(text: str, message: str) -> None:
    assert any(message in problem for problem in _problems(text))


def test_weekend_defaults_from_the_holiday_country() -> None:
    text = "version = 1\n[[teammate]]\nname = 'Tel Aviv'\nzone = 'Asia/Jerusalem'\nholidays = 'IL'\n"
    (teammate,) = parse_roster(text).roster.teammates
    assert teammate.weekend == frozenset({4, 5})  # Friday and Saturday (holidays package, IL)
    assert HolidayCalendar().weekend("IL") == frozenset({4, 5})
    assert HolidayCalendar().weekend(None) == frozenset({5, 6})
    assert HolidayCalendar().weekend("XX") == frozenset({5, 6})
    assert "BE" in supported_regions()["DE"]


def test_away_dates_accept_iso_strings() -> None:
    text = (
        "version = 1\n[[teammate]]\nname='A'\nzone='Asia/Tokyo'\n"
        "away=[{from='2026-05-01', to='2026-05-05'}]\n"
    )
    (teammate,) = parse_roster(text).roster.teammates
    assert teammate.is_away(date(2026, 5, 5))
    assert not teammate.is_away(date(2026, 5, 6))


@pytest.mark.parametrize(
    ("text", "expected"),
    [("09:00", 540), ("9:05", 545), ("24:00", 1440), ("00:00", 0)],
)
def test_parse_clock(text: str, expected: int) -> None:
    assert parse_clock(text) == expected


@pytest.mark.parametrize("text", ["9", "09:60", "24:01", "ab:cd", "09:5"])
def test_parse_clock_rejects(text: str) -> None:
    with pytest.raises(ValueError, match=r"HH:MM|time of day"):
        parse_clock(text)


def test_parse_range() -> None:
    assert parse_range("22:00-06:00") == ShiftRule(1320, 1800)
    assert str(parse_range("22:00-06:00")) == "22:00-06:00"
    assert str(parse_range("00:00-24:00")) == "00:00-24:00"
    assert parse_range("22:00-24:00").crosses_midnight is False
    assert parse_range("23:00-00:30").crosses_midnight is True
    for bad in ["0900", "10:00-10:00", "24:00-02:00"]:
        with pytest.raises(ValueError, match=r"range|empty|24:00"):
            parse_range(bad)


def test_value_objects_check_their_invariants() -> None:
    with pytest.raises(ValueError, match="outside"):
        ShiftRule(1440, 1500)
    with pytest.raises(ValueError, match="within 24 h"):
        ShiftRule(540, 540 + 1440)
    with pytest.raises(ValueError, match="7"):
        Teammate("A", "Asia/Tokyo", hours=((),))
    with pytest.raises(ValueError, match="cutoff"):
        Teammate("A", "Asia/Tokyo", cutoff_minutes=-1)
    roster = Roster((Teammate("A", "Asia/Tokyo"),))
    assert roster.by_name("A").zone == "Asia/Tokyo"
    with pytest.raises(KeyError):
        roster.by_name("B")
    assert str(HolidayRegion("DE")) == "DE"
    assert 5 not in AwayRange(date(2026, 1, 1), date(2026, 1, 2))


CSV = """\
name,zone,team,hours,holidays,cutoff,locale
Berlin lead,Europe/Berlin,EMEA,mon-thu 09:00-17:30; fri 09:00-15:00,DE-BE,30,de_DE
Night ops,Asia/Calcutta,APAC,"sat,sun 22:00-06:00; fri-mon 12:00-13:00",,15,
"""


def test_csv_import() -> None:
    loaded = parse_roster_csv(CSV, source="team.csv")
    berlin, night = loaded.roster.teammates
    assert berlin.hours == weekly_hours(
        {d: [ShiftRule(540, 1050)] for d in range(4)} | {4: [ShiftRule(540, 900)]}
    )
    assert (berlin.holidays, berlin.cutoff_minutes, berlin.locale, berlin.team) == (
        HolidayRegion("DE", "BE"),
        30,
        "de_DE",
        "EMEA",
    )
    assert night.zone == "Asia/Kolkata"
    assert night.hours[5] == (ShiftRule(720, 780), ShiftRule(1320, 1800))
    assert night.hours[0] == (ShiftRule(720, 780),)  # fri-mon wraps over the weekend
    assert night.hours[2] == ()
    assert [str(w) for w in loaded.warnings] == [
        "team.csv: line 3, teammate 'Night ops': zone: warning: "
        "legacy time zone name 'Asia/Calcutta' normalised to 'Asia/Kolkata'"
    ]


def test_csv_problems_name_file_line_and_column() -> None:
    text = "name,zone,shoe,hours,cutoff\nA,Mars/Olympus,x,mon 09:00,abc\nB,Asia/Tokyo,,moon 09:00-10:00,\n"
    with pytest.raises(RosterInvalid) as raised:
        parse_roster_csv(text, source="team.csv")
    problems = [str(p) for p in raised.value.problems]
    assert problems[0].startswith("team.csv: line 1: shoe: error: unknown column")
    assert any(
        p.startswith("team.csv: line 2, teammate 'A': zone: error: unknown time zone") for p in problems
    )
    assert any(p.startswith("team.csv: line 2, teammate 'A': hours.mon: error:") for p in problems)
    assert any(p.startswith("team.csv: line 2, teammate 'A': cutoff_minutes: error:") for p in problems)
    assert any(p.startswith("team.csv: line 3, teammate 'B': hours: error: 'moon'") for p in problems)
    with pytest.raises(RosterInvalid, match="zone: error: required column is missing"):
        parse_roster_csv("name\nA\n", source="team.csv")


def test_parse_hours_cell() -> None:
    assert parse_hours_cell("") == {}
    assert parse_hours_cell("mon,wed 09:00-12:00 13:00-17:00") == {
        "mon": ["09:00-12:00", "13:00-17:00"],
        "wed": ["09:00-12:00", "13:00-17:00"],
    }
    with pytest.raises(ValueError, match="no time range"):
        parse_hours_cell("mon")


def test_holiday_names_follow_the_viewer_language() -> None:
    berlin = HolidayRegion("DE", "BE")
    assert HolidayCalendar(language="de_DE").holiday_name(berlin, date(2026, 4, 3)) == "Karfreitag"
    assert HolidayCalendar(language="en_US").holiday_name(berlin, date(2026, 4, 3)) == "Good Friday"
    # no French data for DE: English, which every localized country in `holidays` has
    assert HolidayCalendar(language="fr-FR").holiday_name(berlin, date(2026, 4, 3)) == "Good Friday"
    # a German reader of a Tokyo teammate's row gets English, not Japanese (JP offers en_US, ja, th)
    tokyo = HolidayRegion("JP")
    labor_thanksgiving = date(2026, 11, 23)
    in_german = HolidayCalendar(language="de_DE").holiday_name(tokyo, labor_thanksgiving)
    assert in_german == "Labor Thanksgiving Day"
    assert HolidayCalendar(language="ja_JP").holiday_name(tokyo, labor_thanksgiving) == "勤労感謝の日"
    # "en" alone picks the en_US translation by language prefix
    calendar = HolidayCalendar(language="en")
    assert calendar.language == "en"
    assert calendar.holiday_name(berlin, date(2026, 4, 3)) == "Good Friday"
    assert calendar.holiday_name(berlin, date(2026, 4, 4)) is None
    assert calendar.holiday_name(None, date(2026, 4, 3)) is None


def test_csv_export_reads_back_with_the_same_csv_columns(tmp_path: Path) -> None:
    original = parse_roster_csv(CSV, source="team.csv").roster
    path = tmp_path / "team.csv"
    write_roster_csv(original, path)
    text = path.read_text(encoding="utf-8")
    assert text.splitlines()[0] == "name,zone,team,hours,holidays,cutoff,locale"
    assert "Berlin lead,Europe/Berlin,EMEA,mon-thu 09:00-17:30; fri 09:00-15:00,DE-BE,30,de_DE" in text
    again = read_roster(path)
    assert not again.warnings
    assert again.roster == original


def test_csv_export_leaves_out_what_csv_has_no_column_for(tmp_path: Path) -> None:
    teammate = Teammate(
        "Sam",
        "Asia/Tokyo",
        weekend=frozenset({6}),
        away=(AwayRange(date(2026, 12, 1), date(2026, 12, 3)),),
    )
    path = tmp_path / "team.csv"
    write_roster_csv(Roster((teammate,)), path)
    back = read_roster(path).roster.teammates[0]
    assert (back.name, back.zone, back.team, back.holidays) == ("Sam", "Asia/Tokyo", "", None)
    assert back.weekend == frozenset({5, 6})  # the default, not Sam's Sunday-only weekend
    assert back.away == ()
    assert back.hours == teammate.hours


def test_hours_cells_group_equal_days_and_keep_night_shifts() -> None:
    night = weekly_hours({d: [ShiftRule(22 * 60, 30 * 60)] for d in (0, 1, 2)} | {6: [ShiftRule(600, 660)]})
    assert format_hours_cell(night) == "mon-wed 22:00-06:00; sun 10:00-11:00"
    assert format_hours_cell(weekly_hours({})) == ""
    assert parse_hours_cell(format_hours_cell(night))["tue"] == ["22:00-06:00"]
