"""Recipient suggestion, carry-over and decision deadlines over the time engine."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from app.handoff.errors import NoWorkingTime
from app.handoff.planning import carry_over, last_received, propose_deadline, suggest_recipient
from app.store.records import HandoffItemData, HandoffRecord
from app.timeline.holiday_calendar import HolidayCalendar
from app.timeline.roster import AwayRange, Roster
from tests.handoff.conftest import AIKO, BEN, CARA, DEV, TEAM

TUESDAY_16_TOKYO = datetime(2026, 11, 24, 7, 0, tzinfo=UTC)


def test_the_successor_is_who_holds_the_work_after_my_shift(calendar: HolidayCalendar) -> None:
    # Aiko's shift ends 09:00 UTC; Dev (Kathmandu) is on until 12:15 UTC, Ben (Berlin) until 16:00
    chosen = suggest_recipient(TEAM, "Aiko", TUESDAY_16_TOKYO, calendar=calendar)
    assert chosen is not None
    assert (chosen.kind, chosen.name, chosen.online_at) == (
        "teammate",
        "Ben",
        datetime(2026, 11, 24, 8, 0, tzinfo=UTC),
    )
    team = suggest_recipient(TEAM, "Aiko", TUESDAY_16_TOKYO, calendar=calendar, kind="team")
    assert team is not None and (team.kind, team.name) == ("team", "EMEA")


def test_when_nobody_covers_my_shift_end_the_next_one_to_start_is_chosen(calendar: HolidayCalendar) -> None:
    # Cara's shift ends 22:00 UTC; nobody works then; Aiko starts 00:00 UTC, Dev 04:15 UTC
    chosen = suggest_recipient(TEAM, "Cara", datetime(2026, 11, 24, 20, 0, tzinfo=UTC), calendar=calendar)
    assert chosen is not None and chosen.name == "Aiko"


def test_no_suggestion_without_anybody_else(calendar: HolidayCalendar) -> None:
    assert suggest_recipient(Roster(teammates=(AIKO,)), "Aiko", TUESDAY_16_TOKYO, calendar=calendar) is None
    lonely = Roster(teammates=(AIKO, replace(BEN, team="")))
    assert suggest_recipient(lonely, "Aiko", TUESDAY_16_TOKYO, calendar=calendar, kind="team") is None
    # "me" not on the roster: reference is now; of Aiko (to 09:00 UTC) and Dev (to 12:15) Dev stays longest
    chosen = suggest_recipient(TEAM, "Zed", TUESDAY_16_TOKYO, calendar=calendar)
    assert chosen is not None and chosen.name == "Dev"


def test_decision_deadline_skips_a_public_holiday_and_the_weekend(calendar: HolidayCalendar) -> None:
    # Thu 24 Dec 16:00 Berlin: 60 min left today; 25 Dec (Christmas), 26 and 27 Dec (weekend)
    after = datetime(2026, 12, 24, 15, 0, tzinfo=UTC)
    assert propose_deadline(BEN, after, 120, calendar=calendar) == datetime(2026, 12, 28, 9, 0, tzinfo=UTC)


def test_decision_deadline_skips_out_of_office_and_survives_a_dst_change(calendar: HolidayCalendar) -> None:
    # Fri 30 Oct 16:00 EDT; US clocks go back on Sun 1 Nov; Cara is away on Mon 2 Nov
    cara = replace(CARA, away=(AwayRange(date(2026, 11, 2), date(2026, 11, 2)),))
    after = datetime(2026, 10, 30, 20, 0, tzinfo=UTC)
    assert propose_deadline(cara, after, 120, calendar=calendar) == datetime(2026, 11, 3, 15, 0, tzinfo=UTC)
    assert propose_deadline(CARA, after, 120, calendar=calendar) == datetime(2026, 11, 2, 15, 0, tzinfo=UTC)


def test_decision_deadline_for_a_kathmandu_decider_with_a_saturday_weekend(calendar: HolidayCalendar) -> None:
    # Fri 27 Nov 2026, 17:45 NPT (+05:45) = 12:00 UTC: 15 min left; Saturday off; Sunday 10:00 NPT
    after = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
    assert propose_deadline(DEV, after, 45, calendar=calendar) == datetime(2026, 11, 29, 4, 45, tzinfo=UTC)
    assert propose_deadline(DEV, after, 15, calendar=calendar) == datetime(2026, 11, 27, 12, 15, tzinfo=UTC)


def test_decision_deadline_errors(calendar: HolidayCalendar) -> None:
    with pytest.raises(ValueError, match="at least 1"):
        propose_deadline(BEN, TUESDAY_16_TOKYO, 0, calendar=calendar)
    nobody = replace(BEN, hours=((),) * 7)
    with pytest.raises(NoWorkingTime, match="Ben has no working hours"):
        propose_deadline(nobody, TUESDAY_16_TOKYO, 30, calendar=calendar)


def received(recipient: str, created: datetime, kind: str = "teammate", **fields: object) -> HandoffRecord:
    return HandoffRecord(
        id=f"id-{recipient}-{created.isoformat()}",
        author="Cara",
        recipient=recipient,
        recipient_kind=kind,
        created_at=created,
        updated_at=created,
        incoming=True,
        **fields,  # type: ignore[arg-type]
    )


def test_carry_over_keeps_every_unresolved_item_in_order() -> None:
    items = (
        HandoffItemData("completed", "Shipped"),
        HandoffItemData("risks", "Disk", flag="input_needed"),
        HandoffItemData("in_progress", "Migration"),
        HandoffItemData(
            "next_actions", "Resize", owner="Aiko", due_at=TUESDAY_16_TOKYO, task_id=3, ref="OPS-1"
        ),
        HandoffItemData("decisions", "Roll back?", deadline_at=TUESDAY_16_TOKYO),
        HandoffItemData("links", "https://x.example"),
    )
    assert carry_over(received("Aiko", TUESDAY_16_TOKYO, items=items)) == (items[1], items[3], items[4])
    assert carry_over(None) == ()


def test_last_received_is_the_newest_to_me_or_my_team() -> None:
    old = received("Aiko", TUESDAY_16_TOKYO - timedelta(days=1))
    team = received("APAC", TUESDAY_16_TOKYO, kind="team")
    other = received("Ben", TUESDAY_16_TOKYO + timedelta(hours=1))
    mine_sent = replace(received("Aiko", TUESDAY_16_TOKYO + timedelta(hours=2)), incoming=False)
    assert last_received([old, team, other, mine_sent], "Aiko", "APAC") == team
    assert last_received([old, team, other], "Aiko", "") == old
    assert last_received([other], "Aiko", "APAC") is None


def test_teammates_without_working_hours_are_never_suggested(calendar: HolidayCalendar) -> None:
    idle = replace(BEN, name="Idle", hours=((),) * 7)
    chosen = suggest_recipient(
        Roster(teammates=(AIKO, idle, CARA)), "Aiko", TUESDAY_16_TOKYO, calendar=calendar
    )
    assert chosen is not None and chosen.name == "Cara"
