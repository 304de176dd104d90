"""One running Baton per profile.

The first GUI process listens on a QLocalServer whose name is derived from the user and the
data directory; a second process connects, asks it to come to the front, and exits. Two
profiles (two data directories) therefore run side by side, and one profile's database is
never opened twice.
"""

from __future__ import annotations

import getpass
import hashlib
import logging
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

    def activate_running(self) -> bool:
        """Ask a running instance to come to the front. True if one answered."""
        socket = QLocalSocket()
        socket.connectToServer(self._name)
        if not socket.waitForConnected(_TIMEOUT_MS):
            return False
        socket.write(ACTIVATE)
        socket.waitForBytesWritten(_TIMEOUT_MS)
        socket.disconnectFromServer()
        return True

    def listen(self) -> bool:
        """Become the running instance. A stale socket left by a crashed Baton is removed first
        (only after :meth:`activate_running` found nobody answering). False if listening failed."""
        if self._server.listen(self._name):
            return True
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
