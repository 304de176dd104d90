"""A follow-the-sun team (Tokyo → Kathmandu → Berlin → New York), a fixed clock and a handoff
service over a real SQLite store."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from app.clock import FixedClock
from app.handoff.service import HandoffService
from app.store import Store
from app.timeline.holiday_calendar import HolidayCalendar
from app.timeline.roster import HolidayRegion, Roster, ShiftRule, Teammate, weekly_hours


def office_hours(start: str, end: str, days: range = range(5)) -> tuple[tuple[ShiftRule, ...], ...]:
    """``start``–``end`` (``HH:MM``) on the weekdays in ``days`` (Monday = 0)."""

    def minutes(text: str) -> int:
        hours, rest = text.split(":")
        return int(hours) * 60 + int(rest)

    return weekly_hours({day: [ShiftRule(minutes(start), minutes(end))] for day in days})


AIKO = Teammate(
    name="Aiko",
    zone="Asia/Tokyo",
    team="APAC",
    hours=office_hours("09:00", "18:00"),
    holidays=HolidayRegion("JP"),
)
DEV = Teammate(
    name="Dev",
    zone="Asia/Kathmandu",
    team="APAC",
    hours=office_hours("10:00", "18:00", range(7)),
    weekend=frozenset({5}),
)
BEN = Teammate(
    name="Ben",
    zone="Europe/Berlin",
    team="EMEA",
    hours=office_hours("09:00", "17:00"),
    holidays=HolidayRegion("DE", "BE"),
)
CARA = Teammate(
    name="Cara",
    zone="America/New_York",
    team="AMER",
    hours=office_hours("09:00", "17:00"),
    holidays=HolidayRegion("US"),
)
TEAM = Roster(teammates=(AIKO, DEV, BEN, CARA))


@pytest.fixture
def calendar() -> HolidayCalendar:
    return HolidayCalendar(language="en_US")


@pytest.fixture
def clock() -> FixedClock:
    """Tuesday 24 Nov 2026, 07:00 UTC = 16:00 in Tokyo (Aiko's shift ends at 18:00)."""
    return FixedClock(datetime(2026, 11, 24, 7, 0, tzinfo=UTC))


class Who:
    """Settable "me" for the service."""

    def __init__(self, name: str | None) -> None:
        self.name = name

    def __call__(self) -> str | None:
        return self.name


@pytest.fixture
def who() -> Who:
    return Who("Aiko")


@pytest.fixture
def roster() -> Roster:
    return TEAM


@pytest.fixture
def service(
    store: Store, clock: FixedClock, who: Who, roster: Roster, calendar: HolidayCalendar
) -> HandoffService:
    return HandoffService(store, clock, lambda: roster, who, calendar=calendar)
