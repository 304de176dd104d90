"""The system tray icon and its menu.

The menu is rebuilt from current state each time it opens; its actions emit the same intents
as the main window's menu, so the controller has one handler for each. Where no tray exists
(GNOME on Wayland, a bare X server), :attr:`Tray.available` is False and nothing is shown.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtGui import QAction, QIcon
from PySide6.QtWidgets import QMenu, QSystemTrayIcon


class Tray(QObject):
    """Tray icon with: Open Baton, New Handoff, Sync Now, Pause Notifications, Quit.

    Signals:
        open_requested(): show the main window.
        new_handoff_requested(): start a handoff.
        sync_requested(): sync now.
        pause_toggled(bool): notifications paused (True) or resumed.
        quit_requested(): quit Baton.
    """

    open_requested = Signal()
    new_handoff_requested = Signal()
    sync_requested = Signal()
    pause_toggled = Signal(bool)
    quit_requested = Signal()

    def __init__(self, *, icon: QIcon, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.available = QSystemTrayIcon.isSystemTrayAvailable()
        self.icon = QSystemTrayIcon(icon, self)
        self.icon.setToolTip("Baton")
        self.menu = QMenu()
        self.menu.aboutToShow.connect(self._on_menu_about_to_show)
        self.icon.setContextMenu(self.menu)
        self.icon.activated.connect(self._on_icon_activated)
        self._paused = False
        self._can_sync = False
        self._can_hand_off = False
        self._rebuild()
        if self.available:
            self.icon.show()

    def set_state(
        self, *, paused: bool | None = None, can_sync: bool | None = None, can_hand_off: bool | None = None
    ) -> None:
        """What the next menu shows (it is rebuilt when it opens); ``None`` keeps a value as is,
        so settings, sync and handoffs each set only their own."""
        if paused is not None:
            self._paused = paused
        if can_sync is not None:
            self._can_sync = can_sync
        if can_hand_off is not None:
            self._can_hand_off = can_hand_off
        self._rebuild()

    def notify(self, title: str, message: str) -> None:
        """A balloon message (only when a tray exists)."""
        if self.available:
            self.icon.showMessage(title, message, QSystemTrayIcon.MessageIcon.Information, 8000)

    def _rebuild(self) -> None:
        self.menu.clear()
        self.open_action = self._add(self.tr("&Open Baton"), self.open_requested.emit)
        self.new_handoff_action = self._add(self.tr("&New Handoff…"), self.new_handoff_requested.emit)
        self.new_handoff_action.setEnabled(self._can_hand_off)
        self.sync_action = self._add(self.tr("&Sync Now"), self.sync_requested.emit)
        self.sync_action.setEnabled(self._can_sync)
        self.pause_action = QAction(self.tr("&Pause Notifications"), self.menu)
        self.pause_action.setCheckable(True)
        self.pause_action.setChecked(self._paused)
        self.pause_action.toggled.connect(self._on_pause_action_toggled)
        self.menu.addAction(self.pause_action)
        self.menu.addSeparator()
        self.quit_action = self._add(self.tr("&Quit"), self.quit_requested.emit)

    def _add(self, text: str, handler: object) -> QAction:
        action = QAction(text, self.menu)
        action.triggered.connect(handler)
        self.menu.addAction(action)
        return action

    @Slot()
    def _on_menu_about_to_show(self) -> None:
        self._rebuild()

    @Slot(bool)
    def _on_pause_action_toggled(self, paused: bool) -> None:
        self._paused = paused
        self.pause_toggled.emit(paused)

    @Slot(QSystemTrayIcon.ActivationReason)
    def _on_icon_activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason in (QSystemTrayIcon.ActivationReason.Trigger, QSystemTrayIcon.ActivationReason.DoubleClick):
            self.open_requested.emit()
