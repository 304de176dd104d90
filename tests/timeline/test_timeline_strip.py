"""Timeline strips: spans, cutoffs, day changes and row order, with where each value comes from."""

from datetime import UTC, date, datetime, timedelta

import pytest

from app.timeline.engine import Status
from app.timeline.holiday_calendar import HolidayCalendar
from app.timeline.roster import (
    AwayRange,
    HolidayRegion,
    Relocation,
    Roster,
    ShiftRule,
    Teammate,
    weekly_hours,
)
from app.timeline.strip import Band, Span, build_strip, build_strips, initials, selected

OFFICE = weekly_hours({day: [ShiftRule(9 * 60, 17 * 60 + 30)] for day in range(5)})


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


@pytest.mark.parametrize(
    ("name", "expected"),
    [("Berlin lead", "BL"), ("Ana", "A"), ("María-José García", "MG"), ("  ", "?"), ("(ops) Kenji", "K")],
)
def test_initials(name: str, expected: str) -> None:
    assert initials(name) == expected


def test_a_berlin_weekend_and_holiday(calendar: HolidayCalendar) -> None:
    # Fri 2026-12-25 and Sat 26 are Christmas holidays in Berlin (holidays package, DE-BE);
    # Berlin is UTC+01:00 in December (CET), so local midnight is 23:00Z the day before.
    berlin = Teammate("Berlin lead", "Europe/Berlin", hours=OFFICE, holidays=HolidayRegion("DE", "BE"))
    start, end = utc("2026-12-24T06:00"), utc("2026-12-27T06:00")
    strip = build_strip(berlin, start, start, end, viewer_zone="Europe/Berlin", calendar=calendar)
    assert strip.spans == (
        Span(Band.WORKING, utc("2026-12-24T08:00"), utc("2026-12-24T16:30")),
        Span(Band.HOLIDAY, utc("2026-12-24T23:00"), utc("2026-12-25T23:00"), "Christmas Day"),
        Span(Band.HOLIDAY, utc("2026-12-25T23:00"), utc("2026-12-26T23:00"), "Second Day of Christmas"),
        Span(Band.WEEKEND, utc("2026-12-26T23:00"), end),
    )
    assert strip.cutoffs == (utc("2026-12-24T16:00"),)  # 30 min (default) before 17:30 local
    assert strip.midnights == (utc("2026-12-24T23:00"), utc("2026-12-25T23:00"), utc("2026-12-26T23:00"))
    assert strip.status.status is Status.OFF  # 07:00 local, before the 09:00 shift
    assert strip.initials == "BL"


def test_away_days_carry_their_label(calendar: HolidayCalendar) -> None:
    kenji = Teammate(
        "Kenji", "Asia/Tokyo", hours=OFFICE, away=(AwayRange(date(2026, 8, 10), date(2026, 8, 11)),)
    )
    start = utc("2026-08-09T15:00")  # Tokyo local midnight of Mon 2026-08-10 (UTC+09:00, no DST)
    strip = build_strip(kenji, start, start, start + timedelta(days=2), viewer_zone="UTC", calendar=calendar)
    assert [(s.band, s.label) for s in strip.spans] == [
        (Band.AWAY, "away until 2026-08-11"),
        (Band.AWAY, "away until 2026-08-11"),
    ]
    assert strip.cutoffs == ()
    assert strip.midnights == (utc("2026-08-10T15:00"),)


def test_a_relocation_moves_the_day_boundaries(calendar: HolidayCalendar) -> None:
    # From 2027-02-01 the teammate lives in New York (UTC-05:00 in February): local midnight
    # moves from 23:00Z (Berlin, UTC+01:00) to 05:00Z.
    mover = Teammate(
        "Mover", "Europe/Berlin", relocations=(Relocation(date(2027, 2, 1), "America/New_York"),)
    )
    strip = build_strip(
        mover,
        utc("2027-01-30T12:00"),
        utc("2027-01-30T12:00"),
        utc("2027-02-02T12:00"),
        viewer_zone="UTC",
        calendar=calendar,
    )
    assert strip.midnights == (utc("2027-01-30T23:00"), utc("2027-02-01T05:00"), utc("2027-02-02T05:00"))
    assert [s.band for s in strip.spans] == [Band.WEEKEND, Band.WEEKEND]  # Sat 30, Sun 31 January


def test_rows_group_by_team_and_follow_the_utc_offset_at_the_instant(calendar: HolidayCalendar) -> None:
    # Santiago is UTC-3 in January (southern summer) and UTC-4 in July; Halifax is UTC-4 in
    # January and UTC-3 in July (tzdata): the two rows swap places between the seasons.
    roster = Roster(
        (
            Teammate("Halifax", "America/Halifax", team="Americas"),
            Teammate("Santiago", "America/Santiago", team="Americas"),
            Teammate("Tokyo", "Asia/Tokyo", team="APAC"),
            Teammate("Kathmandu", "Asia/Kathmandu", team="APAC"),
        )
    )

    def order(at: str) -> list[str]:
        start = utc(at)
        strips = build_strips(
            roster, start, start, start + timedelta(hours=24), viewer_zone="UTC", calendar=calendar
        )
        return [s.name for s in strips]

    assert order("2026-01-15T12:00") == ["Tokyo", "Kathmandu", "Santiago", "Halifax"]
    assert order("2026-07-15T12:00") == ["Tokyo", "Kathmandu", "Halifax", "Santiago"]


def test_the_window_must_not_be_empty(calendar: HolidayCalendar) -> None:
    at = utc("2026-01-01T00:00")
    with pytest.raises(ValueError, match="must end after"):
        build_strips(Roster(), at, at, at, viewer_zone="UTC", calendar=calendar)


def test_selected_keeps_roster_order() -> None:
    roster = Roster((Teammate("A", "UTC"), Teammate("B", "UTC"), Teammate("C", "UTC")))
    assert [t.name for t in selected(roster, ["C", "A", "Z"])] == ["A", "C"]
