"""Localized display of engine answers through babel (CLDR data) for the viewer's locale.

Never shows a bare zone abbreviation: "IST" is India, Ireland or Israel and "CST" is China, Cuba
or the US Central zone.  Zones are shown by CLDR location ("India Time") together with the
numeric GMT offset ("GMT+05:30").  Clock style follows the locale (CLDR short time pattern)
unless the caller passes an ``HourCycle`` setting.
"""

from datetime import date, datetime
from typing import Literal

from app.domain import HourCycle
from app.timeline.zones import zone

# babel (CLDR data, ~12 ms to import) loads on the first formatted value, not with this module:
# the window's first paint imports this module but formats nothing before the roster is shown.


__all__ = [
    "HourCycle",
    "format_clock",
    "format_day",
    "format_day_offset",
    "format_long_date",
    "format_utc_offset",
    "weekday_name",
    "zone_label",
]


def _local(at: datetime, zone_name: str) -> datetime:
    if at.tzinfo is None:
        raise ValueError("instants must be aware datetimes")
    return at.astimezone(zone(zone_name))


def format_utc_offset(minutes: int) -> str:
    """``330`` -> ``"UTC+05:30"``, ``-660`` -> ``"UTC−11:00"`` (U+2212 minus), ``0`` -> ``"UTC"``."""
    if minutes == 0:
        return "UTC"
    sign = "+" if minutes > 0 else "−"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours:02d}:{rest:02d}"


def format_clock(
    at: datetime, zone_name: str, locale: str, *, hour_cycle: HourCycle = HourCycle.LOCALE
) -> str:
    """Local time of aware ``at`` in ``zone_name`` for ``locale``: ``"5:30 PM"`` or ``"17:30"``."""
    local = _local(at, zone_name)
    pattern = {HourCycle.LOCALE: "short", HourCycle.H12: "h:mm a", HourCycle.H24: "HH:mm"}[hour_cycle]
    from babel.dates import format_time  # noqa: PLC0415 (see the imports)

    return format_time(local, pattern, tzinfo=local.tzinfo, locale=locale)


def format_day(at: datetime, zone_name: str, locale: str) -> str:
    """Local weekday and date of aware ``at``: ``"Thu, Jan 15"`` (en_US), ``"Do., 15. Jan."`` (de)."""
    local = _local(at, zone_name)
    from babel.dates import format_skeleton  # noqa: PLC0415

    return format_skeleton("MMMEd", local, tzinfo=local.tzinfo, locale=locale)


def format_long_date(day: date, locale: str) -> str:
    """A calendar date in the locale's long form: ``"January 15, 2026"``, ``"15. Januar 2026"``."""
    from babel.dates import format_date  # noqa: PLC0415

    return format_date(day, "long", locale=locale)


def weekday_name(
    weekday: int, locale: str, *, width: Literal["abbreviated", "narrow", "short", "wide"] = "wide"
) -> str:
    """Localized name of weekday index ``weekday`` (Monday = 0); width wide, abbreviated or narrow."""
    from babel.dates import get_day_names  # noqa: PLC0415

    return str(get_day_names(width, locale=locale)[weekday])


def zone_label(at: datetime, zone_name: str, locale: str) -> str:
    """Unambiguous zone name at aware ``at``: CLDR location plus GMT offset.

    ``"India Time (GMT+05:30)"``, ``"Vereinigte Staaten (Chicago) (Ortszeit) (GMT-06:00)"``;
    ``Etc/UTC`` is just ``"UTC"``.
    """
    from babel import Locale  # noqa: PLC0415
    from babel.dates import get_timezone_location  # noqa: PLC0415

    if zone_name == "Etc/UTC":
        return "UTC"
    local = _local(at, zone_name)
    location = get_timezone_location(local.tzinfo, locale=locale)
    offset = local.utcoffset()
    assert offset is not None
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    gmt = Locale.parse(locale).zone_formats["gmt"] % f"{sign}{hours:02d}:{rest:02d}"
    return f"{location} ({gmt})"


def format_day_offset(days: int) -> str:
    """Calendar-day difference as a compact badge: ``""`` for 0, ``"+1"``, ``"−1"`` (U+2212)."""
    if days == 0:
        return ""
    return f"+{days}" if days > 0 else f"−{abs(days)}"
