"""Baton's main window: the shell that later views (timeline, tasks, inbox) fill.

Window geometry and state are UI state, kept in QSettings (an INI file in the profile's config
directory), never in the user's data.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings, Qt, Slot
from PySide6.QtGui import QAction, QCloseEvent, QIcon, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox, QVBoxLayout, QWidget

from app import __version__


class MainWindow(QMainWindow):
    """The main window. ``settings`` holds UI state only (geometry, splitters)."""

    def __init__(self, *, settings: QSettings, database_path: str, icon: QIcon) -> None:
        super().__init__()
        self._settings = settings
        self.setWindowTitle("Baton")
        self.setWindowIcon(icon)
        self.setMinimumSize(720, 480)
        self._build_menus()
        self._build_central()
        self.statusBar().showMessage(self.tr("Local store: {path}").format(path=database_path))
        self._restore_state()

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        self.quit_action = QAction(self.tr("&Quit"), self)
        self.quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        file_menu.addAction(self.quit_action)
        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        self.about_action = QAction(self.tr("&About Baton"), self)
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)
        self.about_action.triggered.connect(self._on_about_action_triggered)
        help_menu.addAction(self.about_action)

    def _build_central(self) -> None:
        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(48, 48, 48, 48)
        layout.addStretch(1)
        title = QLabel(self.tr("Baton"), central)
        title.setTextFormat(Qt.TextFormat.PlainText)
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 2.2)
        font.setBold(True)
        title.setFont(font)
        title.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        subtitle = QLabel(
            self.tr(
                "Who is working now, who is next, and when your handoff is due.\n"
                "Your data stays on this computer and works offline."
            ),
            central,
        )
        subtitle.setTextFormat(Qt.TextFormat.PlainText)
        subtitle.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        subtitle.setWordWrap(True)
        layout.addWidget(title)
        layout.addSpacing(12)
        layout.addWidget(subtitle)
        layout.addStretch(2)
        self.setCentralWidget(central)

    def _restore_state(self) -> None:
        geometry = self._settings.value("main_window/geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            self.resize(1100, 720)
        state = self._settings.value("main_window/state")
        if isinstance(state, QByteArray) and not state.isEmpty():
            self.restoreState(state)

    def save_state(self) -> None:
        """Write geometry and dock/toolbar state to the UI settings."""
        self._settings.setValue("main_window/geometry", self.saveGeometry())
        self._settings.setValue("main_window/state", self.saveState())
        self._settings.sync()

    def bring_to_front(self) -> None:
        """Show, un-minimise, raise and activate the window (another ``baton`` asked for it)."""
        self.setWindowState(self.windowState() & ~Qt.WindowState.WindowMinimized)
        self.show()
        self.raise_()
        self.activateWindow()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt override)
        self.save_state()
        super().closeEvent(event)

    @Slot()
    def _on_about_action_triggered(self) -> None:
        QMessageBox.about(
            self,
            self.tr("About Baton"),
            self.tr("Baton {version}\nFollow-the-sun handoffs between time zones.").format(
                version=__version__
            ),
        )
