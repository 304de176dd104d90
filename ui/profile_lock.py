"""The profile lock: one Baton window per data directory, decided before anything is shown.

``baton.lock`` in the data directory is a ``QLockFile`` held for as long as the window runs.
``QLockFile`` writes the owner's process id, host and application name into the file, and treats a
file whose process is gone as stale and takes it over (Qt's QLockFile documentation: for
long-lived locks, ``setStaleLockTime(0)`` and ``tryLock`` with a short timeout). So a crashed Baton
never locks a profile out, and a second ``baton`` knows at once, with QtCore only, that it must
hand over to the running one (:mod:`ui.single_instance`, which loads QtNetwork) instead of
opening the database a second time.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QLockFile

LOCK_FILE = "baton.lock"


class ProfileLock:
    """``data_dir/baton.lock``; :meth:`acquire` once, :meth:`release` on quit."""

    def __init__(self, data_dir: Path) -> None:
        self.path = data_dir / LOCK_FILE
        self._lock = QLockFile(str(self.path))
        self._lock.setStaleLockTime(0)  # held for hours: only a dead owner makes it stale

    def acquire(self) -> bool:
        """Take the lock (creating the data directory if needed). False if another live process
        holds it. Raises ``OSError`` when the directory cannot be created."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        return bool(self._lock.tryLock(0))

    def holder(self) -> int | None:
        """The process id written by the current holder, or None if unreadable."""
        info = self._lock.getLockInfo()  # (pid, hostname, appname) in PySide6
        pid = info[0] if isinstance(info, tuple) and info else 0
        return int(pid) if pid else None

    def release(self) -> None:
        """Give the lock up (the file is removed)."""
        self._lock.unlock()
