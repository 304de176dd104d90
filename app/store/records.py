"""Immutable rows the store hands out. Sessions and ORM objects never leave the store package;
callers get these frozen dataclasses instead (safe to pass between threads and to Qt models)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from app.domain import HandoffState, ItemFlag, RecipientKind, Urgency


@dataclass(frozen=True)
class AccountRecord:
    """A tracker account; ``kind`` is an :class:`app.domain.TrackerKind` value."""

    id: int
    name: str
    kind: str
    base_url: str
    created_at: datetime
    project: str | None = None
    username: str | None = None
    scope: str = "assigned"
    session_only: bool = False
    remote_user_id: str | None = None
    status: str = "ok"
    status_since: datetime | None = None
    retry_at: datetime | None = None
    status_detail: str | None = None


@dataclass(frozen=True)
class TaskData:
    """A task as a tracker describes it, before it has a local id."""

    external_id: str
    key: str
    title: str
    status: str = ""
    assignee: str | None = None
    priority: str | None = None
    due_at: datetime | None = None
    url: str | None = None
    remote_updated_at: datetime | None = None
    etag: str | None = None


@dataclass(frozen=True)
class TaskRecord:
    """A cached task with its local ``id`` and owning tracker ``account_id``."""

    id: int
    account_id: int
    data: TaskData


@dataclass(frozen=True)
class HandoffItemData:
    """One item of a handoff section; see :class:`app.store.models.HandoffItem`."""

    section: str
    text: str
    flag: str = ItemFlag.FYI.value
    owner: str | None = None
    deadline_at: datetime | None = None
    due_at: datetime | None = None
    task_id: int | None = None
    ref: str | None = None


@dataclass(frozen=True)
class HandoffRecord:
    """A handoff and its items in section order. Instants are aware UTC datetimes."""

    id: str
    author: str
    recipient: str
    created_at: datetime
    updated_at: datetime
    recipient_kind: str = RecipientKind.TEAMMATE.value
    urgency: str = Urgency.NORMAL.value
    escalation_contact: str | None = None
    state: str = HandoffState.DRAFT.value
    failure_reason: str | None = None
    due_at: datetime | None = None
    items: tuple[HandoffItemData, ...] = field(default_factory=tuple)
    title: str = ""
    author_zone: str | None = None
    account_id: int | None = None
    remote_id: str | None = None
    remote_url: str | None = None
    incoming: bool = False
    discarded_at: datetime | None = None


@dataclass(frozen=True)
class TransitionRecord:
    """One timestamped state change: ``handoff_id`` entered ``state`` at ``at`` (aware UTC);
    ``reason`` is set for ``failed``."""

    handoff_id: str
    state: str
    at: datetime
    reason: str | None = None


@dataclass(frozen=True)
class AcknowledgementRecord:
    """The recipient ``by`` acknowledged ``handoff_id`` at ``at`` (aware UTC), optionally
    restating the top next actions (``read_back``) and asking ``question`` back; ``remote_id``
    is the tracker comment that carries it, once synced."""

    handoff_id: str
    by: str
    at: datetime
    read_back: str | None = None
    question: str | None = None
    remote_id: str | None = None


@dataclass(frozen=True)
class OutboxEntryRecord:
    """A queued remote write (see :class:`app.store.models.OutboxEntry`). ``payload`` is a
    JSON-compatible dict; instants are aware UTC."""

    id: int
    operation: str
    payload: dict[str, Any]
    idempotency_key: str
    state: str
    attempts: int
    created_at: datetime
    account_id: int | None = None
    next_attempt_at: datetime | None = None
    last_error: str | None = None
    handoff_id: str | None = None
    updated_at: datetime | None = None


@dataclass(frozen=True)
class NoteRecord:
    """A note on a task or a handoff."""

    id: int
    body: str
    created_at: datetime
    updated_at: datetime
    task_id: int | None = None
    handoff_id: str | None = None


@dataclass(frozen=True)
class SearchHit:
    """One full-text match. ``kind`` is ``task``, ``note`` or ``handoff``; ``ref`` is the task
    id, note id or handoff UUID; ``snippet`` marks matches with ``[`` and ``]``; lower ``rank``
    is better (FTS5 bm25)."""

    kind: str
    ref: str
    snippet: str
    rank: float
