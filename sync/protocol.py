"""The one protocol every tracker adapter implements, and the values that cross it.

The sync engine (``sync/engine.py``) talks to trackers only through :class:`TrackerAdapter`.
An adapter is thin: a client (HTTP, auth, paging, rate limits, built by the shared HTTP client
factory), pure mapping functions (tracker JSON ⇄ these values), and the adapter gluing them.
GitLab, Jira Cloud and Linear must fit this protocol without changes to the engine.

All instants are aware UTC datetimes. Every write that belongs to a handoff carries the
handoff's UUID (its idempotency key) in the remote item, so ``find_*`` can discover an earlier
write after a crash or a timeout instead of writing twice.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from app.store.records import AcknowledgementRecord, HandoffRecord, TaskData


@dataclass(frozen=True)
class Identity:
    """Who the token belongs to (the tracker's who-am-I endpoint): a stable ``user_id``, the
    ``login`` used to assign or mention, and a display ``name``."""

    user_id: str
    login: str
    name: str


@dataclass(frozen=True)
class Cursor:
    """Where the last pull of one resource stopped: the newest remote ``updated_since`` seen
    and the ETag of the first page (for ``If-None-Match``)."""

    updated_since: datetime | None = None
    etag: str | None = None


@dataclass(frozen=True)
class TaskPage:
    """Tasks changed since a cursor, and the cursor to store once they are saved.
    ``not_modified`` is True when a conditional request was answered 304."""

    tasks: tuple[TaskData, ...]
    cursor: Cursor
    not_modified: bool = False


@dataclass(frozen=True)
class RemoteRef:
    """A handoff's item in a tracker: its id there (issue number or id) and a browser URL."""

    remote_id: str
    url: str


Acknowledgement = AcknowledgementRecord
"""An acknowledgement as it travels is the store's record (handoff UUID, who acknowledged by
roster name, when, read-back, question, and the remote comment id once written)."""


@dataclass(frozen=True)
class RemoteHandoff:
    """A handoff found in a tracker: the rebuilt handoff (``incoming``), where it lives, and the
    acknowledgements written on it so far."""

    handoff: HandoffRecord
    ref: RemoteRef
    acknowledgements: tuple[Acknowledgement, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class HandoffPage:
    """Handoff items changed since a cursor, and the cursor to store once they are saved.
    ``skipped`` names items that look like handoffs but whose copy could not be read (one
    readable reason each), so the engine can report them instead of dropping them silently."""

    handoffs: tuple[RemoteHandoff, ...]
    cursor: Cursor
    not_modified: bool = False
    skipped: tuple[str, ...] = ()


class TrackerAdapter(Protocol):
    """One tracker account. Methods raise :mod:`sync.errors` types only (offline, unauthorized,
    rate limited, rejected with the tracker's message, malformed response); never a bare
    ``httpx`` or ``KeyError``."""

    def whoami(self) -> Identity:
        """The token's user (used by "test connection")."""
        ...

    def pull_tasks(self, cursor: Cursor) -> TaskPage:
        """Tasks in the account's scope changed since ``cursor``, all pages."""
        ...

    def pull_handoffs(self, cursor: Cursor) -> HandoffPage:
        """Handoff items changed since ``cursor`` (with their acknowledgements), all pages."""
        ...

    def find_handoff(self, handoff_id: str) -> RemoteRef | None:
        """The tracker item already written for this handoff UUID, or ``None``."""
        ...

    def create_handoff(self, handoff: HandoffRecord, *, assignee: str | None) -> RemoteRef:
        """Write the handoff as a new tracker item: a human rendering plus the machine-readable
        copy (:mod:`app.handoff.wire`), assigned to or mentioning ``assignee`` (a tracker login)
        when given. Callers call :meth:`find_handoff` first."""
        ...

    def link_task(self, task_key: str, target: RemoteRef, handoff_id: str) -> None:
        """Leave a short comment on the attached task ``task_key`` linking back to ``target``;
        does nothing if a comment carrying ``handoff_id`` is already there."""
        ...

    def acknowledge(self, target: RemoteRef, acknowledgement: Acknowledgement) -> str:
        """Write the acknowledgement (a comment plus a state change) unless one carrying the
        same handoff UUID and author is already there; returns the comment's remote id."""
        ...
