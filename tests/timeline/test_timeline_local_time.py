"""DST rules: wall-clock times to UTC instants, offsets and transitions (table tests).

Expected values come from the tzdata rules (Zone/Rule lines of the named region files) and
agree with timeanddate.com's "Time Zone News" / DST pages for the same dates.
"""

from datetime import UTC, date, datetime, timedelta

import pytest

from app.timeline.local_time import (
    Edge,
    day_start,
    is_ambiguous,
    is_nonexistent,
    offset_minutes,
    offset_transitions,
    relocation_instants,
    wall_to_utc,
    zone_name_at,
)
from app.timeline.roster import Relocation, Teammate
from app.timeline.zones import zone


def utc(text: str) -> datetime:
    """Aware UTC datetime from ``YYYY-MM-DDTHH:MM``."""
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def wall(text: str) -> datetime:
    """Naive local wall-clock datetime."""
    return datetime.fromisoformat(text)


@pytest.mark.parametrize(
    ("zone_name", "local", "edge", "expected"),
    [
        # US: DST starts 2nd Sunday of March 02:00 EST -> 03:00 EDT (tzdata Rule US 2007 max Mar Sun>=8)
        ("America/New_York", "2026-03-08T02:30", Edge.START, "2026-03-08T07:00"),
        ("America/New_York", "2026-03-08T02:30", Edge.END, "2026-03-08T07:00"),
        ("America/New_York", "2026-03-08T03:00", Edge.START, "2026-03-08T07:00"),
        # US: DST ends 1st Sunday of November 02:00 EDT -> 01:00 EST; 01:30 happens twice
        ("America/New_York", "2026-11-01T01:30", Edge.START, "2026-11-01T05:30"),
        ("America/New_York", "2026-11-01T01:30", Edge.END, "2026-11-01T06:30"),
        # EU: last Sunday of March 01:00 UTC (Rule EU 1981 max Mar lastSun 1:00u)
        ("Europe/Berlin", "2026-03-29T02:15", Edge.START, "2026-03-29T01:00"),
        ("Europe/Berlin", "2026-10-25T02:30", Edge.START, "2026-10-25T00:30"),
        ("Europe/Berlin", "2026-10-25T02:30", Edge.END, "2026-10-25T01:30"),
        # Lord Howe: 30-minute DST, 1st Sunday Oct 02:00 -> 02:30 and 1st Sunday Apr 02:00 -> 01:30
        ("Australia/Lord_Howe", "2026-10-04T02:10", Edge.START, "2026-10-03T15:30"),
        ("Australia/Lord_Howe", "2026-04-05T01:45", Edge.START, "2026-04-04T14:45"),
        ("Australia/Lord_Howe", "2026-04-05T01:45", Edge.END, "2026-04-04T15:15"),
        # Southern hemisphere: Sydney DST ends 1st Sunday April 03:00 AEDT -> 02:00 AEST
        ("Australia/Sydney", "2026-04-05T02:30", Edge.START, "2026-04-04T15:30"),
        ("Australia/Sydney", "2026-04-05T02:30", Edge.END, "2026-04-04T16:30"),
        ("Australia/Sydney", "2026-10-04T02:30", Edge.START, "2026-10-03T16:00"),
        # Samoa skipped Friday 2011-12-30 entirely (-10 -> +14 at 2011-12-30T10:00Z)
        ("Pacific/Apia", "2011-12-30T09:00", Edge.START, "2011-12-30T10:00"),
        ("Pacific/Apia", "2011-12-30T23:59", Edge.END, "2011-12-30T10:00"),
        ("Pacific/Apia", "2011-12-31T00:00", Edge.START, "2011-12-30T10:00"),
        ("Pacific/Apia", "2011-12-29T23:00", Edge.START, "2011-12-30T09:00"),
        # half- and quarter-hour offsets, no DST
        ("Asia/Kolkata", "2026-03-08T09:00", Edge.START, "2026-03-08T03:30"),
        ("Asia/Kathmandu", "2026-03-08T09:00", Edge.START, "2026-03-08T03:15"),
        ("Australia/Eucla", "2026-03-08T09:00", Edge.START, "2026-03-08T00:15"),
        # Chatham +12:45 standard, +13:45 DST (last Sunday Sep 02:45 -> 03:45)
        ("Pacific/Chatham", "2026-09-27T03:00", Edge.START, "2026-09-26T14:00"),
        ("Pacific/Chatham", "2026-07-01T09:00", Edge.START, "2026-06-30T20:15"),
    ],
)
def test_wall_to_utc_follows_the_documented_dst_rules(
    zone_name: str, local: str, edge: Edge, expected: str
) -> None:
    assert wall_to_utc(wall(local), zone(zone_name), edge) == utc(expected)


@pytest.mark.parametrize(
    ("zone_name", "local", "nonexistent", "ambiguous"),
    [
        ("America/New_York", "2026-03-08T02:30", True, False),
        ("America/New_York", "2026-11-01T01:30", False, True),
        ("America/New_York", "2026-11-01T02:30", False, False),
        ("Australia/Lord_Howe", "2026-10-04T02:29", True, False),
        ("Australia/Lord_Howe", "2026-10-04T02:30", False, False),
        ("Pacific/Apia", "2011-12-30T12:00", True, False),
    ],
)
def test_gap_and_fold_detection(zone_name: str, local: str, nonexistent: bool, ambiguous: bool) -> None:
    assert is_nonexistent(wall(local), zone(zone_name)) is nonexistent
    assert is_ambiguous(wall(local), zone(zone_name)) is ambiguous


def test_extreme_offsets_at_the_same_instant() -> None:
    # Kiritimati is UTC+14 (since 1995-01-01), Pago Pago UTC-11: 25 hours and two calendar days apart
    at = utc("2026-01-15T10:30")
    kiritimati, pago = at.astimezone(zone("Pacific/Kiritimati")), at.astimezone(zone("Pacific/Pago_Pago"))
    assert (
        offset_minutes(at, zone("Pacific/Kiritimati")),
        offset_minutes(at, zone("Pacific/Pago_Pago")),
    ) == (
        840,
        -660,
    )
    assert kiritimati.replace(tzinfo=None) == wall("2026-01-16T00:30")
    assert pago.replace(tzinfo=None) == wall("2026-01-14T23:30")
    assert (kiritimati.date() - pago.date()).days == 2


@pytest.mark.parametrize(
    ("zone_name", "start", "end", "expected"),
    [
        # US and EU change on different Sundays: 2026-03-08 vs 2026-03-29, 2026-11-01 vs 2026-10-25
        ("America/New_York", "2026-03-01", "2026-04-01", [("2026-03-08T07:00", -300, -240)]),
        ("Europe/Berlin", "2026-03-01", "2026-04-01", [("2026-03-29T01:00", 60, 120)]),
        ("Europe/Berlin", "2026-10-01", "2026-11-15", [("2026-10-25T01:00", 120, 60)]),
        ("America/New_York", "2026-10-01", "2026-11-15", [("2026-11-01T06:00", -240, -300)]),
        # Mexico abolished DST: last change 2022-10-30 (tzdata 2022f), none afterwards
        ("America/Mexico_City", "2022-10-01", "2022-11-01", [("2022-10-30T07:00", -300, -360)]),
        ("America/Mexico_City", "2023-01-01", "2027-01-01", []),
        # Lord Howe moves by 30 minutes
        (
            "Australia/Lord_Howe",
            "2026-01-01",
            "2026-12-31",
            [("2026-04-04T15:00", 660, 630), ("2026-10-03T15:30", 630, 660)],
        ),
        # Samoa jumped across the date line by 24 hours
        ("Pacific/Apia", "2011-12-01", "2012-01-01", [("2011-12-30T10:00", -600, 840)]),
        # Kathmandu moved from +05:30 to +05:45 on 1986-01-01
        ("Asia/Kathmandu", "1985-06-01", "1986-06-01", [("1985-12-31T18:30", 330, 345)]),
        ("Asia/Kolkata", "2020-01-01", "2027-01-01", []),
    ],
)
def test_offset_transitions(
    zone_name: str, start: str, end: str, expected: list[tuple[str, int, int]]
) -> None:
    found = offset_transitions(zone(zone_name), utc(start), utc(end))
    assert found == [(utc(at), before, after) for at, before, after in expected]


def test_offset_transition_exactly_at_the_range_end_is_excluded() -> None:
    assert offset_transitions(zone("America/New_York"), utc("2026-03-01"), utc("2026-03-08T07:00")) == []


def test_day_start_of_a_skipped_day_is_the_transition() -> None:
    assert day_start(date(2011, 12, 30), zone("Pacific/Apia")) == utc("2011-12-30T10:00")
    assert day_start(date(2011, 12, 31), zone("Pacific/Apia")) == utc("2011-12-30T10:00")


def test_relocations_take_effect_at_local_midnight_in_the_new_zone() -> None:
    mover = Teammate(
        "Mover", "Europe/Berlin", relocations=(Relocation(date(2027, 2, 1), "America/New_York"),)
    )
    (home_since, home), (moved_at, moved) = relocation_instants(mover)
    assert (home, moved) == ("Europe/Berlin", "America/New_York")
    assert home_since < utc("1900-01-01")
    assert moved_at == utc("2027-02-01T05:00")
    assert zone_name_at(mover, moved_at - timedelta(seconds=1)) == "Europe/Berlin"
    assert zone_name_at(mover, moved_at) == "America/New_York"
