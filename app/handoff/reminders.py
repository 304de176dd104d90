"""Shift-start, cutoff and acknowledgement reminders as pure conditions over an instant.

:func:`conditions` answers "what should the user be told right now?". The tray keeps one
notification per :attr:`Condition.key`: a key that appears is notified, a key whose text
changes replaces its notification, a key that disappears is withdrawn (its cause resolved).
Keys embed the instant or handoff they are about, so the next shift's reminder is new.

Rules (issue #5, "Shift start and end" and "Receiving"; instants from :mod:`app.timeline.engine`):

* ``shift-start:{start}`` — during the first :data:`SHIFT_START_WINDOW` of my shift: show the
  inbox (with the count of unacknowledged handoffs).
* ``cutoff-soon:{cutoff}`` — from ``Settings.reminder_lead_minutes`` before my cutoff until the
  cutoff, while no handoff of mine was submitted during this shift.
* ``cutoff-missed:{cutoff}`` — from the cutoff until :data:`MISSED_CUTOFF_GRACE` after my shift
  end, still nothing sent (stronger: level ``warning``).
* ``unacknowledged:{id}`` — an incoming handoff to me (or my team) not acknowledged
  ``Settings.unacknowledged_after_minutes`` working minutes into my shift (highlight).
* ``not-acknowledged:{id}`` / ``escalate:{id}`` — the same for a handoff I sent, counted in the
  recipient's working minutes (for a team: its first member to reach the threshold); an urgent
  one escalates to its escalation contact instead (``urgent``).
* ``failed:{id}`` — a handoff of mine could not be sent; the body is the reason.

Quiet rule: outside my working hours, or while ``Settings.notifications_paused``, only urgent
conditions notify; the others come back with ``quiet=True`` so the tray can still list them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum

from app.domain import HandoffState, RecipientKind, Urgency
from app.handoff.errors import NoWorkingTime
from app.handoff.planning import propose_deadline
from app.settings import Settings
from app.store.records import HandoffRecord
from app.timeline.engine import Shift, current_or_next_shift, shifts_between
from app.timeline.holiday_calendar import HolidayCalendar
from app.timeline.roster import Roster, Teammate

SHIFT_START_WINDOW = timedelta(minutes=30)
"""How long after my shift starts the shift-start condition stays up."""
MISSED_CUTOFF_GRACE = timedelta(hours=1)
"""How long after my shift end the missed-cutoff condition stays up."""


class Level(StrEnum):
    """How strongly a condition asks for attention."""

    INFO = "info"
    REMINDER = "reminder"
    WARNING = "warning"
    URGENT = "urgent"


class Action(StrEnum):
    """What activating the notification should open."""

    SHOW_INBOX = "show_inbox"
    NEW_HANDOFF = "new_handoff"
    OPEN_HANDOFF = "open_handoff"


_Found = tuple[Level, str, str, str, Action, datetime, str | None]
"""level, key, title, body, action, since, handoff id."""


@dataclass(frozen=True)
class Condition:
    """One thing to tell the user now.

    ``key``: stable identity (see the module docstring). ``level``, ``title`` and ``body``:
    what the notification says. ``urgent``: bypasses the quiet rule. ``quiet``: do not pop up
    (outside my working hours or paused, and not urgent). ``action`` and ``handoff_id``: what
    activating it opens. ``since``: when the condition began (aware UTC).
    """

    key: str
    level: Level
    title: str
    body: str
    urgent: bool
    quiet: bool
    action: Action
    since: datetime
    handoff_id: str | None = None


def conditions(
    now: datetime,
    *,
    roster: Roster,
    me: str | None,
    handoffs: Sequence[HandoffRecord],
    settings: Settings,
    calendar: HolidayCalendar,
) -> list[Condition]:
    """Every condition true at aware ``now``, urgent ones first, then by level and start.

    ``handoffs``: the local handoffs (incoming and mine; discarded drafts are ignored).
    ``me``: my roster name (``None`` or not on the roster: only handoff conditions, never
    quiet, since my working hours are unknown).
    """
    now = now.astimezone(UTC)
    teammate = next((t for t in roster.teammates if me and t.name == me), None)
    found: list[_Found] = []
    working = True
    if teammate is not None:
        lead = timedelta(minutes=settings.reminder_lead_minutes)
        shifts = shifts_between(
            teammate, now - MISSED_CUTOFF_GRACE, now + lead + timedelta(minutes=1), calendar=calendar
        )
        working = any(now in shift for shift in shifts)
        waiting = [h for h in handoffs if _to_me(h, teammate) and h.state != HandoffState.ACKNOWLEDGED]
        for shift in shifts:
            found += _shift_conditions(
                shift, now, lead=lead, me=teammate, handoffs=handoffs, waiting=len(waiting)
            )
        for handoff in waiting:
            found += _late_incoming(handoff, now, teammate, settings, calendar)
    for handoff in handoffs:
        if handoff.incoming or handoff.discarded_at is not None:
            continue
        if handoff.state == HandoffState.FAILED:
            found.append(
                (
                    Level.WARNING,
                    f"failed:{handoff.id}",
                    f"Handoff to {handoff.recipient} was not sent",
                    handoff.failure_reason or "The tracker refused it.",
                    Action.OPEN_HANDOFF,
                    handoff.updated_at,
                    handoff.id,
                )
            )
        found += _late_outgoing(handoff, now, roster, settings, calendar)
    result = []
    for level, key, title, body, action, since, handoff_id in found:
        urgent = level is Level.URGENT
        quiet = not urgent and (settings.notifications_paused or not working)
        result.append(Condition(key, level, title, body, urgent, quiet, action, since, handoff_id))
    order = list(Level)
    return sorted(result, key=lambda c: (not c.urgent, -order.index(c.level), c.since, c.key))


def _shift_conditions(
    shift: Shift,
    now: datetime,
    *,
    lead: timedelta,
    me: Teammate,
    handoffs: Sequence[HandoffRecord],
    waiting: int,
) -> list[_Found]:
    found: list[_Found] = []
    stamp = _stamp
    if shift.start <= now < shift.start + SHIFT_START_WINDOW:
        body = (
            f"{waiting} handoff{'s' if waiting != 1 else ''} waiting for you."
            if waiting
            else "No handoffs waiting."
        )
        found.append(
            (
                Level.INFO,
                f"shift-start:{stamp(shift.start)}",
                "Your shift started",
                body,
                Action.SHOW_INBOX,
                shift.start,
                None,
            )
        )
    sent = any(
        not h.incoming
        and h.author == me.name
        and h.state != HandoffState.DRAFT
        and shift.start <= h.created_at < shift.end
        for h in handoffs
    )
    if sent:
        return found
    drafts = [
        h for h in handoffs if not h.incoming and h.state == HandoffState.DRAFT and h.discarded_at is None
    ]
    hint = " Your draft is waiting." if drafts else ""
    if shift.cutoff - lead <= now < shift.cutoff:
        minutes = max(1, round((shift.cutoff - now).total_seconds() / 60))
        found.append(
            (
                Level.REMINDER,
                f"cutoff-soon:{stamp(shift.cutoff)}",
                "Handoff due soon",
                f"Your handoff is due in {minutes} min.{hint}",
                Action.NEW_HANDOFF,
                shift.cutoff - lead,
                None,
            )
        )
    elif shift.cutoff <= now < shift.end + MISSED_CUTOFF_GRACE:
        found.append(
            (
                Level.WARNING,
                f"cutoff-missed:{stamp(shift.cutoff)}",
                "Handoff overdue",
                f"Your handoff cutoff has passed and nothing was sent this shift.{hint}",
                Action.NEW_HANDOFF,
                shift.cutoff,
                None,
            )
        )
    return found


def _to_me(handoff: HandoffRecord, me: Teammate) -> bool:
    if not handoff.incoming:
        return False
    if handoff.recipient_kind == RecipientKind.TEAM.value:
        return bool(me.team) and handoff.recipient == me.team
    return handoff.recipient == me.name


def _threshold(
    teammate: Teammate, since: datetime, minutes: int, calendar: HolidayCalendar
) -> datetime | None:
    """``minutes`` working minutes of ``teammate`` after ``since`` (0: when they are first on
    shift at or after it), or ``None`` without shifts ahead."""
    try:
        if minutes > 0:
            return propose_deadline(teammate, since, minutes, calendar=calendar)
    except NoWorkingTime:
        return None
    shift = current_or_next_shift(teammate, since, calendar=calendar)
    return None if shift is None else max(shift.start, since)


def _late_incoming(
    handoff: HandoffRecord, now: datetime, me: Teammate, settings: Settings, calendar: HolidayCalendar
) -> list[_Found]:
    since = _threshold(me, handoff.updated_at, settings.unacknowledged_after_minutes, calendar)
    if since is None or now < since:
        return []
    level = Level.URGENT if handoff.urgency == Urgency.URGENT else Level.WARNING
    return [
        (
            level,
            f"unacknowledged:{handoff.id}",
            f"Handoff from {handoff.author} not acknowledged",
            f"{handoff.title or 'A handoff'} is waiting for your acknowledgement.",
            Action.OPEN_HANDOFF,
            since,
            handoff.id,
        )
    ]


def _late_outgoing(
    handoff: HandoffRecord, now: datetime, roster: Roster, settings: Settings, calendar: HolidayCalendar
) -> list[_Found]:
    if handoff.state not in {HandoffState.QUEUED, HandoffState.SYNCED}:
        return []
    if handoff.recipient_kind == RecipientKind.TEAM.value:
        people = [t for t in roster.teammates if t.team == handoff.recipient]
    else:
        people = [t for t in roster.teammates if t.name == handoff.recipient]
    minutes = settings.unacknowledged_after_minutes
    thresholds = [t for t in (_threshold(p, handoff.created_at, minutes, calendar) for p in people) if t]
    if not thresholds or now < min(thresholds):
        return []
    since = min(thresholds)
    if handoff.urgency == Urgency.URGENT:
        contact = handoff.escalation_contact or "the escalation contact"
        return [
            (
                Level.URGENT,
                f"escalate:{handoff.id}",
                f"Escalate to {contact}",
                f"Your urgent handoff to {handoff.recipient} is still not acknowledged. Contact {contact}.",
                Action.OPEN_HANDOFF,
                since,
                handoff.id,
            )
        ]
    return [
        (
            Level.WARNING,
            f"not-acknowledged:{handoff.id}",
            f"{handoff.recipient} has not acknowledged your handoff",
            f"{handoff.title or 'Your handoff'} is still not acknowledged.",
            Action.OPEN_HANDOFF,
            since,
            handoff.id,
        )
    ]


def _stamp(at: datetime) -> str:
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%MZ")
