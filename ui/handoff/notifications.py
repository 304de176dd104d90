"""Reminders as tray notifications: one per condition, replaced or withdrawn as things change.

:class:`ReminderBoard` turns each list of :class:`app.handoff.reminders.Condition` (computed
by the hub for the injected clock's now) into events: a new key pops up, a key whose text
changed pops up again (replacing the old one), a key that disappeared is withdrawn. Quiet
conditions (outside my working hours, or paused, and not urgent) are kept in the list but
never pop up; if one stops being quiet it pops up then. The first shift-start condition of a
shift asks for the inbox. :class:`TrayNotifier` shows the events through the tray.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtGui import Qt
from PySide6.QtWidgets import QSystemTrayIcon

from app.handoff.reminders import Action, Condition, Level
from ui.tray import Tray


def inert(text: str) -> str:
    """``text`` that no notification renderer takes for rich text: Qt's balloon shows its
    message with ``Qt::AutoText``, so tag and entity openers are swapped for look-alikes when
    ``Qt.mightBeRichText`` would fire (handoff titles and failure reasons are untrusted)."""
    if not Qt.mightBeRichText(text):
        return text
    text = text.replace("<", "‹").replace(">", "›")
    return text.replace("&", "＆") if Qt.mightBeRichText(text) else text


class ReminderBoard(QObject):
    """The conditions the user is being told about, by key.

    Signals:
        notification_shown(Condition): pop this up (new, changed, or no longer quiet).
        notification_withdrawn(str): the condition with this key resolved.
        inbox_requested(): my shift started: show the inbox.
        active_changed(int): how many conditions are active (quiet ones included).
    """

    notification_shown = Signal(object)
    notification_withdrawn = Signal(str)
    inbox_requested = Signal()
    active_changed = Signal(int)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._active: dict[str, Condition] = {}
        self._shown: dict[str, tuple[str, str]] = {}

    @property
    def active(self) -> dict[str, Condition]:
        """Active conditions by key."""
        return dict(self._active)

    def update(self, conditions: Sequence[Condition]) -> None:
        """Take the conditions true now (see the module docstring)."""
        current = {c.key: c for c in conditions}
        for key in [k for k in self._active if k not in current]:
            del self._active[key]
            if self._shown.pop(key, None) is not None:
                self.notification_withdrawn.emit(key)
        for key, condition in current.items():
            self._active[key] = condition
            text = (condition.title, condition.body)
            if condition.quiet or self._shown.get(key) == text:
                continue
            first = key not in self._shown
            self._shown[key] = text
            self.notification_shown.emit(condition)
            if first and condition.action is Action.SHOW_INBOX:
                self.inbox_requested.emit()
        self.active_changed.emit(len(self._active))


class TrayNotifier(QObject):
    """Shows a :class:`ReminderBoard`'s events through the tray: a balloon per notification,
    and a tool tip that counts what is active. Clicking the last balloon emits ``activated``.

    Signals:
        activated(Condition): the user clicked the notification of this condition.
    """

    activated = Signal(object)

    def __init__(self, *, board: ReminderBoard, tray: Tray, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._board = board
        self._tray = tray
        self.last: Condition | None = None
        board.notification_shown.connect(self._on_board_notification_shown)
        board.notification_withdrawn.connect(self._on_board_notification_withdrawn)
        board.active_changed.connect(self._on_board_active_changed)
        tray.icon.messageClicked.connect(self._on_icon_message_clicked)

    @Slot(object)
    def _on_board_notification_shown(self, condition: Condition) -> None:
        self.last = condition
        if not self._tray.available:
            return
        icon = {
            Level.WARNING: QSystemTrayIcon.MessageIcon.Warning,
            Level.URGENT: QSystemTrayIcon.MessageIcon.Critical,
        }.get(condition.level, QSystemTrayIcon.MessageIcon.Information)
        self._tray.icon.showMessage(inert(condition.title), inert(condition.body), icon, 15_000)

    @Slot(str)
    def _on_board_notification_withdrawn(self, key: str) -> None:
        if self.last is not None and self.last.key == key:
            self.last = None  # a click on a stale balloon does nothing

    @Slot(int)
    def _on_board_active_changed(self, count: int) -> None:
        self._tray.icon.setToolTip(
            self.tr("Baton · {count} reminders").format(count=count) if count else "Baton"
        )

    @Slot()
    def _on_icon_message_clicked(self) -> None:
        if self.last is not None:
            self.activated.emit(self.last)
