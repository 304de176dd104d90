"""The task list's service: what ``ui/tasks`` calls to search, filter, sort and page cached tasks.

Plain Python (no Qt); results are ids and frozen rows, safe to hand to a Qt model or to pass
between threads.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from typing import TYPE_CHECKING

from app.store.task_query import TaskFacets, TaskQuery, TaskQueryRepository, TaskRow

if TYPE_CHECKING:
    from app.store import Store

_log = logging.getLogger(__name__)
_SLOW_SECONDS = 0.25


class TaskBrowser:
    """Search, filter and sort over the local task cache (see :mod:`app.store.task_query`)."""

    def __init__(self, *, store: Store) -> None:
        self._queries = TaskQueryRepository(store)

    def task_ids(self, query: TaskQuery) -> list[int]:
        """Ids of every cached task matching ``query``, in its order. Punctuation-only search
        text searches nothing (all tasks, filtered)."""
        start = time.perf_counter()
        ids = self._queries.ids(query)
        elapsed = time.perf_counter() - start
        if elapsed > _SLOW_SECONDS:
            _log.info("task query took %.0f ms for %d tasks: %r", elapsed * 1000, len(ids), query)
        return ids

    def rows(self, ids: Sequence[int]) -> list[TaskRow]:
        """Rows for ``ids`` in the order given; tasks removed since the ids were read are left out."""
        return self._queries.rows(ids)

    def facets(self) -> TaskFacets:
        """Statuses, assignees and tracker accounts to filter by, and the number of cached tasks."""
        return self._queries.facets()
