"""Wall-clock rules to UTC instants, and UTC instants back to local time.

DST rules (tzdata behaviour as exposed by ``zoneinfo``; PEP 495 ``fold``):

* A local time that does not exist (clocks spring forward over it) resolves to the first valid
  instant after the gap, i.e. the transition itself: 02:30 on 2026-03-08 in America/New_York is
  03:00 EDT (07:00Z).  This holds for starts and ends alike, and for whole skipped days (Samoa,
  Pacific/Apia, jumped from 2011-12-29 24:00 -10:00 to 2011-12-31 00:00 +14:00).
* A local time that happens twice (clocks fall back) is the first occurrence (``fold=0``) when it
  starts something and the last occurrence (``fold=1``) when it ends something: a shift ending at
  01:30 on 2026-11-01 in America/New_York ends at 01:30 EST (06:30Z).
* Everything else is exact.  All instants are aware datetimes in UTC.
"""

import math
from datetime import UTC, date, datetime, time, timedelta
from enum import Enum
from zoneinfo import ZoneInfo

from app.timeline.roster import Teammate
from app.timeline.zones import zone

_DAY = timedelta(days=1)
_EPOCH = datetime(1970, 1, 1)  # noqa: DTZ001 (naive on purpose: wall-clock arithmetic)
_EPOCH_UTC = datetime(1970, 1, 1, tzinfo=UTC)


class Edge(Enum):
    """Which end of a span a wall-clock time marks; decides how an ambiguous time resolves."""

    START = "start"
    END = "end"


def _transition_between(before: datetime, after: datetime, tz: ZoneInfo) -> datetime:
    """First instant in (before, after] whose UTC offset equals ``after``'s (one change between)."""
    target = after.astimezone(tz).utcoffset()
    low, high = math.floor(before.timestamp()), math.floor(after.timestamp())
    while high - low > 1:
        middle = (low + high) // 2
        if datetime.fromtimestamp(middle, tz).utcoffset() == target:
            high = middle
        else:
            low = middle
    return datetime.fromtimestamp(high, UTC)


def wall_to_utc(wall: datetime, tz: ZoneInfo, edge: Edge) -> datetime:
    """UTC instant (aware) for naive local ``wall`` time in ``tz``, applying the DST rules above.

    Fast path: when the UTC offset is the same a day before and a day after (no transition near;
    the closest pair of offset changes in tzdata since 1970 is 167 h apart), the answer is
    ``wall - offset``; otherwise ``exact_wall_to_utc`` resolves the gap or fold.
    """
    offset = tz.utcoffset(wall)
    if tz.utcoffset(wall - _DAY) == offset == tz.utcoffset(wall + _DAY) and offset is not None:
        return _EPOCH_UTC + (wall - _EPOCH - offset)
    return exact_wall_to_utc(wall, tz, edge)


def exact_wall_to_utc(wall: datetime, tz: ZoneInfo, edge: Edge) -> datetime:
    """``wall_to_utc`` without the fast path: resolves both folds (PEP 495) every time."""
    first = wall.replace(tzinfo=tz, fold=0).astimezone(UTC)
    second = wall.replace(tzinfo=tz, fold=1).astimezone(UTC)
    if first == second:
        return first
    if first < second:  # ambiguous: both exist, first is the earlier occurrence
        return first if edge is Edge.START else second
    return _transition_between(second, first, tz)  # nonexistent: second < gap < first


def is_nonexistent(wall: datetime, tz: ZoneInfo) -> bool:
    """True when naive local ``wall`` time is skipped in ``tz`` (inside a spring-forward gap)."""
    return wall.replace(tzinfo=tz, fold=0).astimezone(UTC).astimezone(tz).replace(tzinfo=None) != wall


def is_ambiguous(wall: datetime, tz: ZoneInfo) -> bool:
    """True when naive local ``wall`` time happens twice in ``tz`` (inside a fall-back overlap)."""
    first = wall.replace(tzinfo=tz, fold=0).astimezone(UTC)
    second = wall.replace(tzinfo=tz, fold=1).astimezone(UTC)
    return first < second


def day_start(day: date, tz: ZoneInfo) -> datetime:
    """UTC instant at which local date ``day`` begins in ``tz`` (first valid instant of the day)."""
    return wall_to_utc(datetime.combine(day, time()), tz, Edge.START)


def relocation_instants(teammate: Teammate) -> tuple[tuple[datetime, str], ...]:
    """``(UTC instant, zone name)`` from which each zone applies, starting with the home zone.

    A relocation takes effect at local midnight of its start date in the new zone.
    """
    changes = [(datetime.min.replace(tzinfo=UTC), teammate.zone)]
    for relocation in teammate.relocations:
        changes.append((day_start(relocation.start, zone(relocation.zone)), relocation.zone))
    return tuple(changes)


def zone_name_at(teammate: Teammate, at: datetime) -> str:
    """IANA zone name the teammate is in at aware instant ``at`` (relocations applied)."""
    current = teammate.zone
    for start, name in relocation_instants(teammate):
        if start <= at:
            current = name
    return current


def offset_minutes(at: datetime, tz: ZoneInfo) -> int:
    """UTC offset of ``tz`` at aware instant ``at``, in whole minutes (east of UTC positive)."""
    offset = at.astimezone(tz).utcoffset()
    assert offset is not None
    return int(offset.total_seconds() // 60)


def offset_transitions(
    tz: ZoneInfo, start: datetime, end: datetime, *, step: timedelta = timedelta(hours=1)
) -> list[tuple[datetime, int, int]]:
    """UTC-offset changes of ``tz`` in [start, end): ``(aware UTC instant, from, to)`` in minutes.

    Samples every ``step`` and bisects to the second, so two changes closer than ``step`` would
    be missed (none exists in tzdata since 1970 within an hour).
    """
    changes: list[tuple[datetime, int, int]] = []
    previous_at, previous = start, offset_minutes(start, tz)
    probe = start
    while probe < end:
        probe = min(probe + step, end)
        current = offset_minutes(probe, tz)
        if current != previous:
            at = _transition_between(previous_at, probe, tz)
            if at < end:
                changes.append((at, previous, current))
            previous = current
        previous_at = probe
    return changes
