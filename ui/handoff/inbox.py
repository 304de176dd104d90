"""The inbox: received handoffs by urgency then time, and a reading view with every section.

Order comes from :meth:`app.handoff.service.HandoffService.inbox` (unacknowledged first, urgent
before high before normal, oldest first). A handoff not acknowledged in time is highlighted
and says so in its state column. The reading view shows the rendered Markdown with the
sender's local time and the decision deadlines in my zone first (:mod:`ui.handoff.browser`:
no raw HTML, only http/https links).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QItemSelection, QModelIndex, Qt, QUrl, Signal, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.domain import HandoffState, RecipientKind
from app.handoff.render import URGENCY_TITLES
from app.store.records import HandoffRecord
from ui.handoff.browser import SafeMarkdownView
from ui.handoff.hub import Reading, Snapshot
from ui.handoff.model import Column, HandoffRole, HandoffTableModel
from ui.team_editor.field_error import plain_label


def _state(handoff: HandoffRecord, overdue: bool) -> str:
    if handoff.state == HandoffState.ACKNOWLEDGED:
        return "✓ Acknowledged"
    return "⚠ Overdue: not acknowledged" if overdue else "New"


def inbox_columns(when: Callable[[datetime], str]) -> list[Column]:
    """Urgency, From, Title, Received (``when`` formats the instant), State."""
    return [
        Column("Urgency", lambda h, _o: URGENCY_TITLES.get(h.urgency, h.urgency)),
        Column("From", lambda h, _o: h.author),
        Column(
            "Title",
            lambda h, _o: (
                h.title or ("to team " + h.recipient if h.recipient_kind == RecipientKind.TEAM else "Handoff")
            ),
        ),
        Column("Received", lambda h, _o: when(h.created_at)),
        Column("State", _state),
    ]


class InboxView(QWidget):
    """Received handoffs and the one selected. ``when`` formats an instant for the list.

    Signals:
        handoff_selected(str): the user selected a handoff; show it with :meth:`show_reading`.
        acknowledge_requested(str): the user wants to acknowledge this handoff.
    """

    handoff_selected = Signal(str)
    acknowledge_requested = Signal(str)

    def __init__(
        self,
        *,
        when: Callable[[datetime], str],
        open_url: Callable[[QUrl], object] = QDesktopServices.openUrl,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.model = HandoffTableModel(columns=inbox_columns(when), parent=self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setAccessibleName(self.tr("Received handoffs"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.empty_label = plain_label(self.tr("No handoffs received yet."), self)
        self.reader = SafeMarkdownView(open_url=open_url, parent=self)
        self.reader.setAccessibleName(self.tr("Selected handoff"))
        self.ack_label = plain_label("", self)
        self.ack_label.setWordWrap(True)
        self.acknowledge_button = QPushButton(self.tr("&Acknowledge…"), self)
        self.acknowledge_button.setEnabled(False)
        self.acknowledge_button.setToolTip(
            self.tr("Confirm you took over; optionally read back the next actions")
        )
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.table, 1)
        left_layout.addWidget(self.empty_label)
        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.reader, 1)
        row = QHBoxLayout()
        row.addWidget(self.ack_label, 1)
        row.addWidget(self.acknowledge_button)
        right_layout.addLayout(row)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("inbox_splitter")
        self.splitter.addWidget(left)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.splitter)
        self._current = ""
        self.table.selectionModel().selectionChanged.connect(self._on_selection_changed)
        self.table.activated.connect(self._on_table_activated)
        self.acknowledge_button.clicked.connect(lambda: self.acknowledge_requested.emit(self._current))

    def set_snapshot(self, snapshot: Snapshot) -> None:
        """Show the snapshot's inbox; the selection stays on the same handoff."""
        current = self._current
        self.model.set_handoffs(snapshot.inbox, snapshot.overdue())
        self.empty_label.setVisible(not snapshot.inbox)
        row = self.model.row_of(current) if current else -1
        if row < 0 and snapshot.inbox:
            row = 0
        if row >= 0:
            self.table.selectRow(row)

    def select(self, handoff_id: str) -> None:
        """Select ``handoff_id`` if listed."""
        row = self.model.row_of(handoff_id)
        if row >= 0:
            self.table.selectRow(row)

    @property
    def current(self) -> str:
        """The selected handoff id ("" when none)."""
        return self._current

    def show_reading(self, reading: Reading) -> None:
        """Show ``reading`` if it is still the selected handoff."""
        if reading.handoff.id != self._current:
            return
        self.reader.set_markdown(reading.markdown)
        acknowledged = reading.handoff.state == HandoffState.ACKNOWLEDGED
        self.acknowledge_button.setEnabled(not acknowledged)
        if reading.acknowledgements:
            ack = reading.acknowledgements[-1]
            parts = [self.tr("✓ Acknowledged by {name}.").format(name=ack.by)]
            if ack.read_back:
                parts.append(self.tr("Read-back: {text}").format(text=ack.read_back))
            if ack.question:
                parts.append(self.tr("Question: {text}").format(text=ack.question))
            self.ack_label.setText(" ".join(parts))
        else:
            self.ack_label.setText(self.tr("Not acknowledged yet."))

    @Slot(QItemSelection, QItemSelection)
    def _on_selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        rows = self.table.selectionModel().selectedRows()
        handoff_id = str(rows[0].data(HandoffRole.HandoffIdRole)) if rows else ""
        if handoff_id == self._current:
            return
        self._current = handoff_id
        self.acknowledge_button.setEnabled(False)
        if handoff_id:
            self.handoff_selected.emit(handoff_id)
        else:
            self.reader.clear()
            self.ack_label.setText("")

    @Slot(QModelIndex)
    def _on_table_activated(self, index: QModelIndex) -> None:
        self.reader.setFocus()
