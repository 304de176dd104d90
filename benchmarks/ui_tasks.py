"""Task list benchmark: search as you type, sorting and scrolling over 100 000 cached tasks.

Runs the real :class:`ui.tasks.view.TaskListView` in an offscreen QApplication on a temporary
store filled by :func:`benchmarks.store.make_tasks`, and measures on the GUI thread:

* keystroke → updated view: from setting the search text to the table repainted with the new
  rows, once through the real 150 ms debounce and once with Enter (no debounce). Baseline: the
  bare FTS5 ``MATCH`` for the same text through plain ``sqlite3`` in the same run.
* sort: clicking a header on the unfiltered list (SQL ``ORDER BY`` over every task), until the
  sorted rows are shown.
* scrolling: jumping to 10 positions across the list until the page of rows there is loaded
  and painted. Baselines: plain ``sqlite3`` reading the same page of rows by id, and a plain
  QTableView over a QStandardItemModel repainting the same screen of rows.
* GUI stall: the SQL runs on background jobs, so for each of the above the benchmark also
  reports the longest time the GUI thread did not get back to its event loop (a 1 ms timer's
  longest gap): what a user typing or scrolling meanwhile would feel.

Run: ``QT_QPA_PLATFORM=offscreen .venv/bin/python -m benchmarks.ui_tasks [--tasks N]``; prints one
JSON line.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from babel.dates import format_datetime

from app.store.search import fts_query
from app.store.task_query import TaskQueryRepository
from app.task_browser import TaskBrowser
from benchmarks.store import QUERIES, fresh_store, make_tasks

_ROWS_SQL = (
    "SELECT task.id, task.key, task.title, task.status, task.assignee, task.priority, task.due_at, "
    "task.url, task.account_id, tracker_account.name, tracker_account.kind, task.remote_updated_at "
    "FROM task JOIN tracker_account ON tracker_account.id = task.account_id WHERE task.id IN ({marks})"
)


def _median_ms(fn: Callable[[], object], repeat: int) -> float:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples) * 1000


def _format_due(at: datetime) -> str:
    return format_datetime(at, "short", tzinfo=UTC, locale="en_US")


def _bare_table_paint_ms(view: Any, repeat: int) -> float:
    """Repainting a plain QTableView over a QStandardItemModel holding the rows ``view`` shows
    now, at the same size: what Qt alone costs for one screen of the task list."""
    from PySide6.QtGui import QStandardItem, QStandardItemModel
    from PySide6.QtWidgets import QTableView

    model = view.model
    top = view.table.rowAt(0)
    rows = range(top, min(model.rowCount(), top + 200))
    bare = QStandardItemModel(len(rows), model.columnCount())
    for r, row in enumerate(rows):
        for c in range(model.columnCount()):
            bare.setItem(r, c, QStandardItem(model.index(row, c).data()))
    table = QTableView(view)
    table.setModel(bare)
    table.verticalHeader().hide()
    table.setGeometry(view.table.geometry())
    table.show()
    samples = [0.0] * (repeat * 2)
    for i in range(len(samples)):
        start = time.perf_counter()
        table.scrollTo(bare.index((i * 37) % max(1, len(rows)), 0))
        table.viewport().repaint()
        samples[i] = (time.perf_counter() - start) * 1000
    table.hide()
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--tasks", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

    from PySide6.QtCore import QEventLoop, Qt, QTimer
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QLayout, QVBoxLayout, QWidget

    from ui.jobs import JobRunner
    from ui.tasks.view import SEARCH_DELAY_MS, TaskListView

    class StallMeter:
        """Longest gap between ticks of a 1 ms timer: how long the GUI thread was busy."""

        def __init__(self) -> None:
            self.timer = QTimer()
            self.timer.setInterval(1)
            self.timer.timeout.connect(self._tick)
            self.last = time.perf_counter()
            self.longest = 0.0

        def _tick(self) -> None:
            now = time.perf_counter()
            self.longest = max(self.longest, now - self.last)
            self.last = now

        def reset(self) -> None:
            """Start measuring (the timer only runs while measuring: it competes for the GIL)."""
            self.last, self.longest = time.perf_counter(), 0.0
            self.timer.start()

        def read_ms(self) -> float:
            self._tick()
            self.timer.stop()
            return self.longest * 1000

    def wait_until(condition: Callable[[], bool]) -> None:
        """Run the event loop until ``condition()`` holds, checked after each model signal."""
        if condition():
            return
        loop = QEventLoop()

        def check() -> None:
            if condition():
                loop.quit()

        signals = (view.tasks_shown, view.model.dataChanged)
        for signal in signals:
            signal.connect(check)
        loop.exec()
        for signal in signals:
            signal.disconnect(check)

    app = QApplication([])
    with tempfile.TemporaryDirectory() as tmp:
        store, account_id = fresh_store(Path(tmp), "bench")
        store.tasks.upsert_many(account_id, make_tasks(args.tasks))
        db = sqlite3.connect(store.path)
        host = QWidget()
        QVBoxLayout(host).setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        host.resize(1100, 700)
        jobs = JobRunner(threads=2, name="bench-jobs")
        stall = StallMeter()
        shown: list[int] = []
        start = time.perf_counter()
        view = TaskListView(browser=TaskBrowser(store=store), format_due=_format_due, jobs=jobs, parent=host)
        view.tasks_shown.connect(lambda: shown.append(1))  # connected before wait_until's checks
        host.layout().addWidget(view)
        host.show()
        wait_until(lambda: bool(shown) and not view.model.busy)
        view.table.viewport().repaint()
        open_ms = (time.perf_counter() - start) * 1000
        field = view.search_field

        def until_shown(action: Callable[[], object]) -> None:
            before = len(shown)
            action()
            wait_until(lambda: len(shown) > before and not view.model.busy)
            view.table.viewport().repaint()

        def clear() -> None:
            if field.text():
                field.clear()
                until_shown(lambda: QTest.keyClick(field, Qt.Key.Key_Return))

        def type_and_wait(text: str) -> None:
            until_shown(lambda: field.setText(text))

        def type_and_enter(text: str) -> None:
            until_shown(lambda: (field.setText(text), QTest.keyClick(field, Qt.Key.Key_Return)))

        searches = {}
        search_stalls: list[float] = []
        for query in QUERIES:
            samples_debounced, samples_enter = [], []
            for _ in range(args.repeat):
                clear()
                samples_debounced.append(_median_ms(lambda q=query: type_and_wait(q), 1))
                clear()
                samples_enter.append(_median_ms(lambda q=query: type_and_enter(q), 1))
            clear()
            stall.reset()
            type_and_wait(query)
            search_stalls.append(stall.read_ms())
            match = fts_query(query)
            baseline = _median_ms(
                lambda m=match: db.execute(
                    "SELECT rowid FROM task_fts WHERE task_fts MATCH ?", (m,)
                ).fetchall(),
                args.repeat * 4,
            )
            sql, params = TaskQueryRepository.statement(view.model.query)
            same_sql = _median_ms(lambda s=sql, p=params: db.execute(s, p).fetchall(), args.repeat)
            enter = statistics.median(samples_enter)
            searches[query] = {
                "matches": view.model.rowCount(),
                "keystroke_to_view_ms": round(statistics.median(samples_debounced), 2),
                "without_debounce_ms": round(enter, 2),
                "sqlite3_fts_ms": round(baseline, 2),
                "ratio": round(enter / baseline, 2),
                "sqlite3_same_sql_ms": round(same_sql, 2),
                "ratio_same_sql": round(enter / same_sql, 2),
            }
        clear()

        header = view.table.horizontalHeader()
        sorts = {}
        sort_stalls: list[float] = []
        for column in range(view.model.columnCount()):
            name = view.model.headerData(column, Qt.Orientation.Horizontal)
            stall.reset()
            sorts[name] = round(
                _median_ms(
                    lambda c=column: (
                        until_shown(lambda: view.table.sortByColumn(c, Qt.SortOrder.DescendingOrder)),
                        until_shown(lambda: view.table.sortByColumn(c, Qt.SortOrder.AscendingOrder)),
                    ),
                    3,
                )
                / 2,
                2,
            )
            sort_stalls.append(stall.read_ms())
        until_shown(lambda: header.setSortIndicator(0, Qt.SortOrder.AscendingOrder))

        rows = view.model.rowCount()
        positions = [int(rows * i / 10) for i in range(10)]
        scroll_samples, page_samples, scroll_stalls = [], [], []
        for row in positions:
            start = time.perf_counter()
            stall.reset()
            view.table.scrollTo(view.model.index(row, 0), view.table.ScrollHint.PositionAtTop)
            view.table.viewport().repaint()  # asks for the page; its rows arrive from a job
            wait_until(lambda: not view.model.busy)
            view.table.viewport().repaint()
            scroll_samples.append((time.perf_counter() - start) * 1000)
            scroll_stalls.append(stall.read_ms())
            page = [view.model.task_id(r) for r in range(row - row % 200, min(rows, row - row % 200 + 200))]
            sql = _ROWS_SQL.format(marks=",".join("?" * len(page)))
            page_samples.append(_median_ms(lambda s=sql, p=page: db.execute(s, p).fetchall(), args.repeat))
        scroll, page_read = statistics.median(scroll_samples), statistics.median(page_samples)
        bare_paint = _bare_table_paint_ms(view, args.repeat)
        jobs.shutdown()
        host.close()
        db.close()
        store.close()
    print(
        json.dumps(
            {
                "tasks": args.tasks,
                "debounce_ms": SEARCH_DELAY_MS,
                "open_ms": round(open_ms, 1),
                "search": searches,
                "search_ratio_median": round(statistics.median(s["ratio"] for s in searches.values()), 2),
                "sort_ms": sorts,
                "gui_stall_ms_max": {
                    "search": round(max(search_stalls), 1),
                    "sort": round(max(sort_stalls), 1),
                    "scroll": round(max(scroll_stalls), 1),
                },
                "scroll": {
                    "positions": len(positions),
                    "view_ms_median": round(scroll, 2),
                    "view_ms_max": round(max(scroll_samples), 2),
                    "sqlite3_page_ms": round(page_read, 2),
                    "ratio": round(scroll / page_read, 2),
                    "bare_qt_paint_ms": round(bare_paint, 2),
                    "ratio_bare_qt": round(scroll / bare_paint, 2),
                },
            }
        )
    )
    app.quit()


if __name__ == "__main__":
    main()
