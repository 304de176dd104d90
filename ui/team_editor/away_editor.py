"""Out-of-office ranges: rows of inclusive local from/to dates, with add and remove."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Signal, Slot
from PySide6.QtWidgets import QDateEdit, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from app.timeline.roster import AwayRange
from ui.team_editor.field_error import FieldErrorLabel, plain_label


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


class AwayRangesEditor(QWidget):
    """Rows "from [date] to [date] [Remove]" and an "Add out-of-office range" button.

    ``ranges()`` returns the ranges, or None after showing an error when one ends before it starts.

    Signals: ``ranges_edited()`` — a row was added, removed or changed.
    """

    ranges_edited = Signal()

    def __init__(self, *, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._today = today
        self._rows: list[tuple[QWidget, QDateEdit, QDateEdit, QPushButton]] = []
        self._rows_layout = QVBoxLayout()
        self._rows_layout.setSpacing(2)
        self.add_button = QPushButton(self.tr("Add out-of-office range"), self)
        self.error_label = FieldErrorLabel(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self._rows_layout)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        layout.addWidget(self.error_label)
        self.add_button.clicked.connect(self._on_add_button_clicked)

    def set_ranges(self, ranges: tuple[AwayRange, ...]) -> None:
        """Show ``ranges``, replacing the rows."""
        while self._rows:
            self._remove_row(self._rows[0][0])
        for span in ranges:
            self._add_row(span.first, span.last)
        self.error_label.clear_error()

    def ranges(self) -> tuple[AwayRange, ...] | None:
        """The ranges in row order, or None (error shown) when one ends before it starts."""
        found = []
        for _row, first_edit, last_edit, _remove in self._rows:
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
        for _row, first_edit, last_edit, remove in self._rows:
            widgets += [first_edit, last_edit, remove]
        return [*widgets, self.add_button]

    def row_count(self) -> int:
        """How many ranges are shown."""
        return len(self._rows)

    def date_edits(self, row: int) -> tuple[QDateEdit, QDateEdit]:
        """The from and to editors of ``row``."""
        return self._rows[row][1], self._rows[row][2]

    def _add_row(self, first: date, last: date) -> None:
        row = QWidget(self)
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        number = len(self._rows) + 1
        first_edit = date_edit(row, first, self.tr("Away from, range {n}").format(n=number))
        last_edit = date_edit(row, last, self.tr("Away until, range {n}").format(n=number))
        remove = QPushButton(self.tr("Remove"), row)
        remove.setAccessibleName(self.tr("Remove out-of-office range {n}").format(n=number))
        for text, edit in ((self.tr("From"), first_edit), (self.tr("to"), last_edit)):
            layout.addWidget(plain_label(text, row, edit))
            layout.addWidget(edit)
        layout.addWidget(remove)
        layout.addStretch(1)
        self._rows_layout.addWidget(row)
        self._rows.append((row, first_edit, last_edit, remove))
        first_edit.dateChanged.connect(self._on_date_edit_date_changed)
        last_edit.dateChanged.connect(self._on_date_edit_date_changed)
        remove.clicked.connect(self._on_remove_button_clicked)

    def _remove_row(self, row: QWidget) -> None:
        self._rows = [entry for entry in self._rows if entry[0] is not row]
        self._rows_layout.removeWidget(row)
        row.hide()
        row.deleteLater()

    @Slot()
    def _on_add_button_clicked(self) -> None:
        self._add_row(self._today, self._today)
        self._rows[-1][1].setFocus()
        self.ranges_edited.emit()

    @Slot()
    def _on_remove_button_clicked(self) -> None:
        button = self.sender()
        row = next(entry[0] for entry in self._rows if entry[3] is button)
        self._remove_row(row)
        self.add_button.setFocus()
        self.ranges_edited.emit()

    @Slot(QDate)
    def _on_date_edit_date_changed(self, _day: QDate) -> None:
        self.ranges()
        self.ranges_edited.emit()
