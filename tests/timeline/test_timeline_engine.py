"""Per-teammate engine: shifts on DST days, statuses, cutoffs, holidays, away days, relocations."""

from datetime import UTC, date, datetime, timedelta

import pytest

from app.timeline.engine import (
    SEARCH_DAYS,
    Status,
    current_or_next_shift,
    day_shifts,
    next_cutoff,
    next_shift_start,
    shifts_between,
    status_series,
    teammate_status,
)
from app.timeline.holiday_calendar import HolidayCalendar
from app.timeline.roster import AwayRange, HolidayRegion, Relocation, ShiftRule, Teammate, weekly_hours
from app.timeline.zones import zone

NIGHT = ShiftRule(22 * 60, 30 * 60)  # 22:00-06:00, belongs to the day it starts
OFFICE = ShiftRule(9 * 60, 17 * 60)  # 09:00-17:00


def utc(text: str) -> datetime:
    """Aware UTC datetime from ISO text without offset."""
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def every_day(rule: ShiftRule) -> tuple[tuple[ShiftRule, ...], ...]:
    return weekly_hours({day: [rule] for day in range(7)})


def weekdays(*rules: ShiftRule) -> tuple[tuple[ShiftRule, ...], ...]:
    return weekly_hours({day: list(rules) for day in range(5)})


def night_worker(zone: str) -> Teammate:
    return Teammate("Night", zone, hours=every_day(NIGHT), weekend=frozenset(), cutoff_minutes=30)


@pytest.mark.parametrize(
    ("zone", "day", "start", "end", "hours"),
    [
        # US spring forward 2026-03-08 02:00: 22:00 EST -> 06:00 EDT is 7 wall-clock-true hours
        ("America/New_York", date(2026, 3, 7), "2026-03-08T03:00", "2026-03-08T10:00", 7),
        # US fall back 2026-11-01 02:00: 22:00 EDT -> 06:00 EST is 9 hours
        ("America/New_York", date(2026, 10, 31), "2026-11-01T02:00", "2026-11-01T11:00", 9),
        # EU spring forward 2026-03-29, three weeks after the US
        ("Europe/Berlin", date(2026, 3, 28), "2026-03-28T21:00", "2026-03-29T04:00", 7),
        ("Europe/Berlin", date(2026, 3, 7), "2026-03-07T21:00", "2026-03-08T05:00", 8),
        # Southern hemisphere: Sydney falls back 2026-04-05 03:00 -> 02:00, springs 2026-10-04
        ("Australia/Sydney", date(2026, 4, 4), "2026-04-04T11:00", "2026-04-04T20:00", 9),
        ("Australia/Sydney", date(2026, 10, 3), "2026-10-03T12:00", "2026-10-03T19:00", 7),
        # Lord Howe's DST is 30 minutes: the night is 8.5 h in April and 7.5 h in October
        ("Australia/Lord_Howe", date(2026, 4, 4), "2026-04-04T11:00", "2026-04-04T19:30", 8.5),
        ("Australia/Lord_Howe", date(2026, 10, 3), "2026-10-03T11:30", "2026-10-03T19:00", 7.5),
        # Samoa: Thursday 2011-12-29 night ends at the jump (Friday 30 never happened): 2 h
        ("Pacific/Apia", date(2011, 12, 29), "2011-12-30T08:00", "2011-12-30T10:00", 2),
        # Mexico City kept -06:00 after 2022: a plain 8 h night on the former DST date
        ("America/Mexico_City", date(2023, 4, 1), "2023-04-02T04:00", "2023-04-02T12:00", 8),
    ],
)
def test_night_shift_is_as_long_as_the_wall_clock_says(
    zone: str, day: date, start: str, end: str, hours: float, calendar: HolidayCalendar
) -> None:
    (shift,) = day_shifts(night_worker(zone), day, calendar=calendar)
    assert (shift.start, shift.end) == (utc(start), utc(end))
    assert shift.end - shift.start == timedelta(hours=hours)
    assert shift.cutoff == shift.end - timedelta(minutes=30)
    assert (shift.local_day, shift.zone) == (day, zone)


def test_samoa_skipped_day_has_no_shift(calendar: HolidayCalendar) -> None:
    worker = Teammate("Apia", "Pacific/Apia", hours=every_day(OFFICE), weekend=frozenset())
    assert day_shifts(worker, date(2011, 12, 30), calendar=calendar) == []
    days = [
        s.local_day for s in shifts_between(worker, utc("2011-12-28"), utc("2012-01-01"), calendar=calendar)
    ]
    assert date(2011, 12, 30) not in days
    assert date(2011, 12, 31) in days


def test_shift_starting_in_the_gap_starts_at_the_first_valid_instant(calendar: HolidayCalendar) -> None:
    early = Teammate("Early", "America/New_York", hours=every_day(ShiftRule(150, 600)), weekend=frozenset())
    (shift,) = day_shifts(early, date(2026, 3, 8), calendar=calendar)  # 02:30 does not exist that day
    assert shift.start == utc("2026-03-08T07:00")  # 03:00 EDT


def test_cutoff_never_precedes_the_shift_start(calendar: HolidayCalendar) -> None:
    short = Teammate("Short", "Asia/Kolkata", hours=every_day(ShiftRule(600, 615)), weekend=frozenset())
    (shift,) = day_shifts(short, date(2026, 3, 9), calendar=calendar)
    assert shift.cutoff == shift.start


BERLIN = Teammate(
    "Berlin lead",
    "Europe/Berlin",
    hours=weekly_hours({0: [ShiftRule(540, 1050)], 4: [ShiftRule(540, 900)]}),
    holidays=HolidayRegion("DE", "BE"),
    away=(AwayRange(date(2026, 12, 23), date(2027, 1, 2)),),
    relocations=(Relocation(date(2027, 2, 1), "America/New_York"),),
    cutoff_minutes=30,
)


@pytest.mark.parametrize(
    ("at", "status", "detail", "local", "offset", "shift_start", "shift_end", "cutoff"),
    [
        # Monday 2026-03-09 13:00 CET: working 09:00-17:30, cutoff 17:00 CET
        (
            "2026-03-09T12:00",
            Status.WORKING,
            "",
            "2026-03-09T13:00",
            60,
            "2026-03-09T08:00",
            "2026-03-09T16:30",
            "2026-03-09T16:00",
        ),
        # after the cutoff but before the end: the next cutoff is Friday's (14:30 CET)
        (
            "2026-03-09T16:15",
            Status.WORKING,
            "",
            "2026-03-09T17:15",
            60,
            "2026-03-09T08:00",
            "2026-03-09T16:30",
            "2026-03-13T13:30",
        ),
        # Tuesday has no hours in this roster: off until Friday 09:00
        (
            "2026-03-10T12:00",
            Status.OFF,
            "",
            "2026-03-10T13:00",
            60,
            "2026-03-13T08:00",
            "2026-03-13T14:00",
            "2026-03-13T13:30",
        ),
        # Saturday: weekend
        (
            "2026-03-14T12:00",
            Status.WEEKEND,
            "",
            "2026-03-14T13:00",
            60,
            "2026-03-16T08:00",
            "2026-03-16T16:30",
            "2026-03-16T16:00",
        ),
        # Good Friday 2026-04-03 and Easter Monday 04-06 are public holidays in Berlin (holidays pkg)
        (
            "2026-04-03T10:00",
            Status.HOLIDAY,
            "Good Friday",
            "2026-04-03T12:00",
            120,
            "2026-04-10T07:00",
            "2026-04-10T13:00",
            "2026-04-10T12:30",
        ),
        # Women's Day (8 March, Berlin-only since 2019) on a Monday; the region, not the zone, decides
        (
            "2027-03-08T10:00",
            Status.HOLIDAY,
            "Women's Day",
            "2027-03-08T05:00",
            -300,
            "2027-03-12T14:00",
            "2027-03-12T20:00",
            "2027-03-12T19:30",
        ),
        # away range wins over the holiday on 2026-12-25
        (
            "2026-12-25T10:00",
            Status.AWAY,
            "away until 2027-01-02",
            "2026-12-25T11:00",
            60,
            "2027-01-04T08:00",
            "2027-01-04T16:30",
            "2027-01-04T16:00",
        ),
        # after moving to New York on 2027-02-01: Monday 09:00 EST is 14:00Z
        (
            "2027-02-01T15:00",
            Status.WORKING,
            "",
            "2027-02-01T10:00",
            -300,
            "2027-02-01T14:00",
            "2027-02-01T22:30",
            "2027-02-01T22:00",
        ),
    ],
)
def test_teammate_status_table(
    at: str,
    status: Status,
    detail: str,
    local: str,
    offset: int,
    shift_start: str,
    shift_end: str,
    cutoff: str,
    calendar: HolidayCalendar,
) -> None:
    found = teammate_status(BERLIN, utc(at), viewer_zone="Europe/Berlin", calendar=calendar)
    assert (found.status, found.status_detail) == (status, detail)
    assert found.local_time.replace(tzinfo=None) == datetime.fromisoformat(local)
    assert found.utc_offset_minutes == offset
    assert (found.shift_start, found.shift_end, found.next_cutoff) == (
        utc(shift_start),
        utc(shift_end),
        utc(cutoff),
    )
    assert found.local_time.utcoffset() == timedelta(minutes=offset)


def test_day_offset_against_the_viewer(calendar: HolidayCalendar) -> None:
    at = utc("2026-01-15T10:30")
    kiritimati = Teammate("Kiritimati", "Pacific/Kiritimati")
    pago = Teammate("Pago Pago", "Pacific/Pago_Pago")
    seen_from_pago = teammate_status(kiritimati, at, viewer_zone="Pacific/Pago_Pago", calendar=calendar)
    seen_from_kiritimati = teammate_status(pago, at, viewer_zone="Pacific/Kiritimati", calendar=calendar)
    assert (seen_from_pago.day_offset, seen_from_kiritimati.day_offset) == (2, -2)
    assert (seen_from_pago.utc_offset_minutes, seen_from_kiritimati.utc_offset_minutes) == (840, -660)


def test_teammate_without_hours_has_no_shift(calendar: HolidayCalendar) -> None:
    idle = Teammate("Idle", "Asia/Kathmandu")
    found = teammate_status(idle, utc("2026-03-09T06:00"), viewer_zone="Etc/UTC", calendar=calendar)
    assert (found.status, found.shift_start, found.shift_end, found.next_cutoff) == (
        Status.OFF,
        None,
        None,
        None,
    )
    assert found.utc_offset_minutes == 345
    assert current_or_next_shift(idle, utc("2026-03-09T06:00"), calendar=calendar) is None
    assert next_shift_start(idle, utc("2026-03-09T06:00"), calendar=calendar) is None
    assert next_cutoff(idle, utc("2026-03-09T06:00"), calendar=calendar) is None
    assert SEARCH_DAYS >= 366


def test_next_shift_and_cutoff_helpers(calendar: HolidayCalendar) -> None:
    eucla = Teammate("Eucla", "Australia/Eucla", hours=weekdays(OFFICE), cutoff_minutes=45)
    at = utc("2026-03-09T03:00")  # Monday 11:45 in Eucla (+08:45)
    current = current_or_next_shift(eucla, at, calendar=calendar)
    assert current is not None and at in current
    upcoming = next_shift_start(eucla, at, calendar=calendar)
    assert upcoming is not None and upcoming.start == utc("2026-03-10T00:15")
    assert next_cutoff(eucla, at, calendar=calendar) == utc("2026-03-09T07:30")


def test_naive_instants_are_rejected(calendar: HolidayCalendar) -> None:
    with pytest.raises(ValueError, match="aware"):
        teammate_status(
            BERLIN, datetime.fromisoformat("2026-03-09T12:00"), viewer_zone="Etc/UTC", calendar=calendar
        )


def test_status_series_matches_teammate_status(calendar: HolidayCalendar) -> None:
    teammates = [BERLIN, night_worker("America/New_York"), night_worker("Australia/Lord_Howe")]
    instants = [utc("2026-03-27T00:00") + timedelta(minutes=37 * step) for step in range(400)]
    for teammate in teammates:
        series = status_series(teammate, instants, calendar=calendar)
        for at, sample in zip(instants, series, strict=True):
            single = teammate_status(teammate, at, viewer_zone="Etc/UTC", calendar=calendar)
            assert (sample.local_time, sample.status, sample.status_detail) == (
                single.local_time,
                single.status,
                single.status_detail,
            )
    assert len(status_series(BERLIN, [], calendar=calendar)) == 0


def test_status_series_crosses_a_relocation(calendar: HolidayCalendar) -> None:
    instants = [utc("2027-02-01T04:59"), utc("2027-02-01T05:00")]
    first, second = status_series(BERLIN, instants, calendar=calendar)
    assert first.local_time.utcoffset() == timedelta(hours=1)
    assert second.local_time.utcoffset() == timedelta(hours=-5)


def test_instants_in_any_zone_mean_the_same_moment(calendar: HolidayCalendar) -> None:
    at = utc("2026-03-09T12:00")
    in_tokyo = at.astimezone(zone("Asia/Tokyo"))
    assert teammate_status(BERLIN, in_tokyo, viewer_zone="Etc/UTC", calendar=calendar) == teammate_status(
        BERLIN, at, viewer_zone="Etc/UTC", calendar=calendar
    )
    assert status_series(BERLIN, [in_tokyo], calendar=calendar) == status_series(
        BERLIN, [at], calendar=calendar
    )
