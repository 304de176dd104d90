"""``baton team ...`` and ``baton timeline``: the roster and time-engine command line (a contract).

Commands and exit status (0 success, 1 invalid roster, 2 unusable input such as a missing file or
a bad ``--at``):

* ``baton team check FILE`` — validate a TOML (or ``.csv``) roster; problems one per line as
  ``FILE: line N, teammate 'X': FIELD: error|warning: message``.
* ``baton team import FILE`` — validate and replace the roster in the local store.
* ``baton team export FILE`` — write the stored roster as TOML (format version 1).
* ``baton team list [--json]`` — the stored roster, as a table or ``{"version": 1, "teammates": [...]}``.
* ``baton timeline [--team FILE] [--at ISO-8601] [--hours N] [--zone IANA] [--json]`` — statuses
  at ``--at`` (default now) and the next N hours (default 24).  ``--team`` reads a roster file and
  never touches the store.  JSON keys: ``at``, ``viewer_zone``, ``teammates`` (``name``, ``zone``,
  ``local_time`` ISO 8601 with offset, ``utc_offset_minutes``, ``day_offset``, ``status``,
  ``status_detail``, ``shift_start``, ``shift_end``, ``next_cutoff``), ``on_now``,
  ``next_online`` (``name``, ``at``), ``coverage_gaps`` (``start``, ``end``), ``offset_changes``
  (``name``, ``at``, ``from_minutes``, ``to_minutes``).  Instants are UTC ISO 8601 with ``Z``;
  missing instants are ``null``.
"""

import argparse
import json
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, TextIO

from app.timeline import RosterStore
from app.timeline.format import format_clock, format_day_offset, format_utc_offset, zone_label
from app.timeline.holiday_calendar import HolidayCalendar
from app.timeline.roster import Roster
from app.timeline.roster_csv import read_roster
from app.timeline.roster_file import (
    Problem,
    RosterInvalid,
    dump_roster,
    teammate_to_mapping,
)
from app.timeline.team import TeamSnapshot, team_snapshot
from app.timeline.zones import UnknownZone, canonical_zone_name


def _instant(value: datetime | None) -> str | None:
    return None if value is None else value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _print_problems(problems: tuple[Problem, ...], out: TextIO) -> None:
    for problem in problems:
        out.write(f"{problem}\n")


def snapshot_json(snapshot: TeamSnapshot) -> dict[str, Any]:
    """The documented ``baton timeline --json`` object for ``snapshot``."""
    return {
        "at": _instant(snapshot.at),
        "viewer_zone": snapshot.viewer_zone,
        "teammates": [
            {
                "name": s.name,
                "zone": s.zone,
                "local_time": s.local_time.isoformat(timespec="seconds"),
                "utc_offset_minutes": s.utc_offset_minutes,
                "day_offset": s.day_offset,
                "status": str(s.status),
                "status_detail": s.status_detail,
                "shift_start": _instant(s.shift_start),
                "shift_end": _instant(s.shift_end),
                "next_cutoff": _instant(s.next_cutoff),
            }
            for s in snapshot.teammates
        ],
        "on_now": list(snapshot.on_now),
        "next_online": [{"name": n.name, "at": _instant(n.at)} for n in snapshot.next_online],
        "coverage_gaps": [
            {"start": _instant(g.start), "end": _instant(g.end)} for g in snapshot.coverage_gaps
        ],
        "offset_changes": [
            {"name": c.name, "at": _instant(c.at), "from_minutes": c.from_minutes, "to_minutes": c.to_minutes}
            for c in snapshot.offset_changes
        ],
    }


def _render_table(snapshot: TeamSnapshot, locale: str, out: TextIO) -> None:
    viewer = snapshot.viewer_zone
    out.write(f"At {format_clock(snapshot.at, viewer, locale)} {zone_label(snapshot.at, viewer, locale)}\n")
    for s in snapshot.teammates:
        clock = f"{format_clock(s.local_time, s.zone, locale)} {format_day_offset(s.day_offset)}".strip()
        detail = f" ({s.status_detail})" if s.status_detail else ""
        shift = ""
        if s.shift_start and s.shift_end:
            start, end = (
                format_clock(s.shift_start, s.zone, locale),
                format_clock(s.shift_end, s.zone, locale),
            )
            shift = f"shift {start}–{end}"
        cutoff = f"cutoff {format_clock(s.next_cutoff, s.zone, locale)}" if s.next_cutoff else ""
        offset = format_utc_offset(s.utc_offset_minutes)
        status = f"{s.status}{detail}"
        out.write(f"{s.name:<20} {clock:<11} {offset:<10} {status:<24} {shift} {cutoff}".rstrip() + "\n")
    out.write(f"On now: {', '.join(snapshot.on_now) or 'nobody'}\n")
    for entry in snapshot.next_online:
        out.write(f"Next: {entry.name} at {format_clock(entry.at, viewer, locale)}\n")
    for gap in snapshot.coverage_gaps:
        out.write(f"Gap: {format_clock(gap.start, viewer, locale)}–{format_clock(gap.end, viewer, locale)}\n")
    for change in snapshot.offset_changes:
        before, after = format_utc_offset(change.from_minutes), format_utc_offset(change.to_minutes)
        out.write(f"Clock change: {change.name} {before} → {after} at {_instant(change.at)}\n")


def _json_default(value: object) -> str:
    """Dates in roster mappings (away, relocations) as ISO 8601 text; nothing else is expected."""
    assert isinstance(value, date), type(value)
    return value.isoformat()


def _list(roster: Roster, as_json: bool, out: TextIO) -> None:
    if as_json:
        data = {"version": roster.version, "teammates": [teammate_to_mapping(t) for t in roster.teammates]}
        out.write(json.dumps(data, default=_json_default, ensure_ascii=False) + "\n")
        return
    for teammate in roster.teammates:
        out.write(f"{teammate.name:<20} {teammate.zone:<24} {teammate.team}\n")


def _timeline(
    args: argparse.Namespace,
    *,
    roster_store: RosterStore,
    now: datetime,
    viewer_zone: str,
    language: str,
    out: TextIO,
) -> int:
    try:
        at = datetime.fromisoformat(args.at) if args.at else now
        zone_name = canonical_zone_name(args.zone).name if args.zone else viewer_zone
    except (ValueError, UnknownZone) as problem:
        out.write(f"baton timeline: {problem}\n")
        return 2
    if at.tzinfo is None:
        out.write("baton timeline: --at needs an offset or Z, e.g. 2026-03-08T12:00:00Z\n")
        return 2
    roster = read_roster(Path(args.team)).roster if args.team else roster_store.load()
    calendar = HolidayCalendar(language=language)
    snapshot = team_snapshot(roster, at, viewer_zone=zone_name, calendar=calendar, hours=args.hours)
    if args.json:
        out.write(json.dumps(snapshot_json(snapshot), ensure_ascii=False) + "\n")
    else:
        _render_table(snapshot, language, out)
    return 0


def run(
    args: argparse.Namespace,
    *,
    roster_store: RosterStore,
    now: datetime,
    out: TextIO,
    viewer_zone: str = "Etc/UTC",
    language: str = "en_US",
) -> int:
    """Run a ``team`` or ``timeline`` command; returns the exit status (0, 1 or 2).

    ``now`` is the injected clock reading (aware); ``viewer_zone`` the viewer's IANA zone and
    ``language`` their locale (``"de_DE"``) for holiday names and the readable table.
    """
    try:
        if args.command == "timeline":
            return _timeline(
                args, roster_store=roster_store, now=now, viewer_zone=viewer_zone, language=language, out=out
            )
        action = args.team_command
        if action == "list":
            _list(roster_store.load(), args.json, out)
        elif action == "export":
            Path(args.file).write_text(dump_roster(roster_store.load()), encoding="utf-8")
        else:
            loaded = read_roster(Path(args.file))
            _print_problems(loaded.warnings, out)
            if action == "import":
                roster_store.replace(loaded.roster)
                out.write(f"imported {len(loaded.roster.teammates)} teammates\n")
            else:
                out.write(f"{args.file}: ok, {len(loaded.roster.teammates)} teammates\n")
    except RosterInvalid as invalid:
        _print_problems(invalid.problems, out)
        return 1
    except OSError as problem:
        out.write(f"baton {args.command}: {problem}\n")
        return 2
    return 0
