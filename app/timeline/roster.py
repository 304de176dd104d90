"""The team roster: who works where, and when, in their own local wall-clock time.

Everything here is an immutable value.  Working hours are wall-clock rules (``09:00-17:30`` in the
teammate's IANA time zone), never durations; how a rule becomes UTC instants on DST days is the
engine's job (see ``app.timeline.engine``).
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

MINUTES_PER_DAY = 24 * 60
WEEKDAY_NAMES: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
"""Roster-file weekday keys; the index is ``date.weekday()`` (Monday = 0)."""


def _hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


@dataclass(frozen=True, order=True)
class ShiftRule:
    """One working range on a weekday, in local wall-clock minutes after local midnight.

    ``start_minute`` is in [0, 1440).  ``end_minute`` is in (start_minute, start_minute + 1440]; a
    value above 1440 means the shift crosses midnight and ends the next local day (``22:00-06:00``
    is ``ShiftRule(1320, 1800)``); ``ShiftRule(0, 1440)`` is the whole day and the only 24-hour rule.
    The shift belongs to the day it starts on.
    """

    start_minute: int
    end_minute: int

    def __post_init__(self) -> None:
        if not 0 <= self.start_minute < MINUTES_PER_DAY:
            raise ValueError(f"shift start {self.start_minute} is outside 00:00-23:59")
        whole_day = (self.start_minute, self.end_minute) == (0, MINUTES_PER_DAY)
        if not (self.start_minute < self.end_minute < self.start_minute + MINUTES_PER_DAY or whole_day):
            raise ValueError(f"shift end {self.end_minute} is not within 24 h after its start")

    @property
    def crosses_midnight(self) -> bool:
        """True when the shift ends on the next local day."""
        return self.end_minute > MINUTES_PER_DAY

    def __str__(self) -> str:
        end = "24:00" if self.end_minute == MINUTES_PER_DAY else _hhmm(self.end_minute % MINUTES_PER_DAY)
        return f"{_hhmm(self.start_minute)}-{end}"


@dataclass(frozen=True)
class HolidayRegion:
    """Public-holiday region: ISO 3166-1 alpha-2 ``country`` and optional ``subdivision`` code."""

    country: str
    subdivision: str | None = None

    def __str__(self) -> str:
        return f"{self.country}-{self.subdivision}" if self.subdivision else self.country


@dataclass(frozen=True)
class AwayRange:
    """Out of office from ``first`` to ``last``, both inclusive local dates in the teammate's zone."""

    first: date
    last: date

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.first <= day <= self.last


@dataclass(frozen=True, order=True)
class Relocation:
    """From local date ``start`` on (local midnight in the new zone), the teammate lives in ``zone``."""

    start: date
    zone: str


@dataclass(frozen=True)
class Teammate:
    """A person on the roster.

    ``zone`` is the canonical IANA time zone before any relocation; ``hours`` has seven entries
    indexed by ``date.weekday()`` (Monday = 0), each a tuple of ``ShiftRule`` sorted by start;
    ``weekend`` holds weekday indexes on which no shift starts; ``cutoff_minutes`` is how many
    minutes before each shift end the handoff is due; ``relocations`` is sorted by start date.
    """

    name: str
    zone: str
    locale: str = "en_US"
    team: str = ""
    hours: tuple[tuple[ShiftRule, ...], ...] = ((),) * 7
    weekend: frozenset[int] = frozenset({5, 6})
    holidays: HolidayRegion | None = None
    away: tuple[AwayRange, ...] = ()
    relocations: tuple[Relocation, ...] = ()
    cutoff_minutes: int = 30

    def __post_init__(self) -> None:
        if len(self.hours) != 7:
            raise ValueError("hours must have one entry per weekday (7)")
        if self.cutoff_minutes < 0:
            raise ValueError("cutoff_minutes must not be negative")

    def zone_on(self, day: date) -> str:
        """The IANA zone in effect on local date ``day`` (relocations applied)."""
        current = self.zone
        for relocation in self.relocations:
            if relocation.start <= day:
                current = relocation.zone
        return current

    def is_away(self, day: date) -> bool:
        """True when local date ``day`` is inside one of the out-of-office ranges."""
        return bool(self.away) and any(span.first <= day <= span.last for span in self.away)


def weekly_hours(rules: Mapping[int, Iterable[ShiftRule]]) -> tuple[tuple[ShiftRule, ...], ...]:
    """Build ``Teammate.hours`` from ``{weekday index: rules}``.

    Rules are sorted and de-duplicated; missing weekdays have no shifts.
    """
    return tuple(tuple(sorted(set(rules.get(day, ())))) for day in range(7))


@dataclass(frozen=True)
class Roster:
    """A versioned list of teammates (file format ``version``; names are unique)."""

    teammates: tuple[Teammate, ...] = field(default_factory=tuple)
    version: int = 1

    def by_name(self, name: str) -> Teammate:
        """The teammate called ``name``; raises ``KeyError`` when absent."""
        for teammate in self.teammates:
            if teammate.name == name:
                return teammate
        raise KeyError(name)
