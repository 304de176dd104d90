"""Public-holiday region: a country combo and a subdivision combo for the chosen country."""

from __future__ import annotations

import babel
import holidays
from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QWidget

from app.timeline.holiday_calendar import supported_regions
from app.timeline.roster import HolidayRegion


def subdivision_names(country: str) -> dict[str, str]:
    """Subdivision code -> name for ``country`` (from the holidays package's aliases; may be empty)."""
    aliases = getattr(holidays.country_holidays(country, years=()), "subdivisions_aliases", {})
    names: dict[str, str] = {}
    for name, code in aliases.items():
        names.setdefault(str(code).upper(), str(name))
    return names


def country_weekend(country: str) -> frozenset[int]:
    """Weekday indexes (Monday = 0) ``country`` rests on, from the holidays package's ``weekend``
    attribute of the country's calendar (e.g. Friday and Saturday for ``SA``, Saturday and
    Sunday for ``DE``); Saturday and Sunday when the package gives none."""
    weekend = getattr(holidays.country_holidays(country, years=()), "weekend", None)
    return frozenset(int(day) for day in weekend) if weekend else frozenset({5, 6})


class HolidayRegionPicker(QWidget):
    """Country ("None" first, names in the viewer's language) and subdivision ("Whole country" first).

    Signals:
        region_edited(): the user picked another country or subdivision.
        country_picked(str): the user picked another country (its ISO 3166-1 code; not sent for
            "None" or when :meth:`set_region` shows a stored region).
    """

    region_edited = Signal()
    country_picked = Signal(str)

    def __init__(self, *, language: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        territories = babel.Locale.parse(language).territories
        self._regions = supported_regions()
        self.country_combo = QComboBox(self)
        self.country_combo.setAccessibleName(self.tr("Holiday country"))
        self.country_combo.addItem(self.tr("None"), None)
        for name, code in sorted((str(territories.get(code, code)), code) for code in self._regions):
            self.country_combo.addItem(f"{name} ({code})", code)
        self.subdivision_combo = QComboBox(self)
        self.subdivision_combo.setAccessibleName(self.tr("Holiday subdivision"))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.country_combo, 3)
        layout.addWidget(self.subdivision_combo, 2)
        self.setFocusProxy(self.country_combo)
        self._fill_subdivisions(None)
        self.country_combo.activated.connect(self._on_country_combo_activated)
        self.subdivision_combo.activated.connect(self._on_subdivision_combo_activated)

    def set_region(self, region: HolidayRegion | None) -> None:
        """Select ``region`` (None selects "None")."""
        country = region.country if region else None
        self.country_combo.setCurrentIndex(max(self.country_combo.findData(country), 0))
        self._fill_subdivisions(country)
        if region and region.subdivision:
            index = self.subdivision_combo.findData(region.subdivision.upper())
            if index < 0:  # a code the holidays package spells differently: keep it as stored
                self.subdivision_combo.addItem(region.subdivision, region.subdivision.upper())
                index = self.subdivision_combo.count() - 1
            self.subdivision_combo.setCurrentIndex(index)

    def region(self) -> HolidayRegion | None:
        """The selected region, or None."""
        country = self.country_combo.currentData()
        if not country:
            return None
        return HolidayRegion(str(country), self.subdivision_combo.currentData() or None)

    def _fill_subdivisions(self, country: str | None) -> None:
        self.subdivision_combo.clear()
        self.subdivision_combo.addItem(self.tr("Whole country"), None)
        if country:
            names = subdivision_names(country)
            for code in self._regions.get(country, []):
                name = names.get(code.upper())
                self.subdivision_combo.addItem(f"{name} ({code})" if name else code, code.upper())
        self.subdivision_combo.setEnabled(self.subdivision_combo.count() > 1)

    @Slot(int)
    def _on_country_combo_activated(self, index: int) -> None:
        country = self.country_combo.itemData(index)
        self._fill_subdivisions(country)
        if country:
            self.country_picked.emit(str(country))
        self.region_edited.emit()

    @Slot(int)
    def _on_subdivision_combo_activated(self, _index: int) -> None:
        self.region_edited.emit()
