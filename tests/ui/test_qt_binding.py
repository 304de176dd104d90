"""A guard on the Qt binding itself: PySide6 6.12.0 under Python 3.11 dropped a reference to
None on every call of a void Qt method and crashed the process after a few thousand calls
("none_dealloc"). pyproject pins a release without the bug; this test fails on one with it."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QApplication


def test_void_qt_calls_keep_none_alive(qapp: QApplication) -> None:
    timer, thing = QTimer(), QObject()
    before = sys.getrefcount(None)
    for _ in range(2000):
        timer.stop()
        thing.setObjectName("x")
    assert sys.getrefcount(None) - before > -100
