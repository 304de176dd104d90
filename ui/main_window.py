"""Baton's main window: the world timeline on top, tabs (tasks, later handoffs) below.

A thin view: it lays out widgets and exposes its actions; :mod:`ui.controller` connects them
to services. Window geometry and splitter state are UI state in QSettings (``ui-state.ini`` in
the profile's config directory), never in the user's data: the window's own splitter under
``main_window/splitter``, and every named splitter inside it (the timeline's side panel,
``timeline_splitter``) under ``splitters/<objectName>``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QSettings, Slot
from PySide6.QtGui import QAction, QCloseEvent, QIcon
from PySide6.QtWidgets import QMainWindow, QWidget

from app import __version__

if TYPE_CHECKING:
    from PySide6.QtWidgets import QSplitter

_INNER = "splitters/"


class MainWindow(QMainWindow):
    """The main window. ``hide_on_close``: closing hides to the tray instead of quitting."""

    def __init__(
        self,
        *,
        settings: QSettings,
        icon: QIcon,
        timeline: QWidget | None = None,
        tabs: Sequence[tuple[str, QWidget]] = (),
        database_path: str = "",
    ) -> None:
        super().__init__()
        self._settings = settings
        self.hide_on_close = False
        self.setWindowTitle("Baton")
        self.setWindowIcon(icon)
        self.setMinimumSize(760, 520)
        self._build_actions()
        self._panes_built = False
        self.setCentralWidget(QWidget(self))  # the panes come with the timeline, see set_timeline
        self.statusBar()
        if database_path:
            self.statusBar().showMessage(self.tr("Local store: {path}").format(path=database_path), 10_000)
        self._restore_state()
        if timeline is not None:
            self.set_timeline(timeline)
        for title, widget in tabs:
            self.add_tab(title, widget)

    def set_timeline(self, timeline: QWidget) -> None:
        """Lay out the panes (the timeline on top, the tabs below, the sync status), restore
        their splitters and assign the actions' shortcuts. A window built without a timeline
        paints its frame first (menus, status bar): the panes and key sequences need PySide's
        ``Qt`` namespace, whose ~150 enums take ~15 ms to create."""
        from PySide6.QtCore import Qt  # noqa: PLC0415 (see above)
        from PySide6.QtWidgets import QLabel, QSplitter, QTabWidget  # noqa: PLC0415 (their enums, too)

        if self._panes_built:
            raise RuntimeError("the window already has its timeline")
        self._panes_built = True
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.setObjectName("main_splitter")
        self.splitter.addWidget(timeline)
        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        self.tabs.setVisible(False)
        self.splitter.addWidget(self.tabs)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.setCentralWidget(self.splitter)
        self.sync_status = QLabel(self.tr("Local only · no tracker connected"), self)
        self.sync_status.setTextFormat(Qt.TextFormat.PlainText)
        self.sync_status.setAccessibleName(self.tr("Sync status"))
        self.statusBar().addPermanentWidget(self.sync_status)
        self._assign_shortcuts()
        splitter = self._settings.value("main_window/splitter")
        if isinstance(splitter, QByteArray) and not splitter.isEmpty():
            self.splitter.restoreState(splitter)
        self._restore_inner_splitters()

    def add_tab(self, title: str, widget: QWidget) -> None:
        """Add a tab below the timeline (the splitter's saved sizes apply again)."""
        self.tabs.addTab(widget, title)
        self.tabs.setVisible(True)
        splitter = self._settings.value("main_window/splitter")
        if isinstance(splitter, QByteArray) and not splitter.isEmpty():
            self.splitter.restoreState(splitter)
        else:  # first run: the timeline is the point of the window
            height = max(self.splitter.height(), self.height())
            self.splitter.setSizes([int(height * 0.74), int(height * 0.26)])

    def _action(self, text: str, shortcut: str | None = None, *, standard: str | None = None) -> QAction:
        """An action; ``shortcut`` is a portable key sequence (``"Ctrl+I"``), ``standard`` the
        name of a ``QKeySequence.StandardKey`` (``"Quit"``), assigned by :meth:`_assign_shortcuts`."""
        action = QAction(text, self)
        if shortcut is not None or standard is not None:
            self._shortcuts.append((action, shortcut, standard))
        return action

    def _assign_shortcuts(self) -> None:
        """Key sequences are assigned with the panes, after the first paint: building the first
        ``QKeySequence`` makes PySide create its ``Qt`` namespace (~15 ms of enums)."""
        from PySide6.QtGui import QKeySequence  # noqa: PLC0415 (see above)

        for action, shortcut, standard in self._shortcuts:
            if standard is not None:
                action.setShortcut(QKeySequence(getattr(QKeySequence.StandardKey, standard)))
            elif shortcut is not None:
                action.setShortcut(QKeySequence(shortcut))
        self._shortcuts.clear()
        if self.settings_action.shortcut().isEmpty():  # no platform standard for Preferences
            self.settings_action.setShortcut(QKeySequence("Ctrl+,"))

    def _build_actions(self) -> None:
        self._shortcuts: list[tuple[QAction, str | None, str | None]] = []
        self.import_roster_action = self._action(self.tr("&Import Team…"), "Ctrl+I")
        self.export_roster_action = self._action(self.tr("&Export Team…"), "Ctrl+Shift+E")
        self.settings_action = self._action(self.tr("&Settings…"), standard="Preferences")
        self.settings_action.setMenuRole(QAction.MenuRole.PreferencesRole)
        self.quit_action = self._action(self.tr("&Quit"), standard="Quit")
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        self.edit_team_action = self._action(self.tr("&Edit Team…"), "Ctrl+T")
        self.now_action = self._action(self.tr("Jump to &Now"), "Ctrl+0")
        self.about_action = self._action(self.tr("&About Baton"))
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)
        self.about_action.triggered.connect(self._on_about_action_triggered)
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        for action in (self.import_roster_action, self.export_roster_action):
            file_menu.addAction(action)
        file_menu.addSeparator()
        file_menu.addAction(self.settings_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        team_menu = self.menuBar().addMenu(self.tr("&Team"))
        team_menu.addAction(self.edit_team_action)
        view_menu = self.menuBar().addMenu(self.tr("&View"))
        view_menu.addAction(self.now_action)
        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        help_menu.addAction(self.about_action)

    def _restore_state(self) -> None:
        geometry = self._settings.value("main_window/geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            self.resize(1280, 800)
        state = self._settings.value("main_window/state")
        if isinstance(state, QByteArray) and not state.isEmpty():
            self.restoreState(state)

    def _restore_inner_splitters(self) -> None:
        for inner in self._inner_splitters():
            saved = self._settings.value(_INNER + inner.objectName())
            if isinstance(saved, QByteArray) and not saved.isEmpty():
                inner.restoreState(saved)

    def _inner_splitters(self) -> list[QSplitter]:
        """Named splitters inside the window (not the window's own), e.g. the timeline's."""
        if not self._panes_built:
            return []
        from PySide6.QtWidgets import QSplitter  # noqa: PLC0415 (only once the panes exist)

        return [s for s in self.findChildren(QSplitter) if s is not self.splitter and s.objectName()]

    def save_state(self) -> None:
        """Write geometry, toolbar and splitter state to the UI settings."""
        self._settings.setValue("main_window/geometry", self.saveGeometry())
        self._settings.setValue("main_window/state", self.saveState())
        if self._panes_built:
            self._settings.setValue("main_window/splitter", self.splitter.saveState())
        for inner in self._inner_splitters():
            self._settings.setValue(_INNER + inner.objectName(), inner.saveState())
        self._settings.sync()

    def bring_to_front(self) -> None:
        """Show, un-minimise, raise and activate the window (another ``baton`` asked for it)."""
        from PySide6.QtCore import Qt  # noqa: PLC0415 (not needed for the first paint)

        self.setWindowState(self.windowState() & ~Qt.WindowState.WindowMinimized)
        self.show()
        self.raise_()
        self.activateWindow()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt override)
        self.save_state()
        if self.hide_on_close:
            self.hide()
            event.ignore()
            return
        super().closeEvent(event)

    @Slot()
    def _on_about_action_triggered(self) -> None:
        from PySide6.QtWidgets import QMessageBox  # noqa: PLC0415 (its enums: not for the first paint)

        QMessageBox.about(
            self,
            self.tr("About Baton"),
            self.tr("Baton {version}\nFollow-the-sun handoffs between time zones.").format(
                version=__version__
            ),
        )
