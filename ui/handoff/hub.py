"""The handoff hub: runs every handoff read and write off the GUI thread and opens the views.

:class:`HandoffHub` is the one place the handoff views talk to: it owns the
:class:`~app.handoff.service.HandoffService` (rules) and sends its calls to the background
runners (STYLE §8: reads on ``jobs``, writes on the single SQLite ``writer``). After each
write, and every :data:`REFRESH_MS`, it reads a :class:`Snapshot` (inbox, drafts, outgoing,
the reminder conditions of :func:`app.handoff.reminders.conditions` for the clock's now) and
announces it with ``refreshed``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtCore import QObject, QTimer, Signal, Slot
from PySide6.QtWidgets import QWidget

from app.handoff import planning, reminders
from app.handoff.reminders import Condition
from app.handoff.service import HandoffService
from app.ports import Clock
from app.settings import Settings
from app.store import Store
from app.store.records import AcknowledgementRecord, HandoffRecord, TaskRecord
from app.timeline.holiday_calendar import HolidayCalendar
from app.timeline.roster import Roster
from ui.handoff.form import FileChooser, FormSetup, HandoffForm
from ui.handoff.task_picker import task_label
from ui.jobs import Job, JobRunner

log = logging.getLogger(__name__)

REFRESH_MS = 30_000
"""How often the inbox, outbox and reminders are re-read (also after every write)."""


@dataclass(frozen=True)
class Snapshot:
    """What the handoff views show at one moment; records are immutable."""

    roster: Roster
    inbox: tuple[HandoffRecord, ...] = ()
    drafts: tuple[HandoffRecord, ...] = ()
    outgoing: tuple[HandoffRecord, ...] = ()
    conditions: tuple[Condition, ...] = ()

    def overdue(self) -> frozenset[str]:
        """Ids of received handoffs not acknowledged in time (highlighted in the inbox)."""
        prefix = "unacknowledged:"
        return frozenset(c.key[len(prefix) :] for c in self.conditions if c.key.startswith(prefix))


@dataclass(frozen=True)
class Reading:
    """A handoff for the reading view: the record, its Markdown (reader's zones first) and its
    acknowledgements."""

    handoff: HandoffRecord
    markdown: str
    acknowledgements: tuple[AcknowledgementRecord, ...] = field(default_factory=tuple)


class HandoffHub(QObject):
    """Handoff reads and writes for the views. ``load_roster`` reads the roster (called on a
    worker thread); ``settings`` returns the current settings; ``locale`` and ``viewer_zone``
    the display locale and the zone to use when I am not on the roster.

    Signals:
        refreshed(Snapshot): a new snapshot was read.
        form_opened(HandoffForm): a handoff form was opened (new or existing draft).
        submitted(str): a handoff was queued.
        discarded(str): a draft was discarded (``restore`` undoes it).
        restored(str): a discarded draft came back.
        acknowledged(str): I acknowledged a received handoff.
        retried(str): a failed handoff was queued again.
        problem(str, str): something the user asked for failed (title, details).
    """

    refreshed = Signal(object)
    form_opened = Signal(object)
    submitted = Signal(str)
    discarded = Signal(str)
    restored = Signal(str)
    acknowledged = Signal(str)
    retried = Signal(str)
    problem = Signal(str, str)

    def __init__(
        self,
        *,
        store: Store,
        clock: Clock,
        jobs: JobRunner,
        writer: JobRunner,
        load_roster: Callable[[], Roster],
        settings: Callable[[], Settings],
        locale: Callable[[], str],
        viewer_zone: Callable[[], str],
        choose_save_file: FileChooser,
        window: Callable[[], QWidget | None] = lambda: None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.jobs = jobs
        self.writer = writer
        self._store = store
        self._clock = clock
        self._load_roster = load_roster
        self._settings = settings
        self._locale = locale
        self._viewer_zone = viewer_zone
        self._choose_save_file = choose_save_file
        self._window = window
        self.roster = Roster()
        self.snapshot = Snapshot(roster=self.roster)
        self._calendar = HolidayCalendar(language=locale())
        self.service = HandoffService(
            store, clock, lambda: self.roster, lambda: settings().me, calendar=self._calendar
        )
        self.forms: dict[str, HandoffForm] = {}
        self._timer = QTimer(self)
        self._timer.setInterval(REFRESH_MS)
        self._timer.timeout.connect(self.refresh)
        self._timer.start()

    # --- display -----------------------------------------------------------------------------

    def my_zone(self) -> str:
        """My zone on the roster, else the viewer's zone (where "my local time" is shown)."""
        me = self._settings().me
        return next((t.zone for t in self.roster.teammates if t.name == me), None) or self._viewer_zone()

    def locale(self) -> str:
        """The babel locale for dates and times."""
        return self._locale()

    def reader_zones(self, handoff: HandoffRecord) -> list[str]:
        """My zone first, then the author's and recipient's (see ``zones_for``)."""
        return list(dict.fromkeys([self.my_zone(), *self.service.zones_for(handoff)]))

    # --- reading -----------------------------------------------------------------------------

    def refresh(self) -> Job:
        """Re-read the roster, handoffs and reminder conditions (a newer refresh supersedes)."""
        service, settings, calendar, now = self.service, self._settings(), self._calendar, self._clock.now()

        def read() -> Snapshot:
            roster = self._load_roster()
            self.roster = roster
            inbox, drafts, outgoing = service.inbox(), service.drafts(), service.outgoing()
            found = reminders.conditions(
                now,
                roster=roster,
                me=settings.me,
                handoffs=[*inbox, *drafts, *outgoing],
                settings=settings,
                calendar=calendar,
            )
            return Snapshot(roster, tuple(inbox), tuple(drafts), tuple(outgoing), tuple(found))

        job = self.jobs.run(read, key="handoff-refresh")
        job.succeeded.connect(self._on_refresh_job_succeeded)
        return job

    def reading(self, handoff_id: str) -> Job:
        """Read a handoff for the reading view (``succeeded(Reading)``)."""
        service, locale = self.service, self._locale()

        def read() -> Reading:
            handoff = service.get(handoff_id)
            markdown = service.render(handoff, zones=self.reader_zones(handoff), locale=locale)
            return Reading(handoff, markdown, tuple(service.acknowledgements(handoff_id)))

        return self.jobs.run(read, key="handoff-reading")

    def render(self, handoff: HandoffRecord) -> Job:
        """Markdown of ``handoff`` for the preview and export (``succeeded(str)``)."""
        service, locale = self.service, self._locale()
        zones = self.reader_zones(handoff)
        return self.jobs.run(
            lambda: service.render(handoff, zones=zones, locale=locale), key="handoff-render"
        )

    def search_tasks(self, text: str) -> list[TaskRecord]:
        """Cached tasks matching ``text`` (call on a worker thread)."""
        return self._store.tasks.get(self._store.search.task_ids(text, limit=50))

    # --- writing -----------------------------------------------------------------------------

    def _write(self, fn: Callable[[], object], done: Callable[[object], None] | None = None) -> Job:
        job = self.writer.run(fn)
        if done is not None:
            job.succeeded.connect(done)
        job.succeeded.connect(lambda _result: self.refresh())
        return job

    def save_draft(self, handoff: HandoffRecord) -> Job:
        """Store a draft as typed (``succeeded(HandoffRecord)``)."""
        service = self.service
        return self._write(lambda: service.save_draft(handoff))

    def submit(self, handoff: HandoffRecord) -> Job:
        """Save and queue a draft in one go (``succeeded(HandoffRecord)``); never touches the
        network. ``failed`` carries ``HandoffInvalid`` with the problems."""
        service = self.service

        def write() -> HandoffRecord:
            service.save_draft(handoff)
            return service.submit(handoff.id)

        return self._write(write, lambda queued: self.submitted.emit(_id(queued)))

    def discard(self, handoff_id: str) -> Job:
        """Discard a draft (soft)."""
        return self._write(
            lambda: self.service.discard(handoff_id), lambda _r: self.discarded.emit(handoff_id)
        )

    def restore(self, handoff_id: str) -> Job:
        """Bring a discarded draft back."""
        return self._write(
            lambda: self.service.restore(handoff_id), lambda _r: self.restored.emit(handoff_id)
        )

    def acknowledge(self, handoff_id: str, *, read_back: str, question: str) -> Job:
        """Acknowledge a received handoff with an optional read-back and question back."""
        job = self._write(
            lambda: self.service.acknowledge(handoff_id, read_back=read_back, question=question),
            lambda _r: self.acknowledged.emit(handoff_id),
        )
        job.failed.connect(lambda error: self.problem.emit(self.tr("Cannot acknowledge"), str(error)))
        return job

    def retry(self, handoff_id: str) -> Job:
        """Queue a failed handoff again."""
        job = self._write(lambda: self.service.retry(handoff_id), lambda _r: self.retried.emit(handoff_id))
        job.failed.connect(lambda error: self.problem.emit(self.tr("Cannot retry"), str(error)))
        return job

    # --- the form ----------------------------------------------------------------------------

    def new_handoff(self) -> Job:
        """Create a draft (recipient suggested, unresolved items carried over) and open it."""
        service, load_roster = self.service, self._load_roster

        def create() -> FormSetup:
            self.roster = load_roster()
            return self._setup(service.new_draft())

        job = self.writer.run(create)
        job.succeeded.connect(self._open_form)
        job.failed.connect(lambda error: self.problem.emit(self.tr("Cannot start a handoff"), str(error)))
        job.succeeded.connect(lambda _setup: self.refresh())
        return job

    def open_draft(self, handoff_id: str) -> Job | None:
        """Open the form on an existing draft (or raise its open form)."""
        form = self.forms.get(handoff_id)
        if form is not None:
            form.raise_()
            form.activateWindow()
            return None
        service, load_roster = self.service, self._load_roster

        def read() -> FormSetup:
            self.roster = load_roster()
            return self._setup(service.get(handoff_id))

        job = self.jobs.run(read)
        job.succeeded.connect(self._open_form)
        job.failed.connect(lambda error: self.problem.emit(self.tr("Cannot open the draft"), str(error)))
        return job

    def _setup(self, draft: HandoffRecord) -> FormSetup:
        """Worker thread: everything the form shows besides the draft."""
        roster = self.roster
        received = self.service.last_received()
        carried = frozenset(planning.carry_over(received))
        ids = [item.task_id for item in draft.items if item.task_id is not None]
        labels = {task.id: task_label(task) for task in self._store.tasks.get(ids)}
        try:
            suggestion = self.service.suggest_recipient(draft.recipient_kind)
        except Exception:  # a suggestion is a courtesy; the form works without it
            log.exception("no recipient suggestion")
            suggestion = None
        return FormSetup(
            draft=draft,
            teammates=roster.teammates,
            teams=tuple(sorted({t.team for t in roster.teammates if t.team})),
            carried=carried,
            carried_from=received.author if received is not None else "",
            suggestion=suggestion,
            task_labels=labels,
        )

    @Slot(object)
    def _open_form(self, setup: FormSetup) -> None:
        form = HandoffForm(
            setup=setup,
            service=self.service,
            actions=self,
            my_zone=self.my_zone(),
            locale=self._locale(),
            now=self._clock.now,
            choose_save_file=self._choose_save_file,
            parent=self._window(),
        )
        self.forms[setup.draft.id] = form
        form.finished.connect(lambda _result: self._on_form_finished(setup.draft.id))
        form.show()
        self.form_opened.emit(form)

    def _on_form_finished(self, handoff_id: str) -> None:
        form = self.forms.pop(handoff_id, None)
        if form is not None:
            form.deleteLater()

    @Slot(object)
    def _on_refresh_job_succeeded(self, snapshot: Snapshot) -> None:
        self.roster = snapshot.roster
        self.snapshot = snapshot
        self.refreshed.emit(snapshot)


def _id(record: object) -> str:
    return record.id if isinstance(record, HandoffRecord) else ""
