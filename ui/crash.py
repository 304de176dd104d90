"""Uncaught exceptions: log them, then show one crash dialog on the GUI thread.

:class:`CrashReporter` installs ``sys.excepthook`` and ``threading.excepthook``. A worker
thread's exception is handed to the GUI thread through a queued signal; while a crash dialog
is open, further crashes are logged but do not stack more dialogs.
"""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from types import TracebackType

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app import __version__
from app.logs import redact

log = logging.getLogger(__name__)


class CrashDialog(QDialog):
    """Says that something went wrong, shows the (redacted) details, and copies them."""

    def __init__(self, details: str, *, log_file: str | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Baton hit an unexpected error"))
        self.setMinimumSize(560, 360)
        summary = self.tr(
            "Something went wrong inside Baton. Your drafts are saved locally and nothing was lost.\n"
            "Please copy the details below into a bug report."
        )
        if log_file:
            summary += "\n" + self.tr("The log file is at {path}.").format(path=log_file)
        message = QLabel(summary, self)
        message.setTextFormat(Qt.TextFormat.PlainText)
        message.setWordWrap(True)
        self.details = QPlainTextEdit(details, self)
        self.details.setReadOnly(True)
        self.details.setAccessibleName(self.tr("Error details"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.copy_button = QPushButton(self.tr("&Copy details"), self)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button.clicked.connect(self._on_copy_button_clicked)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(message)
        layout.addWidget(self.details, 1)
        layout.addWidget(buttons)

    @Slot()
    def _on_copy_button_clicked(self) -> None:
        QGuiApplication.clipboard().setText(self.details.toPlainText())


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
        self.crashed.connect(self._on_crashed, Qt.ConnectionType.QueuedConnection)

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
        self._dialog = CrashDialog(details, log_file=self._log_file)
        self._dialog.finished.connect(self._on_dialog_finished)
        self._dialog.open()

    @Slot()
    def _on_dialog_finished(self) -> None:
        if self._dialog is not None:
            self._dialog.deleteLater()
        self._dialog = None
