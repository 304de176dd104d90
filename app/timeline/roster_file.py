"""Roster files: TOML format version 1, validated into a ``Roster``.

Format (all keys but ``name`` and ``zone`` optional)::

    version = 1
    [[teammate]]
    name = "Berlin lead"            # unique display name
    zone = "Europe/Berlin"          # IANA time zone; legacy links normalised with a warning
    locale = "de_DE"                # CLDR locale (babel), default en_US
    team = "EMEA"                   # team or region label
    holidays = "DE-BE"              # ISO 3166 country, optional "-" subdivision (holidays package)
    weekend = ["sat", "sun"]        # default: the holiday country's weekend, else sat/sun
    cutoff_minutes = 30             # handoff due this many minutes before each shift end
    hours = { mon = ["09:00-17:30"], fri = ["09:00-15:00", "22:00-06:00"] }  # local wall clock
    away = [ { from = 2026-12-23, to = 2027-01-02 } ]           # inclusive local dates
    relocations = [ { from = 2027-02-01, zone = "America/New_York" } ]

A range whose end is not after its start crosses midnight and belongs to the day it starts;
``24:00`` is accepted as an end.  Every problem names the file, the line or teammate, and the field.
"""

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import babel
import holidays
import tomli_w

from app.timeline.roster import (
    MINUTES_PER_DAY,
    WEEKDAY_NAMES,
    AwayRange,
    HolidayRegion,
    Relocation,
    Roster,
    ShiftRule,
    Teammate,
    weekly_hours,
)
from app.timeline.zones import UnknownZone, canonical_zone_name

FORMAT_VERSION = 1
_FIELDS = frozenset(
    {
        "name",
        "zone",
        "locale",
        "team",
        "holidays",
        "weekend",
        "cutoff_minutes",
        "hours",
        "away",
        "relocations",
    }
)


@dataclass(frozen=True)
class Problem:
    """One validation finding: ``source`` file, ``where`` (line or teammate), ``field``, ``message``.

    ``severity`` is ``"error"`` (the roster is rejected) or ``"warning"`` (accepted, normalised).
    """

    source: str
    where: str
    field: str
    message: str
    severity: str = "error"

    def __str__(self) -> str:
        return f"{self.source}: {self.where}: {self.field}: {self.severity}: {self.message}"


class RosterInvalid(ValueError):
    """The roster has errors; ``.problems`` lists every error and warning found."""

    def __init__(self, problems: tuple[Problem, ...]) -> None:
        super().__init__("\n".join(str(problem) for problem in problems))
        self.problems = problems


@dataclass(frozen=True)
class LoadedRoster:
    """A valid ``roster`` and the ``warnings`` (normalisations) met while reading it."""

    roster: Roster
    warnings: tuple[Problem, ...]


class ProblemReport:
    """Gathers problems for one teammate, located by ``where``."""

    def __init__(self, source: str, where: str, problems: list[Problem]) -> None:
        self.source, self.where, self.problems = source, where, problems

    def error(self, field: str, message: str) -> None:
        self.problems.append(Problem(self.source, self.where, field, message))

    def warning(self, field: str, message: str) -> None:
        self.problems.append(Problem(self.source, self.where, field, message, "warning"))


def parse_clock(text: str) -> int:
    """Minutes after midnight for ``"HH:MM"`` (``"24:00"`` -> 1440); raises ValueError."""
    hours, _, minutes = text.strip().partition(":")
    if not (hours.isdigit() and minutes.isdigit() and len(minutes) == 2 and len(hours) in (1, 2)):
        raise ValueError(f"{text!r} is not HH:MM")
    value = int(hours) * 60 + int(minutes)
    if int(minutes) >= 60 or value > MINUTES_PER_DAY:
        raise ValueError(f"{text!r} is not a time of day")
    return value


def parse_range(text: str) -> ShiftRule:
    """``"09:00-17:30"`` -> ShiftRule; an end not after the start crosses midnight."""
    start_text, dash, end_text = text.partition("-")
    if not dash:
        raise ValueError(f"{text!r} is not a range like 09:00-17:30")
    start, end = parse_clock(start_text), parse_clock(end_text)
    if start == MINUTES_PER_DAY:
        raise ValueError(f"{text!r} starts at 24:00")
    if end == start:
        raise ValueError(f"{text!r} is empty; write 00:00-24:00 for a whole day")
    return ShiftRule(start, end if end > start else end + MINUTES_PER_DAY)


def _as_date(value: object) -> date:
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        return date.fromisoformat(value)
    raise ValueError(f"{value!r} is not a date (YYYY-MM-DD)")


def _zone(value: object, field: str, report: ProblemReport) -> str | None:
    if not isinstance(value, str):
        report.error(field, "must be an IANA time zone name such as Europe/Berlin")
        return None
    try:
        resolved = canonical_zone_name(value)
    except UnknownZone as problem:
        report.error(field, str(problem))
        return None
    if resolved.warning:
        report.warning(field, resolved.warning)
    return resolved.name


def _holiday_region(value: object, report: ProblemReport) -> HolidayRegion | None:
    if value is None:
        return None
    country, _, subdivision = str(value).strip().partition("-")
    supported = holidays.list_supported_countries()
    if country.upper() not in supported:
        report.error("holidays", f"unknown country {country!r} (ISO 3166-1 alpha-2, e.g. DE or DE-BE)")
        return None
    if subdivision and subdivision.upper() not in {code.upper() for code in supported[country.upper()]}:
        known = ", ".join(supported[country.upper()][:12])
        report.error("holidays", f"unknown subdivision {subdivision!r} of {country} (known: {known})")
        return None
    return HolidayRegion(country.upper(), subdivision.upper() or None)


def _weekdays(value: object, report: ProblemReport) -> frozenset[int] | None:
    names = value if isinstance(value, list) else None
    if names is None or not all(isinstance(n, str) and n.lower() in WEEKDAY_NAMES for n in names):
        report.error("weekend", f"must be a list of {', '.join(WEEKDAY_NAMES)}")
        return None
    return frozenset(WEEKDAY_NAMES.index(name.lower()) for name in names)


def _hours(value: object, report: ProblemReport) -> tuple[tuple[ShiftRule, ...], ...]:
    if not isinstance(value, Mapping):
        report.error("hours", "must be a table of weekday = [ranges]")
        return weekly_hours({})
    rules: dict[int, list[ShiftRule]] = {}
    for day_name, ranges in value.items():
        if day_name not in WEEKDAY_NAMES:
            report.error(f"hours.{day_name}", f"unknown weekday; use {', '.join(WEEKDAY_NAMES)}")
            continue
        for text in ranges if isinstance(ranges, list) else [ranges]:
            try:
                rules.setdefault(WEEKDAY_NAMES.index(day_name), []).append(parse_range(str(text)))
            except ValueError as problem:
                report.error(f"hours.{day_name}", str(problem))
    return weekly_hours(rules)


def _spans(value: object, field: str, report: ProblemReport) -> list[Mapping[str, Any]]:
    if not isinstance(value, list) or not all(isinstance(item, Mapping) for item in value):
        report.error(field, "must be a list of tables")
        return []
    return value


def _away(value: object, report: ProblemReport) -> tuple[AwayRange, ...]:
    found = []
    for item in _spans(value, "away", report):
        try:
            first, last = _as_date(item.get("from")), _as_date(item.get("to"))
        except ValueError as problem:
            report.error("away", str(problem))
            continue
        if last < first:
            report.error("away", f"ends {last} before it starts {first}")
            continue
        found.append(AwayRange(first, last))
    return tuple(found)


def _relocations(value: object, report: ProblemReport) -> tuple[Relocation, ...]:
    found = []
    for item in _spans(value, "relocations", report):
        try:
            start = _as_date(item.get("from"))
        except ValueError as problem:
            report.error("relocations", str(problem))
            continue
        zone_name = _zone(item.get("zone"), "relocations.zone", report)
        if zone_name is not None:
            found.append(Relocation(start, zone_name))
    return tuple(sorted(found))


def teammate_from_mapping(data: Mapping[str, Any], report: ProblemReport) -> Teammate | None:
    """Validate one teammate table; problems go to ``report``; None when it has errors."""
    errors_before = sum(problem.severity == "error" for problem in report.problems)
    for key in sorted(set(data) - _FIELDS):
        report.error(key, f"unknown field (known: {', '.join(sorted(_FIELDS))})")
    name = data.get("name")
    if not isinstance(name, str) or not name.strip():
        report.error("name", "is required and must be text")
    zone_name = _zone(data.get("zone"), "zone", report)
    locale = str(data.get("locale", "en_US"))
    try:
        babel.Locale.parse(locale)
    except (ValueError, babel.UnknownLocaleError):
        report.error("locale", f"unknown locale {locale!r} (e.g. en_US, de_DE)")
    region = _holiday_region(data.get("holidays"), report)
    default_weekend = (
        frozenset(holidays.country_holidays(region.country).weekend) if region else frozenset({5, 6})
    )
    weekend = _weekdays(data["weekend"], report) if "weekend" in data else default_weekend
    cutoff = data.get("cutoff_minutes", 30)
    if isinstance(cutoff, bool) or not isinstance(cutoff, int) or not 0 <= cutoff <= MINUTES_PER_DAY:
        report.error("cutoff_minutes", "must be a whole number of minutes from 0 to 1440")
    hours = _hours(data.get("hours", {}), report)
    away = _away(data.get("away", []), report)
    relocations = _relocations(data.get("relocations", []), report)
    if sum(problem.severity == "error" for problem in report.problems) > errors_before:
        return None
    assert isinstance(name, str) and zone_name is not None and weekend is not None
    return Teammate(
        name=name.strip(),
        zone=zone_name,
        locale=locale,
        team=str(data.get("team", "")),
        hours=hours,
        weekend=weekend,
        holidays=region,
        away=away,
        relocations=relocations,
        cutoff_minutes=int(cutoff),
    )


def _teammate_lines(text: str) -> list[int]:
    return [number for number, line in enumerate(text.splitlines(), 1) if line.strip() == "[[teammate]]"]


def finish(
    teammates: list[tuple[str, Teammate | None]], problems: list[Problem], source: str
) -> LoadedRoster:
    """Check unique names, then return the roster or raise ``RosterInvalid`` with every problem."""
    seen: set[str] = set()
    for where, teammate in teammates:
        if teammate is not None and teammate.name in seen:
            problems.append(Problem(source, where, "name", f"duplicate name {teammate.name!r}"))
        elif teammate is not None:
            seen.add(teammate.name)
    if any(problem.severity == "error" for problem in problems):
        raise RosterInvalid(tuple(problems))
    roster = Roster(tuple(teammate for _, teammate in teammates if teammate is not None))
    return LoadedRoster(roster, tuple(problems))


def parse_roster(text: str, *, source: str = "<roster>") -> LoadedRoster:
    """Parse and validate TOML roster ``text``; raises ``RosterInvalid`` listing every problem."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as problem:
        raise RosterInvalid((Problem(source, "file", "toml", str(problem)),)) from problem
    problems: list[Problem] = []
    if data.get("version") != FORMAT_VERSION:
        problems.append(Problem(source, "file", "version", f"must be {FORMAT_VERSION}"))
    for key in sorted(set(data) - {"version", "teammate"}):
        problems.append(Problem(source, "file", key, "unknown top-level key (expected version, teammate)"))
    entries = data.get("teammate", [])
    if not isinstance(entries, list):
        entries = []
        problems.append(Problem(source, "file", "teammate", "must be an array of tables [[teammate]]"))
    lines = _teammate_lines(text)
    teammates = []
    for index, entry in enumerate(entries):
        line = f"line {lines[index]}" if index < len(lines) else f"teammate #{index + 1}"
        label = entry.get("name") if isinstance(entry.get("name"), str) else f"#{index + 1}"
        where = f"{line}, teammate {label!r}"
        teammates.append((where, teammate_from_mapping(entry, ProblemReport(source, where, problems))))
    return finish(teammates, problems, source)


def load_roster(path: Path) -> LoadedRoster:
    """Read and validate a TOML roster file (UTF-8); raises ``RosterInvalid`` or ``OSError``."""
    return parse_roster(path.read_text(encoding="utf-8"), source=str(path))


def teammate_to_mapping(teammate: Teammate) -> dict[str, Any]:
    """The roster-file table for one teammate (inverse of ``teammate_from_mapping``)."""
    data: dict[str, Any] = {"name": teammate.name, "zone": teammate.zone, "locale": teammate.locale}
    if teammate.team:
        data["team"] = teammate.team
    if teammate.holidays:
        data["holidays"] = str(teammate.holidays)
    data["weekend"] = [WEEKDAY_NAMES[day] for day in sorted(teammate.weekend)]
    data["cutoff_minutes"] = teammate.cutoff_minutes
    data["hours"] = {
        WEEKDAY_NAMES[day]: [str(rule) for rule in rules] for day, rules in enumerate(teammate.hours) if rules
    }
    if teammate.away:
        data["away"] = [{"from": span.first, "to": span.last} for span in teammate.away]
    if teammate.relocations:
        data["relocations"] = [{"from": move.start, "zone": move.zone} for move in teammate.relocations]
    return data


def dump_roster(roster: Roster) -> str:
    """TOML text (format version 1) for ``roster``; ``parse_roster`` reads it back unchanged."""
    return tomli_w.dumps(
        {"version": FORMAT_VERSION, "teammate": [teammate_to_mapping(t) for t in roster.teammates]}
    )


def save_roster(roster: Roster, path: Path) -> None:
    """Write ``roster`` as a TOML file (UTF-8)."""
    path.write_text(dump_roster(roster), encoding="utf-8")
