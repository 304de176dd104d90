"""Uncaught exceptions end in one crash dialog on the GUI thread, with copyable details."""

from __future__ import annotations

import sys
import threading

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from ui.crash import CrashReporter


def _raise_in_thread(reporter: CrashReporter, message: str) -> None:
    def work() -> None:
        try:
            raise RuntimeError(message)
        except RuntimeError as exc:
            reporter.handle_exception(type(exc), exc, exc.__traceback__)

    thread = threading.Thread(target=work)
    thread.start()
    thread.join()


def test_a_worker_thread_crash_opens_one_dialog_with_details(
    qtbot: QtBot, qapp: QApplication, caplog: pytest.LogCaptureFixture
) -> None:
    reporter = CrashReporter(log_file="/tmp/baton.log")
    _raise_in_thread(reporter, "sync worker broke with token=ghp_abcdefghijklmnopqrstuvwxyz0123")
    qtbot.waitUntil(lambda: reporter.dialog is not None and reporter.dialog.isVisible())
    dialog = reporter.dialog
    assert dialog is not None
    details = dialog.details.toPlainText()
    assert "RuntimeError: sync worker broke" in details
    assert "ghp_abcdefghijklmnopqrstuvwxyz0123" not in details  # secrets never reach the dialog
    assert "test_crash.py" in details

    _raise_in_thread(reporter, "a second failure")
    qtbot.waitUntil(lambda: len(caplog.get_records("call")) >= 2)
    assert reporter.dialog is dialog  # no second dialog stacked on the first

    qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == details
    dialog.reject()
    qtbot.waitUntil(lambda: reporter.dialog is None)
    assert [r.getMessage() for r in caplog.get_records("call")] == ["uncaught exception"] * 2
    caplog.clear()


def test_the_hooks_are_installed(qapp: QApplication, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    reporter = CrashReporter(log_file=None)
    reporter.install()
    assert sys.excepthook == reporter.handle_exception
    assert threading.excepthook is not None
