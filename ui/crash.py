"""Uncaught exceptions: log them, then show one crash dialog on the GUI thread.

:class:`CrashReporter` installs ``sys.excepthook`` and ``threading.excepthook``. A worker
thread's exception is handed to the GUI thread through a signal (queued, because it crosses
threads; on the GUI thread it is delivered at once, and the dialog opens without blocking);
while a crash dialog is open, further crashes are logged but do not stack more dialogs.
"""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal, Slot

from app import __version__
from app.logs import redact

if TYPE_CHECKING:
    from ui.crash_dialog import CrashDialog

log = logging.getLogger(__name__)


class CrashReporter(QObject):
    """Owns the exception hooks.

    Signals:
        crashed(str): an uncaught exception happened; the argument is the redacted report.
    """

    crashed = Signal(str)

    def __init__(self, *, log_file: str | None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._log_file = log_file
        self._dialog: CrashDialog | None = None
        self.crashed.connect(self._on_crashed)  # auto: queued from another thread

    def install(self) -> None:
        """Replace ``sys.excepthook`` and ``threading.excepthook`` for the process."""
        sys.excepthook = self.handle_exception
        threading.excepthook = self._handle_thread_exception

    def handle_exception(
        self, kind: type[BaseException], value: BaseException, tb: TracebackType | None
    ) -> None:
        """Log the exception and ask the GUI thread to show the crash dialog (thread-safe)."""
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, value, tb)
            return
        log.critical("uncaught exception", exc_info=(kind, value, tb))
        text = "".join(traceback.format_exception(kind, value, tb))
        self.crashed.emit(redact(f"Baton {__version__} on {sys.platform}\n\n{text}"))

    def _handle_thread_exception(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_value is None:
            return
        self.handle_exception(args.exc_type, args.exc_value, args.exc_traceback)

    @property
    def dialog(self) -> CrashDialog | None:
        """The crash dialog currently shown, if any."""
        return self._dialog

    @Slot(str)
    def _on_crashed(self, details: str) -> None:
        if self._dialog is not None:
            return
        from ui.crash_dialog import CrashDialog  # noqa: PLC0415 (dialog classes: not before the first paint)

        self._dialog = CrashDialog(details, log_file=self._log_file)
        self._dialog.finished.connect(self._on_dialog_finished)
        self._dialog.open()

    @Slot()
    def _on_dialog_finished(self) -> None:
        if self._dialog is not None:
            self._dialog.deleteLater()
        self._dialog = None
