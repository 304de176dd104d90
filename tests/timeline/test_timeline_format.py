"""Localized display through babel (CLDR): clocks, dates, weekdays, zone labels."""

from datetime import UTC, date, datetime

import pytest

from app.timeline.format import (
    HourCycle,
    format_clock,
    format_day,
    format_day_offset,
    format_long_date,
    format_utc_offset,
    weekday_name,
    zone_label,
)

AT = datetime(2026, 1, 15, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("zone", "locale", "cycle", "expected"),
    [
        ("Asia/Kolkata", "en_US", HourCycle.LOCALE, "5:30\u202fPM"),  # CLDR 42+ narrow no-break space
        ("Asia/Kolkata", "de_DE", HourCycle.LOCALE, "17:30"),
        ("Asia/Kolkata", "en_US", HourCycle.H24, "17:30"),
        ("Asia/Kathmandu", "de_DE", HourCycle.H12, "5:45\u202fPM"),
        ("Australia/Eucla", "en_GB", HourCycle.LOCALE, "20:45"),
        ("Pacific/Chatham", "en_US", HourCycle.H24, "01:45"),  # +13:45 in January (DST)
    ],
)
def test_format_clock(zone: str, locale: str, cycle: HourCycle, expected: str) -> None:
    assert format_clock(AT, zone, locale, hour_cycle=cycle).replace(" ", "\u202f") == expected


def test_format_day_and_weekday() -> None:
    assert format_day(AT, "Pacific/Kiritimati", "en_US") == "Fri, Jan 16"
    assert format_day(AT, "Pacific/Pago_Pago", "de_DE") == "Do., 15. Jan."
    assert weekday_name(0, "de_DE") == "Montag"
    assert weekday_name(6, "en_US", width="abbreviated") == "Sun"
    assert format_long_date(date(2026, 1, 15), "en_US") == "January 15, 2026"


@pytest.mark.parametrize(
    ("zone", "locale", "expected"),
    [
        # "IST" alone would be India, Ireland or Israel: the label names the place and the offset
        # (location names are CLDR data as shipped in babel 2.18)
        ("Asia/Kolkata", "en_US", "India Time (GMT+05:30)"),
        # "CST" alone would be China, Cuba or US Central
        ("America/Chicago", "en_US", "United States (Chicago) Time (GMT-06:00)"),
        ("Asia/Shanghai", "en_US", "China (Shanghai) Time (GMT+08:00)"),
        ("America/Havana", "en_US", "Cuba Time (GMT-05:00)"),
        ("Europe/Berlin", "de_DE", "Deutschland (Berlin) (Ortszeit) (GMT+01:00)"),
        ("Etc/UTC", "en_US", "UTC"),
    ],
)
def test_zone_label_is_never_a_bare_abbreviation(zone: str, locale: str, expected: str) -> None:
    label = zone_label(AT, zone, locale)
    assert label == expected
    assert label not in {"IST", "CST", "EST", "BST"}


@pytest.mark.parametrize(
    ("minutes", "expected"),
    [
        (0, "UTC"),
        (330, "UTC+05:30"),
        (345, "UTC+05:45"),
        (-660, "UTC−11:00"),
        (840, "UTC+14:00"),
        (-570, "UTC−09:30"),
    ],
)
def test_format_utc_offset(minutes: int, expected: str) -> None:
    assert format_utc_offset(minutes) == expected


def test_format_day_offset() -> None:
    assert [format_day_offset(days) for days in (-2, -1, 0, 1)] == ["−2", "−1", "", "+1"]


def test_naive_instants_are_rejected() -> None:
    with pytest.raises(ValueError, match="aware"):
        format_clock(datetime.fromisoformat("2026-01-15T12:00"), "Asia/Kolkata", "en_US")
