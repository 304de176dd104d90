"""Pure mapping between Redmine's REST JSON and Baton's values. No I/O.

Shapes follow the Redmine REST API pages "Issues" (``/issues.json``: ``{"issues": [...],
"total_count", "offset", "limit"}``; an issue has ``id``, ``subject``, ``status{id,name}``,
``priority{name}``, ``assigned_to{id,name}``, ``due_date`` "YYYY-MM-DD", ``updated_on`` ISO 8601
UTC; ``?include=journals,attachments``), "Users" (``/users/current.json``) and "Attachments".
Every function raises :class:`~sync.errors.MalformedResponse` when a documented field is
missing or has the wrong type, never ``KeyError``.

How a handoff lives in Redmine (chosen so a person without Baton reads it naturally):

- an issue whose description is the human rendering (CommonMark), ending with one short
  trailer line naming the handoff UUID;
- the versioned machine-readable copy (:mod:`app.handoff.wire`) as an attachment named
  ``baton-handoff-<uuid>.json``; the ``attachment=~`` issue filter (Redmine ≥ 4.2) finds it by
  that name, which makes the UUID findable for idempotency;
- an acknowledgement is a journal note: readable text, then one line ``baton-ack: {json}``
  carrying the UUID, author and the exact read-back and question;
- the comment on an attached task is one line ending in ``(Baton handoff <uuid>)``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime, time
from typing import Any

from app.store.records import HandoffRecord, TaskData
from app.store.types import from_utc_text, to_utc_text
from sync.errors import MalformedResponse
from sync.protocol import Acknowledgement, Identity, RemoteRef

ATTACHMENT_PREFIX = "baton-handoff-"
"""Prefix of the attachment that carries a handoff's machine-readable copy."""
ACK_PREFIX = "baton-ack: "
"""Start of the machine line inside an acknowledgement note."""
_ATTACHMENT_NAME = re.compile(r"^baton-handoff-([0-9a-fA-F-]{36})\.json$")
_SUBJECT_LIMIT = 255  # Redmine's issues.subject column is varchar(255)


def attachment_name(handoff_id: str) -> str:
    """``baton-handoff-<uuid>.json``."""
    return f"{ATTACHMENT_PREFIX}{handoff_id}.json"


def handoff_id_of(filename: str) -> str | None:
    """The UUID in a ``baton-handoff-<uuid>.json`` attachment name, else ``None``."""
    match = _ATTACHMENT_NAME.match(filename)
    return match.group(1).lower() if match else None


def handoff_marker(handoff_id: str) -> str:
    """The text every Baton note about a handoff contains: ``Baton handoff <uuid>``."""
    return f"Baton handoff {handoff_id}"


def parse_time(value: Any, *, field: str = "updated_on") -> datetime:
    """An ISO 8601 instant as Redmine writes it (``2026-11-21T12:25:52Z``) → aware UTC."""
    if not isinstance(value, str):
        raise MalformedResponse(f"Redmine sent no {field} timestamp")
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise MalformedResponse(f"Redmine sent an unreadable {field}: {value[:40]!r}") from None
    if parsed.tzinfo is None:
        raise MalformedResponse(f"Redmine sent {field} without a UTC offset")
    return parsed.astimezone(UTC)


def filter_time(value: datetime) -> str:
    """An aware instant as the ``updated_on=>=`` filter wants it: ``2026-11-21T12:25:52Z``
    (Redmine compares to the second; Issues API page, "updated_on" filter)."""
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def identity_from(data: Any) -> Identity:
    """``GET /users/current.json`` → :class:`Identity` (user id, login, "first last")."""
    user = _object(_object(data, "response").get("user"), "user")
    name = " ".join(str(user.get(k) or "") for k in ("firstname", "lastname")).strip()
    login = _string(user, "login", "user")
    return Identity(user_id=str(_int(user, "id", "user")), login=login, name=name or login)


def issues_of(data: Any) -> tuple[list[dict[str, Any]], int]:
    """A page of ``GET /issues.json`` → (issues, ``total_count``)."""
    page = _object(data, "issue list")
    issues = page.get("issues")
    if not isinstance(issues, list) or not all(isinstance(i, dict) for i in issues):
        raise MalformedResponse("Redmine's issue list has no 'issues' array")
    return issues, _int(page, "total_count", "issue list")


def issue_of(data: Any) -> dict[str, Any]:
    """``GET /issues/N.json`` or the ``POST /issues.json`` answer → the issue object."""
    return _object(_object(data, "response").get("issue"), "issue")


def issue_url(base_url: str, issue_id: int | str) -> str:
    """The browser URL of issue ``issue_id``."""
    return f"{base_url.rstrip('/')}/issues/{issue_id}"


def task_from(issue: Mapping[str, Any], *, base_url: str) -> TaskData:
    """One issue of a list → :class:`TaskData` (key ``#N``). Redmine due dates have no time or
    zone: ``due_at`` is the start of that date in UTC."""
    issue_id = _int(issue, "id", "issue")
    due = issue.get("due_date")
    due_at = None
    if isinstance(due, str):
        try:
            due_at = datetime.combine(date.fromisoformat(due), time(), UTC)
        except ValueError:
            raise MalformedResponse(f"issue {issue_id} has an unreadable due_date") from None
    return TaskData(
        external_id=str(issue_id),
        key=f"#{issue_id}",
        title=_string(issue, "subject", f"issue {issue_id}", empty_ok=True),
        status=_name(issue.get("status")) or "",
        assignee=_name(issue.get("assigned_to")),
        priority=_name(issue.get("priority")),
        due_at=due_at,
        url=issue_url(base_url, issue_id),
        remote_updated_at=parse_time(issue.get("updated_on")),
    )


def subject_for(handoff: HandoffRecord) -> str:
    """``Handoff: <title> → <recipient>``, cut to Redmine's 255 characters."""
    title = handoff.title.strip() or "Handoff"
    subject = f"Handoff: {title} → {handoff.recipient}"
    return subject if len(subject) <= _SUBJECT_LIMIT else subject[: _SUBJECT_LIMIT - 1] + "…"


def description_for(rendering: str, handoff_id: str, *, mention: str | None) -> str:
    """The issue description: the human rendering, an ``@login`` line when the recipient could
    not be assigned (Redmine ≥ 5.0 mentions), and the one-line trailer with the UUID."""
    parts = [rendering.rstrip("\n")]
    if mention:
        parts.append(f"For @{mention}")
    parts.append(
        f"---\n_Sent with Baton · {handoff_marker(handoff_id)} · machine-readable copy: "
        f"{attachment_name(handoff_id)}_"
    )
    return "\n\n".join(parts) + "\n"


def link_note(target: RemoteRef, handoff_id: str) -> str:
    """The comment left on an attached task: ``Handed off in #N (Baton handoff <uuid>)``."""
    return f"Handed off in #{target.remote_id} ({handoff_marker(handoff_id)})"


def journals_of(issue: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The ``journals`` of an issue read with ``?include=journals`` (oldest first)."""
    journals = issue.get("journals", [])
    if not isinstance(journals, list) or not all(isinstance(j, dict) for j in journals):
        raise MalformedResponse("Redmine sent an issue whose journals are not a list")
    return journals


def attachments_of(issue: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The ``attachments`` of an issue read with ``?include=attachments``."""
    attachments = issue.get("attachments", [])
    if not isinstance(attachments, list) or not all(isinstance(a, dict) for a in attachments):
        raise MalformedResponse("Redmine sent an issue whose attachments are not a list")
    return attachments


def handoff_attachment(issue: Mapping[str, Any]) -> tuple[str, int] | None:
    """(UUID, attachment id) of the issue's ``baton-handoff-<uuid>.json``, newest if several."""
    found = None
    for attachment in attachments_of(issue):
        uuid = handoff_id_of(str(attachment.get("filename", "")))
        if uuid is not None:
            found = (uuid, _int(attachment, "id", "attachment"))
    return found


def notes_carrying(journals: Sequence[Mapping[str, Any]], marker: str) -> Mapping[str, Any] | None:
    """The first journal whose ``notes`` contain ``marker``, else ``None``."""
    for journal in journals:
        notes = journal.get("notes")
        if isinstance(notes, str) and marker in notes:
            return journal
    return None


def ack_note(ack: Acknowledgement) -> str:
    """An acknowledgement as a journal note: readable lines, then the ``baton-ack:`` line (JSON
    on one line, ASCII-escaped, so multi-line text survives exactly)."""
    lines = [f"**Acknowledged** by {ack.by} at {ack.at.astimezone(UTC):%Y-%m-%d %H:%M} UTC"]
    if ack.read_back:
        lines.append(f"**Read-back:** {ack.read_back}")
    if ack.question:
        lines.append(f"**Question:** {ack.question}")
    data = {
        "handoff": ack.handoff_id,
        "by": ack.by,
        "at": to_utc_text(ack.at),
        "read_back": ack.read_back,
        "question": ack.question,
    }
    lines.append(ACK_PREFIX + json.dumps(data, sort_keys=True, separators=(",", ":")))
    return "\n\n".join(lines)


def ack_from(journal: Mapping[str, Any]) -> Acknowledgement | None:
    """The acknowledgement a journal note carries (its ``baton-ack:`` line), else ``None``.
    ``remote_id`` is the journal id."""
    notes = journal.get("notes")
    if not isinstance(notes, str):
        return None
    for line in notes.splitlines():
        if not line.startswith(ACK_PREFIX):
            continue
        try:
            data = json.loads(line[len(ACK_PREFIX) :])
            at = from_utc_text(data["at"])
            handoff_id, by = data["handoff"], data["by"]
            read_back, question = data.get("read_back"), data.get("question")
        except (ValueError, KeyError, TypeError):
            raise MalformedResponse(f"journal {journal.get('id')} has an unreadable baton-ack line") from None
        if not isinstance(handoff_id, str) or not isinstance(by, str):
            raise MalformedResponse(f"journal {journal.get('id')} has an unreadable baton-ack line")
        return Acknowledgement(
            handoff_id=handoff_id,
            by=by,
            at=at,
            read_back=read_back if isinstance(read_back, str) else None,
            question=question if isinstance(question, str) else None,
            remote_id=str(journal.get("id")) if journal.get("id") is not None else None,
        )
    return None


def upload_token(data: Any) -> str:
    """``POST /uploads.json`` answer ``{"upload": {"token": …}}`` → the token."""
    return _string(_object(_object(data, "upload").get("upload"), "upload"), "token", "upload")


def named_id(data: Any, key: str, wanted: Sequence[str]) -> int | None:
    """The id of the first entry of ``data[key]`` (a list of ``{"id", "name"}``) whose name is
    one of ``wanted`` (case-insensitive, in order of preference), e.g. the "Resolved" status of
    ``/issue_statuses.json``."""
    entries = _object(data, key).get(key)
    if not isinstance(entries, list):
        raise MalformedResponse(f"Redmine's {key} list is missing")
    by_name = {str(e.get("name", "")).lower(): e.get("id") for e in entries if isinstance(e, dict)}
    for name in wanted:
        value = by_name.get(name.lower())
        if isinstance(value, int):
            return value
    return None


def _object(value: Any, what: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise MalformedResponse(f"Redmine sent no {what} object")
    return value


def _int(data: Mapping[str, Any], key: str, what: str) -> int:
    value = data.get(key)
    if not isinstance(value, int) or isinstance(value, bool):
        raise MalformedResponse(f"Redmine sent a {what} without a numeric {key}")
    return value


def _string(data: Mapping[str, Any], key: str, what: str, *, empty_ok: bool = False) -> str:
    value = data.get(key)
    if not isinstance(value, str) or (not value and not empty_ok):
        raise MalformedResponse(f"Redmine sent a {what} without {key}")
    return value


def _name(value: Any) -> str | None:
    if isinstance(value, dict) and isinstance(value.get("name"), str):
        return str(value["name"])
    return None
