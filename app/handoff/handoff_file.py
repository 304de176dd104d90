"""The handoff file: a handoff written in TOML for ``baton handoff new --from-file``.

Format (version 1; every key but the item ``text`` is optional)::

    title = "Tuesday handoff"
    to = "Ben"                    # a teammate; or: team = "EMEA" (default: the next one online)
    urgency = "urgent"            # normal (default) | high | urgent
    escalation_contact = "Cara"   # required when urgent
    due = 2026-11-24T08:30:00Z    # handoff due time (default: my next cutoff)
    carry_over = true             # copy unresolved items of the last handoff I received (default false)

    [[completed]]
    text = "Rotated the TLS certificates"

    [[in_progress]]
    text = "Billing DB migration"
    link = "PROJ-42"              # an http(s) URL or a tracker key (#123, PROJ-42)

    [[risks]]
    text = "Disk at 85 %"
    input_needed = true           # flag: input needed (default: FYI)

    [[decisions]]
    text = "Roll back 2.3 unless someone objects"
    deadline = 2026-11-25T09:00:00+01:00
    # or: deadline_working_minutes = 240   (counted in the decider's working hours;
    #     decider = "Ben", default the recipient)

    [[next_actions]]
    text = "Resize the disk"
    owner = "Ben"
    due = 2026-11-25T12:00:00Z

    [[links]]
    text = "Runbook"
    link = "https://wiki.example.com/runbook"

Instants are TOML offset date-times (``Z`` or ``+HH:MM``); a local date-time without an offset
is refused rather than guessed at. Errors name the file, the line and the field:
``handoff.toml:14: next_actions[1].owner: must be a string``.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from app.domain import ItemFlag, RecipientKind, Section, Urgency
from app.handoff.validation import Problem
from app.store.records import HandoffItemData

_HEADER_KEYS = {"version", "title", "to", "team", "urgency", "escalation_contact", "due", "carry_over"}
_ITEM_KEYS = {
    "text",
    "input_needed",
    "owner",
    "due",
    "deadline",
    "deadline_working_minutes",
    "decider",
    "link",
}
_FIELD_KEYS = {"deadline_at": "deadline", "due_at": "due", "ref": "link", "recipient": "to"}


@dataclass(frozen=True)
class FileProblem:
    """One problem in a handoff file: ``line`` (1-based, ``None`` when unknown), ``where`` (the
    key path such as ``next_actions[2].owner``) and ``message``."""

    source: str
    line: int | None
    where: str
    message: str

    def __str__(self) -> str:
        line = f":{self.line}" if self.line is not None else ""
        where = f" {self.where}:" if self.where else ""
        return f"{self.source}{line}:{where} {self.message}"


class HandoffFileInvalid(ValueError):
    """The file cannot become a handoff; ``problems`` lists every problem found."""

    def __init__(self, problems: Sequence[FileProblem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = tuple(problems)


@dataclass(frozen=True)
class ItemSpec:
    """An item read from the file; ``deadline_working_minutes``/``decider`` ask for a proposed
    decision deadline (filled in by the caller through the time engine)."""

    item: HandoffItemData
    deadline_working_minutes: int | None = None
    decider: str | None = None


@dataclass(frozen=True)
class HandoffFile:
    """The parsed file. ``recipient`` is ``None`` when the file leaves it to the time engine."""

    title: str = ""
    recipient: str | None = None
    recipient_kind: str = RecipientKind.TEAMMATE.value
    urgency: str = Urgency.NORMAL.value
    escalation_contact: str | None = None
    due_at: datetime | None = None
    carry_over: bool = False
    items: tuple[ItemSpec, ...] = field(default_factory=tuple)


class _Reader:
    def __init__(self, text: str, source: str) -> None:
        self.lines = text.splitlines()
        self.source = source
        self.problems: list[FileProblem] = []

    def line_of(self, section: str | None, index: int | None, key: str | None) -> int | None:
        """Line of ``key`` in the ``index``-th (0-based) ``[[section]]`` table, or of the
        table header, or of a top-level key."""
        start, end = 0, len(self.lines)
        if section is not None and index is not None:
            header = re.compile(rf"^\s*\[\[\s*{re.escape(section)}\s*\]\]")
            found = [n for n, line in enumerate(self.lines) if header.match(line)]
            if index >= len(found):
                return None
            start = found[index]
            following = [
                n for n, line in enumerate(self.lines) if n > start and line.lstrip().startswith("[")
            ]
            end = following[0] if following else len(self.lines)
        else:
            tables = [n for n, line in enumerate(self.lines) if line.lstrip().startswith("[")]
            end = tables[0] if tables else len(self.lines)
        if key is not None:
            pattern = re.compile(rf"^\s*\"?{re.escape(key)}\"?\s*=")
            for number in range(start, end):
                if pattern.match(self.lines[number]):
                    return number + 1
        return start + 1 if section is not None and index is not None else None

    def error(self, section: str | None, index: int | None, key: str | None, message: str) -> None:
        where = key or ""
        if section is not None:
            where = f"{section}[{(index or 0) + 1}]" + (f".{key}" if key else "")
        self.problems.append(FileProblem(self.source, self.line_of(section, index, key), where, message))


def parse_handoff_file(text: str, *, source: str = "<handoff>") -> HandoffFile:
    """Parse handoff-file ``text`` (TOML, format in the module docstring).

    Raises :class:`HandoffFileInvalid` listing every problem in line order (TOML syntax errors
    carry tomllib's line and column).
    """
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        line = re.search(r"line (\d+)", str(error))
        raise HandoffFileInvalid(
            [FileProblem(source, int(line.group(1)) if line else None, "", f"not valid TOML ({error})")]
        ) from error
    reader = _Reader(text, source)
    sections = {s.value for s in Section}
    for key in sorted(set(data) - _HEADER_KEYS - sections):
        reader.error(
            None, None, key, f"unknown key; expected one of {', '.join(sorted(_HEADER_KEYS | sections))}"
        )
    if data.get("version", 1) != 1:
        reader.error(None, None, "version", "only version 1 is understood; update Baton")
    header = _header(data, reader)
    items: list[ItemSpec] = []
    for section in Section:
        tables = data.get(section.value, [])
        if not isinstance(tables, list) or not all(isinstance(t, dict) for t in tables):
            reader.error(None, None, section.value, f"write each item as a [[{section.value}]] table")
            continue
        for index, table in enumerate(tables):
            spec = _item(section.value, index, table, reader)
            if spec is not None:
                items.append(spec)
    if reader.problems:
        raise HandoffFileInvalid(sorted(reader.problems, key=lambda problem: problem.line or 0))
    return HandoffFile(items=tuple(items), **header)


def _header(data: Mapping[str, Any], reader: _Reader) -> dict[str, Any]:
    get = _Getter(data, reader, None, None)
    to, team = get.text("to"), get.text("team")
    if to is not None and team is not None:
        reader.error(None, None, "team", "give either to (a teammate) or team, not both")
    urgency = get.text("urgency") or Urgency.NORMAL.value
    if urgency not in {u.value for u in Urgency}:
        reader.error(None, None, "urgency", f"{urgency!r} is not one of normal, high, urgent")
    carry = data.get("carry_over", False)
    if not isinstance(carry, bool):
        reader.error(None, None, "carry_over", "must be true or false")
    return {
        "title": get.text("title") or "",
        "recipient": team if team is not None else to,
        "recipient_kind": RecipientKind.TEAM.value if team is not None else RecipientKind.TEAMMATE.value,
        "urgency": urgency,
        "escalation_contact": get.text("escalation_contact"),
        "due_at": get.instant("due"),
        "carry_over": carry is True,
    }


def _item(section: str, index: int, table: Mapping[str, Any], reader: _Reader) -> ItemSpec | None:
    get = _Getter(table, reader, section, index)
    before = len(reader.problems)
    for key in sorted(set(table) - _ITEM_KEYS):
        reader.error(section, index, key, f"unknown key; expected one of {', '.join(sorted(_ITEM_KEYS))}")
    text = get.text("text")
    if text is None:
        reader.error(section, index, "text", "every item needs text")
    flag = table.get("input_needed", False)
    if not isinstance(flag, bool):
        reader.error(section, index, "input_needed", "must be true or false")
    minutes = table.get("deadline_working_minutes")
    if minutes is not None and (not isinstance(minutes, int) or isinstance(minutes, bool) or minutes < 1):
        reader.error(
            section, index, "deadline_working_minutes", "must be a whole number of minutes, at least 1"
        )
    deadline = get.instant("deadline")
    if deadline is not None and minutes is not None:
        reader.error(section, index, "deadline_working_minutes", "give either deadline or this, not both")
    item = HandoffItemData(
        section=section,
        text=text or "",
        flag=ItemFlag.INPUT_NEEDED.value if flag is True else ItemFlag.FYI.value,
        owner=get.text("owner"),
        deadline_at=deadline,
        due_at=get.instant("due"),
        ref=get.text("link"),
    )
    if len(reader.problems) > before:
        return None
    return ItemSpec(item=item, deadline_working_minutes=minutes, decider=get.text("decider"))


@dataclass(frozen=True)
class _Getter:
    data: Mapping[str, Any]
    reader: _Reader
    section: str | None
    index: int | None

    def text(self, key: str) -> str | None:
        value = self.data.get(key)
        if value is None:
            return None
        if not isinstance(value, str):
            self.reader.error(self.section, self.index, key, "must be a string (in double quotes)")
            return None
        return value

    def instant(self, key: str) -> datetime | None:
        value = self.data.get(key)
        if value is None:
            return None
        if not isinstance(value, datetime):
            self.reader.error(
                self.section, self.index, key, "must be a date and time, e.g. 2026-11-24T18:00:00+09:00"
            )
            return None
        if value.tzinfo is None:
            self.reader.error(
                self.section, self.index, key, "needs an offset or Z, e.g. 2026-11-24T18:00:00+09:00"
            )
            return None
        return value.astimezone(UTC)


def locate_problems(
    problems: Sequence[Problem], items: Sequence[HandoffItemData], text: str, *, source: str, carried: int = 0
) -> list[FileProblem]:
    """Validation ``problems`` of a handoff built from file ``text`` as :class:`FileProblem`
    with file lines. ``items`` are the handoff's items: ``carried`` carried-over items first,
    then the file's items in file order (section by section)."""
    reader = _Reader(text, source)
    located = []
    for problem in problems:
        key = _FIELD_KEYS.get(problem.field, problem.field)
        if problem.item is None or problem.section is None:
            located.append(FileProblem(source, reader.line_of(None, None, key), key, problem.message))
        elif problem.item < carried:
            where = f"carried-over {problem.section}[{problem.position}].{key}"
            located.append(FileProblem(source, None, where, problem.message))
        else:
            index = sum(1 for item in items[carried : problem.item] if item.section == problem.section)
            line = reader.line_of(problem.section, index, key)
            located.append(
                FileProblem(source, line, f"{problem.section}[{index + 1}].{key}", problem.message)
            )
    return located
