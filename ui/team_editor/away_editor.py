"""Out-of-office ranges: rows of inclusive local from/to dates, with add and remove."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Signal, Slot
from PySide6.QtWidgets import QDateEdit, QWidget

from app.timeline.roster import AwayRange
from ui.team_editor.field_error import FieldErrorLabel, plain_label
from ui.team_editor.row_list import RowListEditor


def to_date(day: QDate) -> date:
    """The local calendar date a ``QDate`` holds."""
    return date(day.year(), day.month(), day.day())


def date_edit(parent: QWidget, value: date, accessible_name: str) -> QDateEdit:
    """A calendar-popup ``QDateEdit`` in ISO format showing local date ``value``."""
    edit = QDateEdit(QDate(value.year, value.month, value.day), parent)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    edit.setAccessibleName(accessible_name)
    return edit


class AwayRangesEditor(RowListEditor):
    """Rows "from [date] to [date] [Remove]" and an "Add out-of-office range" button.

    ``ranges()`` returns the ranges, or None after showing an error when one ends before it starts.

    Signals: ``ranges_edited()`` — a row was added, removed or changed.
    """

    ranges_edited = Signal()

    def __init__(self, *, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent=parent)
        self.add_button.setText(self.tr("Add out-of-office range"))
        self._today = today
        self.error_label = FieldErrorLabel(self)
        self._layout.addWidget(self.error_label)

    def set_ranges(self, ranges: tuple[AwayRange, ...]) -> None:
        """Show ``ranges``, replacing the rows."""
        self._clear_rows()
        for span in ranges:
            self._add_row(span.first, span.last)
        self.error_label.clear_error()

    def ranges(self) -> tuple[AwayRange, ...] | None:
        """The ranges in row order, or None (error shown) when one ends before it starts."""
        found = []
        for first_edit, last_edit in (self.date_edits(n) for n in range(self.row_count())):
            first, last = to_date(first_edit.date()), to_date(last_edit.date())
            if last < first:
                self.error_label.show_error(
                    self.tr("{last} is before {first}").format(first=first, last=last)
                )
                return None
            found.append(AwayRange(first, last))
        self.error_label.clear_error()
        return tuple(found)

    def focus_widgets(self) -> list[QWidget]:
        """The controls in Tab order: each row's dates and Remove button, then the Add button."""
        widgets: list[QWidget] = []
        for entry in self._rows:
            widgets += [*entry.controls, entry.remove]
        return [*widgets, self.add_button]

    def date_edits(self, row: int) -> tuple[QDateEdit, QDateEdit]:
        """The from and to editors of ``row``."""
        first, last = self._rows[row].controls
        assert isinstance(first, QDateEdit) and isinstance(last, QDateEdit)
        return first, last

    def _add_row(self, first: date, last: date) -> QDateEdit:
        number = len(self._rows) + 1
        row, layout, remove = self._new_row(self.tr("Remove out-of-office range {n}").format(n=number))
        first_edit = date_edit(row, first, self.tr("Away from, range {n}").format(n=number))
        last_edit = date_edit(row, last, self.tr("Away until, range {n}").format(n=number))
        for text, edit in ((self.tr("From"), first_edit), (self.tr("to"), last_edit)):
            layout.addWidget(plain_label(text, row, edit))
            layout.addWidget(edit)
        layout.addWidget(remove)
        layout.addStretch(1)
        self._append_row(row, remove, first_edit, last_edit)
        first_edit.dateChanged.connect(self._on_date_edit_date_changed)
        last_edit.dateChanged.connect(self._on_date_edit_date_changed)
        return first_edit

    def _add_default_row(self) -> QWidget:
        return self._add_row(self._today, self._today)

    def _changed(self) -> None:
        self.ranges_edited.emit()

    @Slot(QDate)
    def _on_date_edit_date_changed(self, _day: QDate) -> None:
        self.ranges()
        self.ranges_edited.emit()
