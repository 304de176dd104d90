"""The versioned machine-readable copy of a handoff that travels inside a tracker item.

The sender's Baton writes :func:`to_wire` into the tracker (next to a human rendering); the
recipient's Baton rebuilds the identical handoff with :func:`from_wire`. Only what is the same
on every machine travels: local ids (``task_id``, ``account_id``), the local state and the
discard mark do not, and an attached task travels by its tracker key in ``ref``.

Shape of version 1 (JSON object)::

    {"format": "baton.handoff", "version": 1, "id": UUID, "title": str, "author": str,
     "author_zone": IANA zone | null, "recipient_kind": "teammate" | "team", "recipient": str,
     "urgency": "normal" | "high" | "urgent", "escalation_contact": str | null,
     "created_at": UTC ISO 8601 "…Z", "due_at": UTC ISO 8601 | null,
     "items": [{"section": str, "text": str, "flag": "fyi" | "input_needed", "owner": str | null,
                "deadline_at": UTC | null, "due_at": UTC | null, "ref": str | null}]}

Instants are ISO 8601 UTC with microseconds and a ``Z`` suffix (the store's own text form).
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from app.domain import ItemFlag, RecipientKind, Section, Urgency
from app.store.records import HandoffItemData, HandoffRecord
from app.store.types import from_utc_text, to_utc_text

FORMAT = "baton.handoff"
VERSION = 1


class WireFormatError(ValueError):
    """A machine-readable copy that is not a valid version-1 handoff; the message names the
    field."""


def to_wire(handoff: HandoffRecord) -> dict[str, Any]:
    """The version-1 dict for ``handoff`` (JSON-serialisable)."""
    return {
        "format": FORMAT,
        "version": VERSION,
        "id": handoff.id,
        "title": handoff.title,
        "author": handoff.author,
        "author_zone": handoff.author_zone,
        "recipient_kind": handoff.recipient_kind,
        "recipient": handoff.recipient,
        "urgency": handoff.urgency,
        "escalation_contact": handoff.escalation_contact,
        "created_at": to_utc_text(handoff.created_at),
        "due_at": _time_text(handoff.due_at),
        "items": [
            {
                "section": item.section,
                "text": item.text,
                "flag": item.flag,
                "owner": item.owner,
                "deadline_at": _time_text(item.deadline_at),
                "due_at": _time_text(item.due_at),
                "ref": item.ref,
            }
            for item in handoff.items
        ],
    }


def dumps(handoff: HandoffRecord) -> str:
    """:func:`to_wire` as compact, key-sorted JSON text."""
    return json.dumps(to_wire(handoff), ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def from_wire(data: Any, *, received_at: datetime | None = None) -> HandoffRecord:
    """Rebuild a handoff from a version-1 dict. The result is ``incoming`` with state
    ``synced``; ``updated_at`` is ``received_at`` (aware UTC) or ``created_at``.

    Raises :class:`WireFormatError` naming the first field that is missing or wrong; a newer
    ``version`` is refused with a message saying Baton must be updated.
    """
    if not isinstance(data, dict):
        raise WireFormatError("handoff copy is not a JSON object")
    if data.get("format") != FORMAT:
        raise WireFormatError(f"format is {data.get('format')!r}, expected {FORMAT!r}")
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise WireFormatError("version is missing or not an integer")
    if version > VERSION:
        raise WireFormatError(
            f"handoff format version {version} is newer than this Baton ({VERSION}); update Baton"
        )
    items_raw = data.get("items")
    if not isinstance(items_raw, list):
        raise WireFormatError("items is missing or not a list")
    items = tuple(_item(raw, index) for index, raw in enumerate(items_raw))
    created_at = _time(data, "created_at", required=True)
    assert created_at is not None
    return HandoffRecord(
        id=_text(data, "id"),
        title=_text(data, "title", empty_ok=True),
        author=_text(data, "author"),
        author_zone=_optional_text(data, "author_zone"),
        recipient_kind=_choice(data, "recipient_kind", RecipientKind),
        recipient=_text(data, "recipient"),
        urgency=_choice(data, "urgency", Urgency),
        escalation_contact=_optional_text(data, "escalation_contact"),
        created_at=created_at,
        updated_at=received_at or created_at,
        due_at=_time(data, "due_at"),
        state="synced",
        incoming=True,
        items=items,
    )


def loads(text: str, *, received_at: datetime | None = None) -> HandoffRecord:
    """:func:`from_wire` over JSON text; invalid JSON raises :class:`WireFormatError`."""
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise WireFormatError(f"handoff copy is not valid JSON ({exc})") from exc
    return from_wire(data, received_at=received_at)


def _item(raw: Any, index: int) -> HandoffItemData:
    if not isinstance(raw, dict):
        raise WireFormatError(f"items[{index}] is not an object")
    where = f"items[{index}]."
    return HandoffItemData(
        section=_choice(raw, "section", Section, where),
        text=_text(raw, "text", where, empty_ok=True),
        flag=_choice(raw, "flag", ItemFlag, where),
        owner=_optional_text(raw, "owner", where),
        deadline_at=_time(raw, "deadline_at", where=where),
        due_at=_time(raw, "due_at", where=where),
        ref=_optional_text(raw, "ref", where),
    )


def _time_text(value: datetime | None) -> str | None:
    return None if value is None else to_utc_text(value)


def _text(data: dict[str, Any], key: str, where: str = "", *, empty_ok: bool = False) -> str:
    value = data.get(key)
    if not isinstance(value, str) or (not value and not empty_ok):
        raise WireFormatError(f"{where}{key} is missing or not a non-empty string")
    return value


def _optional_text(data: dict[str, Any], key: str, where: str = "") -> str | None:
    value = data.get(key)
    if value is not None and not isinstance(value, str):
        raise WireFormatError(f"{where}{key} is not a string")
    return value


def _choice(data: dict[str, Any], key: str, allowed: Any, where: str = "") -> str:
    value = data.get(key)
    values = {member.value for member in allowed}
    if value not in values:
        raise WireFormatError(f"{where}{key} is {value!r}, expected one of {', '.join(sorted(values))}")
    return str(value)


def _time(data: dict[str, Any], key: str, *, required: bool = False, where: str = "") -> datetime | None:
    value = data.get(key)
    if value is None and not required:
        return None
    if not isinstance(value, str):
        raise WireFormatError(f"{where}{key} is missing or not an ISO 8601 UTC string")
    try:
        return from_utc_text(value)
    except ValueError as exc:
        raise WireFormatError(f"{where}{key} is not an ISO 8601 UTC instant ({exc})") from exc
