"""The form for one teammate: every roster field, each with its error shown right under it."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import babel
from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QCompleter,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.timeline.roster import MINUTES_PER_DAY, Teammate
from app.timeline.zone_catalog import ZoneEntry
from app.timeline.zones import UnknownZone, canonical_zone_name
from ui.team_editor.away_editor import AwayRangesEditor
from ui.team_editor.field_error import FieldErrorLabel, plain_label
from ui.team_editor.holiday_picker import HolidayRegionPicker, country_weekend
from ui.team_editor.hours_editor import WeeklyHoursEditor
from ui.team_editor.relocation_editor import RelocationsEditor
from ui.team_editor.zone_picker import ZonePicker


def _with_error(parent: QWidget, field: QWidget) -> tuple[QWidget, FieldErrorLabel]:
    box = QWidget(parent)
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(2)
    layout.addWidget(field)
    error = FieldErrorLabel(box)
    layout.addWidget(error)
    box.setFocusProxy(field)
    return box, error


class TeammateForm(QWidget):
    """Edits one ``Teammate``.  ``set_teammate`` shows one; ``teammate()`` validates and builds it.

    ``taken_names`` (given to ``set_teammate``) are the other teammates' names: a duplicate is an
    error under the name field.  ``is_modified()`` tells whether the user changed anything since
    ``set_teammate``; the dialog keeps the original value when not, so it round-trips unchanged.

    Signals: ``teammate_edited()`` — any field changed; ``name_edited(str)`` — the name changed.
    """

    teammate_edited = Signal()
    name_edited = Signal(str)

    def __init__(
        self, *, catalog: tuple[ZoneEntry, ...], language: str, today: date, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._original: Teammate | None = None
        self._taken: frozenset[str] = frozenset()
        self._modified = False
        self._loading = False
        locale = babel.Locale.parse(language)
        self.name_edit = QLineEdit(self)
        self.name_edit.setAccessibleName(self.tr("Name"))
        self.zone_picker = ZonePicker(catalog=catalog, parent=self)
        self.locale_edit = QLineEdit(self)
        self.locale_edit.setAccessibleName(self.tr("Locale"))
        self.locale_edit.setPlaceholderText(self.tr("e.g. en_US, de_DE, ja_JP"))
        locales = QCompleter(sorted(babel.localedata.locale_identifiers()), self.locale_edit)
        locales.setCaseSensitivity(locales.caseSensitivity().CaseInsensitive)
        self.locale_edit.setCompleter(locales)
        self.team_edit = QLineEdit(self)
        self.team_edit.setAccessibleName(self.tr("Team or region"))
        self.hours_editor = WeeklyHoursEditor(language=language, parent=self)
        weekend = self._build_weekend(locale)
        self.holiday_picker = HolidayRegionPicker(language=language, parent=self)
        self.away_editor = AwayRangesEditor(today=today, parent=self)
        self.relocations_editor = RelocationsEditor(catalog=catalog, today=today, parent=self)
        self.cutoff_spin = QSpinBox(self)
        self.cutoff_spin.setRange(0, MINUTES_PER_DAY)
        self.cutoff_spin.setSuffix(self.tr(" min"))
        self.cutoff_spin.setAccessibleName(self.tr("Handoff cutoff, minutes before shift end"))
        cutoff = self._build_cutoff()
        name_box, self.name_error = _with_error(self, self.name_edit)
        locale_box, self.locale_error = _with_error(self, self.locale_edit)
        layout = QFormLayout(self)
        layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        layout.setVerticalSpacing(10)
        for text, field in (
            (self.tr("&Name"), name_box),
            (self.tr("&Zone"), self.zone_picker),
            (self.tr("&Locale"), locale_box),
            (self.tr("&Team or region"), self.team_edit),
            (self.tr("Working &hours"), self.hours_editor),
            (self.tr("Wee&kend"), weekend),
            (self.tr("Public h&olidays"), self.holiday_picker),
            (self.tr("Out of o&ffice"), self.away_editor),
            (self.tr("&Relocations"), self.relocations_editor),
            (self.tr("Handoff &cutoff"), cutoff),
        ):
            layout.addRow(plain_label(text, self, field), field)
        self.name_edit.textEdited.connect(self._on_name_edit_text_edited)
        for text_signal in (
            self.zone_picker.zone_edited,
            self.locale_edit.textEdited,
            self.team_edit.textEdited,
        ):
            text_signal.connect(self._on_field_text_edited)
        for signal in (
            self.hours_editor.hours_edited,
            self.holiday_picker.region_edited,
            self.away_editor.ranges_edited,
            self.relocations_editor.relocations_edited,
        ):
            signal.connect(self._on_field_edited)
        self.cutoff_spin.valueChanged.connect(self._on_cutoff_spin_value_changed)
        self.holiday_picker.country_picked.connect(self._on_holiday_picker_country_picked)

    def _build_weekend(self, locale: babel.Locale) -> QWidget:
        weekend = QWidget(self)
        weekend_layout = QHBoxLayout(weekend)
        weekend_layout.setContentsMargins(0, 0, 0, 0)
        self.weekend_boxes: list[QCheckBox] = []
        for day in range(7):
            box = QCheckBox(str(locale.days["format"]["abbreviated"][day]), weekend)
            box.setAccessibleName(self.tr("Weekend: {day}").format(day=locale.days["format"]["wide"][day]))
            weekend_layout.addWidget(box)
            self.weekend_boxes.append(box)
            box.toggled.connect(self._on_weekend_box_toggled)
        weekend_layout.addStretch(1)
        weekend.setFocusProxy(self.weekend_boxes[0])
        return weekend

    def _build_cutoff(self) -> QWidget:
        cutoff = QWidget(self)
        cutoff_layout = QHBoxLayout(cutoff)
        cutoff_layout.setContentsMargins(0, 0, 0, 0)
        cutoff_layout.addWidget(self.cutoff_spin)
        cutoff_layout.addWidget(plain_label(self.tr("before each shift ends"), cutoff))
        cutoff_layout.addStretch(1)
        cutoff.setFocusProxy(self.cutoff_spin)
        return cutoff

    def set_teammate(
        self, teammate: Teammate, *, taken_names: frozenset[str], modified: bool = False
    ) -> None:
        """Show ``teammate``; ``modified=True`` marks a new, never validated teammate."""
        self._original = teammate
        self._taken = taken_names
        self._loading = True
        self.name_edit.setText(teammate.name)
        self.zone_picker.set_zone(teammate.zone)
        self.locale_edit.setText(teammate.locale)
        self.team_edit.setText(teammate.team)
        self.hours_editor.set_hours(teammate.hours)
        for day, box in enumerate(self.weekend_boxes):
            box.setChecked(day in teammate.weekend)
        self.holiday_picker.set_region(teammate.holidays)
        self.away_editor.set_ranges(teammate.away)
        self.relocations_editor.set_relocations(teammate.relocations)
        self.cutoff_spin.setValue(teammate.cutoff_minutes)
        for error in (self.name_error, self.locale_error, self.zone_picker.error_label):
            error.clear_error()
        self._modified = modified
        self._loading = False

    def focus_widgets(self) -> list[QWidget]:
        """Every control in reading order, for the dialog's Tab order (rows included)."""
        return [
            self.name_edit,
            self.zone_picker.line_edit,
            self.locale_edit,
            self.team_edit,
            *self.hours_editor.day_edits,
            *self.weekend_boxes,
            self.holiday_picker.country_combo,
            self.holiday_picker.subdivision_combo,
            *self.away_editor.focus_widgets(),
            *self.relocations_editor.focus_widgets(),
            self.cutoff_spin,
        ]

    def is_modified(self) -> bool:
        """True when the user changed a field since ``set_teammate`` (or it is a new teammate)."""
        return self._modified

    def teammate(self) -> Teammate | None:
        """The edited teammate, or None after showing every error next to its field.

        Returns the very object given to ``set_teammate`` when nothing was modified.
        """
        if self._original is not None and not self._modified:
            return self._original
        name = self.name_edit.text().strip()
        self.name_error.show_error(
            self.tr("A name is required")
            if not name
            else self.tr("Another teammate is called {name}").format(name=name)
            if name in self._taken
            else ""
        )
        zone_name = self._zone()
        locale = self.locale_edit.text().strip() or "en_US"
        try:
            babel.Locale.parse(locale)
        except (ValueError, babel.UnknownLocaleError):
            self.locale_error.show_error(
                self.tr("Unknown locale {locale} (e.g. en_US, de_DE)").format(locale=locale)
            )
        else:
            self.locale_error.clear_error()
        hours = self.hours_editor.hours()
        away = self.away_editor.ranges()
        relocations = self.relocations_editor.relocations()
        if self.name_error.error() or self.locale_error.error() or zone_name is None:
            return None
        if hours is None or away is None or relocations is None or self._original is None:
            return None
        return replace(
            self._original,
            name=name,
            zone=zone_name,
            locale=locale,
            team=self.team_edit.text().strip(),
            hours=hours,
            weekend=frozenset(day for day, box in enumerate(self.weekend_boxes) if box.isChecked()),
            holidays=self.holiday_picker.region(),
            away=away,
            relocations=relocations,
            cutoff_minutes=self.cutoff_spin.value(),
        )

    def _zone(self) -> str | None:
        if not self.zone_picker.zone_text():
            self.zone_picker.error_label.show_error(self.tr("A time zone is required, e.g. Europe/Berlin"))
            return None
        try:
            resolved = canonical_zone_name(self.zone_picker.zone_text())
        except UnknownZone as problem:
            self.zone_picker.error_label.show_error(str(problem))
            return None
        self.zone_picker.error_label.clear_error()
        return resolved.name

    @Slot()
    def _on_field_edited(self) -> None:
        if self._loading:
            return
        self._modified = True
        self.teammate_edited.emit()

    @Slot(str)
    def _on_field_text_edited(self, _text: str) -> None:
        self._on_field_edited()

    @Slot(bool)
    def _on_weekend_box_toggled(self, _checked: bool) -> None:
        self._on_field_edited()

    @Slot(str)
    def _on_holiday_picker_country_picked(self, country: str) -> None:
        """A new holiday country brings its weekend (the user can still change the boxes)."""
        weekend = country_weekend(country)
        for day, box in enumerate(self.weekend_boxes):
            box.setChecked(day in weekend)

    @Slot(int)
    def _on_cutoff_spin_value_changed(self, _minutes: int) -> None:
        self._on_field_edited()

    @Slot(str)
    def _on_name_edit_text_edited(self, text: str) -> None:
        self._modified = True
        self.name_edited.emit(text.strip())
        self.teammate_edited.emit()
