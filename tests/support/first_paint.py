"""Start the real ``baton`` window (``app.main.main``) and report when it first paints.

Run as ``python -m tests.support.first_paint [BATON-OPTIONS…]`` (e.g. ``--data-dir DIR --now
ISO-8601``): the process starts
Baton exactly as the ``baton`` console script does (argument parsing, paths, logging, single
instance guard, controller), watches for the main window's first paint event, waits until the
store is open and every view attached, then prints one JSON line and quits::

    {"paint": <epoch s>, "ready": <epoch s>, "modules_at_paint": [<top-level module names>]}

Used by ``benchmarks/ui.py`` (cold start) and ``tests/ui/test_startup.py`` (what loads before
the first paint). The only hook wraps ``AppController.show`` to install an event filter on the
main window just before it is shown, as the benchmark's bare-``QMainWindow`` baseline does (an
application-wide filter would put a Python call in front of every event and slow the start it
measures); nothing else of the start path is changed.
"""

from __future__ import annotations

import json
import sys
import time
from typing import Any

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication

from ui.controller import AppController

marks: dict[str, Any] = {}


class _FirstPaint(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if "paint" not in marks and event.type() == QEvent.Type.Paint:
            marks["paint"] = time.time()
            marks["modules_at_paint"] = sorted({name.split(".")[0] for name in sys.modules})
        return False


_show = AppController.show


def _show_watched(controller: AppController) -> None:
    watcher = _FirstPaint(controller)
    controller.window.installEventFilter(watcher)
    _show(controller)


def _attached(_controller: object) -> None:
    QApplication.processEvents()
    marks["ready"] = time.time()
    sys.stdout.write(json.dumps(marks) + "\n")
    sys.stdout.flush()
    QApplication.exit(0)


def main(argv: list[str]) -> int:
    from app.main import main as baton_main  # noqa: PLC0415 (after the hook is in place)

    AppController.show = _show_watched  # type: ignore[method-assign]
    return baton_main(argv, on_gui_attached=_attached)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
