"""The task list: lazily paged model (checked by qtmodeltester), search as you type, filters,
sorting, empty states and opening only web links, on a real SQLite store. Queries and pages
load on background jobs: tests wait until the model is no longer busy, never on time."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

import pytest
from babel.dates import format_datetime
from PySide6.QtCore import QItemSelectionModel, QPoint, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QTextDocument
from PySide6.QtWidgets import QLayout, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from app.store import Store
from app.store.records import TaskData
from app.store.task_query import SortColumn, TaskQuery, TaskRow
from app.task_browser import TaskBrowser
from ui.jobs import JobRunner
from ui.tasks.model import TaskColumn, TaskRole, TaskTableModel, title_tooltip
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


def _settle(qtbot: QtBot, model: TaskTableModel) -> None:
    """Wait until the latest query and every page asked for are loaded."""
    qtbot.waitUntil(lambda: not model.busy)


def _column(qtbot: QtBot, model: TaskTableModel, column: TaskColumn) -> list[str]:
    """The column's texts, after waiting for the pages they are on."""
    _settle(qtbot, model)
    for row in range(model.rowCount()):
        model.index(row, column).data()  # asks for the row's page
    _settle(qtbot, model)
    return [model.index(row, column).data() for row in range(model.rowCount())]


def _model(qtbot: QtBot, browser: TaskBrowser, jobs: JobRunner, **options: int) -> TaskTableModel:
    model = TaskTableModel(browser=browser, format_due=_format_due, jobs=jobs, **options)
    with qtbot.waitSignal(model.query_applied):
        model.set_query(TaskQuery())
    return model


@pytest.fixture
def host(qtbot: QtBot) -> QWidget:
    """A window for the view whose size hints never change: the offscreen platform warns "does
    not support propagateSizeHints()" whenever a top-level window's minimum size changes."""
    window = QWidget()
    QVBoxLayout(window).setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
    qtbot.addWidget(window)
    window.resize(900, 400)
    return window


def _view(qtbot: QtBot, host: QWidget, browser: TaskBrowser, jobs: JobRunner) -> TaskListView:
    view = TaskListView(browser=browser, format_due=_format_due, jobs=jobs, parent=host)
    host.layout().addWidget(view)
    host.show()
    qtbot.waitExposed(host)
    qtbot.waitUntil(lambda: view.count_label.text() != "")  # the first tasks_shown
    _settle(qtbot, view.model)
    return view


def test_the_model_passes_qtmodeltester_with_data_filtered_sorted_and_empty(
    qtbot: QtBot, qtmodeltester, browser: TaskBrowser, jobs: JobRunner
) -> None:
    model = _model(qtbot, browser, jobs, page_size=2, cached_pages=2)
    qtmodeltester.check(model)
    _column(qtbot, model, TaskColumn.KEY)
    qtmodeltester.check(model)
    with qtbot.waitSignal(model.query_applied):
        model.set_query(TaskQuery(text="login", status="New"))
    qtmodeltester.check(model)
    with qtbot.waitSignal(model.query_applied):
        model.sort(TaskColumn.DUE, Qt.SortOrder.DescendingOrder)
    qtmodeltester.check(model)
    with qtbot.waitSignal(model.query_applied):
        model.set_query(TaskQuery(text="nothing-like-this"))
    assert model.rowCount() == 0
    qtmodeltester.check(model)
    _settle(qtbot, model)


def test_an_empty_cache_gives_an_empty_model_that_passes_qtmodeltester(
    qtbot: QtBot, qtmodeltester, store: Store, jobs: JobRunner
) -> None:
    model = _model(qtbot, TaskBrowser(store=store), jobs)
    assert model.rowCount() == 0
    qtmodeltester.check(model)


def test_rows_load_lazily_in_pages_off_the_gui_thread(qtbot: QtBot, store: Store, jobs: JobRunner) -> None:
    _seed(store)
    browser = _CountingBrowser(store=store)
    model = _model(qtbot, browser, jobs, page_size=2, cached_pages=1)
    assert browser.fetches == [2]  # the ids, and the first page with them
    assert model.index(4, TaskColumn.TITLE).data() == ""  # its page is loading
    with qtbot.waitSignal(model.dataChanged):
        pass
    assert model.index(4, TaskColumn.TITLE).data() == "Billing export times out"
    assert browser.fetches == [2, 1]
    assert model.index(0, TaskColumn.TITLE).data() == ""  # only one page is kept
    with qtbot.waitSignal(model.dataChanged):
        pass
    assert model.index(0, TaskColumn.TITLE).data() == "Login page <b>bold</b>"
    assert browser.fetches == [2, 1, 2]


def test_a_newer_search_supersedes_one_still_running(
    qtbot: QtBot, browser: TaskBrowser, jobs: JobRunner
) -> None:
    model = _model(qtbot, browser, jobs)
    applied: list[TaskQuery] = []
    model.query_applied.connect(lambda: applied.append(model.query))
    model.set_query(TaskQuery(text="log"))
    model.set_query(TaskQuery(text="logi"))
    model.set_query(TaskQuery(text="flaky"))
    _settle(qtbot, model)
    assert applied == [TaskQuery(text="flaky")]  # the stale searches were never shown
    assert _column(qtbot, model, TaskColumn.KEY) == ["#40"]


def test_title_tooltips_show_untrusted_titles_literally(
    qtbot: QtBot, browser: TaskBrowser, jobs: JobRunner
) -> None:
    model = _model(qtbot, browser, jobs)
    keys = _column(qtbot, model, TaskColumn.KEY)
    tooltip = model.index(keys.index("#5"), TaskColumn.TITLE).data(Qt.ItemDataRole.ToolTipRole)
    assert tooltip == "<p>Login page &lt;b&gt;bold&lt;/b&gt;</p>"
    assert model.index(0, TaskColumn.STATUS).data(Qt.ItemDataRole.ToolTipRole) is None
    assert title_tooltip("a & b > c") == "<p>a &amp; b &gt; c</p>"
    document = QTextDocument()
    document.setHtml(tooltip)
    assert document.toPlainText() == "Login page <b>bold</b>"  # what the tooltip shows


def test_cells_are_plain_text_with_due_dates_from_the_formatter(
    qtbot: QtBot, browser: TaskBrowser, jobs: JobRunner
) -> None:
    model = _model(qtbot, browser, jobs)
    with qtbot.waitSignal(model.query_applied):
        model.set_query(TaskQuery(sort=SortColumn.DUE))
    _column(qtbot, model, TaskColumn.KEY)
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


def test_sorting_requeries_and_the_selection_follows_its_task(
    qtbot: QtBot, browser: TaskBrowser, jobs: JobRunner
) -> None:
    model = _model(qtbot, browser, jobs)
    selection = QItemSelectionModel(model)
    selection.setCurrentIndex(
        model.index(3, TaskColumn.KEY), QItemSelectionModel.SelectionFlag.ClearAndSelect
    )  # OPS-9
    with qtbot.waitSignal(model.layoutChanged), qtbot.assertNotEmitted(model.modelReset):
        model.sort(TaskColumn.TITLE, Qt.SortOrder.DescendingOrder)
    assert _column(qtbot, model, TaskColumn.KEY) == ["#5", "OPS-9", "#40", "OPS-2", "OPS-10"]
    assert model.query.sort is SortColumn.TITLE
    assert model.query.descending
    assert selection.currentIndex().row() == 1
    assert selection.currentIndex().data() == "OPS-9"


def test_typing_searches_as_you_type(
    qtbot: QtBot, host: QWidget, browser: TaskBrowser, jobs: JobRunner
) -> None:
    view = _view(qtbot, host, browser, jobs)
    assert view.count_label.text() == "5 tasks"
    qtbot.keyClicks(view.search_field, "logi")
    qtbot.waitUntil(lambda: view.model.rowCount() == 2)
    assert _column(qtbot, view.model, TaskColumn.KEY) == ["#5", "OPS-9"]
    assert view.count_label.text() == "2 of 5 tasks"
    qtbot.keyClicks(view.search_field, "n cr")
    qtbot.waitUntil(lambda: view.model.rowCount() == 1)
    assert view.pages.currentWidget() is view.table


def test_enter_searches_at_once(qtbot: QtBot, host: QWidget, browser: TaskBrowser, jobs: JobRunner) -> None:
    view = _view(qtbot, host, browser, jobs)
    view.search_field.setText("flaky")
    with qtbot.waitSignal(view.tasks_shown, timeout=1000):  # no 150 ms debounce
        qtbot.keyClick(view.search_field, Qt.Key.Key_Return)
    assert _column(qtbot, view.model, TaskColumn.KEY) == ["#40"]


def test_no_match_shows_what_was_searched(
    qtbot: QtBot, host: QWidget, browser: TaskBrowser, jobs: JobRunner
) -> None:
    view = _view(qtbot, host, browser, jobs)
    qtbot.keyClicks(view.search_field, "zebra <i>")
    qtbot.waitUntil(lambda: view.pages.currentWidget() is view.empty_label)
    assert view.empty_label.text() == "No tasks match “zebra <i>”"
    assert view.empty_label.textFormat() == Qt.TextFormat.PlainText
    assert view.count_label.text() == "0 of 5 tasks"


def test_an_empty_cache_says_how_to_get_tasks(
    qtbot: QtBot, host: QWidget, store: Store, jobs: JobRunner
) -> None:
    view = _view(qtbot, host, TaskBrowser(store=store), jobs)
    assert view.pages.currentWidget() is view.empty_label
    assert view.empty_label.text() == "No cached tasks yet — connect a tracker to see tasks here"
    assert view.count_label.text() == "0 tasks"


def test_filters_offer_cached_values_and_combine_with_search(
    qtbot: QtBot, host: QWidget, browser: TaskBrowser, jobs: JobRunner
) -> None:
    view = _view(qtbot, host, browser, jobs)
    statuses = [view.status_filter.itemText(i) for i in range(view.status_filter.count())]
    assert statuses == ["All statuses", "In progress", "New", "Resolved"]
    assignees = [view.assignee_filter.itemText(i) for i in range(view.assignee_filter.count())]
    assert assignees == ["Anyone", "Unassigned", "ana", "kenji"]
    trackers = [view.tracker_filter.itemText(i) for i in range(view.tracker_filter.count())]
    assert trackers == ["All trackers", "acme/web", "Jira OPS"]

    with qtbot.waitSignal(view.tasks_shown):
        view.status_filter.setCurrentText("New")
    assert _column(qtbot, view.model, TaskColumn.KEY) == ["#5", "#40", "OPS-9"]
    with qtbot.waitSignal(view.tasks_shown):
        view.tracker_filter.setCurrentText("acme/web")
    assert _column(qtbot, view.model, TaskColumn.KEY) == ["#5", "#40"]
    with qtbot.waitSignal(view.tasks_shown):
        view.assignee_filter.setCurrentText("Unassigned")
    assert _column(qtbot, view.model, TaskColumn.KEY) == ["#40"]
    view.assignee_filter.setCurrentText("Anyone")
    qtbot.keyClicks(view.search_field, "login")
    qtbot.waitUntil(lambda: _column(qtbot, view.model, TaskColumn.KEY) == ["#5"])
    with qtbot.waitSignal(view.tasks_shown):
        view.tracker_filter.setCurrentText("Jira OPS")
    assert _column(qtbot, view.model, TaskColumn.KEY) == ["OPS-9"]
    with qtbot.waitSignal(view.tasks_shown):
        view.status_filter.setCurrentText("Resolved")
    assert view.model.rowCount() == 0
    assert view.empty_label.text() == "No tasks match “login”"


def test_refresh_picks_up_new_tasks_and_keeps_the_filters(
    qtbot: QtBot, host: QWidget, store: Store, browser: TaskBrowser, jobs: JobRunner
) -> None:
    view = _view(qtbot, host, browser, jobs)
    with qtbot.waitSignal(view.tasks_shown):
        view.status_filter.setCurrentText("New")
    account = store.accounts.list()[0]
    store.tasks.upsert_many(account.id, [TaskData("77", "OPS-77", "Login again", "Blocked", "zoe")])
    store.tasks.upsert_many(account.id, [TaskData("78", "OPS-78", "Another login", "New", "zoe")])
    with qtbot.waitSignal(view.tasks_shown):
        view.refresh()
    assert view.status_filter.currentText() == "New"
    assert "Blocked" in [view.status_filter.itemText(i) for i in range(view.status_filter.count())]
    assert _column(qtbot, view.model, TaskColumn.KEY) == ["#5", "#40", "OPS-9", "OPS-78"]
    assert view.count_label.text() == "4 of 7 tasks"


def test_clicking_a_header_sorts_in_sql(
    qtbot: QtBot, host: QWidget, browser: TaskBrowser, jobs: JobRunner
) -> None:
    view = _view(qtbot, host, browser, jobs)
    header = view.table.horizontalHeader()
    x = header.sectionViewportPosition(TaskColumn.PRIORITY) + header.sectionSize(TaskColumn.PRIORITY) // 2
    with qtbot.waitSignal(view.tasks_shown):
        qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    assert view.model.query.sort is SortColumn.PRIORITY
    assert _column(qtbot, view.model, TaskColumn.KEY) == ["OPS-2", "OPS-9", "#40", "OPS-10", "#5"]


def test_controls_are_named_for_screen_readers_and_reachable_by_keyboard(
    qtbot: QtBot, host: QWidget, browser: TaskBrowser, jobs: JobRunner
) -> None:
    view = _view(qtbot, host, browser, jobs)
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
    row = _column(qtbot, view.model, TaskColumn.KEY).index(key)
    view.table.setFocus()
    view.table.setCurrentIndex(view.model.index(row, TaskColumn.TITLE))
    qtbot.waitUntil(view.open_action.isEnabled)


def test_enter_opens_the_task_in_the_browser(
    qtbot: QtBot, host: QWidget, browser: TaskBrowser, jobs: JobRunner, opened: list[QUrl]
) -> None:
    view = _view(qtbot, host, browser, jobs)
    _select(qtbot, view, "OPS-9")
    with qtbot.waitSignal(view.task_activated) as activated:
        qtbot.keyClick(view.table, Qt.Key.Key_Return)
    assert activated.args == [view.model.index(3, 0).data(TaskRole.TaskIdRole)]
    assert opened == [QUrl("https://x.test/9")]


def test_double_click_and_the_context_action_open_the_task(
    qtbot: QtBot, host: QWidget, browser: TaskBrowser, jobs: JobRunner, opened: list[QUrl]
) -> None:
    view = _view(qtbot, host, browser, jobs)
    row = _column(qtbot, view.model, TaskColumn.KEY).index("OPS-9")
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
    qtbot: QtBot, host: QWidget, browser: TaskBrowser, jobs: JobRunner, opened: list[QUrl], key: str
) -> None:
    view = _view(qtbot, host, browser, jobs)
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
