"""The team roster in SQLite: implements :class:`app.timeline.RosterStore` over the
``teammate``, ``relocation`` and ``out_of_office`` tables.

Working hours are kept as the roster file writes them (``{"mon": ["09:00-17:30"]}``, local
wall-clock ranges) and weekend days as weekday names, so the database reads like the file.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import col, delete, select

from app.ports import Clock
from app.store.models import OutOfOffice, Relocation, Teammate
from app.store.store import Store
from app.timeline.roster import (
    WEEKDAY_NAMES,
    AwayRange,
    HolidayRegion,
    Roster,
    weekly_hours,
)
from app.timeline.roster import Relocation as RosterRelocation
from app.timeline.roster import Teammate as RosterTeammate
from app.timeline.roster_file import parse_range


class SqliteRosterStore:
    """The roster of one profile. ``replace`` swaps the whole roster in one transaction."""

    def __init__(self, *, store: Store, clock: Clock) -> None:
        self._store = store
        self._clock = clock

    def load(self) -> Roster:
        """The stored roster in insertion order (empty when none was imported yet)."""
        with self._store.session() as session:
            rows = session.exec(select(Teammate).order_by(col(Teammate.id))).all()
            moves = session.exec(select(Relocation).order_by(col(Relocation.starts_on))).all()
            away = session.exec(select(OutOfOffice).order_by(col(OutOfOffice.starts_on))).all()
            return Roster(
                teammates=tuple(
                    _teammate(
                        row,
                        [m for m in moves if m.teammate_id == row.id],
                        [a for a in away if a.teammate_id == row.id],
                    )
                    for row in rows
                )
            )

    def replace(self, roster: Roster) -> None:
        """Make ``roster`` the stored roster (teammates, relocations, out-of-office ranges)."""
        now = self._clock.now()
        with self._store.session() as session:
            session.exec(delete(Teammate))  # relocations and out-of-office ranges cascade
            for teammate in roster.teammates:
                row = _row(teammate, now)
                session.add(row)
                session.flush()
                assert row.id is not None
                for move in teammate.relocations:
                    session.add(Relocation(teammate_id=row.id, starts_on=move.start, zone=move.zone))
                for span in teammate.away:
                    session.add(OutOfOffice(teammate_id=row.id, starts_on=span.first, ends_on=span.last))


def _row(teammate: RosterTeammate, now: datetime) -> Teammate:
    return Teammate(
        name=teammate.name,
        zone=teammate.zone,
        locale=teammate.locale,
        team=teammate.team,
        holiday_country=teammate.holidays.country if teammate.holidays else None,
        holiday_subdivision=teammate.holidays.subdivision if teammate.holidays else None,
        weekend=[WEEKDAY_NAMES[day] for day in sorted(teammate.weekend)],
        working_hours={
            WEEKDAY_NAMES[day]: [str(rule) for rule in rules]
            for day, rules in enumerate(teammate.hours)
            if rules
        },
        cutoff_minutes=teammate.cutoff_minutes,
        created_at=now,
        updated_at=now,
    )


def _teammate(row: Teammate, moves: list[Relocation], away: list[OutOfOffice]) -> RosterTeammate:
    hours = {
        WEEKDAY_NAMES.index(day): [parse_range(text) for text in ranges]
        for day, ranges in row.working_hours.items()
    }
    return RosterTeammate(
        name=row.name,
        zone=row.zone,
        locale=row.locale,
        team=row.team,
        hours=weekly_hours(hours),
        weekend=frozenset(WEEKDAY_NAMES.index(day) for day in row.weekend),
        holidays=HolidayRegion(row.holiday_country, row.holiday_subdivision) if row.holiday_country else None,
        away=tuple(AwayRange(a.starts_on, a.ends_on) for a in away),
        relocations=tuple(RosterRelocation(m.starts_on, m.zone) for m in moves),
        cutoff_minutes=row.cutoff_minutes,
    )
