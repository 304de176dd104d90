"""Drafts and sent handoffs: open or discard a draft (undoable), follow a sent handoff's state.

Discarding goes through a ``QUndoStack``: the notice that confirms it has an Undo button, and
Ctrl+Z in the list undoes it too. States of sent handoffs read as words, with the failure
reason of a failed one and a Retry button for it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QItemSelection, QModelIndex, Qt, Signal, SignalInstance, Slot
from PySide6.QtGui import QKeySequence, QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.domain import HandoffState, RecipientKind
from app.store.records import HandoffRecord
from ui.handoff.hub import Snapshot
from ui.handoff.model import Column, HandoffRole, HandoffTableModel
from ui.team_editor.field_error import plain_label

STATE_TEXT = {
    HandoffState.DRAFT.value: "Draft",
    HandoffState.QUEUED.value: "Queued: waits for the tracker",
    HandoffState.SYNCED.value: "Sent to the tracker",
    HandoffState.ACKNOWLEDGED.value: "✓ Acknowledged",
    HandoffState.FAILED.value: "⚠ Failed",
}


def _to(handoff: HandoffRecord) -> str:
    if not handoff.recipient:
        return "(nobody yet)"
    return f"team {handoff.recipient}" if handoff.recipient_kind == RecipientKind.TEAM else handoff.recipient


def _state(handoff: HandoffRecord, overdue: bool) -> str:
    text = STATE_TEXT.get(handoff.state, handoff.state)
    if handoff.state == HandoffState.FAILED and handoff.failure_reason:
        text += f": {handoff.failure_reason}"
    return text


class _DiscardCommand(QUndoCommand):
    def __init__(
        self, handoff_id: str, title: str, discard: Callable[[str], object], restore: Callable[[str], object]
    ):
        super().__init__(f"Discard “{title}”")
        self._id, self._discard, self._restore = handoff_id, discard, restore

    def redo(self) -> None:
        self._discard(self._id)

    def undo(self) -> None:
        self._restore(self._id)


def _table(parent: QWidget, model: HandoffTableModel, name: str) -> QTableView:
    table = QTableView(parent)
    table.setModel(model)
    table.setAccessibleName(name)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.verticalHeader().hide()
    table.setWordWrap(False)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    return table


class OutboxView(QWidget):
    """My drafts (newest edit first) and my sent handoffs. ``when`` formats an instant.

    ``discard`` / ``restore`` are the hub's commands (the undo stack calls them).

    Signals:
        new_requested(): start a new handoff.
        open_requested(str): open this draft in the form.
        retry_requested(str): queue this failed handoff again.
    """

    new_requested = Signal()
    open_requested = Signal(str)
    retry_requested = Signal(str)

    def __init__(
        self,
        *,
        when: Callable[[datetime], str],
        discard: Callable[[str], object],
        restore: Callable[[str], object],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._discard, self._restore = discard, restore
        self.undo_stack = QUndoStack(self)
        self.drafts_model = HandoffTableModel(
            columns=[
                Column("Draft", lambda h, _o: h.title or "(untitled)"),
                Column("To", lambda h, _o: _to(h)),
                Column("Last edited", lambda h, _o: when(h.updated_at)),
            ],
            parent=self,
        )
        self.sent_model = HandoffTableModel(
            columns=[
                Column("Handoff", lambda h, _o: h.title or "(untitled)"),
                Column("To", lambda h, _o: _to(h)),
                Column("Submitted", lambda h, _o: when(h.created_at)),
                Column("State", _state),
            ],
            parent=self,
        )
        self.drafts = _table(self, self.drafts_model, self.tr("Drafts"))
        self.sent = _table(self, self.sent_model, self.tr("Sent handoffs"))
        self.new_button = QPushButton(self.tr("&New Handoff…"), self)
        self.open_button = QPushButton(self.tr("&Open Draft"), self)
        self.discard_button = QPushButton(self.tr("&Discard Draft"), self)
        self.retry_button = QPushButton(self.tr("&Retry Sending"), self)
        for button in (self.open_button, self.discard_button, self.retry_button):
            button.setEnabled(False)
        self.notice = QFrame(self)
        self.notice.setFrameShape(QFrame.Shape.StyledPanel)
        self.notice_label = plain_label("", self.notice)
        self.undo_button = QPushButton(self.tr("&Undo"), self.notice)
        self.undo_button.setAccessibleName(self.tr("Undo discard"))
        notice_layout = QHBoxLayout(self.notice)
        notice_layout.setContentsMargins(6, 2, 6, 2)
        notice_layout.addWidget(self.notice_label, 1)
        notice_layout.addWidget(self.undo_button)
        self.notice.hide()
        self.undo_action = self.undo_stack.createUndoAction(self, self.tr("&Undo"))
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.undo_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.addAction(self.undo_action)
        self.build_layout()
        self.drafts.selectionModel().selectionChanged.connect(self._on_drafts_selection_changed)
        self.sent.selectionModel().selectionChanged.connect(self._on_sent_selection_changed)
        self.drafts.activated.connect(self._on_drafts_activated)
        self.new_button.clicked.connect(self.new_requested)
        self.open_button.clicked.connect(lambda: self._emit_current(self.drafts, self.open_requested))
        self.discard_button.clicked.connect(self.discard_selected)
        self.retry_button.clicked.connect(lambda: self._emit_current(self.sent, self.retry_requested))
        self.undo_button.clicked.connect(self.undo_stack.undo)
        self.undo_stack.indexChanged.connect(self._on_undo_stack_index_changed)

    def build_layout(self) -> None:
        drafts = QWidget(self)
        top = QVBoxLayout(drafts)
        top.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        row.addWidget(plain_label(self.tr("Drafts (saved as you type)"), drafts), 1)
        for button in (self.new_button, self.open_button, self.discard_button):
            row.addWidget(button)
        top.addLayout(row)
        top.addWidget(self.notice)
        top.addWidget(self.drafts, 1)
        sent = QWidget(self)
        bottom = QVBoxLayout(sent)
        bottom.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        row.addWidget(
            plain_label(self.tr("Sent: queued handoffs go out when a tracker is reachable"), sent), 1
        )
        row.addWidget(self.retry_button)
        bottom.addLayout(row)
        bottom.addWidget(self.sent, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.setObjectName("outbox_splitter")
        splitter.addWidget(drafts)
        splitter.addWidget(sent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(splitter)

    def set_snapshot(self, snapshot: Snapshot) -> None:
        """Show the snapshot's drafts and sent handoffs."""
        self.drafts_model.set_handoffs(snapshot.drafts)
        self.sent_model.set_handoffs(snapshot.outgoing)
        self._on_drafts_selection_changed()
        self._on_sent_selection_changed()

    def discard_selected(self) -> None:
        """Discard the selected draft (undoable)."""
        handoff_id = self._selected(self.drafts)
        if handoff_id:
            self.offer_undo(handoff_id)

    def offer_undo(self, handoff_id: str) -> None:
        """Discard draft ``handoff_id`` through the undo stack (again, harmlessly, if the form
        already discarded it) and show the notice with its Undo button."""
        record = self.drafts_model.record(handoff_id)
        title = (record.title if record is not None else "") or self.tr("untitled draft")
        self.undo_stack.push(_DiscardCommand(handoff_id, title, self._discard, self._restore))
        self.notice_label.setText(self.tr("Discarded “{title}”.").format(title=title))
        self.notice.show()
        self.undo_button.setFocus()

    def _selected(self, table: QTableView) -> str:
        rows = table.selectionModel().selectedRows()
        return str(rows[0].data(HandoffRole.HandoffIdRole)) if rows else ""

    def _emit_current(self, table: QTableView, signal: SignalInstance) -> None:
        handoff_id = self._selected(table)
        if handoff_id:
            signal.emit(handoff_id)

    @Slot()
    def _on_drafts_selection_changed(self, *_args: QItemSelection) -> None:
        chosen = bool(self._selected(self.drafts))
        self.open_button.setEnabled(chosen)
        self.discard_button.setEnabled(chosen)

    @Slot()
    def _on_sent_selection_changed(self, *_args: QItemSelection) -> None:
        handoff_id = self._selected(self.sent)
        record = self.sent_model.record(handoff_id) if handoff_id else None
        self.retry_button.setEnabled(record is not None and record.state == HandoffState.FAILED)

    @Slot(QModelIndex)
    def _on_drafts_activated(self, index: QModelIndex) -> None:
        self.open_requested.emit(str(index.data(HandoffRole.HandoffIdRole)))

    @Slot(int)
    def _on_undo_stack_index_changed(self, index: int) -> None:
        if index < self.undo_stack.count():  # undone: the draft is back
            self.notice_label.setText(self.tr("Draft restored."))
            self.undo_button.setEnabled(False)
        else:
            self.undo_button.setEnabled(True)
