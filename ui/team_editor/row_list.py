"""A list of editable rows, each with a Remove button, and an Add button below: the shared
mechanics of the out-of-office and relocation editors."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget


@dataclass(frozen=True)
class RowEntry:
    """One row: its container widget, its Remove button and its input controls in order."""

    container: QWidget
    remove: QPushButton
    controls: tuple[QWidget, ...]


class RowListEditor(QWidget):
    """Subclasses build rows with :meth:`_new_row` / :meth:`_append_row` and implement
    :meth:`_add_default_row` (returns the widget to focus) and :meth:`_changed` (emit their
    own "edited" signal)."""

    def __init__(self, *, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[RowEntry] = []
        self._rows_layout = QVBoxLayout()
        self._rows_layout.setSpacing(2)
        self.add_button = QPushButton(self)  # subclasses set its text
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.addLayout(self._rows_layout)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addStretch(1)
        self._layout.addLayout(buttons)
        self.add_button.clicked.connect(self._on_add_button_clicked)

    def row_count(self) -> int:
        """How many rows are shown."""
        return len(self._rows)

    def _new_row(self, remove_name: str) -> tuple[QWidget, QHBoxLayout, QPushButton]:
        row = QWidget(self)
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        remove = QPushButton(self.tr("Remove"), row)
        remove.setAccessibleName(remove_name)
        remove.clicked.connect(self._on_remove_button_clicked)
        return row, layout, remove

    def _append_row(self, row: QWidget, remove: QPushButton, *controls: QWidget) -> None:
        self._rows_layout.addWidget(row)
        self._rows.append(RowEntry(row, remove, controls))

    def _clear_rows(self) -> None:
        while self._rows:
            self._remove_row(self._rows[0].container)

    def _remove_row(self, row: QWidget) -> None:
        self._rows = [entry for entry in self._rows if entry.container is not row]
        self._rows_layout.removeWidget(row)
        row.hide()
        row.deleteLater()

    def _add_default_row(self) -> QWidget:
        raise NotImplementedError

    def _changed(self) -> None:
        raise NotImplementedError

    @Slot()
    def _on_add_button_clicked(self) -> None:
        self._add_default_row().setFocus()
        self._changed()

    @Slot()
    def _on_remove_button_clicked(self) -> None:
        button = self.sender()
        row = next(entry.container for entry in self._rows if entry.remove is button)
        self._remove_row(row)
        self.add_button.setFocus()
        self._changed()
