"""The task list's table model: task ids in query order, rows loaded lazily in pages.

The model holds one ``list[int]`` of task ids for the current :class:`TaskQuery` and fetches
rows only for pages a view asks about (``page_size`` rows per fetch, the ``cached_pages`` most
recently used pages kept). Sorting re-queries in SQL and keeps the selection (persistent
indexes follow their task). Every text it returns is a plain string: tracker text is untrusted
and the default delegate never interprets it as HTML (tooltips included).

No SQL runs on the GUI thread: queries and page fetches are jobs on the injected
:class:`~ui.jobs.JobRunner`. A new query supersedes one still running (typing fast over 100 000
tasks never queues stale searches); a page that is still loading shows empty cells and fills
in with ``dataChanged``.
"""

from __future__ import annotations

import functools
import html
import logging
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
    Slot,
)

from app.store.task_query import SortColumn, TaskQuery, TaskRow
from app.task_browser import TaskBrowser
from ui.jobs import Job, JobRunner

_log = logging.getLogger(__name__)

_AnyIndex = QModelIndex | QPersistentModelIndex


class TaskRole(IntEnum):
    """Custom data roles of :class:`TaskTableModel` (any column of a row answers them)."""

    TaskIdRole = Qt.ItemDataRole.UserRole + 1
    """``int``: the local task id."""
    UrlRole = Qt.ItemDataRole.UserRole + 2
    """``str``: the task's tracker URL as stored (untrusted; check the scheme before opening),
    ``""`` if none."""
    TaskRowRole = Qt.ItemDataRole.UserRole + 3
    """:class:`~app.store.task_query.TaskRow`: the whole immutable row."""


class TaskColumn(IntEnum):
    """The model's columns, in display order."""

    KEY = 0
    TITLE = 1
    STATUS = 2
    ASSIGNEE = 3
    PRIORITY = 4
    DUE = 5
    TRACKER = 6


_SORT = {
    TaskColumn.KEY: SortColumn.KEY,
    TaskColumn.TITLE: SortColumn.TITLE,
    TaskColumn.STATUS: SortColumn.STATUS,
    TaskColumn.ASSIGNEE: SortColumn.ASSIGNEE,
    TaskColumn.PRIORITY: SortColumn.PRIORITY,
    TaskColumn.DUE: SortColumn.DUE,
    TaskColumn.TRACKER: SortColumn.TRACKER,
}
_HEADERS = {
    TaskColumn.KEY: "Key",
    TaskColumn.TITLE: "Title",
    TaskColumn.STATUS: "Status",
    TaskColumn.ASSIGNEE: "Assignee",
    TaskColumn.PRIORITY: "Priority",
    TaskColumn.DUE: "Due",
    TaskColumn.TRACKER: "Tracker",
}
_TEXT: dict[TaskColumn, Callable[[TaskRow], str | None]] = {
    TaskColumn.KEY: lambda t: t.key,
    TaskColumn.TITLE: lambda t: t.title,
    TaskColumn.STATUS: lambda t: t.status,
    TaskColumn.ASSIGNEE: lambda t: t.assignee,
    TaskColumn.PRIORITY: lambda t: t.priority,
    TaskColumn.TRACKER: lambda t: t.account_name,
}


def title_tooltip(title: str) -> str:
    """A tooltip showing an untrusted task title literally, wrapped at the tooltip's width.

    QToolTip guesses rich text from the text itself (``Qt::mightBeRichText``), so a plain title
    like ``<b>bold</b>`` would be rendered as HTML: the title is escaped and wrapped in ``<p>``,
    which makes Qt take it as rich text that contains nothing but the escaped characters.
    """
    return f"<p>{html.escape(title, quote=False)}</p>"


def _same_rows(a: TaskQuery, b: TaskQuery) -> bool:
    """Whether two queries select the same tasks (they may order them differently)."""
    return replace(a, sort=b.sort, descending=b.descending) == b


class TaskTableModel(QAbstractTableModel):
    """Cached tasks matching a :class:`TaskQuery`, one row per task.

    ``browser`` answers the queries (on ``jobs``' worker threads); ``format_due`` turns an aware
    UTC due instant into the text of the Due column in the viewer's locale and zone (babel).

    Signals:
        query_applied(): the rows of the latest :meth:`set_query` or :meth:`sort` are shown
            (after the standard ``modelReset``, or ``layoutChanged`` when only the order changed).
        query_failed(str): the latest query could not run (the store is unreadable); the rows
            shown are those of the previous query.
    """

    query_applied = Signal()
    query_failed = Signal(str)

    def __init__(
        self,
        *,
        browser: TaskBrowser,
        format_due: Callable[[datetime], str],
        jobs: JobRunner,
        page_size: int = 200,
        cached_pages: int = 8,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._browser = browser
        self._format_due = format_due
        self._jobs = jobs
        self._page_size = page_size
        self._cached_pages = cached_pages
        self._query = TaskQuery()  # the query the rows answer
        self._requested = TaskQuery()  # the latest query asked for (shown once its job is done)
        self._ids: list[int] = []
        self._generation = 0  # bumped whenever _ids change: page fetches for older ids are dropped
        self._pages: OrderedDict[int, dict[int, TaskRow]] = OrderedDict()
        self._loading: set[int] = set()
        self._query_job: Job | None = None

    @property
    def query(self) -> TaskQuery:
        """The latest query asked for (its rows are shown once ``query_applied`` is emitted)."""
        return self._requested

    @property
    def busy(self) -> bool:
        """True while a query or a page fetch runs in the background."""
        return self._query_job is not None or bool(self._loading)

    def set_query(self, query: TaskQuery) -> None:
        """Show the tasks matching ``query`` (re-reads ids even if the query is unchanged).
        Returns at once; ``query_applied`` follows."""
        self._requested = query
        browser, first_page = self._browser, self._page_size

        def load() -> tuple[list[int], list[TaskRow]]:  # on a worker: ids, and the first page
            ids = browser.task_ids(query)
            return ids, browser.rows(ids[:first_page])

        job = self._jobs.run(load, key=f"task-query:{id(self)}")
        self._query_job = job
        job.succeeded.connect(functools.partial(self._on_query_job_succeeded, query))
        job.failed.connect(self._on_query_job_failed)

    @Slot(object)
    def _on_query_job_succeeded(self, query: TaskQuery, loaded: tuple[list[int], list[TaskRow]]) -> None:
        self._query_job = None  # a superseded job never succeeds: this is the latest one
        ids, first = loaded
        if _same_rows(query, self._query) and len(ids) == len(self._ids):
            self._reorder(query, ids)
        else:
            self.beginResetModel()
            self._query = query
            self._ids = ids
            self._generation += 1
            self._pages.clear()
            self._loading.clear()
            self.endResetModel()
        self._pages[0] = {r.id: r for r in first}
        if ids:
            self.dataChanged.emit(
                self.index(0, 0), self.index(min(len(first), len(ids)) - 1, len(TaskColumn) - 1)
            )
        self.query_applied.emit()

    @Slot(object)
    def _on_query_job_failed(self, error: Exception) -> None:
        _log.error("task query failed: %s", error)
        self._query_job = None
        self._requested = self._query
        self.query_failed.emit(str(error))

    def refresh(self) -> None:
        """Re-read the current query, e.g. after a sync changed the cache."""
        self.set_query(self._query)

    def task_id(self, row: int) -> int:
        """The task id shown at ``row``. Raises ``IndexError`` for a row out of range."""
        return self._ids[row]

    def rowCount(self, parent: _AnyIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: _AnyIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(TaskColumn)

    def flags(self, index: _AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(TaskColumn):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return QCoreApplication.translate("TaskTableModel", _HEADERS[TaskColumn(section)])
        return None

    def data(self, index: _AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = index.row()
        if (
            not index.isValid()
            or index.parent().isValid()
            or not 0 <= row < len(self._ids)
            or not 0 <= index.column() < len(TaskColumn)
        ):
            return None
        if role == TaskRole.TaskIdRole:
            return self._ids[row]
        tooltip = role == Qt.ItemDataRole.ToolTipRole and index.column() == TaskColumn.TITLE
        if not tooltip and role not in (Qt.ItemDataRole.DisplayRole, TaskRole.UrlRole, TaskRole.TaskRowRole):
            return None
        task = self._row(row)
        if role == TaskRole.TaskRowRole:
            return task
        if task is None:  # its page is loading, or the task left the cache
            return None if tooltip else ""
        return self._task_data(task, role, TaskColumn(index.column()))

    def _task_data(self, task: TaskRow, role: int, column: TaskColumn) -> str:
        if role == Qt.ItemDataRole.ToolTipRole:
            return title_tooltip(task.title)
        if role == TaskRole.UrlRole:
            return task.url or ""
        return self._display(task, column)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Order by ``column`` in SQL (in the background); selection and other persistent
        indexes follow their task once ``query_applied`` is emitted."""
        if column not in _SORT:
            return
        query = replace(
            self._requested, sort=_SORT[TaskColumn(column)], descending=order == Qt.SortOrder.DescendingOrder
        )
        if query == self._requested:
            return
        self.set_query(query)

    def _reorder(self, query: TaskQuery, ids: list[int]) -> None:
        """The same tasks in a new order: a layout change that keeps persistent indexes."""
        self.layoutAboutToBeChanged.emit()
        old_persistent = self.persistentIndexList()
        old_ids = [self._ids[i.row()] if 0 <= i.row() < len(self._ids) else None for i in old_persistent]
        self._query = query
        self._ids = ids
        self._generation += 1
        self._pages.clear()
        self._loading.clear()
        row_of = {task_id: row for row, task_id in enumerate(ids)} if old_persistent else {}
        new_persistent = [
            self.index(row_of[task_id], old.column())
            if task_id is not None and task_id in row_of
            else QModelIndex()
            for old, task_id in zip(old_persistent, old_ids, strict=True)
        ]
        self.changePersistentIndexList(old_persistent, new_persistent)
        self.layoutChanged.emit()

    def _display(self, task: TaskRow, column: TaskColumn) -> str:
        if column is TaskColumn.DUE:
            return self._format_due(task.due_at) if task.due_at is not None else ""
        return _TEXT[column](task) or ""

    def _row(self, row: int) -> TaskRow | None:
        """The row if its page is loaded; otherwise ``None`` and the page is fetched."""
        page = row // self._page_size
        rows = self._pages.get(page)
        if rows is None:
            self._fetch(page)
            return None
        self._pages.move_to_end(page)
        return rows.get(self._ids[row])

    def _fetch(self, page: int) -> None:
        if page in self._loading:
            return
        self._loading.add(page)
        start = page * self._page_size
        ids, browser = self._ids[start : start + self._page_size], self._browser
        job = self._jobs.run(lambda: browser.rows(ids))
        job.succeeded.connect(functools.partial(self._on_page_job_succeeded, self._generation, page))
        job.failed.connect(functools.partial(self._on_page_job_failed, self._generation, page))

    @Slot(object)
    def _on_page_job_succeeded(self, generation: int, page: int, rows: list[TaskRow]) -> None:
        if generation != self._generation:
            return  # the ids changed meanwhile; the view asks again for what it shows
        self._loading.discard(page)
        self._pages[page] = {r.id: r for r in rows}
        while len(self._pages) > self._cached_pages:
            self._pages.popitem(last=False)
        start = page * self._page_size
        end = min(start + self._page_size, len(self._ids)) - 1
        if end >= start:
            self.dataChanged.emit(self.index(start, 0), self.index(end, len(TaskColumn) - 1))

    @Slot(object)
    def _on_page_job_failed(self, generation: int, page: int, error: Exception) -> None:
        _log.error("reading tasks failed: %s", error)
        if generation == self._generation:
            self._loading.discard(page)
