"""Tracker accounts, their sync status and their pull cursors.

An account names a tracker connection (kind, URL, project, pull scope); its token lives only in
the OS keyring, keyed by the account's name, never here. ``status`` is what the UI shows next
to the account: ``ok``, ``offline`` (since ``status_since``, next try at ``retry_at``),
``needs_sign_in`` (the token was refused; nothing is pushed until it is replaced) or
``rate_limited`` (until ``retry_at``). ``status_since`` changes only when the status changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from sqlmodel import Session, col, delete, select

from app.domain import OutboxState
from app.store.models import OutboxEntry, SyncCursor, Teammate, TrackerAccount
from app.store.records import AccountRecord

if TYPE_CHECKING:
    from app.store.store import Store

ACCOUNT_STATUSES = ("ok", "offline", "needs_sign_in", "rate_limited")
SCOPES = ("assigned", "project")


@dataclass(frozen=True)
class CursorRecord:
    """Where the last pull of one resource of one account stopped: the newest remote
    ``updated_since`` (aware UTC) to ask from next time and the ETag of the first page."""

    updated_since: datetime | None = None
    etag: str | None = None


class AccountRepository:
    """Tracker accounts (their tokens live in the OS keyring, never here), plus the two roster
    facts sync needs: a teammate's tracker login and team."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def add(
        self,
        *,
        name: str,
        kind: str,
        base_url: str,
        at: datetime,
        project: str | None = None,
        scope: str = "assigned",
        session_only: bool = False,
    ) -> AccountRecord:
        """Register an account created at ``at`` (aware datetime). Raises ``ValueError`` if the
        name is taken or ``scope`` is not ``assigned``/``project``."""
        if scope not in SCOPES:
            raise ValueError(f"scope must be one of {', '.join(SCOPES)}, not {scope!r}")
        with self._store.session() as session:
            if session.exec(select(TrackerAccount).where(col(TrackerAccount.name) == name)).first():
                raise ValueError(f"a tracker account named {name!r} already exists")
            row = TrackerAccount(
                name=name,
                kind=kind,
                base_url=base_url,
                project=project,
                created_at=at,
                scope=scope,
                session_only=session_only,
            )
            session.add(row)
            session.flush()
            return _account_record(row)

    def list(self) -> list[AccountRecord]:
        """All accounts by name."""
        with self._store.session() as session:
            rows = session.exec(select(TrackerAccount).order_by(col(TrackerAccount.name))).all()
            return [_account_record(r) for r in rows]

    def get(self, account_id: int) -> AccountRecord | None:
        """The account with this id, or ``None``."""
        with self._store.session() as session:
            row = session.get(TrackerAccount, account_id)
            return _account_record(row) if row is not None else None

    def by_name(self, name: str) -> AccountRecord | None:
        """The account called ``name``, or ``None``."""
        with self._store.session() as session:
            row = session.exec(select(TrackerAccount).where(col(TrackerAccount.name) == name)).first()
            return _account_record(row) if row is not None else None

    def remove(self, account_id: int) -> int:
        """Delete an account and its cached tasks and cursors. Its *pending* outbox entries are
        kept and detached (``account_id`` NULL: they wait for a tracker again), never lost.
        Returns how many entries were detached."""
        with self._store.session() as session:
            pending = session.exec(
                select(OutboxEntry).where(
                    col(OutboxEntry.account_id) == account_id,
                    col(OutboxEntry.state) != OutboxState.DONE.value,
                )
            ).all()
            for entry in pending:
                entry.account_id = None
                session.add(entry)
            session.flush()
            session.exec(delete(TrackerAccount).where(col(TrackerAccount.id) == account_id))
            return len(pending)

    def set_identity(self, account_id: int, *, username: str, remote_user_id: str) -> None:
        """Remember who the token belongs to (from the tracker's who-am-I call)."""
        with self._store.session() as session:
            row = _row(session, account_id)
            row.username, row.remote_user_id = username, remote_user_id
            session.add(row)

    def set_status(
        self,
        account_id: int,
        status: str,
        *,
        at: datetime,
        retry_at: datetime | None = None,
        detail: str | None = None,
    ) -> AccountRecord:
        """Set the sync status (one of :data:`ACCOUNT_STATUSES`) observed at ``at`` (aware UTC).
        ``status_since`` moves to ``at`` only when the status changes, so "offline since 09:12"
        stays 09:12 across retries. ``retry_at``: when to try again (offline, rate limited).
        ``detail``: a readable reason (never a secret). Raises ``ValueError``/``KeyError``."""
        if status not in ACCOUNT_STATUSES:
            raise ValueError(f"unknown account status {status!r}")
        with self._store.session() as session:
            row = _row(session, account_id)
            if row.status != status or row.status_since is None:
                row.status_since = at
            row.status, row.retry_at, row.status_detail = status, retry_at, detail
            session.add(row)
            session.flush()
            return _account_record(row)

    def recipient_login(self, teammate: str, kind: str) -> str | None:
        """The login of roster teammate ``teammate`` on trackers of ``kind``
        (``teammate.tracker_logins``), or ``None``."""
        with self._store.session() as session:
            row = session.exec(select(Teammate).where(col(Teammate.name) == teammate)).first()
            if row is None:
                return None
            login = (row.tracker_logins or {}).get(kind)
            return str(login) if login else None

    def team_of(self, teammate: str) -> str | None:
        """The team (region) of roster teammate ``teammate``, or ``None``."""
        with self._store.session() as session:
            row = session.exec(select(Teammate).where(col(Teammate.name) == teammate)).first()
            return row.team or None if row is not None else None


class CursorRepository:
    """Pull cursors per account and resource (``tasks``, ``handoffs`` …)."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def get(self, account_id: int, resource: str) -> CursorRecord:
        """The stored cursor, or an empty one before the first pull."""
        with self._store.session() as session:
            row = session.get(SyncCursor, (account_id, resource))
            return CursorRecord(row.updated_since, row.etag) if row is not None else CursorRecord()

    def set(self, account_id: int, resource: str, cursor: CursorRecord) -> None:
        """Store a cursor (after the data it covers is saved)."""
        with self._store.session() as session:
            row = session.get(SyncCursor, (account_id, resource)) or SyncCursor(
                account_id=account_id, resource=resource
            )
            row.updated_since, row.etag = cursor.updated_since, cursor.etag
            session.add(row)

    def reset(self, account_id: int) -> None:
        """Forget every cursor of an account (the next pull is a full one)."""
        with self._store.session() as session:
            session.exec(delete(SyncCursor).where(col(SyncCursor.account_id) == account_id))


def _row(session: Session, account_id: int) -> TrackerAccount:
    row = session.get(TrackerAccount, account_id)
    if row is None:
        raise KeyError(account_id)
    return row


def _account_record(row: TrackerAccount) -> AccountRecord:
    assert row.id is not None
    return AccountRecord(
        id=row.id,
        name=row.name,
        kind=row.kind,
        base_url=row.base_url,
        project=row.project,
        username=row.username,
        created_at=row.created_at,
        scope=row.scope,
        session_only=row.session_only,
        remote_user_id=row.remote_user_id,
        status=row.status,
        status_since=row.status_since,
        retry_at=row.retry_at,
        status_detail=row.status_detail,
    )
