"""The settings dialog: locale, clock format, theme, your time zone, who you are, reminders.

It edits an :class:`app.settings.Settings` value and hands the new one back; saving is the
caller's job. The data directory is shown (read-only) so users know where their data lives.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.settings import Settings
from app.timeline.zones import UnknownZone, available_zones, canonical_zone_name

LOCALES = (
    "en_US", "en_GB", "en_AU", "en_CA", "en_IN", "de_DE", "fr_FR", "es_ES", "es_MX", "pt_BR",
    "it_IT", "nl_NL", "pl_PL", "sv_SE", "ja_JP", "zh_CN", "ko_KR", "hi_IN", "ar_SA",
)  # fmt: skip


class SettingsDialog(QDialog):
    """Edit the user's settings; read :meth:`settings` after ``accepted``."""

    def __init__(
        self, *, settings: Settings, data_dir: str, teammates: list[str], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Baton Settings"))
        self._original = settings
        form = QFormLayout()
        self.locale_box = QComboBox(self)
        self.locale_box.addItem(self.tr("System default"), None)
        for code in LOCALES:
            self.locale_box.addItem(code, code)
        self._select(self.locale_box, settings.locale)
        self.clock_box = QComboBox(self)
        for label, value in (
            (self.tr("As the locale does"), "locale"),
            (self.tr("12-hour"), "12"),
            (self.tr("24-hour"), "24"),
        ):
            self.clock_box.addItem(label, value)
        self._select(self.clock_box, settings.hour_cycle)
        self.theme_box = QComboBox(self)
        for label, value in (
            (self.tr("Follow the system"), "system"),
            (self.tr("Light"), "light"),
            (self.tr("Dark"), "dark"),
        ):
            self.theme_box.addItem(label, value)
        self._select(self.theme_box, settings.theme)
        self.zone_box = QComboBox(self)
        self.zone_box.setEditable(True)
        self.zone_box.addItem(self.tr("System time zone"), None)
        for name in sorted(
            z for z in available_zones() if "/" in z and not z.startswith(("Etc/", "SystemV/"))
        ):
            self.zone_box.addItem(name, name)
        self._select(self.zone_box, settings.viewer_zone)
        self.me_box = QComboBox(self)
        self.me_box.addItem(self.tr("Not set"), None)
        for name in teammates:
            self.me_box.addItem(name, name)
        self._select(self.me_box, settings.me)
        self.reminder_spin = self._minutes(settings.reminder_lead_minutes)
        self.unacknowledged_spin = self._minutes(settings.unacknowledged_after_minutes)
        data = QLabel(data_dir, self)
        data.setTextFormat(Qt.TextFormat.PlainText)
        data.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        data.setAccessibleName(self.tr("Data directory"))
        self.zone_error = QLabel("", self)
        self.zone_error.setTextFormat(Qt.TextFormat.PlainText)
        self.zone_error.setVisible(False)
        rows = (
            (self.tr("&Language and formats:"), self.locale_box),
            (self.tr("&Clock:"), self.clock_box),
            (self.tr("&Theme:"), self.theme_box),
            (self.tr("Your time &zone:"), self.zone_box),
            (self.tr("&You are:"), self.me_box),
            (self.tr("&Remind me before my cutoff:"), self.reminder_spin),
            (self.tr("&Highlight unacknowledged handoffs after:"), self.unacknowledged_spin),
        )
        for text, widget in rows:
            buddy = QLabel(text, self)
            buddy.setBuddy(widget)
            widget.setAccessibleName(text.replace("&", "").rstrip(":"))
            form.addRow(buddy, widget)
            if widget is self.zone_box:
                form.addRow("", self.zone_error)
        form.addRow(self.tr("Data directory:"), data)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.buttons)

    def _minutes(self, value: int) -> QSpinBox:
        spin = QSpinBox(self)
        spin.setRange(0, 24 * 60)
        spin.setSingleStep(5)
        spin.setSuffix(self.tr(" min"))
        spin.setValue(value)
        return spin

    @staticmethod
    def _select(box: QComboBox, value: object) -> None:
        index = box.findData(value)
        if index >= 0:
            box.setCurrentIndex(index)
        elif isinstance(value, str):
            box.setEditText(value)

    def _zone(self) -> str | None:
        data = self.zone_box.currentData()
        text = self.zone_box.currentText().strip()
        if data is not None or text == self.zone_box.itemText(0) or not text:
            return data  # type: ignore[no-any-return]
        return canonical_zone_name(text).name

    def settings(self) -> Settings:
        """The edited settings. Raises ``UnknownZone`` when the typed zone is not an IANA zone."""
        return replace(
            self._original,
            locale=self.locale_box.currentData(),
            hour_cycle=self.clock_box.currentData(),
            theme=self.theme_box.currentData(),
            viewer_zone=self._zone(),
            me=self.me_box.currentData(),
            reminder_lead_minutes=self.reminder_spin.value(),
            unacknowledged_after_minutes=self.unacknowledged_spin.value(),
        )

    @Slot()
    def _on_buttons_accepted(self) -> None:
        try:
            self.settings()
        except UnknownZone as problem:
            self.zone_error.setText(f"✖ {problem}")
            self.zone_error.setVisible(True)
            self.zone_box.setFocus()
            return
        self.accept()
