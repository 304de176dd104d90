"""Background jobs: run plain-Python callables off the GUI thread, get the outcome on it.

STYLE §8: the GUI thread only paints. A :class:`JobRunner` owns a pool of Python worker
threads. :meth:`JobRunner.run` queues a callable and returns a :class:`Job` at once; when the
callable returns, the job emits ``succeeded(result)`` on the GUI thread, and when it raises an
``Exception``, ``failed(error)`` (the exception, with its ``__traceback__``). Exactly one of
``succeeded``, ``failed`` or ``discarded`` is emitted per job, always on the GUI thread, always
after :meth:`~JobRunner.run` has returned (never re-entrantly)::

    jobs = JobRunner(threads=2, name="baton-jobs", parent=app)     # built once, in the shell
    job = jobs.run(lambda: browser.task_ids(query), key="task-search")
    job.succeeded.connect(self._on_search_job_succeeded)           # (list[int]) on the GUI thread
    job.failed.connect(self._on_search_job_failed)                 # (Exception) on the GUI thread

Rules for the callable: it runs on a worker thread, so it must not touch widgets, models or any
other Qt object, and should only read its arguments (pass frozen values: dataclasses, tuples,
ids). It returns its result; it never emits signals itself.

Supersede and cancel:

* ``key``: a newer job with the same key supersedes the older one (typing a new search makes
  the previous search stale). A superseded job that has not started never runs; one that is
  running finishes on its thread but its outcome is dropped: it emits ``discarded()`` instead.
* :meth:`Job.cancel` does the same for one job. A long callable (a sync pass) can stop early by
  checking a :class:`CancelToken` it was given: build the token, pass it both to the callable
  and to ``run(..., token=token)``; cancelling or superseding the job sets it.
* :meth:`JobRunner.shutdown` (connect it to ``QCoreApplication.aboutToQuit``) cancels what is
  queued, sets every token and waits for running callables; nothing is delivered afterwards,
  and later :meth:`~JobRunner.run` calls only emit ``discarded()``.

Garbage: Python's cyclic garbage collector runs on whichever thread happens to allocate, so on
a worker it could destroy widgets left in reference cycles there ("Timers cannot be stopped from
another thread", or a crash). :class:`GuiThreadGarbageCollector` (made once by the shell)
switches automatic collection off and collects on the GUI thread instead, as Anki does.

Writers: SQLite allows one writer at a time, so every write goes through one runner with
``threads=1``: its single thread takes jobs from a first-in, first-out queue, so writes never
overlap and happen in the order they were submitted (``JobRunner(threads=1,
name="baton-sqlite-writer")``, built once by the shell and shared). Reads may use any runner.

Errors: ``failed`` receives only ``Exception`` subclasses (``KeyboardInterrupt`` and friends are
not caught). If nothing is connected to ``failed``, the error is logged at ERROR with its
traceback, so a bug in a job is never silent.

A :class:`Job` keeps itself alive until it has emitted its outcome; the caller need not keep a
reference. Results cross threads as plain Python objects (queued ``Signal(object)``).
"""

from __future__ import annotations

import functools
import gc
import itertools
import logging
import threading
from collections.abc import Callable
from enum import IntEnum
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QMetaMethod, QObject, QTimer, Signal, Slot

if TYPE_CHECKING:
    from concurrent.futures import Future, ThreadPoolExecutor

log = logging.getLogger(__name__)


class CancelToken:
    """Thread-safe "please stop" flag for a callable running on a worker (plain Python)."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        """Ask the job to stop; safe from any thread."""
        self._event.set()

    @property
    def cancelled(self) -> bool:
        """True once :meth:`cancel` was called (the job was cancelled, superseded or shut down)."""
        return self._event.is_set()


class Job(QObject):
    """One queued callable. Lives on the GUI thread; workers never touch it.

    Signals (all on the GUI thread, exactly one per job):
        succeeded(object): the callable's return value.
        failed(object): the ``Exception`` the callable raised.
        discarded(): the job was cancelled or superseded; its outcome (if any) was dropped.
    """

    succeeded = Signal(object)
    failed = Signal(object)
    discarded = Signal()

    def __init__(self, *, number: int, key: str | None, token: CancelToken) -> None:
        super().__init__()
        self.number = number
        self.key = key
        self.token = token
        self.future: Future[Any] | None = None
        self.done = False

    @property
    def cancelled(self) -> bool:
        """True once the job was cancelled or superseded."""
        return self.token.cancelled

    def cancel(self) -> None:
        """Drop this job: it does not start if still queued, and its outcome is not delivered
        (``discarded()`` is emitted instead). Does nothing once the outcome was delivered."""
        self.token.cancel()
        if self.future is not None:
            self.future.cancel()


class _Outcome(IntEnum):
    SUCCEEDED = 0
    FAILED = 1
    DISCARDED = 2


class _Relay(QObject):
    """Carries outcomes from worker threads to the GUI thread (always a queued connection)."""

    outcome = Signal(int)  # job number; the outcome waits in JobRunner._outcomes


class JobRunner(QObject):
    """Runs callables on ``threads`` worker threads (named ``name``) and delivers their outcome
    on the thread that owns the runner (the GUI thread). See the module docstring."""

    def __init__(self, *, threads: int = 2, name: str = "baton-jobs", parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._threads = threads
        self._name = name
        self._executor: ThreadPoolExecutor | None = None  # made by the first run()
        self._numbers = itertools.count(1)
        self._pending: dict[int, Job] = {}
        self._latest: dict[str, Job] = {}
        # Workers read their callable here and leave the outcome here, then drop every
        # reference before signalling: the last reference to a callable, a result or an error
        # (whose closure may hold widgets) is always dropped on the GUI thread, never on a
        # worker, where Qt would destroy those objects on the wrong thread.
        self._calls: dict[int, tuple[Callable[[], Any], CancelToken]] = {}
        self._outcomes: dict[int, tuple[_Outcome, object]] = {}
        self._closed = False
        self._relay = _Relay(self)  # connected by the first run(), see _connect_relay()
        self._relay_connected = False

    @property
    def pending(self) -> int:
        """Jobs submitted whose outcome was not delivered yet (tests, status displays)."""
        return len(self._pending)

    def run(self, fn: Callable[[], Any], *, key: str | None = None, token: CancelToken | None = None) -> Job:
        """Queue ``fn`` (no arguments: bind them with a lambda or ``functools.partial``) and
        return its :class:`Job`. ``key`` supersedes an older pending job with the same key;
        ``token`` is set when the job is cancelled. After :meth:`shutdown` nothing runs: the job
        is discarded (a timer firing while the application quits is not an error).
        """
        self._connect_relay()
        job = Job(number=next(self._numbers), key=key, token=token or CancelToken())
        if self._closed:
            job.cancel()
            self._pending[job.number] = job
            self._outcomes[job.number] = (_Outcome.DISCARDED, None)
            self._notify(job.number)
            return job
        if key is not None:
            older = self._latest.get(key)
            if older is not None and not older.done:
                older.cancel()
            self._latest[key] = job
        self._pending[job.number] = job
        self._calls[job.number] = (fn, job.token)
        job.future = self._pool().submit(self._work, job.number)
        job.future.add_done_callback(functools.partial(self._on_future_done, job.number))
        return job

    def _connect_relay(self) -> None:
        """Deliver outcomes through a queued connection, made on the first run(): the shell
        makes its runners before the window's first paint, and naming a connection type makes
        PySide create its ``Qt`` namespace (~15 ms of enums)."""
        if self._relay_connected:
            return
        from PySide6.QtCore import Qt  # noqa: PLC0415

        self._relay.outcome.connect(self._on_relay_outcome, Qt.ConnectionType.QueuedConnection)
        self._relay_connected = True

    def _pool(self) -> ThreadPoolExecutor:
        if self._executor is None:
            # on first use: the shell makes its runners before the window's first paint
            from concurrent.futures import ThreadPoolExecutor  # noqa: PLC0415

            self._executor = ThreadPoolExecutor(max_workers=self._threads, thread_name_prefix=self._name)
        return self._executor

    def shutdown(self) -> None:
        """Cancel queued jobs, set every token, wait for running callables; deliver nothing more."""
        self._closed = True
        for job in self._pending.values():
            job.cancel()
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
        self._pending.clear()
        self._latest.clear()
        self._calls.clear()
        self._outcomes.clear()

    # --- worker side: plain Python, no Qt object except the relay's thread-safe emit ---------

    def _work(self, number: int) -> None:
        call = self._calls.get(number)
        if call is None:  # shut down meanwhile
            return
        fn, token = call
        del call
        outcome: tuple[_Outcome, object] = (_Outcome.DISCARDED, None)
        if not token.cancelled:
            try:
                outcome = (_Outcome.SUCCEEDED, fn())
            except Exception as error:  # delivered to the GUI thread as `failed`
                outcome = (_Outcome.FAILED, error)
        self._outcomes[number] = outcome
        del fn, token, outcome  # see _calls: nothing of the job may be released on this thread
        self._notify(number)

    def _on_future_done(self, number: int, future: Future[Any]) -> None:
        if future.cancelled():  # it never started, so _work did not report it
            self._outcomes[number] = (_Outcome.DISCARDED, None)
            self._notify(number)

    def _notify(self, number: int) -> None:
        try:
            self._relay.outcome.emit(number)
        except RuntimeError:  # the runner was deleted while this job ran: nobody to tell
            log.debug("job %d finished after its runner was deleted", number)

    # --- GUI thread ----------------------------------------------------------------------------

    @Slot(int)
    def _on_relay_outcome(self, number: int) -> None:
        outcome, value = self._outcomes.pop(number, (_Outcome.DISCARDED, None))
        self._calls.pop(number, None)
        job = self._pending.pop(number, None)
        if job is None or job.done:
            return
        job.done = True
        if job.key is not None and self._latest.get(job.key) is job:
            del self._latest[job.key]
        if job.cancelled or outcome == _Outcome.DISCARDED:
            job.discarded.emit()
        elif outcome == _Outcome.SUCCEEDED:
            job.succeeded.emit(value)
        elif job.isSignalConnected(QMetaMethod.fromSignal(job.failed)):
            job.failed.emit(value)
        else:
            error = value if isinstance(value, BaseException) else None
            log.error("background job %d failed", number, exc_info=error)


class GuiThreadGarbageCollector(QObject):
    """Runs Python's cyclic garbage collector on the GUI thread only (see the module docstring).

    While it lives, automatic collection is off; every ``interval_ms`` it collects the
    generations whose allocation counts passed their thresholds (``gc.get_threshold()``), which
    is what the automatic collector would have done, only on this thread. :meth:`stop` (also
    on ``QCoreApplication.aboutToQuit``) switches automatic collection back on.
    """

    def __init__(self, *, interval_ms: int = 1000, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._was_enabled = gc.isenabled()
        gc.disable()
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self._on_timer_timeout)
        self._timer.start()

    def stop(self) -> None:
        """Collect once more and give collection back to Python."""
        self._timer.stop()
        gc.collect()
        if self._was_enabled:
            gc.enable()

    @Slot()
    def _on_timer_timeout(self) -> None:
        counts, thresholds = gc.get_count(), gc.get_threshold()
        generation = max((g for g in range(3) if counts[g] > thresholds[g]), default=-1)
        if generation >= 0:
            gc.collect(generation)
