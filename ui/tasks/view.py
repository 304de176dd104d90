"""The task list: search as you type, filter, sort and open cached tracker tasks.

No SQL runs on the GUI thread: the facets, every search, filter and sort, and every page of
rows are jobs on the injected :class:`~ui.jobs.JobRunner` (STYLE §8). Over 100 000 cached tasks
a header click sorts in 100–170 ms of SQL; typing during it stays smooth, and a newer search
supersedes an older one that is still running (``benchmarks/ui_tasks.py``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from typing import Any

from PySide6.QtCore import QModelIndex, QSignalBlocker, Qt, QTimer, QUrl, Signal, Slot
from PySide6.QtGui import QAction, QDesktopServices, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.store.task_query import UNASSIGNED, TaskFacets, TaskQuery
from app.task_browser import TaskBrowser
from ui.jobs import JobRunner
from ui.tasks.model import TaskColumn, TaskRole, TaskTableModel

_log = logging.getLogger(__name__)
SEARCH_DELAY_MS = 150
_WEB_SCHEMES = frozenset({"http", "https"})


def web_url(text: str) -> QUrl | None:
    """``text`` as a URL a browser may open (http or https with a host), else ``None``.

    Tracker URLs are untrusted: ``javascript:``, ``file:`` and every other scheme are refused.
    """
    url = QUrl(text.strip(), QUrl.ParsingMode.StrictMode)
    if not url.isValid() or url.scheme().lower() not in _WEB_SCHEMES or not url.host():
        return None
    return url


def _plain_label(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


def _status_label(parent: QWidget) -> QLabel:
    """A plain-text label whose changing text never changes the window's minimum size."""
    label = _plain_label("", parent)
    label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
    return label


class TaskListView(QWidget):
    """Cached tasks with a search field, status / assignee / tracker filters and a sortable table.

    Signals:
        task_activated(int): the user opened the task with this local id (double-click, Enter,
            or "Open in browser"); its tracker URL is opened too when it is http(s).
        link_refused(str): the activated task's URL was not http(s) and was not opened.
        tasks_shown(): the table and the counts show the latest search, filters and sort.

    Call :meth:`refresh` after the task cache changes (e.g. when a sync finishes).
    """

    task_activated = Signal(int)
    link_refused = Signal(str)
    tasks_shown = Signal()

    def __init__(
        self,
        *,
        browser: TaskBrowser,
        format_due: Callable[[datetime], str],
        jobs: JobRunner,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._browser = browser
        self._jobs = jobs
        self._facets = TaskFacets(statuses=(), assignees=(), accounts=(), total=0)
        self.model = TaskTableModel(browser=browser, format_due=format_due, jobs=jobs, parent=self)
        self._build()
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._connect()
        self.refresh()

    def _build(self) -> None:
        self.search_field = QLineEdit(self)
        self.search_field.setPlaceholderText(self.tr("Search tasks"))
        self.search_field.setClearButtonEnabled(True)
        self.search_field.setAccessibleName(self.tr("Search tasks"))
        self.status_filter = self._combo(self.tr("Status filter"))
        self.assignee_filter = self._combo(self.tr("Assignee filter"))
        self.tracker_filter = self._combo(self.tr("Tracker filter"))
        filters = QHBoxLayout()
        filters.addWidget(self.search_field, 3)
        for text, combo in (
            (self.tr("&Status:"), self.status_filter),
            (self.tr("&Assignee:"), self.assignee_filter),
            (self.tr("T&racker:"), self.tracker_filter),
        ):
            label = _plain_label(text, self)
            label.setBuddy(combo)
            filters.addWidget(label)
            filters.addWidget(combo, 1)

        self.table = QTableView(self)
        self.table.setAccessibleName(self.tr("Tasks"))
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table: every control stays reachable
        self.table.setWordWrap(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        rows = self.table.verticalHeader()
        rows.hide()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # uniform heights: no per-row sizing
        rows.setDefaultSectionSize(self.fontMetrics().height() + 8)
        columns = self.table.horizontalHeader()
        columns.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        columns.setSectionResizeMode(TaskColumn.TITLE, QHeaderView.ResizeMode.Stretch)
        columns.setSortIndicator(TaskColumn.KEY, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        self.open_action = QAction(self.tr("&Open in browser"), self.table)
        self.open_action.setEnabled(False)
        self.table.addAction(self.open_action)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.find_action = QAction(self.tr("Find tasks"), self)
        self.find_action.setShortcut(QKeySequence.StandardKey.Find)
        self.find_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.addAction(self.find_action)

        self.empty_label = _status_label(self)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self.pages = QStackedWidget(self)
        self.pages.addWidget(self.table)
        self.pages.addWidget(self.empty_label)
        self.count_label = _status_label(self)

        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.count_label)

    def _combo(self, accessible_name: str) -> QComboBox:
        combo = QComboBox(self)
        combo.setAccessibleName(accessible_name)
        # A fixed width: refilling the box after a sync must not resize the window.
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(12)
        return combo

    def _connect(self) -> None:
        self.search_field.textChanged.connect(self._on_search_field_text_changed)
        self.search_field.returnPressed.connect(self._on_search_field_return_pressed)
        self._search_timer.timeout.connect(self._on_search_timer_timeout)
        for combo in (self.status_filter, self.assignee_filter, self.tracker_filter):
            combo.currentIndexChanged.connect(self._on_filter_current_index_changed)
        self.table.activated.connect(self._on_table_activated)
        self.table.selectionModel().currentRowChanged.connect(self._on_table_current_row_changed)
        self.open_action.triggered.connect(self._on_open_action_triggered)
        self.find_action.triggered.connect(self._on_find_action_triggered)
        self.model.query_applied.connect(self._on_model_query_applied)

    def refresh(self) -> None:
        """Re-read the filter values and the tasks, keeping the search text, filters and sort
        (in the background; ``tasks_shown`` follows)."""
        job = self._jobs.run(self._browser.facets, key=f"task-facets:{id(self)}")
        job.succeeded.connect(self._on_facets_job_succeeded)

    @Slot(object)
    def _on_facets_job_succeeded(self, facets: TaskFacets) -> None:
        self._facets = facets
        self._fill(self.status_filter, self.tr("All statuses"), [(s, s) for s in self._facets.statuses])
        self._fill(
            self.assignee_filter,
            self.tr("Anyone"),
            [(self.tr("Unassigned"), UNASSIGNED), *((a, a) for a in self._facets.assignees)],
        )
        self._fill(
            self.tracker_filter, self.tr("All trackers"), [(a.name, a.id) for a in self._facets.accounts]
        )
        self.model.set_query(self._query())

    def _fill(self, combo: QComboBox, everything: str, choices: list[tuple[str, Any]]) -> None:
        """Replace ``combo``'s items, keeping the selected value when it still exists."""
        selected = combo.currentData()
        with QSignalBlocker(combo):
            combo.clear()
            combo.addItem(everything, None)
            for text, value in choices:
                combo.addItem(text, value)
            combo.setCurrentIndex(max(0, combo.findData(selected)) if selected is not None else 0)

    def _query(self) -> TaskQuery:
        """The query the controls describe, in the model's current sort."""
        return replace(
            self.model.query,
            text=self.search_field.text(),
            status=self.status_filter.currentData(),
            assignee=self.assignee_filter.currentData(),
            account_id=self.tracker_filter.currentData(),
        )

    def _apply(self) -> None:
        self._search_timer.stop()
        query = self._query()
        if query != self.model.query:
            self.model.set_query(query)

    def _show_state(self) -> None:
        shown, total = self.model.rowCount(), self._facets.total
        if total == 0:
            self.empty_label.setText(self.tr("No cached tasks yet — connect a tracker to see tasks here"))
        elif shown == 0 and self.search_field.text().strip():
            self.empty_label.setText(self.tr("No tasks match “{text}”").format(text=self.search_field.text()))
        else:
            self.empty_label.setText(self.tr("No tasks match these filters"))
        self.pages.setCurrentWidget(self.table if shown else self.empty_label)
        if self.model.query.filtered:
            self.count_label.setText(self.tr("{shown} of {total} tasks").format(shown=shown, total=total))
        else:
            self.count_label.setText(self.tr("{total} tasks").format(total=total))
        self.open_action.setEnabled(self.table.currentIndex().isValid())

    def _open(self, index: QModelIndex) -> None:
        if not index.isValid():
            return
        self.task_activated.emit(int(index.data(TaskRole.TaskIdRole)))
        link = str(index.data(TaskRole.UrlRole) or "")
        url = web_url(link)
        if url is None:
            _log.info("not opening task link %r: only http and https links are opened", link)
            self.link_refused.emit(link)
            return
        QDesktopServices.openUrl(url)

    @Slot(str)
    def _on_search_field_text_changed(self, _text: str) -> None:
        self._search_timer.start()

    @Slot()
    def _on_search_field_return_pressed(self) -> None:
        self._apply()

    @Slot()
    def _on_search_timer_timeout(self) -> None:
        self._apply()

    @Slot(int)
    def _on_filter_current_index_changed(self, _index: int) -> None:
        self._apply()

    @Slot(QModelIndex)
    def _on_table_activated(self, index: QModelIndex) -> None:
        self._open(index)

    @Slot(QModelIndex, QModelIndex)
    def _on_table_current_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.open_action.setEnabled(current.isValid())

    @Slot()
    def _on_open_action_triggered(self) -> None:
        self._open(self.table.currentIndex())

    @Slot()
    def _on_find_action_triggered(self) -> None:
        self.search_field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_field.selectAll()

    @Slot()
    def _on_model_query_applied(self) -> None:
        self._show_state()
        self.tasks_shown.emit()
