"""Writes the tracker refused: what each was, the tracker's own message, and Retry.

A refused write (Redmine's 422 "Subject cannot be blank", GitHub's "Validation Failed") waits
here until the user retries it; the next sync pass sends it again. Tracker text is shown as
plain text only.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui.sync.state import FailedWrite, SyncState


class FailedWritesDialog(QDialog):
    """Lists refused writes; Retry asks for one to be sent again.

    Signals:
        retry_requested(int): the user asked to retry outbox entry ``entry_id``.
    """

    retry_requested = Signal(int)

    def __init__(
        self, *, state: SyncState, clock: Callable[[datetime], str], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Failed Writes"))
        self.resize(640, 380)
        self._clock = clock
        self._failed: dict[int, FailedWrite] = {}
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr("The tracker refused these writes. Read its message, fix the cause, then retry."), self
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.entry_list = QTreeWidget(self)
        self.entry_list.setHeaderLabels([self.tr("What"), self.tr("Account"), self.tr("Last tried")])
        self.entry_list.setRootIsDecorated(False)
        self.entry_list.setAccessibleName(self.tr("Failed writes"))
        self.entry_list.itemSelectionChanged.connect(self._on_entry_list_item_selection_changed)
        layout.addWidget(self.entry_list, 2)
        self.message_view = QPlainTextEdit(self)
        self.message_view.setReadOnly(True)
        self.message_view.setAccessibleName(self.tr("The tracker's message"))
        self.message_view.setPlaceholderText(self.tr("Select a write to read the tracker's message."))
        layout.addWidget(self.message_view, 1)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.retry_button = QPushButton(self.tr("&Retry"), self)
        self.buttons.addButton(self.retry_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.retry_button.clicked.connect(self._on_retry_button_clicked)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.show_state(state)

    def show_state(self, state: SyncState) -> None:
        """List ``state``'s refused writes (the first is selected)."""
        self._failed = {f.entry_id: f for f in state.failed}
        self.entry_list.clear()
        for failed in state.failed:
            item = QTreeWidgetItem([failed.what, failed.account or self.tr("(none)"), self._clock(failed.at)])
            item.setData(0, Qt.ItemDataRole.UserRole, failed.entry_id)
            self.entry_list.addTopLevelItem(item)
        for column in range(3):
            self.entry_list.resizeColumnToContents(column)
        first = self.entry_list.topLevelItem(0)
        if first is not None:
            first.setSelected(True)
        self._on_entry_list_item_selection_changed()

    def selected(self) -> FailedWrite | None:
        """The selected refused write, or ``None``."""
        items = self.entry_list.selectedItems()
        if not items:
            return None
        return self._failed.get(int(items[0].data(0, Qt.ItemDataRole.UserRole)))

    @Slot()
    def _on_entry_list_item_selection_changed(self) -> None:
        failed = self.selected()
        self.retry_button.setEnabled(failed is not None)
        self.message_view.setPlainText(failed.message if failed is not None else "")

    @Slot()
    def _on_retry_button_clicked(self) -> None:
        failed = self.selected()
        if failed is not None:
            self.retry_button.setEnabled(False)
            self.retry_requested.emit(failed.entry_id)
