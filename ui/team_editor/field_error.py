"""A validation message shown right under the field it is about."""

from __future__ import annotations

import itertools

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QLabel, QWidget

ERROR_TEXT_COLOUR = "#b3261e"
"""Named colour token for error text; the "⚠ " prefix carries the meaning without colour."""


class FieldErrorLabel(QLabel):
    """Plain-text error under a field: hidden while empty, prefixed with "⚠ " when shown.

    ``show_error(text)`` shows it (an empty text hides it), ``clear_error()`` hides it,
    ``error()`` is the current message without the prefix ("" when hidden).
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(True)
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.WindowText, QColor(ERROR_TEXT_COLOUR))
        self.setPalette(palette)
        self._error = ""
        self.hide()

    def show_error(self, text: str) -> None:
        """Show ``text`` (plain text, shown with a warning sign); an empty ``text`` hides the label."""
        self._error = text
        self.setText(f"⚠ {text}" if text else "")
        self.setAccessibleName(self.tr("Error: {text}").format(text=text) if text else "")
        self.setVisible(bool(text))

    def clear_error(self) -> None:
        """Hide the message."""
        self.show_error("")

    def error(self) -> str:
        """The message shown, without the warning sign ("" when none)."""
        return self._error


def plain_label(text: str, parent: QWidget, buddy: QWidget | None = None) -> QLabel:
    """A ``QLabel`` that never interprets markup; ``buddy`` makes its ``&`` mnemonic focus that widget."""
    label = QLabel(text, parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    if buddy is not None:
        label.setBuddy(buddy)
    return label


def chain_focus(widgets: list[QWidget]) -> None:
    """Make Tab visit ``widgets`` in the given order (``QWidget.setTabOrder`` pairwise)."""
    for first, second in itertools.pairwise(widgets):
        QWidget.setTabOrder(first, second)
