"""The task list's table model: task ids in query order, rows loaded lazily in pages.

The model holds one ``list[int]`` of task ids for the current :class:`TaskQuery` and fetches
rows only for pages a view asks about (``page_size`` rows per fetch, the ``cached_pages`` most
recently used pages kept). Sorting re-queries in SQL and keeps the selection (persistent
indexes follow their task). Every text it returns is a plain string: tracker text is untrusted
and the default delegate never interprets it as HTML.
"""

from __future__ import annotations

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
)

from app.store.task_query import SortColumn, TaskQuery, TaskRow
from app.task_browser import TaskBrowser

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


class TaskTableModel(QAbstractTableModel):
    """Cached tasks matching a :class:`TaskQuery`, one row per task.

    ``browser`` answers the queries; ``format_due`` turns an aware UTC due instant into the
    text of the Due column in the viewer's locale and zone (babel). Emits only the standard
    model signals: ``modelReset`` after :meth:`set_query`, ``layoutChanged`` after :meth:`sort`.
    """

    def __init__(
        self,
        *,
        browser: TaskBrowser,
        format_due: Callable[[datetime], str],
        page_size: int = 200,
        cached_pages: int = 8,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._browser = browser
        self._format_due = format_due
        self._page_size = page_size
        self._cached_pages = cached_pages
        self._query = TaskQuery()
        self._ids: list[int] = []
        self._pages: OrderedDict[int, dict[int, TaskRow]] = OrderedDict()

    @property
    def query(self) -> TaskQuery:
        """The query the rows answer."""
        return self._query

    def set_query(self, query: TaskQuery) -> None:
        """Show the tasks matching ``query`` (re-reads ids even if the query is unchanged)."""
        ids = self._browser.task_ids(query)
        self.beginResetModel()
        self._query = query
        self._ids = ids
        self._pages.clear()
        self.endResetModel()

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
        if role not in (Qt.ItemDataRole.DisplayRole, TaskRole.UrlRole, TaskRole.TaskRowRole):
            return None
        task = self._row(row)
        if role == TaskRole.TaskRowRole or task is None:
            return task if role == TaskRole.TaskRowRole else ""
        if role == TaskRole.UrlRole:
            return task.url or ""
        return self._display(task, TaskColumn(index.column()))

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Order by ``column`` in SQL; selection and other persistent indexes follow their task."""
        if column not in _SORT:
            return
        query = replace(
            self._query, sort=_SORT[TaskColumn(column)], descending=order == Qt.SortOrder.DescendingOrder
        )
        if query == self._query:
            return
        ids = self._browser.task_ids(query)
        self.layoutAboutToBeChanged.emit()
        old_persistent = self.persistentIndexList()
        old_ids = [self._ids[i.row()] if 0 <= i.row() < len(self._ids) else None for i in old_persistent]
        self._query = query
        self._ids = ids
        self._pages.clear()
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
        page = row // self._page_size
        rows = self._pages.get(page)
        if rows is None:
            start = page * self._page_size
            rows = {r.id: r for r in self._browser.rows(self._ids[start : start + self._page_size])}
            self._pages[page] = rows
            while len(self._pages) > self._cached_pages:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(page)
        return rows.get(self._ids[row])
