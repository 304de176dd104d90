"""The roster survives a round trip through the real SQLite store unchanged."""

from __future__ import annotations

from datetime import UTC, date, datetime

from app.clock import FixedClock
from app.store import Store
from app.store.roster import SqliteRosterStore
from app.timeline.roster import AwayRange, HolidayRegion, Relocation, Roster, Teammate, weekly_hours
from app.timeline.roster_file import parse_range


def _roster() -> Roster:
    return Roster(
        teammates=(
            Teammate(
                name="Berlin lead",
                zone="Europe/Berlin",
                locale="de_DE",
                team="EMEA",
                hours=weekly_hours(
                    {d: [parse_range("09:00-17:30")] for d in range(4)} | {4: [parse_range("09:00-15:00")]}
                ),
                holidays=HolidayRegion("DE", "BE"),
                away=(AwayRange(date(2026, 12, 23), date(2027, 1, 2)),),
                relocations=(Relocation(date(2027, 2, 1), "America/New_York"),),
                cutoff_minutes=30,
            ),
            Teammate(
                name="Riyadh night desk",
                zone="Asia/Riyadh",
                team="EMEA",
                hours=weekly_hours({d: [parse_range("22:00-06:00")] for d in (6, 0, 1, 2, 3)}),
                weekend=frozenset({4, 5}),
                cutoff_minutes=45,
            ),
        )
    )


def test_replace_then_load_gives_the_same_roster(store: Store) -> None:
    roster_store = SqliteRosterStore(store=store, clock=FixedClock(datetime(2026, 11, 21, tzinfo=UTC)))
    assert roster_store.load() == Roster()
    roster_store.replace(_roster())
    assert roster_store.load() == _roster()


def test_replace_drops_teammates_that_left(store: Store) -> None:
    roster_store = SqliteRosterStore(store=store, clock=FixedClock(datetime(2026, 11, 21, tzinfo=UTC)))
    roster_store.replace(_roster())
    smaller = Roster(teammates=_roster().teammates[1:])
    roster_store.replace(smaller)
    assert roster_store.load() == smaller
