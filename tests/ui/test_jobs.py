"""The background-job helper: outcomes arrive on the GUI thread, stale jobs are superseded,
errors are delivered or logged, writes run one at a time in order. No sleeps: jobs block on
``threading.Event``s the tests release, and tests wait on the jobs' signals."""

from __future__ import annotations

import gc
import logging
import threading

import pytest
from PySide6.QtCore import QObject, QThread, QTimer
from pytestqt.qtbot import QtBot

from ui.jobs import CancelToken, GuiThreadGarbageCollector, JobRunner

TIMEOUT_MS = 5000


def test_the_result_arrives_on_the_gui_thread_and_the_work_ran_on_a_worker(
    qtbot: QtBot, jobs: JobRunner
) -> None:
    worker_threads: list[str] = []

    def work() -> int:
        worker_threads.append(threading.current_thread().name)
        return 42

    job = jobs.run(work)
    delivered_on: list[bool] = []
    job.succeeded.connect(lambda _result: delivered_on.append(QThread.currentThread().isMainThread()))
    with qtbot.waitSignal(job.succeeded, timeout=TIMEOUT_MS) as succeeded:
        pass
    assert succeeded.args == [42]
    assert delivered_on == [True]
    assert worker_threads[0].startswith("test-jobs")
    assert jobs.pending == 0


def test_an_exception_arrives_as_failed_with_its_traceback(qtbot: QtBot, jobs: JobRunner) -> None:
    def work() -> None:
        raise ValueError("no such task")

    job = jobs.run(work)
    with qtbot.waitSignal(job.failed, timeout=TIMEOUT_MS) as failed, qtbot.assertNotEmitted(job.succeeded):
        pass
    error = failed.args[0]
    assert isinstance(error, ValueError)
    assert str(error) == "no such task"
    assert error.__traceback__ is not None


def test_an_unhandled_failure_is_logged_not_lost(
    qtbot: QtBot, jobs: JobRunner, caplog: pytest.LogCaptureFixture
) -> None:
    job = jobs.run(lambda: 1 / 0)
    qtbot.waitUntil(lambda: jobs.pending == 0, timeout=TIMEOUT_MS)
    records = [r for r in caplog.records if r.name == "ui.jobs" and r.levelno == logging.ERROR]
    assert len(records) == 1
    assert records[0].exc_info is not None and records[0].exc_info[0] is ZeroDivisionError
    assert job.done
    caplog.clear()


def test_a_newer_job_with_the_same_key_supersedes_a_running_one(qtbot: QtBot, jobs: JobRunner) -> None:
    release = threading.Event()
    started = threading.Event()

    def slow_search() -> str:
        started.set()
        release.wait(TIMEOUT_MS / 1000)
        return "stale"

    old = jobs.run(slow_search, key="search")
    qtbot.waitUntil(started.is_set, timeout=TIMEOUT_MS)
    new = jobs.run(lambda: "fresh", key="search")
    assert old.cancelled
    with qtbot.waitSignal(new.succeeded, timeout=TIMEOUT_MS) as fresh:
        pass
    assert fresh.args == ["fresh"]
    with qtbot.waitSignal(old.discarded, timeout=TIMEOUT_MS), qtbot.assertNotEmitted(old.succeeded):
        release.set()


def test_a_superseded_job_that_has_not_started_never_runs(qtbot: QtBot) -> None:
    writer = JobRunner(threads=1, name="test-writer")
    release = threading.Event()
    ran: list[str] = []
    try:
        writer.run(lambda: release.wait(TIMEOUT_MS / 1000))  # occupies the only thread
        queued = writer.run(lambda: ran.append("old"), key="save")
        latest = writer.run(lambda: ran.append("new"), key="save")
        with qtbot.waitSignal(queued.discarded, timeout=TIMEOUT_MS):
            pass
        with qtbot.waitSignal(latest.succeeded, timeout=TIMEOUT_MS):
            release.set()
        assert ran == ["new"]
    finally:
        release.set()
        writer.shutdown()


def test_cancel_sets_the_token_a_long_job_checks(qtbot: QtBot, jobs: JobRunner) -> None:
    token = CancelToken()
    started = threading.Event()
    steps: list[int] = []

    def sync_pass() -> str:
        started.set()
        for step in range(1_000_000):
            if token.cancelled:
                return "stopped"
            steps.append(step)
            threading.Event().wait(0.001)  # a page of work
        return "finished"

    job = jobs.run(sync_pass, token=token)
    qtbot.waitUntil(started.is_set, timeout=TIMEOUT_MS)
    with qtbot.waitSignal(job.discarded, timeout=TIMEOUT_MS), qtbot.assertNotEmitted(job.succeeded):
        job.cancel()
    assert token.cancelled
    assert len(steps) < 1_000_000


def test_a_single_thread_writer_runs_writes_one_at_a_time_in_order(qtbot: QtBot) -> None:
    writer = JobRunner(threads=1, name="test-sqlite-writer")
    written: list[int] = []
    threads: set[str] = set()
    overlapping: list[int] = []
    busy = threading.Lock()

    def write(value: int) -> int:
        if not busy.acquire(blocking=False):
            overlapping.append(value)
            return value
        try:
            threads.add(threading.current_thread().name)
            written.append(value)
            return value
        finally:
            busy.release()

    try:
        last = None
        for value in range(50):
            last = writer.run(lambda value=value: write(value))
        assert last is not None
        with qtbot.waitSignal(last.succeeded, timeout=TIMEOUT_MS):
            pass
        assert written == list(range(50))
        assert overlapping == []
        assert len(threads) == 1
    finally:
        writer.shutdown()


def test_outcomes_are_never_delivered_inside_run(qtbot: QtBot, jobs: JobRunner) -> None:
    """Even a job cancelled at once reports later, from the event loop, never re-entrantly."""
    job = jobs.run(lambda: None)
    seen: list[str] = []
    job.discarded.connect(lambda: seen.append("discarded"))
    job.succeeded.connect(lambda _r: seen.append("succeeded"))
    job.cancel()
    assert seen == []
    qtbot.waitUntil(lambda: bool(seen), timeout=TIMEOUT_MS)
    assert seen == ["discarded"]


def test_after_shutdown_nothing_more_runs(qtbot: QtBot) -> None:
    runner = JobRunner(threads=1, name="test-closed")
    runner.shutdown()
    ran: list[int] = []
    job = runner.run(lambda: ran.append(1))
    with qtbot.waitSignal(job.discarded, timeout=TIMEOUT_MS):
        pass
    assert ran == []


def test_garbage_is_collected_on_the_gui_thread_only() -> None:
    collector = GuiThreadGarbageCollector(interval_ms=10)
    try:
        assert not gc.isenabled()
        cycle: list[object] = []
        cycle.append(cycle)
        del cycle
        collector._on_timer_timeout()  # the timer's work, here on the GUI thread
    finally:
        collector.stop()
    assert gc.isenabled() is False  # tests/ui/conftest.py keeps it off during UI tests


def test_a_callable_holding_qt_objects_is_released_on_the_gui_thread(qtbot: QtBot, jobs: JobRunner) -> None:
    """A closure that captured a widget (``self``) must not be freed on the worker: Qt would
    destroy the widget there ("Timers cannot be stopped from another thread" fails the test)."""
    release, started = threading.Event(), threading.Event()
    holder = QObject()
    timer = QTimer(holder)
    timer.start(60_000)

    def work(owner: QObject = holder) -> str:
        started.set()
        release.wait(TIMEOUT_MS / 1000)
        return type(owner).__name__  # no Qt call: only reads a Python attribute

    job = jobs.run(work)
    qtbot.waitUntil(started.is_set, timeout=TIMEOUT_MS)
    del holder, timer, work  # the job now holds the last references
    with qtbot.waitSignal(job.succeeded, timeout=TIMEOUT_MS) as succeeded:
        release.set()
    assert succeeded.args == ["QObject"]
