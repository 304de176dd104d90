"""Time-engine benchmark: 500 teammates over 14 days, against a bare zoneinfo loop.

Both sides compute every teammate's local time at every hour of 14 days (relocations applied);
the engine also computes the status (shifts from wall-clock rules, weekends, public holidays,
away days).  Each side runs ``REPEAT`` times in the same process and the best time counts; the
holiday tables are built once before timing (the caller owns and reuses its ``HolidayCalendar``),
and that cold start is reported separately.  Prints one JSON line::

    {"teammates": 500, "days": 14, "samples": 168000, "engine_s": ..., "zoneinfo_s": ...,
     "ratio": ..., "target_ratio": 3.0, "cold_engine_s": ..., "tzdata": "2026f"}

Run: ``.venv/bin/python benchmarks/timeline.py``.
"""

import bisect
import json
import random
import time
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from app.timeline.engine import Status, status_series
from app.timeline.holiday_calendar import HolidayCalendar
from app.timeline.local_time import relocation_instants
from app.timeline.roster import (
    AwayRange,
    HolidayRegion,
    Relocation,
    ShiftRule,
    Teammate,
    weekly_hours,
)
from app.timeline.zones import TZDATA_VERSION, zone

TEAMMATES = 500
DAYS = 14
REPEAT = 5
START = datetime(2026, 3, 2, tzinfo=UTC)  # spans the US (03-08) and EU (03-29) DST changes
PLACES = [
    ("Europe/Berlin", HolidayRegion("DE", "BE")),
    ("America/New_York", HolidayRegion("US", "NY")),
    ("Asia/Kolkata", HolidayRegion("IN")),
    ("Asia/Kathmandu", HolidayRegion("NP")),
    ("Australia/Sydney", HolidayRegion("AU", "NSW")),
    ("Australia/Lord_Howe", HolidayRegion("AU", "NSW")),
    ("Pacific/Chatham", HolidayRegion("NZ")),
    ("America/Mexico_City", HolidayRegion("MX")),
    ("Asia/Tokyo", HolidayRegion("JP")),
    ("Europe/London", HolidayRegion("GB", "ENG")),
    ("America/Sao_Paulo", HolidayRegion("BR")),
    ("Asia/Jerusalem", HolidayRegion("IL")),
]


def build_team(rng: random.Random) -> list[Teammate]:
    """500 teammates: office, split and night shifts, holidays, away ranges, relocations."""
    team = []
    for index in range(TEAMMATES):
        home, region = rng.choice(PLACES)
        start = rng.choice([7, 8, 9, 10, 14, 22]) * 60
        rules = [ShiftRule(start, start + rng.choice([240, 480, 510]))]
        if start < 600 and rng.random() < 0.3:
            rules = [ShiftRule(start, start + 180), ShiftRule(start + 240, start + 480)]
        away = ()
        if rng.random() < 0.2:
            first = date(2026, 3, 2) + timedelta(days=rng.randrange(DAYS))
            away = (AwayRange(first, first + timedelta(days=rng.randrange(1, 6))),)
        relocations = ()
        if rng.random() < 0.1:
            target, _ = rng.choice(PLACES)
            relocations = (Relocation(date(2026, 3, 2) + timedelta(days=rng.randrange(DAYS)), target),)
        team.append(
            Teammate(
                name=f"teammate {index}",
                zone=home,
                hours=weekly_hours({day: rules for day in range(5)}),
                holidays=region,
                away=away,
                relocations=relocations,
                cutoff_minutes=30,
            )
        )
    return team


def engine_pass(team: list[Teammate], instants: list[datetime], calendar: HolidayCalendar) -> int:
    """Local time and status for every teammate at every instant, through the engine."""
    working = 0
    for teammate in team:
        working += status_series(teammate, instants, calendar=calendar).statuses.count(Status.WORKING)
    return working


def zoneinfo_pass(zones: list[list[tuple[int, int, ZoneInfo]]], instants: list[datetime]) -> int:
    """The same local times with nothing but ``datetime.astimezone`` over each relocation's slice."""
    count = 0
    for segments in zones:
        for first, last, tz in segments:
            count += len([at.astimezone(tz) for at in instants[first:last]])
    return count


def segments(teammate: Teammate, instants: list[datetime]) -> list[tuple[int, int, ZoneInfo]]:
    """``(first, last, zone)`` index slices of ``instants`` per zone the teammate lives in."""
    changes = relocation_instants(teammate)
    bounds = [bisect.bisect_left(instants, since) for since, _ in changes[1:]]
    starts, ends = [0, *bounds], [*bounds, len(instants)]
    return [(first, last, zone(name)) for first, last, (_, name) in zip(starts, ends, changes, strict=True)]


def best_of(function: object, *args: object) -> float:
    """Best wall time in seconds over ``REPEAT`` runs."""
    timings = []
    for _ in range(REPEAT):
        began = time.perf_counter()
        function(*args)  # type: ignore[operator]
        timings.append(time.perf_counter() - began)
    return min(timings)


def main() -> None:
    """Run both passes and print the JSON line."""
    team = build_team(random.Random(20261121))
    instants = [START + timedelta(hours=hour) for hour in range(DAYS * 24)]
    calendar = HolidayCalendar(language="en_US")
    began = time.perf_counter()
    engine_pass(team, instants, calendar)
    cold = time.perf_counter() - began
    zones = [segments(teammate, instants) for teammate in team]
    engine = best_of(engine_pass, team, instants, calendar)
    bare = best_of(zoneinfo_pass, zones, instants)
    result = {
        "teammates": TEAMMATES,
        "days": DAYS,
        "samples": TEAMMATES * len(instants),
        "engine_s": round(engine, 4),
        "zoneinfo_s": round(bare, 4),
        "ratio": round(engine / bare, 2),
        "target_ratio": 3.0,
        "cold_engine_s": round(cold, 4),
        "tzdata": TZDATA_VERSION,
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
