"""Translations: every catalogue compiles and keeps the source's placeholders, the template is
current, and with the German locale the window shows German text."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.clock import FixedClock
from app.settings import Settings, save_settings
from ui.controller import AppController, Environment
from ui.translations import catalogue_dir, load_catalogue

CATALOGUES = sorted(catalogue_dir().glob("*/LC_MESSAGES/baton.po"))
PLACEHOLDER = re.compile(r"\{[a-z_]+\}")


def test_there_is_a_german_catalogue() -> None:
    assert catalogue_dir() / "de" / "LC_MESSAGES" / "baton.po" in CATALOGUES


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: p.parent.parent.name)
def test_each_catalogue_compiles_and_keeps_the_placeholders(path: Path) -> None:
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=path.parent.parent.name)
    assert not catalog.fuzzy
    translated = [m for m in catalog if m.id and m.string]
    assert len(translated) >= 30
    for message in translated:
        assert sorted(PLACEHOLDER.findall(str(message.string))) == sorted(
            PLACEHOLDER.findall(str(message.id))
        ), message.id
        assert str(message.id).count("&") <= 1 and str(message.string).count("&") == str(message.id).count(
            "&"
        )
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    assert len(list(read_mo(compiled))) == len(translated) + 1  # and the header


def test_the_template_lists_the_window_strings() -> None:
    with (catalogue_dir() / "baton.pot").open("rb") as handle:
        template = read_po(handle)
    for text in ("&File", "Search tasks", "Next online (your time): {steps}"):
        assert text in template


def test_a_locale_falls_back_to_its_language_and_unknown_ones_have_none() -> None:
    german = load_catalogue("de_AT")
    assert german is not None
    assert german.gettext("&File") == "&Datei"
    assert load_catalogue("xx_YY") is None


@pytest.fixture
def german_controller(qtbot: QtBot, qapp: QApplication, tmp_path: Path) -> Iterator[AppController]:
    settings_path = tmp_path / "config" / "settings.toml"
    save_settings(Settings(locale="de_DE"), settings_path)
    controller = AppController(
        app=qapp,
        settings_path=settings_path,
        ui_state=QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat),
        clock=FixedClock(datetime(2026, 11, 24, 7, 40, tzinfo=UTC)),
        environment=Environment(zone="Europe/Berlin", locale="en_US"),
        data_dir=str(tmp_path),
    )
    qtbot.addWidget(controller.window)
    yield controller
    for translator in controller.translators:
        qapp.removeTranslator(translator)
    controller.jobs.shutdown()
    controller.writer.shutdown()


def test_with_the_german_locale_the_window_speaks_german(
    qtbot: QtBot, german_controller: AppController
) -> None:
    window = german_controller.window
    menus = [action.text() for action in window.menuBar().actions()]
    assert menus == ["&Datei", "&Team", "&Ansicht", "&Hilfe"]
    assert german_controller.timeline.now_button.text() == "&Jetzt"
    assert window.sync_status.text() == "Nur lokal · kein Tracker verbunden"
    assert german_controller.timeline.canvas.placeholder == "Deine Daten werden geöffnet…"
    assert german_controller.tray.quit_action.text() == "&Beenden"
    # Qt's own strings come from its qtbase catalogue for the same language
    assert QApplication.translate("QPlatformTheme", "Cancel") == "Abbrechen"
