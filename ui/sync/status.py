"""The sync indicator in the main window's status bar: one button per tracker account
("ops: Synced 12:04", "ops: Offline since 11:32", "ops: Needs sign-in") and a button for writes
the tracker refused ("2 failed writes"). State is always spelled out, never shown by colour
alone; tracker text only appears in tooltips, escaped.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping
from datetime import datetime

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import QHBoxLayout, QToolButton, QWidget

from app.store.records import AccountRecord
from ui.sync.state import SyncState
from ui.theme import Tokens

ClockText = Callable[[datetime], str]
"""Formats an aware instant as the viewer's local clock time ("12:04", "12:04 PM")."""


def account_status_text(
    account: AccountRecord, *, syncing: bool, last_synced: datetime | None, clock: ClockText
) -> str:
    """What one account's status reads, e.g. ``"Synced 12:04"`` or ``"Offline since 11:32"``."""
    if account.status == "needs_sign_in":
        return "Needs sign-in"
    if syncing:
        return "Syncing…"
    if account.status == "offline":
        return f"Offline since {clock(account.status_since)}" if account.status_since else "Offline"
    if account.status == "rate_limited":
        return f"Rate limited until {clock(account.retry_at)}" if account.retry_at else "Rate limited"
    if last_synced is not None:
        return f"Synced {clock(last_synced)}"
    return "Not synced yet"


def _tooltip(lines: list[str]) -> str:
    """Rich-text tooltip from plain (possibly untrusted) lines: every line escaped."""
    body = "<br>".join(html.escape(line) for line in lines if line)
    return f"<p style='white-space:pre-wrap'>{body}</p>"


class SyncStatusWidget(QWidget):
    """Status-bar indicator. A view: :meth:`show_state` renders, clicks become signals.

    Signals:
        account_activated(int): an account's button was clicked (its id); the controller
            opens the accounts dialog (signed in again there when it needs sign-in).
        setup_requested(): "No tracker connected" was clicked.
        failed_activated(): the failed-writes button was clicked.
    """

    account_activated = Signal(int)
    setup_requested = Signal()
    failed_activated = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(self.tr("Sync status"))
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(2)
        self.account_buttons: dict[int, QToolButton] = {}
        self.setup_button = self._button()
        self.setup_button.setText(self.tr("No tracker connected"))
        self.setup_button.setToolTip(self.tr("Add a tracker account (Tracker ▸ Accounts…)"))
        self.setup_button.clicked.connect(self.setup_requested)
        self.failed_button = self._button()
        self.failed_button.setAccessibleName(self.tr("Failed writes"))
        self.failed_button.clicked.connect(self.failed_activated)
        self.failed_button.hide()
        self._tokens: Tokens | None = None

    def _button(self) -> QToolButton:
        button = QToolButton(self)
        button.setAutoRaise(True)
        button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self._layout.addWidget(button)
        return button

    def texts(self) -> list[str]:
        """What the visible buttons say, left to right (tests, screen readers)."""
        buttons = [*self.account_buttons.values(), self.setup_button, self.failed_button]
        return [b.text() for b in buttons if not b.isHidden()]

    def show_state(
        self,
        state: SyncState,
        *,
        syncing: bool,
        last_synced: Mapping[str, datetime],
        clock: ClockText,
    ) -> None:
        """Render ``state``; ``last_synced`` maps account names to their last good pass (aware)."""
        for button in self.account_buttons.values():
            self._layout.removeWidget(button)
            button.deleteLater()
        self.account_buttons = {}
        for index, account in enumerate(state.accounts):
            button = QToolButton(self)
            button.setAutoRaise(True)
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
            text = account_status_text(
                account, syncing=syncing, last_synced=last_synced.get(account.name), clock=clock
            )
            button.setText(f"{account.name}: {text}")
            button.setAccessibleName(self.tr("Sync status of {name}").format(name=account.name))
            button.setAccessibleDescription(text)
            details = [f"{account.name} ({account.kind}) — {text}"]
            if account.status != "ok" and account.status_detail:
                details.append(account.status_detail)
            if account.status == "needs_sign_in":
                details.append(self.tr("Click to sign in again."))
            button.setToolTip(_tooltip(details))
            button.setProperty("syncStatus", account.status)
            button.clicked.connect(lambda _checked=False, i=account.id: self.account_activated.emit(i))
            self._layout.insertWidget(index, button)
            self.account_buttons[account.id] = button
        self.setup_button.setVisible(not state.accounts)
        count = len(state.failed)
        self.failed_button.setVisible(count > 0)
        if count:
            self.failed_button.setText(
                self.tr("1 failed write") if count == 1 else self.tr("{n} failed writes").format(n=count)
            )
            self.failed_button.setToolTip(
                _tooltip([f"{f.what}: {f.message}" for f in state.failed[:5]] + ["Click to see and retry."])
            )
        self._restyle()

    def set_tokens(self, tokens: Tokens) -> None:
        """Apply theme colours (needs-sign-in and failed buttons use the warning tokens)."""
        self._tokens = tokens
        self._restyle()

    @Slot()
    def _restyle(self) -> None:
        tokens = self._tokens
        if tokens is None:
            return
        warn = f"QToolButton {{ background: {tokens.warning_surface}; color: {tokens.warning_text}; }}"
        for button in self.account_buttons.values():
            attention = button.property("syncStatus") in {"needs_sign_in", "offline", "rate_limited"}
            button.setStyleSheet(warn if attention else "")
        self.failed_button.setStyleSheet(warn)
