"""Colours as named tokens, one light and one dark set, and the object that applies them.

Widgets never hard-code a colour: they read :class:`Tokens` from :class:`Theme` and repaint on
``tokens_changed``. State is never conveyed by colour alone: every band in the timeline also has a
pattern and a label. ``system`` follows the platform's colour scheme (Qt 6.5+
``QStyleHints.colorScheme``) and re-applies when it changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication


class ThemeChoice(StrEnum):
    """The user's theme setting."""

    SYSTEM = "system"
    LIGHT = "light"
    DARK = "dark"


@dataclass(frozen=True)
class Tokens:
    """Named colours: ``#rrggbb``, or ``#aarrggbb`` with alpha first (QColor's order)."""

    dark: bool
    window: str
    surface: str
    text: str
    muted: str
    grid: str
    accent: str
    working: str
    working_edge: str
    weekend: str
    holiday: str
    away: str
    cutoff: str
    now: str
    overlap: str
    day_change: str
    selection: str
    warning_surface: str
    warning_text: str

    def color(self, name: str) -> QColor:
        """The token called ``name`` as a QColor."""
        return QColor(getattr(self, name))


LIGHT = Tokens(
    dark=False,
    window="#f6f7f9",
    surface="#ffffff",
    text="#1c2128",
    muted="#5b6470",
    grid="#e1e4e8",
    accent="#1f6feb",
    working="#b7d7ff",
    working_edge="#4a8fe0",
    weekend="#e9e9ee",
    holiday="#ffe3b3",
    away="#f2d4e4",
    cutoff="#d1242f",
    now="#cf222e",
    overlap="#403fb950",
    day_change="#8c959f",
    selection="#ddeeff",
    warning_surface="#fff8c5",
    warning_text="#4d2d00",
)

DARK = Tokens(
    dark=True,
    window="#161b22",
    surface="#0d1117",
    text="#e6edf3",
    muted="#9aa5b1",
    grid="#30363d",
    accent="#58a6ff",
    working="#1f4b7a",
    working_edge="#58a6ff",
    weekend="#262c36",
    holiday="#5a3d10",
    away="#4d2740",
    cutoff="#ff7b72",
    now="#ff6b6b",
    overlap="#503fb950",
    day_change="#6e7681",
    selection="#1c3350",
    warning_surface="#3b2e05",
    warning_text="#f2cc60",
)


def palette_for(tokens: Tokens) -> QPalette:
    """A complete QPalette built from the tokens (used for forced light/dark)."""
    palette = QPalette()
    roles = {
        QPalette.ColorRole.Window: tokens.window,
        QPalette.ColorRole.WindowText: tokens.text,
        QPalette.ColorRole.Base: tokens.surface,
        QPalette.ColorRole.AlternateBase: tokens.window,
        QPalette.ColorRole.Text: tokens.text,
        QPalette.ColorRole.Button: tokens.window,
        QPalette.ColorRole.ButtonText: tokens.text,
        QPalette.ColorRole.ToolTipBase: tokens.surface,
        QPalette.ColorRole.ToolTipText: tokens.text,
        QPalette.ColorRole.PlaceholderText: tokens.muted,
        QPalette.ColorRole.Highlight: tokens.accent,
        QPalette.ColorRole.HighlightedText: "#ffffff",
        QPalette.ColorRole.Link: tokens.accent,
        QPalette.ColorRole.Mid: tokens.grid,
        QPalette.ColorRole.Midlight: tokens.grid,
        QPalette.ColorRole.Dark: tokens.muted,
    }
    for role, value in roles.items():
        palette.setColor(role, QColor(value))
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.WindowText, QPalette.ColorRole.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor(tokens.muted))
    return palette


class Theme(QObject):
    """Applies the chosen theme to the application and tells widgets when colours change.

    Signals:
        tokens_changed(Tokens): the active colour tokens changed (theme setting or system scheme).
    """

    tokens_changed = Signal(object)

    def __init__(self, *, app: QApplication, choice: ThemeChoice = ThemeChoice.SYSTEM) -> None:
        super().__init__(app)
        self._app = app
        self._choice = choice
        self._tokens = LIGHT  # drawn with Fusion: ui.application.create_application asks for it
        platform = app.palette()  # the platform theme's, before ours replaces it
        self._platform_palette_is_dark = (
            platform.color(QPalette.ColorRole.Window).lightness()
            < platform.color(QPalette.ColorRole.WindowText).lightness()
        )
        self._scheme_known = False  # see confirm_scheme()
        app.styleHints().colorSchemeChanged.connect(self._on_style_hints_color_scheme_changed)
        self._apply()

    @property
    def tokens(self) -> Tokens:
        """The colours in use now."""
        return self._tokens

    @property
    def choice(self) -> ThemeChoice:
        """The theme setting."""
        return self._choice

    def set_choice(self, choice: ThemeChoice) -> None:
        """Switch between system, light and dark; repaints everything."""
        self._choice = choice
        self._apply()

    def _system_is_dark(self) -> bool:
        """The platform's colour scheme (``QStyleHints.colorScheme``); when it is unknown, or
        before the first paint, whether the platform's palette is light text on a darker window
        (the platform theme sets a dark palette for a dark scheme)."""
        if self._scheme_known:
            from PySide6.QtCore import Qt  # noqa: PLC0415 (the Qt namespace: after the first paint)

            scheme = QGuiApplication.styleHints().colorScheme()
            if scheme != Qt.ColorScheme.Unknown:
                return bool(scheme == Qt.ColorScheme.Dark)
        return self._platform_palette_is_dark

    def confirm_scheme(self) -> None:
        """Check the first guess (the platform palette) against ``QStyleHints.colorScheme`` and
        re-apply if they differ. Called once the window has painted: reading the scheme creates
        PySide's ``Qt`` namespace (~15 ms of enums), which the first paint does without."""
        self._scheme_known = True
        if self._choice is ThemeChoice.SYSTEM and (self._tokens is DARK) != self._system_is_dark():
            self._apply()

    def _apply(self) -> None:
        dark = self._choice is ThemeChoice.DARK or (
            self._choice is ThemeChoice.SYSTEM and self._system_is_dark()
        )
        self._tokens = DARK if dark else LIGHT
        self._app.setPalette(palette_for(self._tokens))
        self.tokens_changed.emit(self._tokens)

    @Slot()
    def _on_style_hints_color_scheme_changed(self) -> None:
        self._scheme_known = True
        if self._choice is ThemeChoice.SYSTEM:
            self._apply()
