"""Wire the handoff workflow into the running shell once the store is open.

:func:`install` is called from the start-up path that attaches the store
(:func:`ui.application._attach_store`). It adds the Inbox and Outbox tabs and a Handoff menu
(New Handoff… Ctrl+N) to the main window, enables the tray's "New Handoff…", and turns the
reminder conditions into tray notifications, showing the inbox when my shift starts.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from app.domain import HandoffState
from app.handoff.reminders import Action, Condition
from app.ports import Clock
from app.store import Store
from app.timeline.roster import Roster
from ui.handoff.acknowledge import AcknowledgeDialog
from ui.handoff.form import HandoffForm
from ui.handoff.hub import HandoffHub, Reading, Snapshot
from ui.handoff.inbox import InboxView
from ui.handoff.notifications import ReminderBoard, TrayNotifier
from ui.handoff.outbox import OutboxView
from ui.handoff.when import in_zones
from ui.timeline.frame import DisplayOptions

if TYPE_CHECKING:
    from ui.controller import AppController

log = logging.getLogger(__name__)


def _save_markdown(parent: QWidget, title: str, name: str) -> str:
    return QFileDialog.getSaveFileName(parent, title, name, "Markdown (*.md)")[0]


class HandoffShell(QObject):
    """The handoff views in the main window and tray (built by :func:`install`)."""

    def __init__(
        self,
        *,
        controller: AppController,
        store: Store,
        clock: Clock,
        load_roster: Callable[[], Roster],
        display_options: Callable[[], DisplayOptions],
        choose_save_file: Callable[[QWidget, str, str], str] = _save_markdown,
    ) -> None:
        super().__init__(controller)
        self.controller = controller
        window = controller.window
        self.hub = HandoffHub(
            store=store,
            clock=clock,
            jobs=controller.jobs,
            writer=controller.writer,
            load_roster=load_roster,
            settings=lambda: controller.settings,
            locale=lambda: display_options().locale,
            viewer_zone=lambda: display_options().viewer_zone,
            choose_save_file=choose_save_file,
            window=lambda: controller.window,
            parent=self,
        )
        self.inbox = InboxView(when=self._when)
        self.outbox = OutboxView(when=self._when, discard=self.hub.discard, restore=self.hub.restore)
        window.add_tab(self.tr("&Inbox"), self.inbox)
        window.add_tab(self.tr("&Outbox"), self.outbox)
        self.board = ReminderBoard(self)
        self.notifier = TrayNotifier(board=self.board, tray=controller.tray, parent=self)
        self._build_menu()
        self._connect()
        self.inbox.model.set_tokens(controller.theme.tokens)
        controller.tray.set_state(can_hand_off=True)
        self.hub.refresh()

    def _build_menu(self) -> None:
        window = self.controller.window
        self.new_action = QAction(self.tr("&New Handoff…"), window)
        self.new_action.setShortcut(QKeySequence.StandardKey.New)
        self.inbox_action = QAction(self.tr("Show &Inbox"), window)
        self.inbox_action.setShortcut(QKeySequence("Ctrl+Shift+I"))
        self.outbox_action = QAction(self.tr("Show &Outbox"), window)
        self.outbox_action.setShortcut(QKeySequence("Ctrl+Shift+O"))
        menu = window.menuBar().addMenu(self.tr("&Handoff"))
        bar_actions = window.menuBar().actions()
        if len(bar_actions) > 1:  # before Help
            window.menuBar().insertMenu(bar_actions[-2], menu)
        for action in (self.new_action, self.inbox_action, self.outbox_action):
            menu.addAction(action)

    def _connect(self) -> None:
        hub, controller = self.hub, self.controller
        self.new_action.triggered.connect(hub.new_handoff)
        self.inbox_action.triggered.connect(self.show_inbox)
        self.outbox_action.triggered.connect(self.show_outbox)
        controller.tray.new_handoff_requested.connect(hub.new_handoff)
        controller.theme.tokens_changed.connect(self.inbox.model.set_tokens)
        hub.refreshed.connect(self._on_hub_refreshed)
        hub.form_opened.connect(self._on_hub_form_opened)
        hub.submitted.connect(self._on_hub_submitted)
        hub.acknowledged.connect(self._on_hub_acknowledged)
        hub.problem.connect(self._on_hub_problem)
        self.inbox.handoff_selected.connect(self._read)
        self.inbox.acknowledge_requested.connect(self.acknowledge)
        self.outbox.new_requested.connect(hub.new_handoff)
        self.outbox.open_requested.connect(hub.open_draft)
        self.outbox.retry_requested.connect(hub.retry)
        self.board.inbox_requested.connect(self.show_inbox)
        self.notifier.activated.connect(self._on_notifier_activated)

    def _when(self, at: datetime) -> str:
        return in_zones(at, [self.hub.my_zone()], self.hub.locale())

    # --- commands ----------------------------------------------------------------------------

    def show_inbox(self) -> None:
        """Bring the window up on the Inbox tab."""
        self.controller.window.bring_to_front()
        self.controller.window.tabs.setCurrentWidget(self.inbox)

    def show_outbox(self) -> None:
        """Bring the window up on the Outbox tab."""
        self.controller.window.bring_to_front()
        self.controller.window.tabs.setCurrentWidget(self.outbox)

    def acknowledge(self, handoff_id: str) -> AcknowledgeDialog | None:
        """Ask for the read-back and question, then acknowledge."""
        record = self.inbox.model.record(handoff_id)
        if record is None or record.state == HandoffState.ACKNOWLEDGED:
            return None
        dialog = AcknowledgeDialog(handoff=record, parent=self.controller.window)
        dialog.accepted.connect(
            lambda: self.hub.acknowledge(handoff_id, read_back=dialog.read_back(), question=dialog.question())
        )
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        self.ack_dialog = dialog
        return dialog

    def _read(self, handoff_id: str) -> None:
        job = self.hub.reading(handoff_id)
        job.succeeded.connect(self._on_reading_job_succeeded)

    # --- slots -------------------------------------------------------------------------------

    @Slot(object)
    def _on_reading_job_succeeded(self, reading: Reading) -> None:
        self.inbox.show_reading(reading)

    @Slot(object)
    def _on_hub_refreshed(self, snapshot: Snapshot) -> None:
        self.inbox.set_snapshot(snapshot)
        self.outbox.set_snapshot(snapshot)
        tabs = self.controller.window.tabs
        waiting = sum(1 for h in snapshot.inbox if h.state != HandoffState.ACKNOWLEDGED)
        tabs.setTabText(
            tabs.indexOf(self.inbox),
            self.tr("&Inbox ({count})").format(count=waiting) if waiting else self.tr("&Inbox"),
        )
        tabs.setTabText(
            tabs.indexOf(self.outbox),
            self.tr("&Outbox ({count} drafts)").format(count=len(snapshot.drafts))
            if snapshot.drafts
            else self.tr("&Outbox"),
        )
        self.board.update(snapshot.conditions)

    @Slot(object)
    def _on_hub_form_opened(self, form: HandoffForm) -> None:
        form.discarded.connect(self._on_form_discarded)

    @Slot(str)
    def _on_form_discarded(self, handoff_id: str) -> None:
        self.outbox.offer_undo(handoff_id)
        self.controller.window.statusBar().showMessage(
            self.tr("Draft discarded. Undo it in the Outbox tab (Ctrl+Z)."), 10_000
        )

    @Slot(str)
    def _on_hub_submitted(self, _handoff_id: str) -> None:
        self.controller.window.statusBar().showMessage(
            self.tr("Handoff queued: it goes out as soon as a tracker is reachable."), 10_000
        )

    @Slot(str)
    def _on_hub_acknowledged(self, handoff_id: str) -> None:
        self.controller.window.statusBar().showMessage(self.tr("Handoff acknowledged."), 10_000)
        if self.inbox.current == handoff_id:
            self._read(handoff_id)

    @Slot(str, str)
    def _on_hub_problem(self, title: str, details: str) -> None:
        box = QMessageBox(
            QMessageBox.Icon.Warning, title, title, QMessageBox.StandardButton.Close, self.controller.window
        )
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setInformativeText(details)
        box.open()
        self.problem_box = box

    @Slot(object)
    def _on_notifier_activated(self, condition: Condition) -> None:
        if condition.action is Action.NEW_HANDOFF:
            drafts = self.hub.snapshot.drafts
            if drafts:
                self.hub.open_draft(drafts[0].id)
            else:
                self.hub.new_handoff()
        elif condition.handoff_id and self.inbox.model.record(condition.handoff_id) is not None:
            self.show_inbox()
            self.inbox.select(condition.handoff_id)
        elif condition.action is Action.SHOW_INBOX:
            self.show_inbox()
        else:
            self.show_outbox()


def install(
    controller: AppController,
    *,
    store: Store,
    clock: Clock,
    load_roster: Callable[[], Roster],
    display_options: Callable[[], DisplayOptions],
) -> HandoffShell:
    """Add the handoff workflow to ``controller``'s window and tray (call once the store is
    open). ``load_roster`` reads the roster (called on worker threads); ``display_options``
    gives the viewer's locale and zone."""
    return HandoffShell(
        controller=controller,
        store=store,
        clock=clock,
        load_roster=load_roster,
        display_options=display_options,
    )
