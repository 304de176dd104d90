"""Per-teammate answers for an instant: local time, UTC offset, status, shift and handoff cutoff.

Pure functions over (teammate or roster, instant).  Instants are aware datetimes (returned in
UTC); the clock is never read here — callers pass ``at``.

Rules:

* Shifts are wall-clock rules, never durations.  A rule on local date D becomes a UTC span with
  ``local_time.wall_to_utc`` (nonexistent times -> first valid instant after the gap; ambiguous
  times -> first occurrence for a start, last occurrence for an end), so a night shift across a
  DST change is as long as the wall clock says (22:00-06:00 is 7 h on a spring-forward night and
  9 h on a fall-back night).  A span that collapses to nothing (a day that did not exist, such as
  2011-12-30 in Pacific/Apia) is dropped.
* A shift belongs to the local day it starts on, in the zone in effect that day (relocations).
  No shift starts on a weekend day, an away day or a public holiday of the teammate's region.
* Status at an instant: ``working`` inside a shift; otherwise by the local date: ``away`` before
  ``holiday`` before ``weekend`` before ``off``.
* The handoff cutoff of a shift is ``cutoff_minutes`` before its end, never before its start.
"""

import bisect
import operator
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from typing import NamedTuple

from app.timeline.holiday_calendar import HolidayCalendar
from app.timeline.local_time import Edge, offset_minutes, relocation_instants, wall_to_utc, zone_name_at
from app.timeline.roster import Teammate
from app.timeline.zones import zone

SEARCH_DAYS = 400
"""How many local days ahead the engine looks for a next shift before giving up."""


class Status(StrEnum):
    """A teammate's availability at an instant."""

    WORKING = "working"
    OFF = "off"
    WEEKEND = "weekend"
    HOLIDAY = "holiday"
    AWAY = "away"


@dataclass(frozen=True)
class Shift:
    """One concrete shift: ``start``/``end``/``cutoff`` aware UTC, ``local_day`` it belongs to."""

    start: datetime
    end: datetime
    cutoff: datetime
    local_day: date
    zone: str

    def __contains__(self, at: object) -> bool:
        return isinstance(at, datetime) and self.start <= at < self.end


@dataclass(frozen=True)
class TeammateStatus:
    """Everything the timeline shows for one teammate at one instant.

    ``local_time`` is aware in the teammate's zone; ``utc_offset_minutes`` east of UTC;
    ``day_offset`` is local calendar date minus the viewer's (-1, 0, +1, rarely ±2);
    ``shift_start``/``shift_end`` are the current shift if working, else the next one (aware UTC,
    None when no shift within ``SEARCH_DAYS``); ``next_cutoff`` is the first cutoff at or after the
    instant (aware UTC or None).
    """

    name: str
    zone: str
    local_time: datetime
    utc_offset_minutes: int
    day_offset: int
    status: Status
    status_detail: str
    shift_start: datetime | None
    shift_end: datetime | None
    next_cutoff: datetime | None


def _as_utc(at: datetime) -> datetime:
    if at.tzinfo is UTC:
        return at
    if at.tzinfo is None:
        raise ValueError("instants must be aware datetimes")
    return at.astimezone(UTC)


def day_shifts(teammate: Teammate, day: date, *, calendar: HolidayCalendar) -> list[Shift]:
    """Shifts starting on local date ``day`` (empty on weekends, away days and holidays)."""
    if (
        day.weekday() in teammate.weekend
        or teammate.is_away(day)
        or calendar.holiday_name(teammate.holidays, day) is not None
    ):
        return []
    zone_name = teammate.zone_on(day)
    tz = zone(zone_name)
    midnight = datetime.combine(day, time())
    cutoff = timedelta(minutes=teammate.cutoff_minutes)
    shifts = []
    for rule in teammate.hours[day.weekday()]:
        start = wall_to_utc(midnight + timedelta(minutes=rule.start_minute), tz, Edge.START)
        end = wall_to_utc(midnight + timedelta(minutes=rule.end_minute), tz, Edge.END)
        if end > start:
            shifts.append(Shift(start, end, max(start, end - cutoff), day, zone_name))
    return shifts


def _local_date(teammate: Teammate, at: datetime) -> date:
    return at.astimezone(zone(zone_name_at(teammate, at))).date()


def shifts_between(
    teammate: Teammate, start: datetime, end: datetime, *, calendar: HolidayCalendar
) -> list[Shift]:
    """Shifts overlapping [start, end) (aware instants), sorted by start."""
    start, end = _as_utc(start), _as_utc(end)
    first = _local_date(teammate, start) - timedelta(days=2)
    last = _local_date(teammate, end) + timedelta(days=1)
    found: list[Shift] = []
    day = first
    while day <= last:
        found.extend(
            s for s in day_shifts(teammate, day, calendar=calendar) if s.end > start and s.start < end
        )
        day += timedelta(days=1)
    return sorted(found, key=lambda shift: shift.start)


def _upcoming(teammate: Teammate, at: datetime, calendar: HolidayCalendar) -> Iterable[Shift]:
    """Shifts that end after ``at``, in start order, lazily, for up to ``SEARCH_DAYS`` days."""
    day = _local_date(teammate, at) - timedelta(days=2)
    pending: list[Shift] = []
    for _ in range(SEARCH_DAYS):
        pending.extend(s for s in day_shifts(teammate, day, calendar=calendar) if s.end > at)
        pending.sort(key=lambda shift: shift.start)
        day += timedelta(days=1)
        # a shift starting on a later day starts after this day's local midnight
        horizon = wall_to_utc(datetime.combine(day, time()), zone(teammate.zone_on(day)), Edge.START)
        while pending and pending[0].start < horizon - timedelta(days=1):
            yield pending.pop(0)
    yield from pending


def current_or_next_shift(teammate: Teammate, at: datetime, *, calendar: HolidayCalendar) -> Shift | None:
    """The shift containing ``at``, else the next one to start (None if none within ``SEARCH_DAYS``)."""
    return next(iter(_upcoming(teammate, _as_utc(at), calendar)), None)


def next_shift_start(teammate: Teammate, at: datetime, *, calendar: HolidayCalendar) -> Shift | None:
    """The first shift starting strictly after aware instant ``at`` (None within ``SEARCH_DAYS``)."""
    at = _as_utc(at)
    return next((s for s in _upcoming(teammate, at, calendar) if s.start > at), None)


def next_cutoff(teammate: Teammate, at: datetime, *, calendar: HolidayCalendar) -> datetime | None:
    """First handoff cutoff at or after aware instant ``at`` (aware UTC, or None)."""
    at = _as_utc(at)
    return next((s.cutoff for s in _upcoming(teammate, at, calendar) if s.cutoff >= at), None)


def day_status(teammate: Teammate, day: date, calendar: HolidayCalendar) -> tuple[Status, str]:
    """Status of local date ``day`` outside shifts: away, then holiday (with its name), then
    weekend, else off; the second value is the detail shown beside it."""
    away = next((span for span in teammate.away if day in span), None)
    if away is not None:
        return Status.AWAY, f"away until {away.last.isoformat()}"
    holiday = calendar.holiday_name(teammate.holidays, day)
    if holiday is not None:
        return Status.HOLIDAY, holiday
    if day.weekday() in teammate.weekend:
        return Status.WEEKEND, ""
    return Status.OFF, ""


def teammate_status(
    teammate: Teammate, at: datetime, *, viewer_zone: str, calendar: HolidayCalendar
) -> TeammateStatus:
    """Local time, UTC offset, day offset from the viewer, status, shift and next cutoff at ``at``."""
    at = _as_utc(at)
    zone_name = zone_name_at(teammate, at)
    local = at.astimezone(zone(zone_name))
    viewer_day = at.astimezone(zone(viewer_zone)).date()
    upcoming = _upcoming(teammate, at, calendar)
    shift = next(iter(upcoming), None)
    if shift is not None and at in shift:
        status, detail = Status.WORKING, ""
    else:
        status, detail = day_status(teammate, local.date(), calendar)
    cutoff = shift.cutoff if shift is not None and shift.cutoff >= at else None
    if shift is not None and cutoff is None:
        cutoff = next((s.cutoff for s in upcoming if s.cutoff >= at), None)
    return TeammateStatus(
        name=teammate.name,
        zone=zone_name,
        local_time=local,
        utc_offset_minutes=offset_minutes(at, zone(zone_name)),
        day_offset=(local.date() - viewer_day).days,
        status=status,
        status_detail=detail,
        shift_start=None if shift is None else shift.start,
        shift_end=None if shift is None else shift.end,
        next_cutoff=cutoff,
    )


class Sample(NamedTuple):
    """Local time (aware, teammate's zone) and status of one teammate at one sampled instant."""

    local_time: datetime
    status: Status
    status_detail: str


@dataclass(frozen=True)
class StatusSeries:
    """Columns for a sorted run of instants: ``local_times[i]`` (aware, teammate's zone at that
    instant), ``statuses[i]`` and ``details[i]`` for instant ``i``; ``series[i]`` is a ``Sample``.
    """

    local_times: tuple[datetime, ...]
    statuses: tuple[Status, ...]
    details: tuple[str, ...]

    def __len__(self) -> int:
        return len(self.local_times)

    def __getitem__(self, index: int) -> Sample:
        return Sample(self.local_times[index], self.statuses[index], self.details[index])


def status_series(
    teammate: Teammate, instants: Sequence[datetime], *, calendar: HolidayCalendar
) -> StatusSeries:
    """Local time and status at each aware instant of ``instants`` (sorted ascending).

    Same answers as ``teammate_status``, computed column-wise for timeline strips and long ranges:
    the shifts once for the whole range, then slices of instants per zone, per local day and per
    shift, so the per-instant work is the ``astimezone`` call a bare zoneinfo loop also needs.
    """
    if not instants:
        return StatusSeries((), (), ())
    if set(map(operator.attrgetter("tzinfo"), instants)) == {UTC}:
        utc_instants = list(instants)
    else:
        utc_instants = [_as_utc(at) for at in instants]
    local_times: list[datetime] = []
    zones = relocation_instants(teammate)
    for index, (since, name) in enumerate(zones):
        first = bisect.bisect_left(utc_instants, since)
        last = (
            bisect.bisect_left(utc_instants, zones[index + 1][0])
            if index + 1 < len(zones)
            else len(utc_instants)
        )
        tz = zone(name)
        local_times.extend([at.astimezone(tz) for at in utc_instants[first:last]])
    days = list(map(datetime.date, local_times))
    by_day = {day: day_status(teammate, day, calendar) for day in set(days)}
    statuses = list(map({day: status for day, (status, _) in by_day.items()}.__getitem__, days))
    details = list(map({day: detail for day, (_, detail) in by_day.items()}.__getitem__, days))
    end = utc_instants[-1] + timedelta(seconds=1)
    for shift in shifts_between(teammate, utc_instants[0], end, calendar=calendar):
        first, last = (
            bisect.bisect_left(utc_instants, shift.start),
            bisect.bisect_left(utc_instants, shift.end),
        )
        statuses[first:last] = [Status.WORKING] * (last - first)
        details[first:last] = [""] * (last - first)
    return StatusSeries(tuple(local_times), tuple(statuses), tuple(details))
