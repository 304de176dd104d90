#!/usr/bin/env python3
"""Refresh Baton's translation catalogues with Babel (STYLE §15).

    .venv/bin/python packaging/i18n.py            # extract + update + compile (the usual run)
    .venv/bin/python packaging/i18n.py extract    # ui/ strings -> resources/translations/baton.pot
    .venv/bin/python packaging/i18n.py update     # merge the template into every <lang>/.../baton.po
    .venv/bin/python packaging/i18n.py compile    # every baton.po -> baton.mo (bundles, wheels)
    .venv/bin/python packaging/i18n.py init LANG  # start a catalogue for a new language

Strings are Qt's ``tr("...")`` and ``QCoreApplication.translate(context, "...")`` calls in
``ui/`` (Babel keywords ``tr`` and ``translate:2``). Translators edit the ``.po`` files only; the
``.pot`` and ``.mo`` files are generated. ``ui.translations`` loads the catalogue at start.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CATALOGUES = ROOT / "resources" / "translations"
TEMPLATE = CATALOGUES / "baton.pot"
PYBABEL = [sys.executable, "-m", "babel.messages.frontend"]


def _pybabel(*args: str) -> None:
    subprocess.run([*PYBABEL, *args], check=True, cwd=ROOT)


def extract() -> None:
    _pybabel(
        "extract", "--no-location", "--sort-output", "--project=Baton", "--copyright-holder=Baton",
        "-k", "tr", "-k", "translate:2", "-o", str(TEMPLATE.relative_to(ROOT)), "ui",
    )  # fmt: skip


def update() -> None:
    if any(CATALOGUES.glob("*/LC_MESSAGES/baton.po")):
        _pybabel(
            "update", "--no-fuzzy-matching", "--ignore-obsolete", "-D", "baton",
            "-i", str(TEMPLATE), "-d", str(CATALOGUES),
        )  # fmt: skip


def compile_all() -> None:
    if any(CATALOGUES.glob("*/LC_MESSAGES/baton.po")):
        _pybabel("compile", "--statistics", "-D", "baton", "-d", str(CATALOGUES))


def init(language: str) -> None:
    _pybabel("init", "-D", "baton", "-i", str(TEMPLATE), "-d", str(CATALOGUES), "-l", language)


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "all"
    if command == "init" and len(argv) == 2:
        init(argv[1])
    elif command in {"all", "extract"}:
        extract()
        if command == "all":
            update()
            compile_all()
    elif command == "update":
        update()
    elif command == "compile":
        compile_all()
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
