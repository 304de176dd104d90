"""Wires tracker sync into the window and the tray: Tracker menu (Accounts…, Sync Now F5), the
tray's Sync Now, the status-bar indicator, periodic passes and "New handoff" notifications.

:func:`install_sync` is called once by :meth:`ui.controller.AppController.attach` when the
store is open; the returned :class:`SyncUi` is ``controller.sync``. Other UI code uses:

- ``controller.sync.handoffs_received`` (``list[str]`` of handoff UUIDs, GUI thread): new
  incoming handoffs were stored by a pass — show the inbox;
- ``controller.sync.sync_soon()``: a handoff or acknowledgement was just queued — a pass
  follows in a few seconds;
- ``controller.sync.sync_finished`` (``bool``): a pass finished (True: everything synced).
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

import httpx
from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu

from app.ports import Clock
from app.store.store import Store
from app.timeline.format import format_clock
from sync.credentials import BackendStatus, SecretStore, SecretStoreError, open_secret_store
from sync.http import RetryPolicy
from ui.jobs import CancelToken, JobRunner
from ui.sync.accounts_dialog import AccountsDialog
from ui.sync.failed_dialog import FailedWritesDialog
from ui.sync.ops import AccountOperations
from ui.sync.runner import PassWork, SyncRunner
from ui.sync.state import PassResult, SyncState, read_state, run_pass
from ui.sync.status import SyncStatusWidget, account_status_text
from ui.theme import Tokens
from ui.tray import Tray

if TYPE_CHECKING:
    from app.store.records import AccountRecord
    from ui.controller import AppController
    from ui.timeline.frame import DisplayOptions

log = logging.getLogger(__name__)


class SyncUi(QObject):
    """Sync in the GUI: owns the runner, the account operations, the indicator and dialogs.

    ``me`` and ``paused`` are read when needed (the user's roster name; notifications paused).
    ``clock_text`` formats an aware instant as the viewer's local time. ``work`` replaces the
    pass (tests); by default it is :func:`ui.sync.state.run_pass` over the store.

    Signals (GUI thread):
        handoffs_received(list): UUIDs (``list[str]``) of new incoming handoffs.
        sync_finished(bool): a pass finished; True when every account synced without failures.
        state_changed(object): the :class:`~ui.sync.state.SyncState` shown now.
    """

    handoffs_received = Signal(list)
    sync_finished = Signal(bool)
    state_changed = Signal(object)

    def __init__(
        self,
        *,
        window: QMainWindow,
        tray: Tray,
        store: Store,
        secrets: SecretStore,
        backend: BackendStatus,
        clock: Clock,
        jobs: JobRunner,
        writer: JobRunner,
        me: Callable[[], str | None],
        paused: Callable[[], bool],
        clock_text: Callable[[datetime], str],
        transport: httpx.BaseTransport | None = None,
        retry: RetryPolicy | None = None,
        work: PassWork | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._window, self._tray, self._store, self._jobs = window, tray, store, jobs
        self._me, self._paused, self.clock_text = me, paused, clock_text
        self.state = SyncState()
        self.last_synced: dict[str, datetime] = {}
        self._user_pass = False
        self._tokens: Tokens | None = None
        if work is None:
            work = functools.partial(
                self._pass, store=store, secrets=secrets, clock=clock, transport=transport, retry=retry
            )
        self.runner = SyncRunner(work=work, parent=self)
        self.runner.pass_started.connect(self._on_runner_pass_started)
        self.runner.pass_finished.connect(self._on_runner_pass_finished)
        self.runner.pass_failed.connect(self._on_runner_pass_failed)
        self.runner.handoffs_received.connect(self.handoffs_received)
        ops_retry = {"retry": retry} if retry is not None else {}
        self.ops = AccountOperations(
            store=store,
            secrets=secrets,
            backend=backend,
            clock=clock,
            jobs=jobs,
            writer=writer,
            transport=transport,
            parent=self,
            **ops_retry,
        )
        self.ops.accounts_changed.connect(self.refresh)
        self.accounts_dialog: AccountsDialog | None = None
        self.failed_dialog: FailedWritesDialog | None = None
        self.status = SyncStatusWidget(window)
        self.status.account_activated.connect(self.open_accounts)
        self.status.setup_requested.connect(self.open_accounts)
        self.status.failed_activated.connect(self.open_failed)
        self._build_actions()
        tray.sync_requested.connect(self.sync_now)
        tray.set_state(can_sync=True)

    def _pass(
        self,
        force: bool,
        token: CancelToken,
        *,
        store: Store,
        secrets: SecretStore,
        clock: Clock,
        transport: httpx.BaseTransport | None,
        retry: RetryPolicy | None,
    ) -> PassResult:
        """The runner's work (worker thread): one pass as the user named in the settings now
        (``me`` is an immutable value read once; no Qt object is touched)."""
        return run_pass(
            store=store,
            secrets=secrets,
            clock=clock,
            me=self._me(),
            force=force,
            should_stop=lambda: token.cancelled,
            transport=transport,
            retry=retry,
        )

    def _build_actions(self) -> None:
        window = self._window
        self.accounts_action = QAction(self.tr("&Accounts…"), window)
        self.accounts_action.triggered.connect(self._on_accounts_action_triggered)
        self.sync_action = QAction(self.tr("&Sync Now"), window)
        self.sync_action.setShortcut(QKeySequence("F5"))
        self.sync_action.triggered.connect(self.sync_now)
        self.failed_action = QAction(self.tr("&Failed Writes…"), window)
        self.failed_action.triggered.connect(self.open_failed)
        self.menu = QMenu(self.tr("T&racker"), window)
        for action in (self.sync_action, self.accounts_action, self.failed_action):
            self.menu.addAction(action)
        bar = window.menuBar()
        help_menu = bar.actions()[-1] if bar.actions() else None
        if help_menu is not None:
            bar.insertMenu(help_menu, self.menu)
        else:
            bar.addMenu(self.menu)

    def start(self) -> None:
        """Show the indicator, read the state once and start periodic passes."""
        bar = self._window.statusBar()
        legacy = getattr(self._window, "sync_status", None)
        if legacy is not None:  # the window's placeholder label; the indicator replaces it
            bar.removeWidget(legacy)
            legacy.hide()
        bar.addPermanentWidget(self.status)
        self.status.show()
        self.refresh()
        self.runner.start()

    # --- commands -------------------------------------------------------------------------

    @Slot()
    def sync_now(self) -> None:
        """The user asked for a pass (F5, tray, menu). Without accounts, opens the dialog."""
        if not self.state.accounts:
            self.open_accounts()
            return
        if not self.runner.sync_now(force=True):
            self._window.statusBar().showMessage(self.tr("A sync is already running."), 5000)

    @Slot()
    def sync_soon(self) -> None:
        """A handoff or acknowledgement was queued: sync in a few seconds."""
        self.runner.sync_soon()

    @Slot()
    def refresh(self) -> None:
        """Read accounts and refused writes again (off the GUI thread) and show them."""
        store = self._store
        job = self._jobs.run(lambda: read_state(store), key="sync-state")
        job.succeeded.connect(self._show_state)

    @Slot()
    def open_accounts(self, account_id: int | None = None) -> None:
        """Open Tracker ▸ Accounts… (selecting ``account_id``; one needing sign-in opens its
        sign-in form)."""
        if self.accounts_dialog is None:
            self.accounts_dialog = AccountsDialog(
                ops=self.ops, state=self.state, status_text=self.account_status, parent=self._window
            )
            if self._tokens is not None:
                self.accounts_dialog.set_tokens(self._tokens)
        if account_id is not None:
            self.accounts_dialog.select_account(account_id)
        self.accounts_dialog.show()
        self.accounts_dialog.raise_()
        self.accounts_dialog.activateWindow()

    @Slot()
    def open_failed(self) -> None:
        """Open the refused writes with their tracker messages and Retry."""
        if self.failed_dialog is None:
            self.failed_dialog = FailedWritesDialog(
                state=self.state, clock=self.clock_text, parent=self._window
            )
            self.failed_dialog.retry_requested.connect(self._on_failed_dialog_retry_requested)
        self.failed_dialog.show()
        self.failed_dialog.raise_()

    def set_tokens(self, tokens: Tokens) -> None:
        """Theme colours for the indicator and dialogs."""
        self._tokens = tokens
        self.status.set_tokens(tokens)
        if self.accounts_dialog is not None:
            self.accounts_dialog.set_tokens(tokens)

    def account_status(self, account: AccountRecord) -> str:
        """One account's status as the indicator words it."""
        return account_status_text(
            account,
            syncing=self.runner.running,
            last_synced=self.last_synced.get(account.name),
            clock=self.clock_text,
        )

    def shutdown(self) -> None:
        """Stop passes (application quit)."""
        self.runner.shutdown()

    # --- outcomes -------------------------------------------------------------------------

    def _show_state(self, state: SyncState) -> None:
        self.state = state
        self._tray.set_state(can_sync=True)
        self.status.show_state(
            state, syncing=self.runner.running, last_synced=self.last_synced, clock=self.clock_text
        )
        self.sync_action.setEnabled(True)
        self.failed_action.setEnabled(bool(state.failed))
        if self.accounts_dialog is not None:
            self.accounts_dialog.show_state(state)
        if self.failed_dialog is not None:
            self.failed_dialog.show_state(state)
        self.state_changed.emit(state)

    @Slot(bool)
    def _on_runner_pass_started(self, force: bool) -> None:
        self._user_pass = force
        self._show_state(self.state)

    @Slot(object)
    def _on_runner_pass_finished(self, result: PassResult) -> None:
        summary = result.summary
        for account in summary.accounts:
            if account.status == "ok" and not account.skipped:
                self.last_synced[account.account] = summary.finished_at
        self._show_state(result.state)
        if not summary.ok:
            log.info("sync pass: %s", "; ".join(summary.lines()))
        if self._user_pass:
            self._window.statusBar().showMessage(self._summary_text(result), 10_000)
        self._notify(result)
        self.sync_finished.emit(summary.ok)

    def _summary_text(self, result: PassResult) -> str:
        summary = result.summary
        counts = [
            (sum(a.pushed for a in summary.accounts), self.tr("{n} sent")),
            (len(result.received), self.tr("{n} received")),
            (sum(a.tasks for a in summary.accounts), self.tr("{n} tasks updated")),
        ]
        facts = [text.format(n=n) for n, text in counts if n]
        text = self.tr("Sync finished: {facts}").format(facts=", ".join(facts) or self.tr("up to date"))
        attention = [a.account for a in summary.accounts if not a.ok]
        if attention:
            text += " · " + self.tr("needs attention: {names}").format(names=", ".join(attention))
        return text

    def _notify(self, result: PassResult) -> None:
        if not result.received or self._paused():
            return
        if len(result.received) == 1:
            handoff = result.received[0]
            self._tray.notify(
                self.tr("New handoff from {author}").format(author=handoff.author), handoff.title
            )
        else:
            authors = ", ".join(dict.fromkeys(h.author for h in result.received))
            self._tray.notify(
                self.tr("{n} new handoffs").format(n=len(result.received)),
                self.tr("From {authors}").format(authors=authors),
            )

    @Slot(object)
    def _on_runner_pass_failed(self, error: Exception) -> None:
        if isinstance(error, SecretStoreError):
            message = self.tr("Sync skipped: {error}").format(error=error)
            log.info("sync pass skipped: %s", error)
        else:
            message = self.tr("Sync stopped by an unexpected problem (details in the log).")
            log.error("sync pass failed", exc_info=error)
        self._window.statusBar().showMessage(message, 15_000)
        self.refresh()
        self.sync_finished.emit(False)

    @Slot()
    def _on_accounts_action_triggered(self) -> None:
        self.open_accounts()

    @Slot(int)
    def _on_failed_dialog_retry_requested(self, entry_id: int) -> None:
        outcome = self.ops.retry_write(entry_id)
        outcome.succeeded.connect(lambda _none: self.sync_soon())


def install_sync(
    controller: AppController,
    *,
    store: Store,
    clock: Clock,
    display_options: Callable[[], DisplayOptions],
    secrets: SecretStore | None = None,
    backend: BackendStatus | None = None,
    transport: httpx.BaseTransport | None = None,
    retry: RetryPolicy | None = None,
) -> SyncUi:
    """Build :class:`SyncUi` for ``controller`` and start it. ``secrets``/``backend`` default
    to the OS keyring (:func:`sync.credentials.open_secret_store`; session-only when unusable).
    ``display_options`` gives the viewer's zone, locale and clock style at call time."""
    if secrets is None or backend is None:
        secrets, backend = open_secret_store()
        if backend.warning:
            log.info("keyring: %s (%s)", backend.warning, backend.name)

    def clock_text(at: datetime) -> str:
        options = display_options()
        return format_clock(at, options.viewer_zone, options.locale, hour_cycle=options.hour_cycle)

    ui = SyncUi(
        window=controller.window,
        tray=controller.tray,
        store=store,
        secrets=secrets,
        backend=backend,
        clock=clock,
        jobs=controller.jobs,
        writer=controller.writer,
        me=lambda: controller.settings.me,
        paused=lambda: controller.settings.notifications_paused,
        clock_text=clock_text,
        transport=transport,
        retry=retry,
        parent=controller,
    )
    ui.set_tokens(controller.theme.tokens)
    controller.theme.tokens_changed.connect(ui.set_tokens)
    ui.start()
    return ui
