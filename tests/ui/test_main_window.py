"""The main window: shortcuts, plain-text labels, and geometry restored between runs."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, QSize, Qt
from PySide6.QtGui import QIcon, QKeySequence
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from ui.main_window import MainWindow


def _window(qtbot: QtBot, settings_file: Path) -> MainWindow:
    settings = QSettings(str(settings_file), QSettings.Format.IniFormat)
    window = MainWindow(settings=settings, database_path="/data/baton.sqlite3", icon=QIcon())
    qtbot.addWidget(window)
    return window


def test_geometry_is_restored_on_the_next_start(qtbot: QtBot, tmp_path: Path) -> None:
    settings_file = tmp_path / "ui-state.ini"
    first = _window(qtbot, settings_file)
    first.show()
    qtbot.waitExposed(first)
    first.resize(760, 540)  # fits the 800×600 offscreen screen
    qtbot.waitUntil(lambda: first.size() == QSize(760, 540))
    first.close()
    second = _window(qtbot, settings_file)
    assert second.size() == QSize(760, 540)


def test_quit_has_the_platform_shortcut(qtbot: QtBot, tmp_path: Path) -> None:
    window = _window(qtbot, tmp_path / "ui.ini")
    assert window.quit_action.shortcut() == QKeySequence(QKeySequence.StandardKey.Quit)
    assert "baton.sqlite3" in window.statusBar().currentMessage()


def test_labels_never_interpret_markup(qtbot: QtBot, tmp_path: Path) -> None:
    window = _window(qtbot, tmp_path / "ui.ini")
    labels = window.findChildren(QLabel)
    assert labels
    assert all(label.textFormat() == Qt.TextFormat.PlainText for label in labels)
