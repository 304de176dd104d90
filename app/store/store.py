"""The store: one profile's SQLite database and the repositories over it.

``Store.open(path)`` checks, backs up and migrates the file (see :mod:`app.store.database`).
Repositories take and return the frozen records of :mod:`app.store.records`; sessions stay
inside this package.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, func, text
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, col, delete, select

from app.store.database import SchemaStatus, open_database, schema_status
from app.store.models import Handoff, HandoffItem, Note, Task, TrackerAccount
from app.store.records import (
    AccountRecord,
    HandoffItemData,
    HandoffRecord,
    NoteRecord,
    SearchHit,
    TaskData,
    TaskRecord,
)
from app.store.search import fts_query

_TASK_COLUMNS = tuple(TaskData.__dataclass_fields__)
_BATCH = 5000


class Store:
    """An open Baton database. Thread-safe for separate calls (one connection per thread);
    close it with :meth:`close`."""

    def __init__(self, *, engine: Engine) -> None:
        self._engine = engine
        self.accounts = AccountRepository(self)
        self.tasks = TaskRepository(self)
        self.notes = NoteRepository(self)
        self.handoffs = HandoffRepository(self)
        self.search = SearchRepository(self)

    @classmethod
    def open(cls, path: Path) -> Store:
        """Open (creating and migrating as needed) the database at ``path``.

        Raises a :class:`~app.store.errors.StoreError` the user can act on.
        """
        return cls(engine=open_database(path))

    @property
    def path(self) -> Path:
        """The database file."""
        return Path(str(self._engine.url.database))

    def schema_status(self) -> SchemaStatus:
        """Current and shipped schema revisions."""
        return schema_status(self._engine)

    def close(self) -> None:
        """Close every pooled connection (the WAL is checkpointed by SQLite on last close)."""
        self._engine.dispose()

    @contextmanager
    def connection(self) -> Iterator[Connection]:
        """A Core connection in one transaction, for hot read paths (no ORM overhead).
        For this package only."""
        with self._engine.begin() as connection:
            yield connection

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A unit of work: commits on success, rolls back on error. For this package only."""
        with Session(self._engine, expire_on_commit=False) as session, session.begin():
            yield session


class AccountRepository:
    """Tracker accounts (their tokens live in the OS keyring, never here)."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def add(
        self, *, name: str, kind: str, base_url: str, at: datetime, project: str | None = None
    ) -> AccountRecord:
        """Register an account created at ``at`` (aware datetime). Raises ``ValueError`` if the
        name is taken."""
        with self._store.session() as session:
            if session.exec(select(TrackerAccount).where(col(TrackerAccount.name) == name)).first():
                raise ValueError(f"a tracker account named {name!r} already exists")
            row = TrackerAccount(name=name, kind=kind, base_url=base_url, project=project, created_at=at)
            session.add(row)
            session.flush()
            return _account_record(row)

    def list(self) -> list[AccountRecord]:
        """All accounts by name."""
        with self._store.session() as session:
            rows = session.exec(select(TrackerAccount).order_by(col(TrackerAccount.name))).all()
            return [_account_record(r) for r in rows]


class TaskRepository:
    """Cached tracker tasks."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def upsert_many(self, account_id: int, tasks: Iterable[TaskData]) -> int:
        """Insert or update tasks by ``(account_id, external_id)`` in batches of 5 000 within one
        transaction. Returns the number of rows written. The FTS index follows by trigger."""
        table = Task.__table__  # type: ignore[attr-defined]
        written = 0
        with self._store.session() as session:
            batch: list[dict[str, Any]] = []
            for task in tasks:
                row = {name: getattr(task, name) for name in _TASK_COLUMNS}
                row["account_id"] = account_id
                batch.append(row)
                if len(batch) >= _BATCH:
                    written += self._write(session, table, batch)
                    batch = []
            if batch:
                written += self._write(session, table, batch)
        return written

    @staticmethod
    def _write(session: Session, table: Any, rows: list[dict[str, Any]]) -> int:
        statement = sqlite_insert(table)
        statement = statement.on_conflict_do_update(
            index_elements=["account_id", "external_id"],
            set_={name: statement.excluded[name] for name in _TASK_COLUMNS if name != "external_id"},
        )
        session.execute(statement, rows)
        return len(rows)

    def count(self) -> int:
        """How many tasks are cached."""
        with self._store.session() as session:
            return int(session.exec(select(func.count()).select_from(Task)).one())

    def get(self, ids: Sequence[int]) -> list[TaskRecord]:
        """The tasks with these ids, in the order given (unknown ids are left out)."""
        if not ids:
            return []
        with self._store.session() as session:
            rows = {t.id: t for t in session.exec(select(Task).where(col(Task.id).in_(ids)))}
        return [_task_record(rows[i]) for i in ids if i in rows]


class NoteRepository:
    """Local-first notes on tasks and handoffs."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def add(
        self, body: str, *, at: datetime, task_id: int | None = None, handoff_id: str | None = None
    ) -> NoteRecord:
        """Store a note written at ``at`` (aware datetime) on a task or handoff."""
        with self._store.session() as session:
            note = Note(body=body, task_id=task_id, handoff_id=handoff_id, created_at=at, updated_at=at)
            session.add(note)
            session.flush()
            assert note.id is not None
            return NoteRecord(
                id=note.id,
                body=note.body,
                created_at=at,
                updated_at=at,
                task_id=task_id,
                handoff_id=handoff_id,
            )

    def update(self, note_id: int, body: str, *, at: datetime) -> None:
        """Replace a note's text. Raises ``KeyError`` for an unknown id."""
        with self._store.session() as session:
            note = session.get(Note, note_id)
            if note is None:
                raise KeyError(note_id)
            note.body = body
            note.updated_at = at

    def delete(self, note_id: int) -> None:
        """Remove a note (no error if it is already gone)."""
        with self._store.session() as session:
            session.exec(delete(Note).where(col(Note.id) == note_id))


class HandoffRepository:
    """Handoffs and their items."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def save(self, handoff: HandoffRecord) -> None:
        """Insert or replace a handoff and all its items in one transaction."""
        with self._store.session() as session:
            row = session.get(Handoff, handoff.id) or Handoff(
                id=handoff.id, author=handoff.author, recipient=handoff.recipient
            )
            for name in (
                "author",
                "recipient",
                "recipient_kind",
                "urgency",
                "escalation_contact",
                "state",
                "failure_reason",
                "created_at",
                "updated_at",
                "due_at",
                "title",
                "author_zone",
                "account_id",
                "remote_id",
                "remote_url",
                "incoming",
                "discarded_at",
            ):
                setattr(row, name, getattr(handoff, name))
            session.add(row)
            session.exec(delete(HandoffItem).where(col(HandoffItem.handoff_id) == handoff.id))
            for position, item in enumerate(handoff.items):
                session.add(HandoffItem(handoff_id=handoff.id, position=position, **vars(item)))

    def get(self, handoff_id: str) -> HandoffRecord | None:
        """The handoff with this UUID, or ``None``."""
        with self._store.session() as session:
            row = session.get(Handoff, handoff_id)
            if row is None:
                return None
            items = session.exec(
                select(HandoffItem)
                .where(col(HandoffItem.handoff_id) == handoff_id)
                .order_by(col(HandoffItem.position))
            ).all()
            return HandoffRecord(
                id=row.id,
                author=row.author,
                recipient=row.recipient,
                recipient_kind=row.recipient_kind,
                urgency=row.urgency,
                escalation_contact=row.escalation_contact,
                state=row.state,
                failure_reason=row.failure_reason,
                created_at=row.created_at,
                updated_at=row.updated_at,
                due_at=row.due_at,
                title=row.title,
                author_zone=row.author_zone,
                account_id=row.account_id,
                remote_id=row.remote_id,
                remote_url=row.remote_url,
                incoming=row.incoming,
                discarded_at=row.discarded_at,
                items=tuple(
                    HandoffItemData(
                        section=i.section,
                        text=i.text,
                        flag=i.flag,
                        owner=i.owner,
                        deadline_at=i.deadline_at,
                        due_at=i.due_at,
                        task_id=i.task_id,
                        ref=i.ref,
                    )
                    for i in items
                ),
            )


class SearchRepository:
    """Full-text search (SQLite FTS5) over task keys and titles, notes and handoff items."""

    _SQL = text(
        """
        SELECT kind, ref, snippet, rank FROM (
            SELECT 'task' AS kind, CAST(rowid AS TEXT) AS ref,
                   snippet(task_fts, -1, '[', ']', '…', 12) AS snippet, rank
            FROM task_fts WHERE task_fts MATCH :q
            UNION ALL
            SELECT 'note', CAST(rowid AS TEXT), snippet(note_fts, -1, '[', ']', '…', 12), rank
            FROM note_fts WHERE note_fts MATCH :q
            UNION ALL
            SELECT 'handoff', (SELECT handoff_id FROM handoff_item WHERE id = handoff_item_fts.rowid),
                   snippet(handoff_item_fts, -1, '[', ']', '…', 12), rank
            FROM handoff_item_fts WHERE handoff_item_fts MATCH :q
        ) ORDER BY rank LIMIT :limit
        """
    )
    _TASK_IDS_SQL = text("SELECT rowid FROM task_fts WHERE task_fts MATCH :q ORDER BY rank LIMIT :limit")

    def __init__(self, store: Store) -> None:
        self._store = store

    def everything(self, query: str, *, limit: int = 50) -> list[SearchHit]:
        """Best ``limit`` matches of every word in ``query`` across tasks, notes and handoffs."""
        match = fts_query(query)
        if match is None:
            return []
        with self._store.connection() as connection:
            rows = connection.execute(self._SQL, {"q": match, "limit": limit}).all()
        return [SearchHit(kind=r[0], ref=str(r[1]), snippet=r[2], rank=float(r[3])) for r in rows]

    def task_ids(self, query: str, *, limit: int = 1000) -> list[int]:
        """Ids of the best ``limit`` tasks whose key or title contain every word of ``query``."""
        match = fts_query(query)
        if match is None:
            return []
        with self._store.connection() as connection:
            rows = connection.execute(self._TASK_IDS_SQL, {"q": match, "limit": limit})
            return [int(r[0]) for r in rows]


def _task_record(row: Task) -> TaskRecord:
    assert row.id is not None
    return TaskRecord(
        id=row.id,
        account_id=row.account_id,
        data=TaskData(**{name: getattr(row, name) for name in _TASK_COLUMNS}),
    )


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
