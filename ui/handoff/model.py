"""A table of handoffs by id, for the inbox, the drafts and the sent list.

The model holds the ids in the order the service returned them and the immutable records they
stand for (STYLE §9); a new snapshot resets it. Every text is a plain string (handoff and
tracker text is untrusted; the default delegate never renders it as HTML). Rows the hub marks
as overdue get the theme's warning colours *and* a "⚠" in the state text, never colour alone.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from app.store.records import HandoffRecord
from ui.theme import LIGHT, Tokens

_AnyIndex = QModelIndex | QPersistentModelIndex


class HandoffRole(IntEnum):
    """Custom data roles (any column answers them)."""

    HandoffIdRole = Qt.ItemDataRole.UserRole + 1
    """``str``: the handoff UUID."""
    OverdueRole = Qt.ItemDataRole.UserRole + 2
    """``bool``: highlighted as not acknowledged in time."""


@dataclass(frozen=True)
class Column:
    """A column: its header and the text of a record in it (``overdue`` is the row's flag)."""

    header: str
    text: Callable[[HandoffRecord, bool], str]


class HandoffTableModel(QAbstractTableModel):
    """Handoffs as rows, ``columns`` as columns; see the module docstring."""

    def __init__(self, *, columns: Sequence[Column], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._columns = tuple(columns)
        self._ids: list[str] = []
        self._records: dict[str, HandoffRecord] = {}
        self._overdue: frozenset[str] = frozenset()
        self._tokens = LIGHT

    def set_handoffs(self, handoffs: Sequence[HandoffRecord], overdue: frozenset[str] = frozenset()) -> None:
        """Show these handoffs in this order; ``overdue`` ids are highlighted."""
        self.beginResetModel()
        self._ids = [h.id for h in handoffs]
        self._records = {h.id: h for h in handoffs}
        self._overdue = overdue & set(self._ids)
        self.endResetModel()

    def set_tokens(self, tokens: Tokens) -> None:
        """Repaint highlighted rows in the new theme."""
        self._tokens = tokens
        if self._ids:
            self.dataChanged.emit(
                self.index(0, 0),
                self.index(len(self._ids) - 1, len(self._columns) - 1),
                [Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ForegroundRole],
            )

    def ids(self) -> list[str]:
        """The handoff ids in row order."""
        return list(self._ids)

    def record(self, handoff_id: str) -> HandoffRecord | None:
        """The record shown for ``handoff_id``."""
        return self._records.get(handoff_id)

    def row_of(self, handoff_id: str) -> int:
        """The row of ``handoff_id``, or -1."""
        return self._ids.index(handoff_id) if handoff_id in self._records else -1

    def rowCount(self, parent: _AnyIndex = QModelIndex()) -> int:  # noqa: B008, N802 (Qt API)
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: _AnyIndex = QModelIndex()) -> int:  # noqa: B008, N802 (Qt API)
        return 0 if parent.isValid() else len(self._columns)

    def headerData(  # noqa: N802 (Qt API)
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self._columns)
        ):
            return self._columns[section].header
        return None

    def data(self, index: _AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._ids):
            return None
        handoff_id = self._ids[index.row()]
        overdue = handoff_id in self._overdue
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._columns[index.column()].text(self._records[handoff_id], overdue)
        if role == HandoffRole.HandoffIdRole:
            return handoff_id
        if role == HandoffRole.OverdueRole:
            return overdue
        colours: dict[int, str] = {
            Qt.ItemDataRole.BackgroundRole: self._tokens.warning_surface,
            Qt.ItemDataRole.ForegroundRole: self._tokens.warning_text,
        }
        return QBrush(QColor(colours[role])) if overdue and role in colours else None

    def flags(self, index: _AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
