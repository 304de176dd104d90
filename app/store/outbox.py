"""The outbox: remote writes waiting to happen, drained in order by the sync engine.

Entries are written by :class:`app.store.handoffs.HandoffRepository` together with the handoff
change they belong to (one transaction), or by :meth:`OutboxRepository.enqueue`. The
``idempotency_key`` column is unique, so the same write is never queued twice. States:
``pending`` (due at ``next_attempt_at``, or at once when it is NULL) → ``done``; or ``failed``
(the tracker refused it; ``last_error`` holds the tracker's message) until the user retries.
``attempts`` counts every try that did not succeed.
"""

from __future__ import annotations

import builtins
from collections import Counter
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import or_
from sqlmodel import col, select

from app.domain import OutboxState
from app.store.models import OutboxEntry
from app.store.records import OutboxEntryRecord

if TYPE_CHECKING:
    from sqlmodel import Session

    from app.store.store import Store


class OutboxRepository:
    """Queued remote writes, oldest first."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def enqueue(
        self,
        *,
        operation: str,
        payload: dict[str, Any],
        idempotency_key: str,
        at: datetime,
        account_id: int | None = None,
        handoff_id: str | None = None,
    ) -> OutboxEntryRecord:
        """Queue a write at ``at`` (aware UTC). Idempotent: an entry with the same key is
        returned unchanged instead of a second one being written."""
        with self._store.session() as session:
            existing = session.exec(
                select(OutboxEntry).where(col(OutboxEntry.idempotency_key) == idempotency_key)
            ).first()
            if existing is not None:
                return entry_record(existing)
            row = OutboxEntry(
                operation=operation,
                payload=payload,
                idempotency_key=idempotency_key,
                account_id=account_id,
                handoff_id=handoff_id,
                state=OutboxState.PENDING.value,
                created_at=at,
                updated_at=at,
            )
            session.add(row)
            session.flush()
            return entry_record(row)

    def get(self, entry_id: int) -> OutboxEntryRecord | None:
        """One entry, or ``None``."""
        with self._store.session() as session:
            row = session.get(OutboxEntry, entry_id)
            return entry_record(row) if row is not None else None

    def pending(self, account_id: int, *, due_at: datetime | None = None) -> list[OutboxEntryRecord]:
        """Pending entries of an account in queue order (oldest first). With ``due_at`` (aware
        UTC) only those whose ``next_attempt_at`` has come."""
        with self._store.session() as session:
            query = select(OutboxEntry).where(
                col(OutboxEntry.account_id) == account_id,
                col(OutboxEntry.state) == OutboxState.PENDING.value,
            )
            rows = session.exec(query.order_by(col(OutboxEntry.id))).all()
            return [
                entry_record(r)
                for r in rows
                if due_at is None or r.next_attempt_at is None or r.next_attempt_at <= due_at
            ]

    def list(self, *, state: str | None = None, account_id: int | None = None) -> list[OutboxEntryRecord]:
        """Entries (optionally of one state and account), oldest first."""
        with self._store.session() as session:
            query = select(OutboxEntry)
            if state is not None:
                query = query.where(col(OutboxEntry.state) == state)
            if account_id is not None:
                query = query.where(col(OutboxEntry.account_id) == account_id)
            return [entry_record(r) for r in session.exec(query.order_by(col(OutboxEntry.id))).all()]

    def counts(self, account_id: int | None = None) -> dict[str, int]:
        """How many entries are in each state (``pending``, ``done``, ``failed``)."""
        entries = self.list(account_id=account_id)
        counted = Counter(e.state for e in entries)
        return {state.value: counted.get(state.value, 0) for state in OutboxState}

    def mark_done(self, entry_id: int, *, at: datetime) -> None:
        """The write happened (at ``at``, aware UTC)."""
        with self._store.session() as session:
            row = _row(session, entry_id)
            row.state, row.updated_at, row.next_attempt_at = OutboxState.DONE.value, at, None
            session.add(row)

    def defer(self, entry_id: int, error: str, *, at: datetime, next_attempt_at: datetime) -> None:
        """A transient failure at ``at``: count the attempt, keep the entry pending until
        ``next_attempt_at`` (aware UTC), and remember ``error`` (readable, no secret)."""
        with self._store.session() as session:
            row = _row(session, entry_id)
            row.attempts += 1
            row.last_error, row.next_attempt_at, row.updated_at = error, next_attempt_at, at
            session.add(row)

    def mark_failed(self, entry_id: int, error: str, *, at: datetime) -> None:
        """The tracker refused this write: ``failed`` with the tracker's message, until the
        user fixes and retries it (:meth:`retry`)."""
        with self._store.session() as session:
            row = _row(session, entry_id)
            row.attempts += 1
            row.state, row.last_error, row.updated_at = OutboxState.FAILED.value, error, at
            row.next_attempt_at = None
            session.add(row)

    def retry(self, entry_id: int, *, at: datetime) -> None:
        """Make a failed (or waiting) entry pending and due at once."""
        with self._store.session() as session:
            row = _row(session, entry_id)
            row.state, row.next_attempt_at, row.updated_at = OutboxState.PENDING.value, None, at
            session.add(row)

    def route_unassigned(self, account_id: int, *, at: datetime) -> int:
        """Give every not-yet-done entry without an account (queued before any tracker was set
        up, or left by a removed account) to ``account_id``. Returns how many."""
        with self._store.session() as session:
            rows = session.exec(
                select(OutboxEntry).where(
                    col(OutboxEntry.account_id).is_(None),
                    or_(
                        col(OutboxEntry.state) == OutboxState.PENDING.value,
                        col(OutboxEntry.state) == OutboxState.FAILED.value,
                    ),
                )
            ).all()
            for row in rows:
                row.account_id, row.updated_at = account_id, at
                session.add(row)
            return len(rows)

    def unassigned(self) -> builtins.list[OutboxEntryRecord]:
        """Pending entries that wait for a tracker account."""
        with self._store.session() as session:
            rows = session.exec(
                select(OutboxEntry)
                .where(
                    col(OutboxEntry.account_id).is_(None),
                    col(OutboxEntry.state) == OutboxState.PENDING.value,
                )
                .order_by(col(OutboxEntry.id))
            ).all()
            return [entry_record(r) for r in rows]


def _row(session: Session, entry_id: int) -> OutboxEntry:
    row = session.get(OutboxEntry, entry_id)
    if row is None:
        raise KeyError(entry_id)
    return row


def entry_record(row: OutboxEntry) -> OutboxEntryRecord:
    """The frozen record of an outbox row (also used by the handoff repository)."""
    assert row.id is not None
    return OutboxEntryRecord(
        id=row.id,
        operation=row.operation,
        payload=dict(row.payload),
        idempotency_key=row.idempotency_key,
        state=row.state,
        attempts=row.attempts,
        created_at=row.created_at,
        account_id=row.account_id,
        next_attempt_at=row.next_attempt_at,
        last_error=row.last_error,
        handoff_id=row.handoff_id,
        updated_at=row.updated_at,
    )
