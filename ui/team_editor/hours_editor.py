"""Weekly working hours: one line per weekday with local wall-clock ranges."""

from __future__ import annotations

import babel
from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import QGridLayout, QLabel, QLineEdit, QWidget

from app.timeline.roster import ShiftRule, weekly_hours
from app.timeline.roster_file import parse_range
from ui.team_editor.field_error import FieldErrorLabel


def parse_day(text: str) -> tuple[ShiftRule, ...]:
    """``"09:00-12:00, 22:00-06:00"`` -> rules; raises ValueError naming the bad range."""
    return tuple(parse_range(part.strip()) for part in text.split(",") if part.strip())


def format_day(rules: tuple[ShiftRule, ...]) -> str:
    """The inverse of ``parse_day``: ``"09:00-12:00, 22:00-06:00"``."""
    return ", ".join(str(rule) for rule in rules)


class WeeklyHoursEditor(QWidget):
    """Seven lines (Monday first) of comma-separated ranges like ``09:00-17:30, 22:00-06:00``.

    A range that ends before it starts crosses midnight, belongs to the day it starts and is
    shown with a "next day" hint.  ``hours()`` returns ``Teammate.hours`` or None after showing
    an error under each bad line.

    Signals: ``hours_edited()`` — the user changed a line.
    """

    hours_edited = Signal()

    def __init__(self, *, language: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        locale = babel.Locale.parse(language)
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setHorizontalSpacing(8)
        layout.setVerticalSpacing(2)
        layout.setColumnStretch(1, 1)
        self.day_edits: list[QLineEdit] = []
        self._hints: list[QLabel] = []
        self._errors: list[FieldErrorLabel] = []
        for day in range(7):
            name = str(locale.days["format"]["wide"][day])
            label = QLabel(name, self)
            label.setTextFormat(Qt.TextFormat.PlainText)
            edit = QLineEdit(self)
            edit.setPlaceholderText(self.tr("off"))
            edit.setAccessibleName(self.tr("Working hours on {day}").format(day=name))
            edit.setToolTip(self.tr("Local ranges like 09:00-17:30, several separated by commas"))
            label.setBuddy(edit)
            hint = QLabel(self)
            hint.setTextFormat(Qt.TextFormat.PlainText)
            error = FieldErrorLabel(self)
            layout.addWidget(label, day * 2, 0)
            layout.addWidget(edit, day * 2, 1)
            layout.addWidget(hint, day * 2, 2)
            layout.addWidget(error, day * 2 + 1, 1, 1, 2)
            edit.textEdited.connect(self._on_day_edit_text_edited)
            self.day_edits.append(edit)
            self._hints.append(hint)
            self._errors.append(error)
        caption = QLabel(
            self.tr(
                "Local time in the teammate's zone, e.g. 09:00-12:00, 13:00-17:30; 22:00-06:00 ends next day."
            ),
            self,
        )
        caption.setTextFormat(Qt.TextFormat.PlainText)
        caption.setWordWrap(True)
        font = caption.font()
        font.setPointSizeF(font.pointSizeF() * 0.9)
        caption.setFont(font)
        layout.addWidget(caption, 14, 0, 1, 3)
        self.setFocusProxy(self.day_edits[0])

    def set_hours(self, hours: tuple[tuple[ShiftRule, ...], ...]) -> None:
        """Show ``Teammate.hours`` (seven tuples, Monday first)."""
        for day, rules in enumerate(hours):
            self.day_edits[day].setText(format_day(rules))
            self._errors[day].clear_error()
            self._update_hint(day, rules)

    def hours(self) -> tuple[tuple[ShiftRule, ...], ...] | None:
        """The edited hours, or None after showing the errors next to the bad lines."""
        rules: dict[int, tuple[ShiftRule, ...]] = {}
        for day, edit in enumerate(self.day_edits):
            try:
                rules[day] = parse_day(edit.text())
            except ValueError as problem:
                self._errors[day].show_error(str(problem))
            else:
                self._errors[day].clear_error()
        return weekly_hours(rules) if len(rules) == 7 else None

    def errors(self) -> list[str]:
        """Messages currently shown, Monday first (empty lines skipped)."""
        return [error.error() for error in self._errors if error.error()]

    def _update_hint(self, day: int, rules: tuple[ShiftRule, ...]) -> None:
        night = [str(rule) for rule in rules if rule.crosses_midnight]
        self._hints[day].setText(
            self.tr("{ranges} ends next day").format(ranges=", ".join(night)) if night else ""
        )

    @Slot(str)
    def _on_day_edit_text_edited(self, text: str) -> None:
        day = next(index for index, edit in enumerate(self.day_edits) if edit is self.sender())
        try:
            rules = parse_day(text)
        except ValueError as problem:
            self._errors[day].show_error(str(problem))
            self._hints[day].setText("")
        else:
            self._errors[day].clear_error()
            self._update_hint(day, rules)
        self.hours_edited.emit()
