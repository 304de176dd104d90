"""The main window: shortcuts, plain-text labels, and geometry and splitters restored between runs."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, QSize, Qt
from PySide6.QtGui import QIcon, QKeySequence
from PySide6.QtWidgets import QLabel, QSplitter, QWidget
from pytestqt.qtbot import QtBot

from ui.main_window import MainWindow


def _timeline() -> QSplitter:
    """Stands in for the timeline panel and its own (named) splitter."""
    inner = QSplitter(Qt.Orientation.Horizontal)
    inner.setObjectName("timeline_splitter")
    for _ in range(2):
        inner.addWidget(QWidget())
    return inner


def _window(qtbot: QtBot, settings_file: Path) -> MainWindow:
    settings = QSettings(str(settings_file), QSettings.Format.IniFormat)
    window = MainWindow(
        settings=settings,
        icon=QIcon(),
        timeline=_timeline(),
        tabs=(("Tasks", QWidget()),),
        database_path="/data/baton.sqlite3",
    )
    qtbot.addWidget(window)
    return window


def test_geometry_and_splitter_are_restored_on_the_next_start(qtbot: QtBot, tmp_path: Path) -> None:
    settings_file = tmp_path / "ui-state.ini"
    first = _window(qtbot, settings_file)
    first.show()
    qtbot.waitExposed(first)
    first.resize(780, 560)  # fits the 800×600 offscreen screen
    qtbot.waitUntil(lambda: first.size() == QSize(780, 560))
    first.splitter.setSizes([200, 300])
    sizes = first.splitter.sizes()
    inner = first.findChild(QSplitter, "timeline_splitter")
    inner.setSizes([500, 280])
    inner_sizes = inner.sizes()
    first.close()
    second = _window(qtbot, settings_file)
    assert second.size() == QSize(780, 560)
    second.show()
    qtbot.waitExposed(second)
    assert second.splitter.sizes() == sizes
    assert second.findChild(QSplitter, "timeline_splitter").sizes() == inner_sizes


def test_closing_hides_to_the_tray_when_asked(qtbot: QtBot, tmp_path: Path) -> None:
    window = _window(qtbot, tmp_path / "ui.ini")
    window.hide_on_close = True
    window.show()
    qtbot.waitExposed(window)
    assert not window.close()  # the close event was ignored: Baton keeps running
    assert not window.isVisible()
    window.bring_to_front()
    assert window.isVisible()


def test_actions_have_shortcuts(qtbot: QtBot, tmp_path: Path) -> None:
    window = _window(qtbot, tmp_path / "ui.ini")
    assert window.quit_action.shortcut() == QKeySequence(QKeySequence.StandardKey.Quit)
    assert window.edit_team_action.shortcut() == QKeySequence("Ctrl+T")
    assert not window.settings_action.shortcut().isEmpty()
    assert "baton.sqlite3" in window.statusBar().currentMessage()


def test_labels_never_interpret_markup(qtbot: QtBot, tmp_path: Path) -> None:
    window = _window(qtbot, tmp_path / "ui.ini")
    labels = window.findChildren(QLabel)
    assert labels
    assert all(label.textFormat() == Qt.TextFormat.PlainText for label in labels)
