"""Team answers: who is on now, who comes online next, coverage gaps, overlaps, offset changes.

Pure functions over (roster, instant or range).  All instants are aware datetimes in UTC; ranges
are half-open [start, end).  The per-teammate rules (shifts, DST, status) are those of
``app.timeline.engine``.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from app.timeline.engine import (
    Status,
    TeammateStatus,
    current_or_next_shift,
    next_shift_start,
    shifts_between,
    teammate_status,
)
from app.timeline.holiday_calendar import HolidayCalendar
from app.timeline.local_time import day_start, offset_minutes, offset_transitions, relocation_instants
from app.timeline.roster import Roster, Teammate
from app.timeline.zones import zone


@dataclass(frozen=True, order=True)
class Interval:
    """A half-open span [start, end) of aware UTC instants."""

    start: datetime
    end: datetime

    @property
    def minutes(self) -> int:
        """Length in whole minutes."""
        return int((self.end - self.start).total_seconds() // 60)


@dataclass(frozen=True)
class NextOnline:
    """``name`` starts a shift at ``at`` (aware UTC)."""

    name: str
    at: datetime


@dataclass(frozen=True)
class OffsetChange:
    """The teammate's UTC offset moves from ``from_minutes`` to ``to_minutes`` at ``at`` (aware UTC).

    ``reason`` is ``"dst"`` for a tzdata transition in their zone, ``"relocation"`` for a move.
    """

    name: str
    at: datetime
    from_minutes: int
    to_minutes: int
    zone: str
    reason: str


@dataclass(frozen=True)
class TeamSnapshot:
    """Everything ``baton timeline`` shows: statuses plus team answers over ``[at, at + window)``."""

    at: datetime
    viewer_zone: str
    teammates: tuple[TeammateStatus, ...]
    on_now: tuple[str, ...]
    next_online: tuple[NextOnline, ...]
    coverage_gaps: tuple[Interval, ...]
    offset_changes: tuple[OffsetChange, ...]


def _merge(spans: Iterable[Interval]) -> list[Interval]:
    merged: list[Interval] = []
    for span in sorted(spans):
        if merged and span.start <= merged[-1].end:
            if span.end > merged[-1].end:
                merged[-1] = Interval(merged[-1].start, span.end)
        else:
            merged.append(span)
    return merged


def working_spans(
    teammate: Teammate, start: datetime, end: datetime, *, calendar: HolidayCalendar
) -> list[Interval]:
    """Merged working time of one teammate clipped to [start, end) (aware UTC), sorted."""
    start, end = start.astimezone(UTC), end.astimezone(UTC)
    shifts = shifts_between(teammate, start, end, calendar=calendar)
    return _merge(Interval(max(s.start, start), min(s.end, end)) for s in shifts)


def on_now(roster: Roster, at: datetime, *, calendar: HolidayCalendar) -> tuple[str, ...]:
    """Names of teammates inside a shift at aware instant ``at``, in roster order."""
    at = at.astimezone(UTC)
    names = []
    for teammate in roster.teammates:
        shift = current_or_next_shift(teammate, at, calendar=calendar)
        if shift is not None and at in shift:
            names.append(teammate.name)
    return tuple(names)


def next_online(
    roster: Roster, at: datetime, *, calendar: HolidayCalendar, hours: float = 24
) -> tuple[NextOnline, ...]:
    """The follow-the-sun chain: each teammate's next shift start in (at, at + hours], by time.

    One entry per teammate (also for those working now: their following shift); ties keep roster
    order.
    """
    at = at.astimezone(UTC)
    limit = at + timedelta(hours=hours)
    chain = []
    for teammate in roster.teammates:
        shift = next_shift_start(teammate, at, calendar=calendar)
        if shift is not None and shift.start <= limit:
            chain.append(NextOnline(teammate.name, shift.start))
    return tuple(sorted(chain, key=lambda entry: entry.at))


def coverage_gaps(
    roster: Roster, start: datetime, end: datetime, *, calendar: HolidayCalendar
) -> tuple[Interval, ...]:
    """Intervals within [start, end) (aware) when nobody on the roster is working."""
    start, end = start.astimezone(UTC), end.astimezone(UTC)
    covered = _merge(
        span
        for teammate in roster.teammates
        for span in working_spans(teammate, start, end, calendar=calendar)
    )
    gaps, cursor = [], start
    for span in covered:
        if span.start > cursor:
            gaps.append(Interval(cursor, span.start))
        cursor = max(cursor, span.end)
    if cursor < end:
        gaps.append(Interval(cursor, end))
    return tuple(gaps)


def overlap_windows(
    teammates: Sequence[Teammate], start: datetime, end: datetime, *, calendar: HolidayCalendar
) -> tuple[Interval, ...]:
    """Intervals within [start, end) when every one of ``teammates`` is working (empty set: none)."""
    if not teammates:
        return ()
    common = working_spans(teammates[0], start, end, calendar=calendar)
    for teammate in teammates[1:]:
        other = working_spans(teammate, start, end, calendar=calendar)
        common = [
            Interval(max(a.start, b.start), min(a.end, b.end))
            for a in common
            for b in other
            if max(a.start, b.start) < min(a.end, b.end)
        ]
    return tuple(common)


def overlap_minutes_by_day(
    teammates: Sequence[Teammate], first_day: date, days: int, *, viewer_zone: str, calendar: HolidayCalendar
) -> tuple[tuple[date, int], ...]:
    """Minutes all ``teammates`` overlap on each of ``days`` local dates of ``viewer_zone``.

    Shows how DST changes move overlaps: Europe/Berlin and America/New_York 09:00-17:00 overlap
    120 minutes a day, but 180 while the US is on DST and the EU not yet (2026-03-09..27).
    """
    tz = zone(viewer_zone)
    result = []
    for offset in range(days):
        day = first_day + timedelta(days=offset)
        start, end = day_start(day, tz), day_start(day + timedelta(days=1), tz)
        windows = overlap_windows(teammates, start, end, calendar=calendar)
        result.append((day, sum(window.minutes for window in windows)))
    return tuple(result)


def offset_changes(roster: Roster, start: datetime, end: datetime) -> tuple[OffsetChange, ...]:
    """UTC-offset changes in [start, end) for every teammate (DST and relocations), by time."""
    start, end = start.astimezone(UTC), end.astimezone(UTC)
    changes: list[OffsetChange] = []
    for teammate in roster.teammates:
        boundaries = relocation_instants(teammate)
        for index, (since, zone_name) in enumerate(boundaries):
            until = boundaries[index + 1][0] if index + 1 < len(boundaries) else end
            tz = zone(zone_name)
            if max(since, start) < min(until, end):
                changes.extend(
                    OffsetChange(teammate.name, at, before, after, zone_name, "dst")
                    for at, before, after in offset_transitions(tz, max(since, start), min(until, end))
                )
            if index and start <= since < end:
                before = offset_minutes(since, zone(boundaries[index - 1][1]))
                after = offset_minutes(since, tz)
                if before != after:
                    changes.append(OffsetChange(teammate.name, since, before, after, zone_name, "relocation"))
    return tuple(sorted(changes, key=lambda change: (change.at, change.name)))


def team_snapshot(
    roster: Roster,
    at: datetime,
    *,
    viewer_zone: str,
    calendar: HolidayCalendar,
    hours: float = 24,
    offset_change_days: float = 14,
) -> TeamSnapshot:
    """Statuses at ``at``, the next-online chain and coverage gaps in the next ``hours``, and
    UTC-offset changes (DST, relocations) in the next ``offset_change_days`` days: a warning
    about next week's clock change is useful long before it falls inside the chain's window."""
    at = at.astimezone(UTC)
    end = at + timedelta(hours=hours)
    statuses = tuple(
        teammate_status(teammate, at, viewer_zone=viewer_zone, calendar=calendar)
        for teammate in roster.teammates
    )
    return TeamSnapshot(
        at=at,
        viewer_zone=viewer_zone,
        teammates=statuses,
        on_now=tuple(s.name for s in statuses if s.status is Status.WORKING),
        next_online=next_online(roster, at, calendar=calendar, hours=hours),
        coverage_gaps=coverage_gaps(roster, at, end, calendar=calendar),
        offset_changes=offset_changes(roster, at, at + timedelta(days=offset_change_days)),
    )


def local_midnight(day: date, zone_name: str) -> datetime:
    """Aware UTC instant when local date ``day`` starts in ``zone_name`` (for range pickers)."""
    return day_start(day, zone(zone_name))
