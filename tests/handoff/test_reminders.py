"""Reminder conditions at fixed instants: shift start, cutoff, unacknowledged, escalation, quiet
hours; Tokyo, Kathmandu (+05:45) and New York across the end of DST."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from app.handoff.reminders import Action, Condition, Level, conditions
from app.settings import Settings
from app.store.records import HandoffItemData, HandoffRecord
from app.timeline.holiday_calendar import HolidayCalendar
from tests.handoff.conftest import TEAM

CALENDAR = HolidayCalendar(language="en_US")


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)  # type: ignore[misc]


def handoff(handoff_id: str, *, incoming: bool, at: datetime, **fields: object) -> HandoffRecord:
    values: dict[str, object] = {
        "id": handoff_id,
        "author": "Cara" if incoming else "Aiko",
        "recipient": "Aiko" if incoming else "Ben",
        "created_at": at,
        "updated_at": at,
        "incoming": incoming,
        "state": "synced" if incoming else "queued",
        "items": (HandoffItemData("completed", "x"),),
    }
    values.update(fields)
    return HandoffRecord(**values)  # type: ignore[arg-type]


def check(
    now: datetime,
    handoffs: tuple[HandoffRecord, ...] = (),
    me: str | None = "Aiko",
    settings: Settings | None = None,
) -> dict[str, Condition]:
    found = conditions(
        now, roster=TEAM, me=me, handoffs=handoffs, settings=settings or Settings(), calendar=CALENDAR
    )
    return {c.key: c for c in found}


def test_shift_start_shows_the_inbox_with_the_waiting_count() -> None:
    waiting = handoff("in-1", incoming=True, at=utc(2026, 11, 23, 20, 0))
    found = check(utc(2026, 11, 24, 0, 10), (waiting,))
    start = found["shift-start:2026-11-24T00:00Z"]
    assert (start.level, start.action, start.quiet, start.urgent) == (
        Level.INFO,
        Action.SHOW_INBOX,
        False,
        False,
    )
    assert start.body == "1 handoff waiting for you."
    assert (
        check(utc(2026, 11, 24, 0, 10), (replace(waiting, state="acknowledged"),))[
            "shift-start:2026-11-24T00:00Z"
        ].body
        == "No handoffs waiting."
    )
    assert "shift-start:2026-11-24T00:00Z" not in check(utc(2026, 11, 24, 0, 30))
    assert check(utc(2026, 11, 23, 23, 59)) == {}  # before the shift: nothing


def test_cutoff_reminder_then_the_stronger_one_then_nothing_once_sent() -> None:
    soon = check(utc(2026, 11, 24, 8, 10))
    assert list(soon) == ["cutoff-soon:2026-11-24T08:30Z"]
    assert soon["cutoff-soon:2026-11-24T08:30Z"].body == "Your handoff is due in 20 min."
    assert soon["cutoff-soon:2026-11-24T08:30Z"].level is Level.REMINDER
    assert check(utc(2026, 11, 24, 7, 59)) == {}  # lead is 30 minutes
    draft = handoff("d", incoming=False, at=utc(2026, 11, 24, 6, 0), state="draft")
    missed = check(utc(2026, 11, 24, 8, 40), (draft,))["cutoff-missed:2026-11-24T08:30Z"]
    assert (missed.level, missed.action, missed.quiet) == (Level.WARNING, Action.NEW_HANDOFF, False)
    assert missed.body.endswith("Your draft is waiting.")
    after_shift = check(utc(2026, 11, 24, 9, 30))["cutoff-missed:2026-11-24T08:30Z"]
    assert after_shift.quiet  # outside my working hours, not urgent
    assert check(utc(2026, 11, 24, 10, 1)) == {}  # an hour after the shift end it is withdrawn
    sent = handoff("s", incoming=False, at=utc(2026, 11, 24, 5, 0))
    assert check(utc(2026, 11, 24, 8, 40), (sent,)) == {}
    longer_lead = check(utc(2026, 11, 24, 7, 31), settings=Settings(reminder_lead_minutes=60))
    assert list(longer_lead) == ["cutoff-soon:2026-11-24T08:30Z"]


def test_kathmandu_cutoff_on_a_quarter_hour_offset() -> None:
    # Dev: 10:00-18:00 NPT (UTC+05:45) = 04:15-12:15 UTC, cutoff 11:45 UTC
    found = check(utc(2026, 11, 24, 11, 20), me="Dev")
    assert list(found) == ["cutoff-soon:2026-11-24T11:45Z"]
    assert found["cutoff-soon:2026-11-24T11:45Z"].body == "Your handoff is due in 25 min."
    assert "shift-start:2026-11-24T04:15Z" in check(utc(2026, 11, 24, 4, 20), me="Dev")


def test_new_york_shift_moves_an_hour_in_utc_when_dst_ends() -> None:
    # Fri 30 Oct 2026: 09:00 EDT = 13:00 UTC; Mon 2 Nov (after 1 Nov): 09:00 EST = 14:00 UTC
    assert "shift-start:2026-10-30T13:00Z" in check(utc(2026, 10, 30, 13, 5), me="Cara")
    assert check(utc(2026, 11, 2, 13, 30), me="Cara") == {}
    assert "shift-start:2026-11-02T14:00Z" in check(utc(2026, 11, 2, 14, 5), me="Cara")
    assert list(check(utc(2026, 11, 2, 21, 10), me="Cara")) == ["cutoff-soon:2026-11-02T21:30Z"]


def test_incoming_unacknowledged_into_my_shift_is_highlighted_and_urgent_ones_notify() -> None:
    arrived = handoff("in-1", incoming=True, at=utc(2026, 11, 23, 20, 0), urgency="urgent")
    assert "unacknowledged:in-1" not in check(utc(2026, 11, 24, 0, 59), (arrived,))
    late = check(utc(2026, 11, 24, 1, 0), (arrived,))["unacknowledged:in-1"]
    assert (late.level, late.urgent, late.handoff_id, late.since) == (
        Level.URGENT,
        True,
        "in-1",
        utc(2026, 11, 24, 1, 0),
    )
    normal = check(utc(2026, 11, 24, 1, 0), (replace(arrived, urgency="normal"),))["unacknowledged:in-1"]
    assert (normal.level, normal.urgent) == (Level.WARNING, False)
    assert "unacknowledged:in-1" not in check(
        utc(2026, 11, 24, 2, 0), (replace(arrived, state="acknowledged"),)
    )
    to_team = replace(arrived, recipient="APAC", recipient_kind="team")
    assert "unacknowledged:in-1" in check(utc(2026, 11, 24, 1, 0), (to_team,))
    to_other = replace(arrived, recipient="Ben")
    assert "unacknowledged:in-1" not in check(utc(2026, 11, 24, 1, 0), (to_other,))
    at_once = check(utc(2026, 11, 24, 0, 0), (arrived,), settings=Settings(unacknowledged_after_minutes=0))
    assert at_once["unacknowledged:in-1"].since == utc(2026, 11, 24, 0, 0)


def test_my_unacknowledged_urgent_handoff_escalates_even_outside_my_hours() -> None:
    # sent 07:00 UTC to Ben, whose shift starts 08:00 UTC: threshold 09:00 UTC
    urgent = handoff(
        "out-1", incoming=False, at=utc(2026, 11, 24, 7, 0), urgency="urgent", escalation_contact="Cara"
    )
    assert "escalate:out-1" not in check(utc(2026, 11, 24, 8, 59), (urgent,))
    found = conditions(
        utc(2026, 11, 24, 9, 30),
        roster=TEAM,
        me="Aiko",
        handoffs=(urgent,),
        settings=Settings(),
        calendar=CALENDAR,
    )
    assert found[0].key == "escalate:out-1"  # urgent first
    escalation = found[0]
    assert (escalation.urgent, escalation.quiet, escalation.title) == (True, False, "Escalate to Cara")
    normal = check(utc(2026, 11, 24, 9, 30), (replace(urgent, urgency="normal"),))["not-acknowledged:out-1"]
    assert (normal.level, normal.quiet) == (Level.WARNING, True)
    team = replace(urgent, recipient="AMER", recipient_kind="team", escalation_contact=None)
    assert "escalate:out-1" not in check(utc(2026, 11, 24, 14, 59), (team,))
    assert (
        check(utc(2026, 11, 24, 15, 0), (team,))["escalate:out-1"].title
        == "Escalate to the escalation contact"
    )
    acked = replace(urgent, state="acknowledged")
    assert "escalate:out-1" not in check(utc(2026, 11, 24, 9, 30), (acked,))
    stranger = replace(urgent, recipient="Zed")
    assert "escalate:out-1" not in check(utc(2026, 11, 24, 9, 30), (stranger,))


def test_a_failed_handoff_is_reported_with_its_reason() -> None:
    failed = handoff(
        "out-2", incoming=False, at=utc(2026, 11, 24, 5, 0), state="failed", failure_reason="sign in again"
    )
    condition = check(utc(2026, 11, 24, 6, 0), (failed,))["failed:out-2"]
    assert (condition.body, condition.action, condition.handoff_id) == (
        "sign in again",
        Action.OPEN_HANDOFF,
        "out-2",
    )
    discarded = replace(failed, discarded_at=utc(2026, 11, 24, 5, 0))
    assert "failed:out-2" not in check(utc(2026, 11, 24, 6, 0), (discarded,))


def test_paused_notifications_and_unknown_me() -> None:
    paused = check(utc(2026, 11, 24, 8, 10), settings=Settings(notifications_paused=True))
    assert paused["cutoff-soon:2026-11-24T08:30Z"].quiet
    failed = handoff("out-3", incoming=False, at=utc(2026, 11, 24, 5, 0), state="failed")
    anonymous = check(utc(2026, 11, 24, 20, 0), (failed,), me=None)
    assert list(anonymous) == ["failed:out-3"]
    assert anonymous["failed:out-3"].quiet is False  # working hours unknown: never quiet
    assert anonymous["failed:out-3"].body == "The tracker refused it."


def test_no_escalation_towards_someone_without_working_hours() -> None:
    idle = replace(TEAM.teammates[2], hours=((),) * 7)  # Ben without hours
    roster = replace(TEAM, teammates=(*TEAM.teammates[:2], idle, TEAM.teammates[3]))
    urgent = handoff("out-1", incoming=False, at=utc(2026, 11, 24, 7, 0), urgency="urgent")
    found = conditions(
        utc(2026, 11, 25, 7, 0),
        roster=roster,
        me="Aiko",
        handoffs=(urgent,),
        settings=Settings(),
        calendar=CALENDAR,
    )
    assert found == []  # 16:00 Tokyo: no reminder due, and Ben never reaches the threshold
