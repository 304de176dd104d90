"""Icons, style sheets, translations and sample data, found through one locator.

:func:`resource_path` works from a checkout, an installed wheel (package data) and a frozen
bundle (PyInstaller sets ``sys._MEIPASS``; the bundle keeps the ``resources/`` folder).
"""

from __future__ import annotations

import sys
from pathlib import Path


def resource_path(*parts: str) -> Path:
    """Absolute path of ``resources/<parts...>``. Raises ``FileNotFoundError`` if it is missing."""
    bundle = getattr(sys, "_MEIPASS", None)
    base = Path(bundle) / "resources" if bundle else Path(__file__).resolve().parent
    path = base.joinpath(*parts)
    if not path.exists():
        raise FileNotFoundError(f"Baton resource missing: {path}")
    return path
