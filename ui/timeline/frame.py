"""Everything one paint of the world timeline needs, computed from the time engine.

:func:`build_frame` calls ``app.timeline`` for the rules (strips, follow-the-sun chain, offset
changes, overlaps) and only adds display text (babel, the viewer's locale and clock format).
The canvas maps the frame's instants to pixels and paints; it decides nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from app.timeline.format import (
    HourCycle,
    format_clock,
    format_day,
    format_day_offset,
    format_utc_offset,
    weekday_name,
)
from app.timeline.roster import Roster

if TYPE_CHECKING:  # the engine loads ``holidays``: imported by build_frame, after the first paint
    from app.timeline.holiday_calendar import HolidayCalendar
    from app.timeline.strip import Strip
    from app.timeline.team import Interval


@dataclass(frozen=True)
class DisplayOptions:
    """How to show times: viewer's IANA zone, CLDR locale and clock format."""

    viewer_zone: str
    locale: str
    hour_cycle: HourCycle = HourCycle.LOCALE


@dataclass(frozen=True)
class Row:
    """One teammate's row: the engine's strip plus its display text."""

    strip: Strip
    local_time: str
    local_day: str
    offset: str
    status_text: str


@dataclass(frozen=True)
class Frame:
    """A window ``[start, end)`` (aware UTC) around the ``cursor`` instant, with ``now``."""

    start: datetime
    end: datetime
    cursor: datetime
    now: datetime
    options: DisplayOptions
    rows: tuple[Row, ...]
    chain: tuple[tuple[str, datetime], ...]
    overlaps: tuple[Interval, ...]
    warnings: tuple[str, ...]

    def clock(self, at: datetime) -> str:
        """``at`` on the viewer's clock."""
        return format_clock(
            at, self.options.viewer_zone, self.options.locale, hour_cycle=self.options.hour_cycle
        )

    def day(self, at: datetime) -> str:
        """``at``'s weekday and date on the viewer's calendar."""
        return format_day(at, self.options.viewer_zone, self.options.locale)


def _status_text(strip: Strip, options: DisplayOptions) -> str:
    from app.timeline.engine import Status  # noqa: PLC0415 (see build_frame)

    status = strip.status
    zone_name = status.zone

    def clock(at: datetime) -> str:
        return format_clock(at, zone_name, options.locale, hour_cycle=options.hour_cycle)

    if status.status is Status.WORKING and status.shift_end is not None:
        return f"Working until {clock(status.shift_end)}"
    prefix = {
        Status.OFF: "Off",
        Status.WEEKEND: "Weekend",
        Status.HOLIDAY: f"Holiday: {status.status_detail}",
        Status.AWAY: status.status_detail.capitalize() if status.status_detail else "Away",
    }.get(status.status, status.status.value.capitalize())
    if status.shift_start is None:
        return prefix
    back = status.shift_start.astimezone(status.local_time.tzinfo)
    days = (back.date() - status.local_time.date()).days
    if days == 0:
        return f"{prefix} · back {clock(status.shift_start)}"
    if days < 7:
        weekday = weekday_name(back.weekday(), options.locale, width="abbreviated")
        return f"{prefix} · back {weekday} {clock(status.shift_start)}"
    return f"{prefix} · back {format_day(status.shift_start, zone_name, options.locale)}"


def build_frame(
    roster: Roster,
    *,
    cursor: datetime,
    now: datetime,
    hours: int,
    options: DisplayOptions,
    calendar: HolidayCalendar,
    selection: tuple[str, ...] = (),
) -> Frame:
    """The frame for ``hours`` hours starting a quarter of the span before ``cursor``.

    Plain Python (no Qt): safe to call on a worker thread, as long as no other thread uses the
    same ``calendar`` at the same time. The time engine is imported here, on first use, so the
    window's first paint does not wait for ``holidays`` and its tables.
    """
    from app.timeline.strip import build_strips, selected  # noqa: PLC0415
    from app.timeline.team import next_online, offset_changes, overlap_windows  # noqa: PLC0415

    start = cursor - timedelta(hours=hours / 4)
    end = start + timedelta(hours=hours)
    strips = build_strips(roster, cursor, start, end, viewer_zone=options.viewer_zone, calendar=calendar)
    rows = tuple(
        Row(
            strip=strip,
            local_time=format_clock(
                strip.status.local_time, strip.status.zone, options.locale, hour_cycle=options.hour_cycle
            )
            + (f" ({format_day_offset(strip.status.day_offset)}d)" if strip.status.day_offset else ""),
            local_day=format_day(strip.status.local_time, strip.status.zone, options.locale),
            offset=format_utc_offset(strip.status.utc_offset_minutes),
            status_text=_status_text(strip, options),
        )
        for strip in strips
    )
    chain = tuple((n.name, n.at) for n in next_online(roster, cursor, calendar=calendar, hours=24))
    chosen = selected(roster, selection)
    overlaps = overlap_windows(chosen, start, end, calendar=calendar) if len(chosen) >= 2 else ()
    warnings = tuple(
        f"{change.name}: clocks change on {format_day(change.at, change.zone, options.locale)} "
        f"({format_utc_offset(change.from_minutes)} → {format_utc_offset(change.to_minutes)}); "
        "overlaps with this person move by "
        f"{abs(change.to_minutes - change.from_minutes)} min"
        for change in offset_changes(roster, cursor, cursor + timedelta(days=14))
    )
    return Frame(
        start=start,
        end=end,
        cursor=cursor,
        now=now,
        options=options,
        rows=rows,
        chain=chain,
        overlaps=overlaps,
        warnings=warnings,
    )
