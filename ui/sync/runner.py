"""Runs sync passes on a worker thread, one at a time, and tells the GUI thread what happened.

The pass itself is a plain-Python callable (:func:`ui.sync.state.run_pass` bound to the store,
the secret store and the clock) run on the runner's own single worker thread, so a long
initial pull never holds up task searches on the shared job threads. A pass is started by
the user (:meth:`SyncRunner.sync_now`, forced: offline backoff is skipped), by the periodic
timer, or shortly after a handoff is queued (:meth:`SyncRunner.sync_soon`).

Garbage collection: a full (generation 2) collection walks every tracked object of the process
while holding the GIL, and an initial pull of 10 000 issues triggers several of them on the
worker; with Baton's heap (PySide6, SQLAlchemy, babel …) each took 50–90 ms, and the GUI thread,
waiting for the GIL, stalled as long (``benchmarks/ui_sync.py``: max stall ~170 ms). With
``freeze_heap=True`` the objects that exist when a pass starts are frozen (:func:`gc.freeze`,
O(1)) until it ends, so collections during the pass walk only what the pass allocated (max
stall ~20 ms). It is off by default: unfreezing hands old cyclic garbage — Qt wrappers among
it — to whichever thread collects next, and tests then saw Qt objects destroyed on a job thread
("Timers cannot be stopped from another thread"). The app-wide fix (collect on the GUI thread
only, or ``gc.collect(); gc.freeze()`` once after start-up) belongs to the application shell.
"""

from __future__ import annotations

import gc
import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from ui.jobs import CancelToken, Job, JobRunner
from ui.sync.state import PassResult

log = logging.getLogger(__name__)

PERIOD_MS = 5 * 60 * 1000
"""A background pass every 5 minutes."""
SOON_MS = 10 * 1000
"""A pass 10 s after a handoff is queued (several queued in a row make one pass)."""

PassWork = Callable[[bool, CancelToken], PassResult]
"""``work(force, token)``: one pass on the worker thread; polls ``token.cancelled``."""


class SyncRunner(QObject):
    """One sync pass at a time, off the GUI thread. ``freeze_heap``: freeze the objects that
    exist when a pass starts until it ends (see the module docstring).

    Signals (GUI thread):
        pass_started(bool): a pass began; True when the user asked for it.
        pass_finished(object): the :class:`~ui.sync.state.PassResult` of a finished pass.
        pass_failed(object): the ``Exception`` a pass raised (keyring unreadable, or a bug).
        handoffs_received(list): UUIDs (``list[str]``) of handoffs that arrived in a pass.
    """

    pass_started = Signal(bool)
    pass_finished = Signal(object)
    pass_failed = Signal(object)
    handoffs_received = Signal(list)

    def __init__(
        self,
        *,
        work: PassWork,
        period_ms: int = PERIOD_MS,
        soon_ms: int = SOON_MS,
        freeze_heap: bool = False,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._work = work
        self._freeze_heap = freeze_heap
        self._worker = JobRunner(threads=1, name="baton-sync", parent=self)
        self._job: Job | None = None
        self._token: CancelToken | None = None
        self.periodic = QTimer(self)
        self.periodic.setInterval(period_ms)
        self.periodic.timeout.connect(self._on_periodic_timeout)
        self.soon = QTimer(self)
        self.soon.setSingleShot(True)
        self.soon.setInterval(soon_ms)
        self.soon.timeout.connect(self._on_soon_timeout)

    @property
    def running(self) -> bool:
        """True while a pass runs on the worker."""
        return self._job is not None

    def start(self) -> None:
        """Start the periodic passes (the first one soon)."""
        self.periodic.start()
        self.soon.start()

    def sync_now(self, *, force: bool = True) -> bool:
        """Start a pass unless one runs; returns False (and starts nothing) when one does.
        ``force``: the user asked, so offline backoff is skipped (rate limits never are)."""
        if self._job is not None:
            log.info("a sync pass is already running; not starting another")
            return False
        token = CancelToken()
        work = self._work
        job = self._worker.run(lambda: work(force, token), token=token)
        if self._freeze_heap:
            gc.collect(1)  # young cyclic garbage (Qt wrappers among it) dies here, on the GUI thread
            gc.freeze()
        job.succeeded.connect(self._on_job_succeeded)
        job.failed.connect(self._on_job_failed)
        job.discarded.connect(self._on_job_discarded)
        self._job, self._token = job, token
        self.soon.stop()
        self.pass_started.emit(force)
        return True

    @Slot()
    def sync_soon(self) -> None:
        """Ask for a pass in a few seconds (a handoff or acknowledgement was just queued)."""
        self.soon.start()

    @Slot()
    def shutdown(self) -> None:
        """Stop the timers, ask a running pass to stop and wait for it (application quit)."""
        self.periodic.stop()
        self.soon.stop()
        if self._token is not None:
            self._token.cancel()
        self._worker.shutdown()
        self._done()

    def _done(self) -> None:
        if self._job is not None and self._freeze_heap:
            gc.unfreeze()
        self._job, self._token = None, None

    @Slot()
    def _on_periodic_timeout(self) -> None:
        self.sync_now(force=False)

    @Slot()
    def _on_soon_timeout(self) -> None:
        if not self.sync_now(force=False):
            self.soon.start()  # try again after the running pass

    @Slot(object)
    def _on_job_succeeded(self, result: PassResult) -> None:
        self._done()
        self.pass_finished.emit(result)
        if result.received:
            self.handoffs_received.emit([h.id for h in result.received])

    @Slot(object)
    def _on_job_failed(self, error: Exception) -> None:
        self._done()
        self.pass_failed.emit(error)

    @Slot()
    def _on_job_discarded(self) -> None:
        self._done()
