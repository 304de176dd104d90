"""Timeline strips: what one row of the world timeline draws over a window of time.

For each teammate and a window ``[start, end)`` (aware instants), a :class:`Strip` lists the
spans to shade (working shifts, and whole local days that are weekend, public holiday or
out of office), the handoff cutoffs, and the instants where their local calendar day changes.
Everything is an aware UTC datetime; the UI only maps instants to pixels.

Rows are grouped by team and ordered by UTC offset at the displayed instant, east first, so
the follow-the-sun cascade reads top to bottom as the day moves left to right. The order is
recomputed for each instant: a DST change or a relocation moves a row.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from app.timeline.engine import Status, TeammateStatus, day_status, shifts_between, teammate_status
from app.timeline.holiday_calendar import HolidayCalendar
from app.timeline.local_time import day_start, zone_name_at
from app.timeline.roster import Roster, Teammate
from app.timeline.zones import zone


class Band(StrEnum):
    """What a shaded span means; the UI gives each a pattern and a label, not only a colour."""

    WORKING = "working"
    WEEKEND = "weekend"
    HOLIDAY = "holiday"
    AWAY = "away"


@dataclass(frozen=True)
class Span:
    """``[start, end)`` (aware UTC) of one band; ``label`` names a holiday or an absence."""

    band: Band
    start: datetime
    end: datetime
    label: str = ""


@dataclass(frozen=True)
class Strip:
    """One timeline row: the teammate's status at the displayed instant and what to draw.

    ``spans`` are sorted by start and clipped to the window; ``cutoffs`` and ``midnights``
    (instants where the teammate's local date changes) lie inside the window.
    """

    name: str
    team: str
    initials: str
    status: TeammateStatus
    spans: tuple[Span, ...]
    cutoffs: tuple[datetime, ...]
    midnights: tuple[datetime, ...]


_DAY_BANDS = {Status.WEEKEND: Band.WEEKEND, Status.HOLIDAY: Band.HOLIDAY, Status.AWAY: Band.AWAY}


def initials(name: str) -> str:
    """Up to two capital letters for an avatar: first letters of the first and last words."""
    words = [w for w in name.replace("-", " ").split() if w[:1].isalnum()]
    if not words:
        return "?"
    letters = words[0][0] + (words[-1][0] if len(words) > 1 else "")
    return letters.upper()


def _day_spans(
    teammate: Teammate, start: datetime, end: datetime, calendar: HolidayCalendar
) -> tuple[list[Span], list[datetime]]:
    spans: list[Span] = []
    midnights: list[datetime] = []
    day = start.astimezone(zone(zone_name_at(teammate, start))).date()
    while True:
        first = day_start(day, zone(teammate.zone_on(day)))
        if first >= end:
            break
        following = day + timedelta(days=1)
        last = day_start(following, zone(teammate.zone_on(following)))
        if start < first:
            midnights.append(first)
        status, detail = day_status(teammate, day, calendar)
        band = _DAY_BANDS.get(status)
        if band is not None and last > start:
            spans.append(Span(band, max(first, start), min(last, end), detail))
        day = following
    return spans, midnights


def build_strip(
    teammate: Teammate,
    at: datetime,
    start: datetime,
    end: datetime,
    *,
    viewer_zone: str,
    calendar: HolidayCalendar,
) -> Strip:
    """The row for ``teammate``: status at ``at``, spans, cutoffs and midnights in ``[start, end)``."""
    shifts = shifts_between(teammate, start, end, calendar=calendar)
    day_spans, midnights = _day_spans(teammate, start, end, calendar)
    working = [Span(Band.WORKING, max(s.start, start), min(s.end, end)) for s in shifts]
    return Strip(
        name=teammate.name,
        team=teammate.team,
        initials=initials(teammate.name),
        status=teammate_status(teammate, at, viewer_zone=viewer_zone, calendar=calendar),
        spans=tuple(sorted(day_spans + working, key=lambda span: (span.start, span.band))),
        cutoffs=tuple(s.cutoff for s in shifts if start <= s.cutoff < end),
        midnights=tuple(midnights),
    )


def build_strips(
    roster: Roster,
    at: datetime,
    start: datetime,
    end: datetime,
    *,
    viewer_zone: str,
    calendar: HolidayCalendar,
) -> tuple[Strip, ...]:
    """Rows for the whole roster, grouped by team and ordered by UTC offset at ``at`` (east first).

    Teams are ordered by their easternmost member, then by name; within a team, by offset
    (descending) then name. Raises ``ValueError`` for naive instants or ``end <= start``.
    """
    if end <= start:
        raise ValueError("the timeline window must end after it starts")
    strips = [
        build_strip(t, at, start, end, viewer_zone=viewer_zone, calendar=calendar) for t in roster.teammates
    ]
    east: dict[str, int] = {}
    for strip in strips:
        east[strip.team] = max(
            east.get(strip.team, strip.status.utc_offset_minutes), strip.status.utc_offset_minutes
        )
    return tuple(sorted(strips, key=lambda s: (-east[s.team], s.team, -s.status.utc_offset_minutes, s.name)))


def selected(roster: Roster, names: Sequence[str]) -> tuple[Teammate, ...]:
    """The roster's teammates called ``names`` (in roster order), for overlap bands."""
    wanted = set(names)
    return tuple(t for t in roster.teammates if t.name in wanted)
