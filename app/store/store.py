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

from app.store.accounts import AccountRepository, CursorRepository
from app.store.database import SchemaStatus, open_database, schema_status
from app.store.handoffs import HandoffRepository
from app.store.models import Note, Task
from app.store.outbox import OutboxRepository
from app.store.records import (
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
        self.outbox = OutboxRepository(self)
        self.cursors = CursorRepository(self)

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

    def with_keys(self, keys: Iterable[str]) -> list[TaskRecord]:
        """Cached tasks whose human key (``#123``, ``PROJ-42``) is one of ``keys``, ordered by
        key then account (a key can exist once per account)."""
        wanted = sorted(set(keys))
        if not wanted:
            return []
        with self._store.session() as session:
            rows = session.exec(
                select(Task).where(col(Task.key).in_(wanted)).order_by(col(Task.key), col(Task.account_id))
            ).all()
            return [_task_record(r) for r in rows]


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
