"""Human rendering of a handoff as Markdown (CommonMark / GitHub Flavored Markdown).

The same text goes into tracker issue bodies (Redmine, GitHub, GitLab …, next to the
machine-readable copy of :mod:`app.handoff.wire`), into the form's preview and into
``baton handoff show --markdown``.

Safety rules (user text is never trusted):

* every piece of user text goes through :func:`escape_markdown`: the punctuation that can
  start raw HTML or an entity (``<``, ``>``, ``&``), emphasis, code, links, images, tables or
  strike-through is backslash-escaped (CommonMark 0.31 §2.4: a backslash before any ASCII
  punctuation makes it literal; backslashes rather than entities because some renderers, Qt's
  md4c importer among them, drop a heading that starts with an entity); at the start of a line
  the characters that open a block (heading, quote, list, thematic break, setext underline) are
  escaped too; one-line fields (title, names) have their line breaks folded into spaces;
* a link is only written as a Markdown link when its target is an ``http``/``https`` URL
  (:func:`safe_url`); anything else (``javascript:``, ``data:``, ``file:`` …) is shown as
  escaped plain text;
* instants are shown in every zone the caller asks for, formatted through babel (CLDR) for
  ``locale``, e.g. ``Tue, Nov 24, 18:00 Tokyo (10:00 Berlin)``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import datetime
from urllib.parse import quote, urlsplit

from babel.dates import format_skeleton, format_time, get_timezone_location

from app.domain import ItemFlag, RecipientKind, Section, Urgency
from app.handoff.links import LinkKind, link_kind
from app.store.records import HandoffItemData, HandoffRecord
from app.timeline.zones import zone

SECTION_TITLES: Mapping[str, str] = {
    Section.COMPLETED.value: "Completed",
    Section.IN_PROGRESS.value: "In progress",
    Section.RISKS.value: "Risks / blockers",
    Section.DECISIONS.value: "Decisions needed",
    Section.NEXT_ACTIONS.value: "Next actions",
    Section.LINKS.value: "Links",
}
"""Display title of each section (keys are :class:`app.domain.Section` values), in order."""

URGENCY_TITLES: Mapping[str, str] = {
    Urgency.NORMAL.value: "Normal",
    Urgency.HIGH.value: "High",
    Urgency.URGENT.value: "Urgent",
}

_INLINE = re.compile(r"([\\`*_\[\]|~<>&])")
_BLOCK_START = re.compile(r"^([#>+=\-]|\d+[.)])")
_URL_SAFE = ":/?#@!$&'*+,;=%~.-_"


def escape_markdown(text: str) -> str:
    """``text`` as inert Markdown: renders as exactly these characters, never as markup or HTML.

    Line breaks are kept; each line has its leading white space removed (so no indented code
    block can start) and its block-opening character escaped.
    """
    lines = []
    for raw in text.splitlines() or [""]:
        line = raw.strip()
        line = _INLINE.sub(r"\\\1", line)
        line = _BLOCK_START.sub(lambda m: m.group(0)[:-1] + "\\" + m.group(0)[-1], line)
        lines.append(line)
    return "\n".join(lines)


def escape_line(text: str) -> str:
    """:func:`escape_markdown` for a one-line field (title, names): white space runs, line
    breaks included, become one space."""
    return escape_markdown(" ".join(text.split()))


def safe_url(value: str) -> str | None:
    """``value`` percent-encoded for a Markdown link destination if it is an absolute ``http`` or
    ``https`` URL with a host; ``None`` for every other scheme or a malformed URL."""
    candidate = value.strip()
    try:
        parts = urlsplit(candidate)
    except ValueError:
        return None
    if parts.scheme.lower() not in {"http", "https"} or not parts.netloc:
        return None
    return quote(candidate, safe=_URL_SAFE)


def zone_city(zone_name: str, locale: str) -> str:
    """The CLDR exemplar city of an IANA zone for ``locale`` (``Asia/Tokyo`` → ``Tokyo``);
    ``UTC`` for the UTC zones."""
    if zone_name in {"UTC", "Etc/UTC", "Etc/GMT", "GMT"}:
        return "UTC"
    return str(get_timezone_location(zone(zone_name), locale=locale, return_city=True))


def format_instant(at: datetime, zones: Sequence[str], locale: str = "en") -> str:
    """Aware ``at`` in the first zone of ``zones`` with its weekday and date, then in each other
    zone in parentheses (date repeated only where the local day differs):
    ``"Tue, Nov 24, 6:00 PM Tokyo (10:00 AM Berlin)"``. Duplicate zones are shown once; with no
    zones, UTC is used. Raises ``ValueError`` for a naive datetime and
    :class:`app.timeline.zones.UnknownZone` for an unknown zone name."""
    if at.tzinfo is None or at.utcoffset() is None:
        raise ValueError("instants must be aware datetimes")
    names = list(dict.fromkeys(zones)) or ["UTC"]
    first = at.astimezone(zone(names[0]))
    text = f"{_day(first, locale)}, {_clock(first, locale)} {zone_city(names[0], locale)}"
    others = []
    for name in names[1:]:
        local = at.astimezone(zone(name))
        day = f"{_day(local, locale)}, " if local.date() != first.date() else ""
        others.append(f"{day}{_clock(local, locale)} {zone_city(name, locale)}")
    if others:
        text += f" ({'; '.join(others)})"
    return text


def render_markdown(
    handoff: HandoffRecord,
    *,
    zones: Sequence[str],
    locale: str = "en",
    task_titles: Mapping[str, str] | None = None,
) -> str:
    """A complete human rendering of ``handoff`` as Markdown text ending in a newline.

    ``zones``: IANA zone names every instant is shown in (typically the reader's zone first,
    then the author's and the recipient's). ``locale``: a babel locale for dates and times.
    ``task_titles``: title of an attached task keyed by the item's ``ref`` (tracker key such
    as ``PROJ-42``) or by ``str(task_id)``. Empty sections are left out. User text is escaped
    (see the module docstring). Raises :class:`app.timeline.zones.UnknownZone` for an unknown
    zone name.
    """
    titles = task_titles or {}
    lines = [f"# {escape_line(handoff.title) or 'Handoff'}", ""]
    author = escape_line(handoff.author)
    if handoff.author_zone:
        author += f" ({escape_line(zone_city(handoff.author_zone, locale))})"
    recipient = escape_line(handoff.recipient)
    if handoff.recipient_kind == RecipientKind.TEAM.value:
        recipient = f"team {recipient}"
    lines.append(f"- **From:** {author}")
    lines.append(f"- **To:** {recipient}")
    urgency = URGENCY_TITLES.get(handoff.urgency, escape_line(handoff.urgency))
    if handoff.escalation_contact:
        urgency += f" (escalation contact: {escape_line(handoff.escalation_contact)})"
    lines.append(f"- **Urgency:** {urgency}")
    lines.append(f"- **Written:** {format_instant(handoff.created_at, zones, locale)}")
    if handoff.due_at is not None:
        lines.append(f"- **Handoff due:** {format_instant(handoff.due_at, zones, locale)}")
    for section, heading in SECTION_TITLES.items():
        items = [item for item in handoff.items if item.section == section]
        if not items:
            continue
        lines += ["", f"## {heading}", ""]
        for item in items:
            lines += _item_lines(item, zones=zones, locale=locale, titles=titles)
    unknown = [item for item in handoff.items if item.section not in SECTION_TITLES]
    if unknown:
        lines += ["", "## Other", ""]
        for item in unknown:
            lines += _item_lines(item, zones=zones, locale=locale, titles=titles)
    if not handoff.items:
        lines += ["", "_This handoff has no items._"]
    return "\n".join(lines) + "\n"


def _item_lines(
    item: HandoffItemData, *, zones: Sequence[str], locale: str, titles: Mapping[str, str]
) -> list[str]:
    flag = "**Input needed**" if item.flag == ItemFlag.INPUT_NEEDED.value else "FYI"
    text = escape_markdown(item.text).replace("\n", "\n  ")
    url = safe_url(item.ref) if item.ref else None
    if item.section == Section.LINKS.value and url is not None:
        label = text or escape_line(item.ref or "")
        head = f"- {flag}: [{label}]({url})"
    else:
        head = f"- {flag}: {text}" if text else f"- {flag}"
    details = []
    if item.owner:
        role = "Decider" if item.section == Section.DECISIONS.value else "Owner"
        details.append(f"{role}: {escape_line(item.owner)}")
    if item.due_at is not None:
        details.append(f"Due: {format_instant(item.due_at, zones, locale)}")
    if item.deadline_at is not None:
        details.append(f"Decision deadline: {format_instant(item.deadline_at, zones, locale)}")
    if item.ref and not (item.section == Section.LINKS.value and url is not None):
        details.append(_ref_line(item, url, titles))
    elif item.task_id is not None and str(item.task_id) in titles:
        details.append(f"Task: {escape_line(titles[str(item.task_id)])}")
    return [head, *(f"  - {detail}" for detail in details)]


def _ref_line(item: HandoffItemData, url: str | None, titles: Mapping[str, str]) -> str:
    ref = item.ref or ""
    if url is not None:
        return f"Link: <{url}>"
    title = titles.get(ref) or (titles.get(str(item.task_id)) if item.task_id is not None else None)
    label = "Task" if title or link_kind(ref) is LinkKind.TRACKER_KEY else "Reference"
    text = f"{label}: {escape_line(ref)}"
    if title:
        text += f" — {escape_line(title)}"
    return text


def _day(local: datetime, locale: str) -> str:
    return format_skeleton("MMMEd", local, tzinfo=local.tzinfo, locale=locale)


def _clock(local: datetime, locale: str) -> str:
    return format_time(local, "short", tzinfo=local.tzinfo, locale=locale)
