"""Services over the store: what the CLI, ``ui/`` and ``sync/`` call.

Services add the rules the store does not know: time comes from the injected clock, input is
checked, and results come back as immutable records. They never hand out a session.
"""

from __future__ import annotations

from collections.abc import Iterable

from app.ports import Clock
from app.store import Store
from app.store.records import NoteRecord, SearchHit, TaskData, TaskRecord


class TaskService:
    """The local cache of tracker tasks."""

    def __init__(self, *, store: Store) -> None:
        self._store = store

    def cache(self, account_id: int, tasks: Iterable[TaskData]) -> int:
        """Insert or update tasks pulled from an account; returns how many were written."""
        return self._store.tasks.upsert_many(account_id, tasks)

    def search(self, text: str, *, limit: int = 200) -> list[TaskRecord]:
        """Tasks whose key or title contain words starting with each word of ``text``, best
        first (FTS5 bm25). Empty or punctuation-only text gives no results."""
        return self._store.tasks.get(self._store.search.task_ids(text, limit=limit))

    def count(self) -> int:
        """How many tasks are cached."""
        return self._store.tasks.count()


class NoteService:
    """Local-first notes on tasks and handoffs, timestamped by the injected clock."""

    def __init__(self, *, store: Store, clock: Clock) -> None:
        self._store = store
        self._clock = clock

    def add(self, body: str, *, task_id: int | None = None, handoff_id: str | None = None) -> NoteRecord:
        """Write a note now. Raises ``ValueError`` for empty text or for no (or two) targets."""
        if not body.strip():
            raise ValueError("a note needs some text")
        if (task_id is None) == (handoff_id is None):
            raise ValueError("a note belongs to exactly one task or one handoff")
        return self._store.notes.add(body, at=self._clock.now(), task_id=task_id, handoff_id=handoff_id)

    def edit(self, note_id: int, body: str) -> None:
        """Replace a note's text. Raises ``ValueError`` for empty text, ``KeyError`` if unknown."""
        if not body.strip():
            raise ValueError("a note needs some text")
        self._store.notes.update(note_id, body, at=self._clock.now())

    def delete(self, note_id: int) -> None:
        """Remove a note."""
        self._store.notes.delete(note_id)


class SearchService:
    """One search box over everything local: tasks, notes and handoffs."""

    def __init__(self, *, store: Store) -> None:
        self._store = store

    def search(self, text: str, *, limit: int = 50) -> list[SearchHit]:
        """Best ``limit`` matches across tasks, notes and handoff items."""
        return self._store.search.everything(text, limit=limit)
