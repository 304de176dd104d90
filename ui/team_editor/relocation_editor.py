"""Relocations: rows of "from local date, lives in zone", with add and remove."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Signal, Slot
from PySide6.QtWidgets import QDateEdit, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from app.timeline.roster import Relocation
from app.timeline.zone_catalog import ZoneEntry
from app.timeline.zones import UnknownZone, canonical_zone_name
from ui.team_editor.away_editor import date_edit, to_date
from ui.team_editor.field_error import plain_label
from ui.team_editor.zone_picker import ZonePicker


class RelocationsEditor(QWidget):
    """Rows "from [date] in [zone picker] [Remove]" and an "Add relocation" button.

    ``relocations()`` returns them sorted by date, or None after showing an error under each
    unknown zone.

    Signals: ``relocations_edited()`` — a row was added, removed or changed.
    """

    relocations_edited = Signal()

    def __init__(self, *, catalog: tuple[ZoneEntry, ...], today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._catalog = catalog
        self._today = today
        self._rows: list[tuple[QWidget, QDateEdit, ZonePicker, QPushButton]] = []
        self._rows_layout = QVBoxLayout()
        self._rows_layout.setSpacing(2)
        self.add_button = QPushButton(self.tr("Add relocation"), self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self._rows_layout)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.add_button.clicked.connect(self._on_add_button_clicked)

    def set_relocations(self, relocations: tuple[Relocation, ...]) -> None:
        """Show ``relocations``, replacing the rows."""
        while self._rows:
            self._remove_row(self._rows[0][0])
        for move in relocations:
            self._add_row(move.start, move.zone)

    def relocations(self) -> tuple[Relocation, ...] | None:
        """The relocations sorted by date, or None when a zone is not valid (errors shown)."""
        found: list[Relocation] = []
        valid = True
        for _row, start_edit, picker, _remove in self._rows:
            try:
                zone_name = canonical_zone_name(picker.zone_text()).name
            except UnknownZone as problem:
                picker.error_label.show_error(str(problem))
                valid = False
                continue
            picker.error_label.clear_error()
            found.append(Relocation(to_date(start_edit.date()), zone_name))
        return tuple(sorted(found)) if valid else None

    def focus_widgets(self) -> list[QWidget]:
        """The controls in Tab order: each row's date, zone and Remove button, then the Add button."""
        widgets: list[QWidget] = []
        for _row, start_edit, picker, remove in self._rows:
            widgets += [start_edit, picker.line_edit, remove]
        return [*widgets, self.add_button]

    def row_count(self) -> int:
        """How many relocations are shown."""
        return len(self._rows)

    def row_widgets(self, row: int) -> tuple[QDateEdit, ZonePicker]:
        """The date editor and zone picker of ``row``."""
        return self._rows[row][1], self._rows[row][2]

    def _add_row(self, start: date, zone_name: str) -> None:
        row = QWidget(self)
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        number = len(self._rows) + 1
        start_edit = date_edit(row, start, self.tr("Relocation {n} from").format(n=number))
        picker = ZonePicker(catalog=self._catalog, show_details=False, parent=row)
        picker.line_edit.setAccessibleName(self.tr("Relocation {n} time zone").format(n=number))
        picker.set_zone(zone_name)
        remove = QPushButton(self.tr("Remove"), row)
        remove.setAccessibleName(self.tr("Remove relocation {n}").format(n=number))
        layout.addWidget(plain_label(self.tr("From"), row, start_edit))
        layout.addWidget(start_edit)
        layout.addWidget(plain_label(self.tr("in"), row, picker.line_edit))
        layout.addWidget(picker, 1)
        layout.addWidget(remove)
        self._rows_layout.addWidget(row)
        self._rows.append((row, start_edit, picker, remove))
        start_edit.dateChanged.connect(self._on_start_edit_date_changed)
        picker.zone_edited.connect(self._on_picker_zone_edited)
        remove.clicked.connect(self._on_remove_button_clicked)

    def _remove_row(self, row: QWidget) -> None:
        self._rows = [entry for entry in self._rows if entry[0] is not row]
        self._rows_layout.removeWidget(row)
        row.hide()
        row.deleteLater()

    @Slot()
    def _on_add_button_clicked(self) -> None:
        self._add_row(self._today, "")
        self._rows[-1][2].setFocus()
        self.relocations_edited.emit()

    @Slot()
    def _on_remove_button_clicked(self) -> None:
        button = self.sender()
        row = next(entry[0] for entry in self._rows if entry[3] is button)
        self._remove_row(row)
        self.add_button.setFocus()
        self.relocations_edited.emit()

    @Slot(QDate)
    def _on_start_edit_date_changed(self, _day: QDate) -> None:
        self.relocations_edited.emit()

    @Slot(str)
    def _on_picker_zone_edited(self, _text: str) -> None:
        self.relocations_edited.emit()
