"""One running Baton per profile: the hand-over between a second ``baton`` and the first.

Which process owns a profile is decided by the profile lock (:mod:`ui.profile_lock`, QtCore
only, before the window shows). The owner then listens, after its first paint, on a
QLocalServer whose name is derived from the user and the data directory; a second process, which
failed to take the lock, connects, asks it to come to the front, and exits. Two profiles (two
data directories) therefore run side by side, and one profile's database is never opened twice.
"""

from __future__ import annotations

import getpass
import hashlib
import logging
import time
from pathlib import Path

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtNetwork import QLocalServer, QLocalSocket

log = logging.getLogger(__name__)

ACTIVATE = b"activate\n"
_TIMEOUT_MS = 1000


def server_name(data_dir: Path) -> str:
    """The local socket name for a profile: stable per user and data directory."""
    digest = hashlib.sha256(f"{getpass.getuser()}\0{data_dir.resolve()}".encode()).hexdigest()[:16]
    return f"baton-{digest}"


class SingleInstance(QObject):
    """Guards one profile.

    Signals:
        activation_requested(): another ``baton`` for this profile asked this one to show itself.
    """

    activation_requested = Signal()

    def __init__(self, *, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._name = name
        self._server = QLocalServer(self)
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self._server.newConnection.connect(self._on_server_new_connection)

    def activate_running(self, *, patience_ms: int = 0) -> bool:
        """Ask a running instance to come to the front. True if one answered. ``patience_ms``:
        keep trying that long (the owner of the profile lock listens only after its first
        paint, a fraction of a second after it took the lock)."""
        deadline = time.monotonic() + patience_ms / 1000
        while True:
            socket = QLocalSocket()
            socket.connectToServer(self._name)
            if socket.waitForConnected(_TIMEOUT_MS):
                socket.write(ACTIVATE)
                socket.waitForBytesWritten(_TIMEOUT_MS)
                socket.disconnectFromServer()
                return True
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.1)  # a blocking wait before any window exists; nothing to keep responsive

    def listen(self) -> bool:
        """Become the running instance (call only while holding the profile lock). A socket
        file left by a crashed Baton is removed first. False if listening failed."""
        QLocalServer.removeServer(self._name)
        if self._server.listen(self._name):
            return True
        log.warning("single-instance server %s could not listen: %s", self._name, self._server.errorString())
        return False

    def close(self) -> None:
        """Stop listening (the name becomes free for another instance)."""
        self._server.close()

    @Slot()
    def _on_server_new_connection(self) -> None:
        while (socket := self._server.nextPendingConnection()) is not None:
            socket.readyRead.connect(self._on_socket_ready_read)
            socket.disconnected.connect(socket.deleteLater)

    @Slot()
    def _on_socket_ready_read(self) -> None:
        socket = self.sender()
        if isinstance(socket, QLocalSocket) and bytes(socket.readAll().data()).startswith(ACTIVATE.strip()):
            self.activation_requested.emit()
