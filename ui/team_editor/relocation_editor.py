"""Relocations: rows of "from local date, lives in zone", with add and remove."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Signal, Slot
from PySide6.QtWidgets import QDateEdit, QWidget

from app.timeline.roster import Relocation
from app.timeline.zone_catalog import ZoneEntry
from app.timeline.zones import UnknownZone, canonical_zone_name
from ui.team_editor.away_editor import date_edit, to_date
from ui.team_editor.field_error import plain_label
from ui.team_editor.row_list import RowListEditor
from ui.team_editor.zone_picker import ZonePicker


class RelocationsEditor(RowListEditor):
    """Rows "from [date] in [zone picker] [Remove]" and an "Add relocation" button.

    ``relocations()`` returns them sorted by date, or None after showing an error under each
    unknown zone.

    Signals: ``relocations_edited()`` — a row was added, removed or changed.
    """

    relocations_edited = Signal()

    def __init__(self, *, catalog: tuple[ZoneEntry, ...], today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent=parent)
        self.add_button.setText(self.tr("Add relocation"))
        self._catalog = catalog
        self._today = today

    def set_relocations(self, relocations: tuple[Relocation, ...]) -> None:
        """Show ``relocations``, replacing the rows."""
        self._clear_rows()
        for move in relocations:
            self._add_row(move.start, move.zone)

    def relocations(self) -> tuple[Relocation, ...] | None:
        """The relocations sorted by date, or None when a zone is not valid (errors shown)."""
        found: list[Relocation] = []
        valid = True
        for start_edit, picker in (self.row_widgets(n) for n in range(self.row_count())):
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
        for n, entry in enumerate(self._rows):
            start_edit, picker = self.row_widgets(n)
            widgets += [start_edit, picker.line_edit, entry.remove]
        return [*widgets, self.add_button]

    def row_widgets(self, row: int) -> tuple[QDateEdit, ZonePicker]:
        """The date editor and zone picker of ``row``."""
        start_edit, picker = self._rows[row].controls
        assert isinstance(start_edit, QDateEdit) and isinstance(picker, ZonePicker)
        return start_edit, picker

    def _add_row(self, start: date, zone_name: str) -> ZonePicker:
        number = len(self._rows) + 1
        row, layout, remove = self._new_row(self.tr("Remove relocation {n}").format(n=number))
        start_edit = date_edit(row, start, self.tr("Relocation {n} from").format(n=number))
        picker = ZonePicker(catalog=self._catalog, show_details=False, parent=row)
        picker.line_edit.setAccessibleName(self.tr("Relocation {n} time zone").format(n=number))
        picker.set_zone(zone_name)
        layout.addWidget(plain_label(self.tr("From"), row, start_edit))
        layout.addWidget(start_edit)
        layout.addWidget(plain_label(self.tr("in"), row, picker.line_edit))
        layout.addWidget(picker, 1)
        layout.addWidget(remove)
        self._append_row(row, remove, start_edit, picker)
        start_edit.dateChanged.connect(self._on_start_edit_date_changed)
        picker.zone_edited.connect(self._on_picker_zone_edited)
        return picker

    def _add_default_row(self) -> QWidget:
        return self._add_row(self._today, "")

    def _changed(self) -> None:
        self.relocations_edited.emit()

    @Slot(QDate)
    def _on_start_edit_date_changed(self, _day: QDate) -> None:
        self.relocations_edited.emit()

    @Slot(str)
    def _on_picker_zone_edited(self, _text: str) -> None:
        self.relocations_edited.emit()
