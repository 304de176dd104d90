"""Team answers: on now, the follow-the-sun chain, coverage gaps, overlaps and offset changes."""

from datetime import UTC, date, datetime, timedelta

from app.timeline.engine import Status
from app.timeline.holiday_calendar import HolidayCalendar
from app.timeline.roster import HolidayRegion, Relocation, Roster, ShiftRule, Teammate, weekly_hours
from app.timeline.team import (
    Interval,
    NextOnline,
    OffsetChange,
    coverage_gaps,
    local_midnight,
    next_online,
    offset_changes,
    on_now,
    overlap_minutes_by_day,
    overlap_windows,
    team_snapshot,
    working_spans,
)

OFFICE = weekly_hours({day: [ShiftRule(9 * 60, 17 * 60)] for day in range(5)})


def utc(text: str) -> datetime:
    """Aware UTC datetime from ISO text without offset."""
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


BERLIN = Teammate("Berlin", "Europe/Berlin", hours=OFFICE)
NEW_YORK = Teammate("New York", "America/New_York", hours=OFFICE)
PUNE = Teammate("Pune", "Asia/Kolkata", hours=OFFICE)
SYDNEY = Teammate("Sydney", "Australia/Sydney", hours=OFFICE)
ROSTER = Roster((BERLIN, NEW_YORK, PUNE, SYDNEY))


def test_on_now_in_roster_order(calendar: HolidayCalendar) -> None:
    # Monday 2026-03-16 08:00Z: Pune 13:30 and Berlin 09:00 work; Sydney 19:00 and NY 04:00 do not
    assert on_now(ROSTER, utc("2026-03-16T08:00"), calendar=calendar) == ("Berlin", "Pune")


def test_follow_the_sun_chain(calendar: HolidayCalendar) -> None:
    # Monday 2026-03-16 08:00Z; offsets Sydney +11 (AEDT), Pune +05:30, Berlin +1, New York -4 (EDT)
    chain = next_online(ROSTER, utc("2026-03-16T08:00"), calendar=calendar)
    assert chain == (
        NextOnline("New York", utc("2026-03-16T13:00")),
        NextOnline("Sydney", utc("2026-03-16T22:00")),
        NextOnline("Pune", utc("2026-03-17T03:30")),
        NextOnline("Berlin", utc("2026-03-17T08:00")),
    )
    # shorter look-ahead keeps only who starts within it
    assert next_online(ROSTER, utc("2026-03-16T08:00"), calendar=calendar, hours=6) == chain[:1]


def test_coverage_gaps(calendar: HolidayCalendar) -> None:
    # Monday: Sydney 22:00Z(Sun)-06:00Z, Pune 03:30-11:30Z, Berlin 08:00-16:00Z, NY 13:00-21:00Z
    gaps = coverage_gaps(ROSTER, utc("2026-03-16T00:00"), utc("2026-03-17T00:00"), calendar=calendar)
    assert gaps == (Interval(utc("2026-03-16T21:00"), utc("2026-03-16T22:00")),)
    assert gaps[0].minutes == 60
    # nobody at all on a roster of one over the weekend
    weekend = coverage_gaps(
        Roster((BERLIN,)), utc("2026-03-14T00:00"), utc("2026-03-15T00:00"), calendar=calendar
    )
    assert weekend == (Interval(utc("2026-03-14T00:00"), utc("2026-03-15T00:00")),)


def test_coverage_is_complete_with_overlapping_shifts(calendar: HolidayCalendar) -> None:
    round_the_clock = Teammate(
        "Ops",
        "Pacific/Chatham",
        hours=weekly_hours({d: [ShiftRule(0, 1440)] for d in range(7)}),
        weekend=frozenset(),
    )
    nights = Teammate(
        "Nights", "Pacific/Chatham", hours=weekly_hours({d: [ShiftRule(1200, 1800)] for d in range(7)})
    )
    start, end = utc("2026-09-20T00:00"), utc("2026-10-01T00:00")  # spans Chatham's DST start 09-27
    assert coverage_gaps(Roster((round_the_clock, nights)), start, end, calendar=calendar) == ()
    assert working_spans(round_the_clock, start, end, calendar=calendar) == [Interval(start, end)]


def test_overlap_windows(calendar: HolidayCalendar) -> None:
    start, end = utc("2026-03-16T00:00"), utc("2026-03-17T00:00")
    # Berlin 08:00-16:00Z and New York 13:00-21:00Z while the US is on DST and the EU not yet
    assert overlap_windows([BERLIN, NEW_YORK], start, end, calendar=calendar) == (
        Interval(utc("2026-03-16T13:00"), utc("2026-03-16T16:00")),
    )
    assert overlap_windows([BERLIN, NEW_YORK, SYDNEY], start, end, calendar=calendar) == ()
    assert overlap_windows([], start, end, calendar=calendar) == ()


def test_us_eu_dst_weeks_out_of_step_move_the_overlap(calendar: HolidayCalendar) -> None:
    # US springs forward 2026-03-08, EU 2026-03-29: for three weeks New York is only 5 h behind
    # Berlin, so 09:00-17:00 overlaps 3 h instead of 2 h (weekends: 0).
    days = overlap_minutes_by_day(
        [BERLIN, NEW_YORK], date(2026, 3, 2), 29, viewer_zone="Europe/Berlin", calendar=calendar
    )
    by_day = dict(days)
    assert by_day[date(2026, 3, 6)] == 120
    assert by_day[date(2026, 3, 9)] == 180
    assert by_day[date(2026, 3, 27)] == 180
    assert by_day[date(2026, 3, 28)] == 0
    assert by_day[date(2026, 3, 30)] == 120
    # autumn: EU falls back 2026-10-25, US 2026-11-01 -> one week at 3 h
    autumn = dict(
        overlap_minutes_by_day(
            [BERLIN, NEW_YORK], date(2026, 10, 23), 11, viewer_zone="Etc/UTC", calendar=calendar
        )
    )
    assert (autumn[date(2026, 10, 23)], autumn[date(2026, 10, 26)], autumn[date(2026, 11, 2)]) == (
        120,
        180,
        120,
    )


def test_offset_changes_for_the_team(calendar: HolidayCalendar) -> None:
    changes = offset_changes(ROSTER, utc("2026-03-01T00:00"), utc("2026-04-10T00:00"))
    assert changes == (
        OffsetChange("New York", utc("2026-03-08T07:00"), -300, -240, "America/New_York", "dst"),
        OffsetChange("Berlin", utc("2026-03-29T01:00"), 60, 120, "Europe/Berlin", "dst"),
        OffsetChange("Sydney", utc("2026-04-04T16:00"), 660, 600, "Australia/Sydney", "dst"),
    )


def test_offset_changes_include_relocations() -> None:
    mover = Teammate(
        "Mover",
        "Europe/Berlin",
        relocations=(
            Relocation(date(2027, 2, 1), "America/New_York"),
            Relocation(date(2027, 5, 1), "America/Toronto"),
        ),
    )
    changes = offset_changes(Roster((mover,)), utc("2027-01-15T00:00"), utc("2027-06-01T00:00"))
    assert changes == (
        OffsetChange("Mover", utc("2027-02-01T05:00"), 60, -300, "America/New_York", "relocation"),
        OffsetChange("Mover", utc("2027-03-14T07:00"), -300, -240, "America/New_York", "dst"),
    )  # Toronto has the same offset as New York: a move without an offset change is not listed


def test_team_snapshot(calendar: HolidayCalendar) -> None:
    holiday_roster = Roster(
        (BERLIN, Teammate("Delhi", "Asia/Kolkata", hours=OFFICE, holidays=HolidayRegion("IN")))
    )
    # 2026-01-26 is Republic Day in India (holidays package), a Monday
    snapshot = team_snapshot(
        holiday_roster, utc("2026-01-26T10:00"), viewer_zone="America/New_York", calendar=calendar, hours=24
    )
    assert snapshot.on_now == ("Berlin",)
    delhi = snapshot.teammates[1]
    assert (delhi.status, delhi.status_detail) == (Status.HOLIDAY, "Republic Day")
    assert delhi.day_offset == 0
    assert [entry.name for entry in snapshot.next_online] == ["Delhi", "Berlin"]
    assert snapshot.coverage_gaps[0].start == utc("2026-01-26T16:00")
    assert snapshot.offset_changes == ()
    assert snapshot.at == utc("2026-01-26T10:00")


def test_local_midnight() -> None:
    assert local_midnight(date(2026, 3, 9), "Asia/Kathmandu") == utc("2026-03-08T18:15")
    assert local_midnight(date(2026, 3, 9), "Asia/Kathmandu") - local_midnight(
        date(2026, 3, 8), "Asia/Kathmandu"
    ) == timedelta(days=1)
