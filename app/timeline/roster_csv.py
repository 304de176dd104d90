"""CSV import and export of the simple roster columns.

Header row required; columns (case-insensitive): ``name``, ``zone`` (required), ``team``,
``hours``, ``holidays``, ``cutoff`` (or ``cutoff_minutes``), ``locale``.  ``hours`` is a
semicolon-separated list of ``DAYS RANGE [RANGE...]`` where DAYS is a weekday, a span ``mon-fri``
or a comma list ``mon,wed``, e.g. ``mon-fri 09:00-17:30; sat 10:00-12:00 13:00-15:00``.
Problems name the file, the line and the column.  ``write_roster_csv`` writes the same columns;
weekend days, out-of-office ranges and relocations have no column and are not exported (the TOML
roster file keeps everything).
"""

import csv
import io
from pathlib import Path
from typing import Any

from app.timeline.roster import WEEKDAY_NAMES, Roster, ShiftRule
from app.timeline.roster_file import (
    LoadedRoster,
    Problem,
    ProblemReport,
    finish,
    parse_roster,
    teammate_from_mapping,
)

_COLUMNS = {"name", "zone", "team", "hours", "holidays", "cutoff", "cutoff_minutes", "locale"}


def _days(text: str) -> list[str]:
    days: list[str] = []
    for part in text.lower().split(","):
        first, dash, last = part.strip().partition("-")
        if first not in WEEKDAY_NAMES or (dash and last not in WEEKDAY_NAMES):
            raise ValueError(f"{part.strip()!r} is not a weekday or span like mon-fri")
        start = WEEKDAY_NAMES.index(first)
        stop = WEEKDAY_NAMES.index(last) if dash else start
        days.extend(WEEKDAY_NAMES[(start + step) % 7] for step in range((stop - start) % 7 + 1))
    return days


def parse_hours_cell(text: str) -> dict[str, list[str]]:
    """``"mon-fri 09:00-17:30; sat 10:00-12:00"`` -> ``{"mon": ["09:00-17:30"], ...}``."""
    hours: dict[str, list[str]] = {}
    for entry in filter(None, (chunk.strip() for chunk in text.split(";"))):
        days_text, *ranges = entry.split()
        if not ranges:
            raise ValueError(f"{entry!r} has no time range")
        for day in _days(days_text):
            hours.setdefault(day, []).extend(ranges)
    return hours


def parse_roster_csv(text: str, *, source: str = "<csv>") -> LoadedRoster:
    """Parse and validate CSV roster ``text``; raises ``RosterInvalid`` listing every problem."""
    reader = csv.DictReader(io.StringIO(text))
    header = [column.strip().lower() for column in reader.fieldnames or []]
    problems: list[Problem] = []
    for column in sorted(set(header) - _COLUMNS):
        problems.append(
            Problem(source, "line 1", column, f"unknown column (known: {', '.join(sorted(_COLUMNS))})")
        )
    for column in ("name", "zone"):
        if column not in header:
            problems.append(Problem(source, "line 1", column, "required column is missing"))
    teammates = []
    for row in reader:
        cells = {key.strip().lower(): (value or "").strip() for key, value in row.items() if key is not None}
        where = f"line {reader.line_num}, teammate {cells.get('name', '')!r}"
        report = ProblemReport(source, where, problems)
        data: dict[str, Any] = {"name": cells.get("name", ""), "zone": cells.get("zone", "")}
        for column in ("team", "holidays", "locale"):
            if cells.get(column):
                data[column] = cells[column]
        cutoff = cells.get("cutoff") or cells.get("cutoff_minutes")
        if cutoff:
            data["cutoff_minutes"] = int(cutoff) if cutoff.isdigit() else cutoff
        try:
            data["hours"] = parse_hours_cell(cells.get("hours", ""))
        except ValueError as problem:
            report.error("hours", str(problem))
        teammates.append((where, teammate_from_mapping(data, report)))
    return finish(teammates, problems, source)


def format_hours_cell(hours: tuple[tuple[ShiftRule, ...], ...]) -> str:
    """Inverse of :func:`parse_hours_cell`: consecutive weekdays with the same ranges share one
    entry, e.g. ``"mon-thu 09:00-17:30; fri 09:00-15:00 22:00-06:00"``; ``""`` for no hours."""
    entries: list[str] = []
    day = 0
    while day < len(hours):
        last = day
        while last + 1 < len(hours) and hours[last + 1] == hours[day]:
            last += 1
        if hours[day]:
            days = WEEKDAY_NAMES[day] + (f"-{WEEKDAY_NAMES[last]}" if last > day else "")
            entries.append(f"{days} {' '.join(str(rule) for rule in hours[day])}")
        day = last + 1
    return "; ".join(entries)


def write_roster_csv(roster: Roster, path: Path) -> None:
    """Write ``roster`` as CSV (UTF-8) with the columns :func:`parse_roster_csv` reads back.

    Weekend days, out-of-office ranges and relocations are not written (no CSV column).
    Raises ``OSError`` when the file cannot be written.
    """
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(("name", "zone", "team", "hours", "holidays", "cutoff", "locale"))
        for teammate in roster.teammates:
            writer.writerow(
                (
                    teammate.name,
                    teammate.zone,
                    teammate.team,
                    format_hours_cell(teammate.hours),
                    str(teammate.holidays) if teammate.holidays else "",
                    teammate.cutoff_minutes,
                    teammate.locale,
                )
            )


def read_roster(path: Path) -> LoadedRoster:
    """Read a roster file (UTF-8): CSV when the name ends in ``.csv``, otherwise TOML.

    Raises ``RosterInvalid`` listing every problem, or ``OSError`` when the file cannot be read.
    """
    text = path.read_text(encoding="utf-8")
    if path.suffix.lower() == ".csv":
        return parse_roster_csv(text, source=str(path))
    return parse_roster(text, source=str(path))
