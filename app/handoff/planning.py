"""Pure time-engine answers for the handoff form: who receives it, what carries over, and when
a decision deadline falls in the decider's working time.

All instants are aware datetimes (results in UTC). Shifts, weekends, public holidays and
out-of-office days come from :mod:`app.timeline.engine`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from app.domain import RecipientKind, Section
from app.handoff.errors import NoWorkingTime
from app.store.records import HandoffItemData, HandoffRecord
from app.timeline.engine import current_or_next_shift
from app.timeline.holiday_calendar import HolidayCalendar
from app.timeline.roster import Roster, Teammate

CARRIED_SECTIONS = (Section.RISKS.value, Section.DECISIONS.value, Section.NEXT_ACTIONS.value)
"""Sections whose items are unresolved by nature and carry over into the next handoff."""


@dataclass(frozen=True)
class Recipient:
    """A suggested recipient: ``kind`` (a :class:`app.domain.RecipientKind` value) and
    ``name`` (teammate name or team name); ``online_at`` is when they are (or were) on shift
    at the author's shift end (aware UTC)."""

    kind: str
    name: str
    online_at: datetime


def suggest_recipient(
    roster: Roster,
    me: str,
    at: datetime,
    *,
    calendar: HolidayCalendar,
    kind: str = RecipientKind.TEAMMATE.value,
) -> Recipient | None:
    """Who holds the work after my shift: the follow-the-sun successor of ``me`` at ``at``.

    The reference instant is the end of my current (or next) shift, or ``at`` when I have
    none. Among the other teammates, one who is on shift at that instant wins (the one whose
    shift runs longest after it); otherwise the one whose next shift starts first after it.
    With ``kind="team"`` the successor's team is returned (teammates without a team are
    skipped). ``None`` when nobody else has a shift within the engine's search window.
    """
    at = at.astimezone(UTC)
    mine = next((t for t in roster.teammates if t.name == me), None)
    my_shift = current_or_next_shift(mine, at, calendar=calendar) if mine is not None else None
    handover = my_shift.end if my_shift is not None else at
    best: tuple[tuple[int, float], Teammate, datetime] | None = None
    for teammate in roster.teammates:
        if teammate.name == me or (kind == RecipientKind.TEAM.value and not teammate.team):
            continue
        shift = current_or_next_shift(teammate, handover, calendar=calendar)
        if shift is None:
            continue
        covering = shift.start <= handover
        rank = (0, -shift.end.timestamp()) if covering else (1, shift.start.timestamp())
        if best is None or rank < best[0]:
            best = (rank, teammate, shift.start)
    if best is None:
        return None
    _, teammate, online_at = best
    name = teammate.team if kind == RecipientKind.TEAM.value else teammate.name
    return Recipient(kind=kind, name=name, online_at=online_at)


def carry_over(received: HandoffRecord | None) -> tuple[HandoffItemData, ...]:
    """The items of ``received`` (the last handoff I received) that carry into my next one:
    every risk, decision and next action, unchanged and in order, with ``task_id`` kept. The
    new author removes what is resolved; nothing is dropped silently."""
    if received is None:
        return ()
    return tuple(item for item in received.items if item.section in CARRIED_SECTIONS)


def propose_deadline(
    decider: Teammate, after: datetime, working_minutes: int, *, calendar: HolidayCalendar
) -> datetime:
    """The instant (aware UTC) when ``decider`` has worked ``working_minutes`` minutes after
    ``after``: only their shifts count, so nights, weekends, public holidays of their region and
    out-of-office days are skipped (rules of :mod:`app.timeline.engine`). A deadline that
    lands exactly on a shift end stays in that shift.

    Raises ``ValueError`` for ``working_minutes`` below 1 and :class:`NoWorkingTime` when the
    decider has no (more) shifts within the engine's search window.
    """
    if working_minutes < 1:
        raise ValueError(f"working_minutes must be at least 1, got {working_minutes}")
    remaining = timedelta(minutes=working_minutes)
    at = after.astimezone(UTC)
    while True:
        shift = current_or_next_shift(decider, at, calendar=calendar)
        if shift is None:
            raise NoWorkingTime(
                f"{decider.name} has no working hours ahead to count {working_minutes} minutes in"
            )
        start = max(shift.start, at)
        available = shift.end - start
        if remaining <= available:
            return start + remaining
        remaining -= available
        at = shift.end


def last_received(handoffs: Iterable[HandoffRecord], me: str, my_team: str) -> HandoffRecord | None:
    """The newest (by ``created_at``) incoming handoff addressed to ``me`` or to my team
    ``my_team`` (empty: no team), or ``None``."""
    mine = [
        h
        for h in handoffs
        if h.incoming
        and (
            (h.recipient_kind == RecipientKind.TEAMMATE.value and h.recipient == me)
            or (h.recipient_kind == RecipientKind.TEAM.value and bool(my_team) and h.recipient == my_team)
        )
    ]
    return max(mine, key=lambda h: h.created_at, default=None)
