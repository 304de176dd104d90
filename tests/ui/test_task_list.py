"""The task list: lazily paged model (checked by qtmodeltester), search as you type, filters,
sorting, empty states and opening only web links, on a real SQLite store."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

import pytest
from babel.dates import format_datetime
from PySide6.QtCore import QItemSelectionModel, QPoint, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QLayout, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from app.store import Store
from app.store.records import TaskData
from app.store.task_query import SortColumn, TaskQuery, TaskRow
from app.task_browser import TaskBrowser
from ui.tasks.model import TaskColumn, TaskRole, TaskTableModel
from ui.tasks.view import TaskListView, web_url

DAY = datetime(2026, 11, 21, 9, 30, tzinfo=UTC)


def _format_due(at: datetime) -> str:
    return format_datetime(at, "short", tzinfo=UTC, locale="en_US")


def _seed(store: Store) -> None:
    jira = store.accounts.add(name="Jira OPS", kind="jira", base_url="https://acme.atlassian.net", at=DAY)
    github = store.accounts.add(name="acme/web", kind="github", base_url="https://api.github.com", at=DAY)
    store.tasks.upsert_many(
        jira.id,
        [
            TaskData("9", "OPS-9", "Login crash on Android", "New", "ana", "high", DAY, "https://x.test/9"),
            TaskData("10", "OPS-10", "Billing export times out", "In progress", "kenji", "low"),
            TaskData(
                "2", "OPS-2", "Certificate renewal", "Resolved", None, "urgent", None, "file:///etc/passwd"
            ),
        ],
    )
    store.tasks.upsert_many(
        github.id,
        [
            TaskData("5", "#5", "Login page <b>bold</b>", "New", "ana", None, None, "javascript:alert(1)"),
            TaskData("40", "#40", "Flaky deploy", "New", None, "normal", DAY + timedelta(days=2)),
        ],
    )


@pytest.fixture
def browser(store: Store) -> TaskBrowser:
    _seed(store)
    return TaskBrowser(store=store)


class _CountingBrowser(TaskBrowser):
    """A real browser that remembers how many ids each row fetch asked for."""

    def __init__(self, *, store: Store) -> None:
        super().__init__(store=store)
        self.fetches: list[int] = []

    def rows(self, ids: Sequence[int]) -> list[TaskRow]:
        self.fetches.append(len(ids))
        return super().rows(ids)


def _column(model: TaskTableModel, column: TaskColumn) -> list[str]:
    return [model.index(row, column).data() for row in range(model.rowCount())]


@pytest.fixture
def host(qtbot: QtBot) -> QWidget:
    """A window for the view whose size hints never change: the offscreen platform warns "does
    not support propagateSizeHints()" whenever a top-level window's minimum size changes."""
    window = QWidget()
    QVBoxLayout(window).setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
    qtbot.addWidget(window)
    window.resize(900, 400)
    return window


def _view(qtbot: QtBot, host: QWidget, browser: TaskBrowser) -> TaskListView:
    view = TaskListView(browser=browser, format_due=_format_due, parent=host)
    host.layout().addWidget(view)
    host.show()
    qtbot.waitExposed(host)
    return view


def test_the_model_passes_qtmodeltester_with_data_filtered_sorted_and_empty(
    qtmodeltester, browser: TaskBrowser
) -> None:
    model = TaskTableModel(browser=browser, format_due=_format_due, page_size=2, cached_pages=2)
    model.set_query(TaskQuery())
    qtmodeltester.check(model)
    model.set_query(TaskQuery(text="login", status="New"))
    qtmodeltester.check(model)
    model.sort(TaskColumn.DUE, Qt.SortOrder.DescendingOrder)
    qtmodeltester.check(model)
    model.set_query(TaskQuery(text="nothing-like-this"))
    assert model.rowCount() == 0
    qtmodeltester.check(model)


def test_an_empty_cache_gives_an_empty_model_that_passes_qtmodeltester(qtmodeltester, store: Store) -> None:
    model = TaskTableModel(browser=TaskBrowser(store=store), format_due=_format_due)
    model.set_query(TaskQuery())
    assert model.rowCount() == 0
    qtmodeltester.check(model)


def test_rows_load_lazily_in_pages(store: Store) -> None:
    _seed(store)
    browser = _CountingBrowser(store=store)
    model = TaskTableModel(browser=browser, format_due=_format_due, page_size=2, cached_pages=1)
    model.set_query(TaskQuery())
    assert browser.fetches == []  # ids only until a view asks for data
    assert _column(model, TaskColumn.KEY) == ["#5", "#40", "OPS-2", "OPS-9", "OPS-10"]
    assert browser.fetches == [2, 2, 1]
    assert model.index(4, TaskColumn.TITLE).data() == "Billing export times out"
    assert browser.fetches == [2, 2, 1]  # the last page is still cached
    assert model.index(0, TaskColumn.TITLE).data() == "Login page <b>bold</b>"
    assert browser.fetches == [2, 2, 1, 2]  # only one page is kept


def test_cells_are_plain_text_with_due_dates_from_the_formatter(browser: TaskBrowser) -> None:
    model = TaskTableModel(browser=browser, format_due=_format_due)
    model.set_query(TaskQuery(sort=SortColumn.DUE))
    first = [model.index(0, c).data() for c in TaskColumn]
    assert first == [
        "OPS-9",
        "Login crash on Android",
        "New",
        "ana",
        "high",
        "11/21/26, 9:30\u202fAM",
        "Jira OPS",
    ]
    html_title = model.index(model.rowCount() - 1, TaskColumn.TITLE)
    assert html_title.data() == "Login page <b>bold</b>"
    assert all(isinstance(model.index(4, c).data(), str) for c in TaskColumn)
    assert model.index(4, TaskColumn.DUE).data() == ""
    assert model.index(0, TaskColumn.TRACKER).data(TaskRole.UrlRole) == "https://x.test/9"
    row = model.index(0, TaskColumn.KEY).data(TaskRole.TaskRowRole)
    assert isinstance(row, TaskRow)
    assert model.index(0, TaskColumn.KEY).data(TaskRole.TaskIdRole) == row.id
    assert model.headerData(TaskColumn.DUE, Qt.Orientation.Horizontal) == "Due"


def test_sorting_requeries_and_the_selection_follows_its_task(browser: TaskBrowser) -> None:
    model = TaskTableModel(browser=browser, format_due=_format_due)
    model.set_query(TaskQuery())
    selection = QItemSelectionModel(model)
    selection.setCurrentIndex(
        model.index(3, TaskColumn.KEY), QItemSelectionModel.SelectionFlag.ClearAndSelect
    )  # OPS-9
    model.sort(TaskColumn.TITLE, Qt.SortOrder.DescendingOrder)
    assert _column(model, TaskColumn.KEY) == ["#5", "OPS-9", "#40", "OPS-2", "OPS-10"]
    assert model.query.sort is SortColumn.TITLE
    assert model.query.descending
    assert selection.currentIndex().row() == 1
    assert selection.currentIndex().data() == "OPS-9"


def test_typing_searches_as_you_type(qtbot: QtBot, host: QWidget, browser: TaskBrowser) -> None:
    view = _view(qtbot, host, browser)
    assert view.count_label.text() == "5 tasks"
    qtbot.keyClicks(view.search_field, "logi")
    qtbot.waitUntil(lambda: view.model.rowCount() == 2)
    assert _column(view.model, TaskColumn.KEY) == ["#5", "OPS-9"]
    assert view.count_label.text() == "2 of 5 tasks"
    qtbot.keyClicks(view.search_field, "n cr")
    qtbot.waitUntil(lambda: view.model.rowCount() == 1)
    assert view.pages.currentWidget() is view.table


def test_enter_searches_at_once(qtbot: QtBot, host: QWidget, browser: TaskBrowser) -> None:
    view = _view(qtbot, host, browser)
    view.search_field.setText("flaky")
    with qtbot.waitSignal(view.model.modelReset, timeout=100):
        qtbot.keyClick(view.search_field, Qt.Key.Key_Return)
    assert _column(view.model, TaskColumn.KEY) == ["#40"]


def test_no_match_shows_what_was_searched(qtbot: QtBot, host: QWidget, browser: TaskBrowser) -> None:
    view = _view(qtbot, host, browser)
    qtbot.keyClicks(view.search_field, "zebra <i>")
    qtbot.waitUntil(lambda: view.pages.currentWidget() is view.empty_label)
    assert view.empty_label.text() == "No tasks match “zebra <i>”"
    assert view.empty_label.textFormat() == Qt.TextFormat.PlainText
    assert view.count_label.text() == "0 of 5 tasks"


def test_an_empty_cache_says_how_to_get_tasks(qtbot: QtBot, host: QWidget, store: Store) -> None:
    view = _view(qtbot, host, TaskBrowser(store=store))
    assert view.pages.currentWidget() is view.empty_label
    assert view.empty_label.text() == "No cached tasks yet — connect a tracker to see tasks here"
    assert view.count_label.text() == "0 tasks"


def test_filters_offer_cached_values_and_combine_with_search(
    qtbot: QtBot, host: QWidget, browser: TaskBrowser
) -> None:
    view = _view(qtbot, host, browser)
    statuses = [view.status_filter.itemText(i) for i in range(view.status_filter.count())]
    assert statuses == ["All statuses", "In progress", "New", "Resolved"]
    assignees = [view.assignee_filter.itemText(i) for i in range(view.assignee_filter.count())]
    assert assignees == ["Anyone", "Unassigned", "ana", "kenji"]
    trackers = [view.tracker_filter.itemText(i) for i in range(view.tracker_filter.count())]
    assert trackers == ["All trackers", "acme/web", "Jira OPS"]

    view.status_filter.setCurrentText("New")
    assert _column(view.model, TaskColumn.KEY) == ["#5", "#40", "OPS-9"]
    view.tracker_filter.setCurrentText("acme/web")
    assert _column(view.model, TaskColumn.KEY) == ["#5", "#40"]
    view.assignee_filter.setCurrentText("Unassigned")
    assert _column(view.model, TaskColumn.KEY) == ["#40"]
    view.assignee_filter.setCurrentText("Anyone")
    qtbot.keyClicks(view.search_field, "login")
    qtbot.waitUntil(lambda: _column(view.model, TaskColumn.KEY) == ["#5"])
    view.tracker_filter.setCurrentText("Jira OPS")
    assert _column(view.model, TaskColumn.KEY) == ["OPS-9"]
    view.status_filter.setCurrentText("Resolved")
    assert view.model.rowCount() == 0
    assert view.empty_label.text() == "No tasks match “login”"


def test_refresh_picks_up_new_tasks_and_keeps_the_filters(
    qtbot: QtBot, host: QWidget, store: Store, browser: TaskBrowser
) -> None:
    view = _view(qtbot, host, browser)
    view.status_filter.setCurrentText("New")
    account = store.accounts.list()[0]
    store.tasks.upsert_many(account.id, [TaskData("77", "OPS-77", "Login again", "Blocked", "zoe")])
    store.tasks.upsert_many(account.id, [TaskData("78", "OPS-78", "Another login", "New", "zoe")])
    view.refresh()
    assert view.status_filter.currentText() == "New"
    assert "Blocked" in [view.status_filter.itemText(i) for i in range(view.status_filter.count())]
    assert _column(view.model, TaskColumn.KEY) == ["#5", "#40", "OPS-9", "OPS-78"]
    assert view.count_label.text() == "4 of 7 tasks"


def test_clicking_a_header_sorts_in_sql(qtbot: QtBot, host: QWidget, browser: TaskBrowser) -> None:
    view = _view(qtbot, host, browser)
    header = view.table.horizontalHeader()
    x = header.sectionViewportPosition(TaskColumn.PRIORITY) + header.sectionSize(TaskColumn.PRIORITY) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    assert view.model.query.sort is SortColumn.PRIORITY
    assert _column(view.model, TaskColumn.KEY) == ["OPS-2", "OPS-9", "#40", "OPS-10", "#5"]


def test_controls_are_named_for_screen_readers_and_reachable_by_keyboard(
    qtbot: QtBot, host: QWidget, browser: TaskBrowser
) -> None:
    view = _view(qtbot, host, browser)
    controls: list[QWidget] = [
        view.search_field,
        view.status_filter,
        view.assignee_filter,
        view.tracker_filter,
        view.table,
    ]
    assert [c.accessibleName() for c in controls] == [
        "Search tasks",
        "Status filter",
        "Assignee filter",
        "Tracker filter",
        "Tasks",
    ]
    assert all(c.focusPolicy() & Qt.FocusPolicy.TabFocus for c in controls)
    assert not view.table.tabKeyNavigation()
    assert view.search_field.placeholderText() == "Search tasks"
    assert view.search_field.isClearButtonEnabled()


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[QUrl]:
    urls: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: urls.append(QUrl(url)) or True)
    return urls


def _select(qtbot: QtBot, view: TaskListView, key: str) -> None:
    row = _column(view.model, TaskColumn.KEY).index(key)
    view.table.setFocus()
    view.table.setCurrentIndex(view.model.index(row, TaskColumn.TITLE))
    qtbot.waitUntil(view.open_action.isEnabled)


def test_enter_opens_the_task_in_the_browser(
    qtbot: QtBot, host: QWidget, browser: TaskBrowser, opened: list[QUrl]
) -> None:
    view = _view(qtbot, host, browser)
    _select(qtbot, view, "OPS-9")
    with qtbot.waitSignal(view.task_activated) as activated:
        qtbot.keyClick(view.table, Qt.Key.Key_Return)
    assert activated.args == [view.model.index(3, 0).data(TaskRole.TaskIdRole)]
    assert opened == [QUrl("https://x.test/9")]


def test_double_click_and_the_context_action_open_the_task(
    qtbot: QtBot, host: QWidget, browser: TaskBrowser, opened: list[QUrl]
) -> None:
    view = _view(qtbot, host, browser)
    row = _column(view.model, TaskColumn.KEY).index("OPS-9")
    cell = view.table.visualRect(view.model.index(row, TaskColumn.KEY)).center()
    qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=cell)  # Qt 6 needs the press
    with qtbot.waitSignal(view.task_activated):
        qtbot.mouseDClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=cell)
    assert view.open_action in view.table.actions()
    assert view.table.contextMenuPolicy() == Qt.ContextMenuPolicy.ActionsContextMenu
    view.open_action.trigger()
    assert opened == [QUrl("https://x.test/9")] * 2


@pytest.mark.parametrize("key", ["#5", "OPS-2", "#40"])  # javascript:, file:, no URL
def test_links_other_than_web_links_are_refused(
    qtbot: QtBot, host: QWidget, browser: TaskBrowser, opened: list[QUrl], key: str
) -> None:
    view = _view(qtbot, host, browser)
    _select(qtbot, view, key)
    with qtbot.waitSignal(view.link_refused):
        view.open_action.trigger()
    assert opened == []


@pytest.mark.parametrize(
    ("link", "allowed"),
    [
        ("https://github.com/acme/web/issues/5", True),
        ("HTTP://redmine.local:3000/issues/1", True),
        ("javascript:alert(1)", False),
        ("JavaScript:alert(1)", False),
        ("file:///etc/passwd", False),
        ("data:text/html,<script>", False),
        ("https://", False),
        ("", False),
        ("/issues/5", False),
    ],
)
def test_only_http_and_https_links_with_a_host_may_open(link: str, allowed: bool) -> None:
    assert (web_url(link) is not None) is allowed
