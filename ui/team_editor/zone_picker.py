"""The zone picker: a line edit that suggests IANA zones by city, country or zone name."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QCompleter, QLabel, QLineEdit, QVBoxLayout, QWidget

from app.timeline.zone_catalog import ZoneEntry, search_zones
from ui.team_editor.field_error import FieldErrorLabel

ZONE_ROLE = Qt.ItemDataRole.UserRole + 1
"""Item role holding the canonical IANA zone name of a suggestion."""
MAX_SUGGESTIONS = 50


class ZonePicker(QWidget):
    """Type "Kathmandu", "Nepal", "Asia/Kat" or "India" and pick from the suggestions.

    The text is the zone name (``zone_text()``); it is validated by the form, which shows errors
    in ``error_label``.  ``detail_label`` describes the zone typed when the catalogue knows it
    ("Kathmandu — Nepal (Asia/Kathmandu, UTC+05:45)").

    Signals: ``zone_edited(str)`` — the user typed or picked a zone; the argument is the text.
    """

    zone_edited = Signal(str)

    def __init__(
        self, *, catalog: tuple[ZoneEntry, ...], show_details: bool = True, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._catalog = catalog
        self._by_zone = {entry.zone: entry for entry in catalog}
        self.line_edit = QLineEdit(self)
        self.line_edit.setPlaceholderText(self.tr("City, country or zone, e.g. Kathmandu"))
        self.line_edit.setAccessibleName(self.tr("Time zone"))
        self.line_edit.setClearButtonEnabled(True)
        self._model = QStandardItemModel(self)
        self.completer = QCompleter(self._model, self)
        self.completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.completer.setCompletionRole(ZONE_ROLE)
        self.completer.setMaxVisibleItems(10)
        self.completer.setWidget(self.line_edit)
        self.detail_label = QLabel(self)
        self.detail_label.setTextFormat(Qt.TextFormat.PlainText)
        self.detail_label.setVisible(show_details)
        self._show_details = show_details
        self.error_label = FieldErrorLabel(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.line_edit)
        layout.addWidget(self.detail_label)
        layout.addWidget(self.error_label)
        self.setFocusProxy(self.line_edit)
        self.line_edit.textEdited.connect(self._on_line_edit_text_edited)
        self.line_edit.textChanged.connect(self._on_line_edit_text_changed)
        self.completer.activated[str].connect(  # type: ignore[index]  # the str overload
            self._on_completer_activated
        )

    def zone_text(self) -> str:
        """The zone name as typed, stripped of surrounding spaces."""
        return self.line_edit.text().strip()

    def set_zone(self, name: str) -> None:
        """Show ``name`` without emitting ``zone_edited``."""
        self.line_edit.setText(name)

    def suggestions(self) -> list[str]:
        """Zone names currently offered, best first."""
        return [self._model.item(row).data(ZONE_ROLE) for row in range(self._model.rowCount())]

    def _update_detail(self) -> None:
        entry = self._by_zone.get(self.zone_text())
        self.detail_label.setText(entry.label if entry else "")
        self.detail_label.setVisible(self._show_details and entry is not None)

    def _fill(self, query: str) -> None:
        self._model.clear()
        for entry in search_zones(self._catalog, query)[:MAX_SUGGESTIONS] if query.strip() else ():
            item = QStandardItem(entry.label)
            item.setData(entry.zone, ZONE_ROLE)
            item.setEditable(False)
            self._model.appendRow(item)

    @Slot(str)
    def _on_line_edit_text_edited(self, text: str) -> None:
        self._fill(text)
        if self._model.rowCount() and text.strip() not in self._by_zone:
            self.completer.complete()
        else:
            popup = self.completer.popup()
            if popup is not None:
                popup.hide()
        self.zone_edited.emit(text)

    @Slot(str)
    def _on_line_edit_text_changed(self, _text: str) -> None:
        self._update_detail()

    @Slot(str)
    def _on_completer_activated(self, zone_name: str) -> None:
        self.line_edit.setText(zone_name)
        self.zone_edited.emit(zone_name)
