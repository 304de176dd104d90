"""Quit cleanly on SIGTERM and SIGINT (session logout, ``kill``, Ctrl+C in a terminal).

Python runs signal handlers only when the interpreter gets control, which Qt's C++ event loop
does not give it. ``signal.set_wakeup_fd`` writes a byte to a socket on every signal; a
QSocketNotifier on the other end wakes the event loop, and the Python handler then runs and
asks the application to quit, so window state is saved and the store is closed.
"""

from __future__ import annotations

import contextlib
import signal
import socket

from PySide6.QtCore import QCoreApplication, QObject, QSocketNotifier, Slot


class SignalQuitter(QObject):
    """Owns the socket pair; keep it alive as long as the application runs."""

    def __init__(self, *, app: QCoreApplication) -> None:
        super().__init__(app)
        self._app = app
        self._reader, self._writer = socket.socketpair()
        self._reader.setblocking(False)
        self._writer.setblocking(False)
        signal.set_wakeup_fd(self._writer.fileno())
        self._notifier = QSocketNotifier(self._reader.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._on_notifier_activated)
        for number in (signal.SIGTERM, signal.SIGINT):
            signal.signal(number, self._on_signal)
        app.aboutToQuit.connect(self._on_app_about_to_quit)

    def _on_signal(self, number: int, frame: object) -> None:
        self._app.quit()

    @Slot()
    def _on_notifier_activated(self) -> None:
        with contextlib.suppress(BlockingIOError):
            self._reader.recv(64)

    @Slot()
    def _on_app_about_to_quit(self) -> None:
        signal.set_wakeup_fd(-1)
        for number in (signal.SIGTERM, signal.SIGINT):
            signal.signal(number, signal.SIG_DFL)
