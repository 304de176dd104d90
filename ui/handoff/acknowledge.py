"""Acknowledge a received handoff: read back the top next actions, ask a question back.

The read-back follows clinical I-PASS handoffs: the receiver restates what they will do next,
in their own words, so a misunderstanding shows up before the sender has gone offline.
Both fields are optional.
"""

from __future__ import annotations

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.domain import Section
from app.store.records import HandoffRecord
from ui.team_editor.field_error import plain_label

TOP_ACTIONS = 3
"""How many next actions are listed for the read-back."""


class AcknowledgeDialog(QDialog):
    """Asks for an optional read-back and question before acknowledging ``handoff``."""

    def __init__(self, *, handoff: HandoffRecord, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.handoff = handoff
        self.setWindowTitle(self.tr("Acknowledge Handoff"))
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        title = handoff.title or self.tr("Handoff")
        layout.addWidget(
            plain_label(self.tr("{title} — from {author}").format(title=title, author=handoff.author), self)
        )
        actions = [item for item in handoff.items if item.section == Section.NEXT_ACTIONS.value][:TOP_ACTIONS]
        self.action_labels: list[QLabel] = []
        if actions:
            layout.addWidget(plain_label(self.tr("Top next actions:"), self))
            for number, item in enumerate(actions, start=1):
                owner = f" ({item.owner})" if item.owner else ""
                label = plain_label(f"{number}. {' '.join(item.text.split())}{owner}", self)
                label.setWordWrap(True)
                self.action_labels.append(label)
                layout.addWidget(label)
        self.read_back_edit = QPlainTextEdit(self)
        self.read_back_edit.setTabChangesFocus(True)
        self.read_back_edit.setAccessibleName(self.tr("Read-back of the next actions"))
        self.read_back_edit.setPlaceholderText(
            self.tr("Optional: restate the next actions in your own words")
            if actions
            else self.tr("Optional: restate what you will do next")
        )
        self.question_edit = QPlainTextEdit(self)
        self.question_edit.setTabChangesFocus(True)
        self.question_edit.setAccessibleName(self.tr("Question back to the sender"))
        self.question_edit.setPlaceholderText(
            self.tr("Optional: a question back to {author}").format(author=handoff.author)
        )
        for edit in (self.read_back_edit, self.question_edit):
            edit.setFixedHeight(edit.fontMetrics().lineSpacing() * 4 + 14)
        layout.addWidget(plain_label(self.tr("&Read-back:"), self, self.read_back_edit))
        layout.addWidget(self.read_back_edit)
        layout.addWidget(plain_label(self.tr("&Question back:"), self, self.question_edit))
        layout.addWidget(self.question_edit)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("&Acknowledge"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, self.accept)
        self.read_back_edit.setFocus()

    def read_back(self) -> str:
        """The read-back as typed ("" when none)."""
        return self.read_back_edit.toPlainText().strip()

    def question(self) -> str:
        """The question back ("" when none)."""
        return self.question_edit.toPlainText().strip()
