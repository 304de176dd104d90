"""Translations of the window's text (STYLE §15): gettext catalogues extracted by Babel.

Baton's own strings are written with Qt's ``tr()`` / ``QCoreApplication.translate()``. Babel
extracts them (``packaging/i18n.py extract``; keywords ``tr`` and ``translate:2``) into
``resources/translations/baton.pot``; each language has
``resources/translations/<lang>/LC_MESSAGES/baton.po``, compiled to ``baton.mo`` by
``packaging/i18n.py compile``. A :class:`GettextTranslator` installed on the application answers
Qt's look-ups from that catalogue (by source text; Qt's context is not used), and Qt's own
``qtbase`` translator (standard buttons, context menus) is installed for the same language.
Dates and times do not go through here: they are formatted by babel for the viewer's locale.

The language is chosen once, at start, from the settings locale (``de_DE`` → ``de``); a change in
the settings applies at the next start. English needs no catalogue.
"""

from __future__ import annotations

import gettext
import io
import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QObject, QTranslator

from resources import resource_path

log = logging.getLogger(__name__)

DOMAIN = "baton"


def catalogue_dir() -> Path:
    """``resources/translations`` (the ``.pot`` template and one folder per language)."""
    return resource_path("translations")


def load_catalogue(language: str, directory: Path | None = None) -> gettext.GNUTranslations | None:
    """The catalogue for ``language`` (``"de"``, ``"pt_BR"``; a locale like ``"de_DE"`` falls back
    to ``"de"``), or None when Baton has none. Prefers the compiled ``.mo``; without it (a fresh
    checkout) the ``.po`` is compiled in memory with Babel."""
    base = directory or catalogue_dir()
    for code in dict.fromkeys((language, language.split("_", 1)[0])):
        folder = base / code / "LC_MESSAGES"
        compiled, source = folder / f"{DOMAIN}.mo", folder / f"{DOMAIN}.po"
        if compiled.is_file() and (
            not source.is_file() or compiled.stat().st_mtime >= source.stat().st_mtime
        ):
            with compiled.open("rb") as handle:
                return gettext.GNUTranslations(handle)
        if source.is_file():
            from babel.messages.mofile import write_mo  # noqa: PLC0415 (only without a .mo)
            from babel.messages.pofile import read_po  # noqa: PLC0415

            with source.open("rb") as handle:
                catalog = read_po(handle, locale=code, domain=DOMAIN)
            buffer = io.BytesIO()
            write_mo(buffer, catalog)
            buffer.seek(0)
            return gettext.GNUTranslations(buffer)
    return None


class GettextTranslator(QTranslator):
    """Answers Qt's ``tr()`` look-ups from a gettext catalogue. Text it has no translation for
    gets a null answer (``None``), so Qt asks the next translator (``qtbase``) and finally shows
    the English source; an empty string would be shown as an empty label."""

    def __init__(self, catalogue: gettext.GNUTranslations, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._catalogue = catalogue

    def translate(
        self, context: str, source_text: str, disambiguation: str | None = None, n: int = -1
    ) -> str | None:
        del context, disambiguation, n
        translated = self._catalogue.gettext(source_text)
        return None if translated == source_text else translated

    def isEmpty(self) -> bool:  # noqa: N802 (Qt override)
        return False


def install_translators(app: QCoreApplication, locale: str) -> list[QTranslator]:
    """Install Baton's catalogue and Qt's ``qtbase`` translations for ``locale`` (CLDR, e.g.
    ``"de_DE"``) on ``app``; returns the installed translators (none for English or a language
    without a catalogue). Keep them alive as long as the application runs."""
    installed: list[QTranslator] = []
    if locale.split("_", 1)[0] == "en":
        return installed
    catalogue = load_catalogue(locale)
    if catalogue is None:
        log.info("no translation of Baton for %s; showing English", locale)
        return installed
    qt_base = QTranslator(app)
    if qt_base.load(
        QLocale(locale), "qtbase", "_", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    ):
        app.installTranslator(qt_base)
        installed.append(qt_base)
    own = GettextTranslator(catalogue, app)
    app.installTranslator(own)
    installed.append(own)
    log.info("showing Baton in %s", locale)
    return installed
