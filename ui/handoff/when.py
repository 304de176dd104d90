"""Instants as the handoff views show them: in the reader's zones, formatted by babel.

Plain functions over aware datetimes; the rules (which zones, which order) come from
:func:`app.handoff.render.format_instant`.
"""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import QDateTime, QTimeZone

from app.handoff.render import format_instant


def in_zones(at: datetime | None, zones: list[str], locale: str) -> str:
    """``at`` in each zone (first one with its date), ``""`` for ``None``:
    ``"Tue, Nov 24, 6:00 PM Tokyo (10:00 AM Berlin)"``."""
    return "" if at is None else format_instant(at, zones, locale)


def countdown(until: datetime, now: datetime) -> str:
    """A short duration from aware ``now`` to ``until``: ``"in 2 h 05 min"``, ``"in 4 min"``,
    ``"12 min ago"``; minutes rounded towards the cutoff side."""
    seconds = (until - now).total_seconds()
    minutes = int(abs(seconds) // 60)
    hours, rest = divmod(minutes, 60)
    text = f"{hours} h {rest:02d} min" if hours else f"{rest} min"
    return f"in {text}" if seconds >= 0 else f"{text} ago"


def to_qdatetime(at: datetime, zone_name: str) -> QDateTime:
    """Aware ``at`` as a QDateTime in the IANA zone ``zone_name`` (never through naive wall
    time: ``QDateTime(aware)`` drops the zone, see TESTBEDS)."""
    millis = round(at.timestamp() * 1000)
    return QDateTime.fromMSecsSinceEpoch(millis, QTimeZone(zone_name.encode()))


def from_qdatetime(value: QDateTime) -> datetime:
    """A QDateTime (any zone) as an aware UTC datetime, to the minute."""
    at = datetime.fromtimestamp(value.toMSecsSinceEpoch() / 1000, UTC)
    return at.replace(second=0, microsecond=0)
