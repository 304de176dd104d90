"""The guided handoff form: recipient, sections, tasks, preview; saved as the user types.

Steps on the left (each shows how many problems it has), one page per step on the right, Back
/ Next to walk through them in order and Submit (Ctrl+Enter) at any point. Every edit is
saved to SQLite on the single writer thread, debounced: at most :data:`IDLE_MS` after the
user stops typing and never more than :data:`MAX_BEHIND_MS` behind a burst of typing
(issue #5: "at most 2 s behind"). Validation (:mod:`app.handoff.validation`) runs as the user
types too and explains each problem next to the item. Submitting never needs the network: the
draft becomes ``queued`` in the outbox.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QTimer, Signal, SignalInstance, Slot
from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QMenu,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain import RecipientKind, Section, Urgency
from app.handoff.errors import HandoffInvalid
from app.handoff.planning import Recipient
from app.handoff.render import SECTION_TITLES, URGENCY_TITLES
from app.handoff.service import HandoffService
from app.handoff.validation import Problem
from app.store.records import HandoffItemData, HandoffRecord, TaskRecord
from app.timeline.roster import Teammate
from ui.handoff.browser import SafeMarkdownView
from ui.handoff.items import ItemContext, ItemEditor, SectionPage
from ui.handoff.task_picker import TaskPickerDialog, task_label
from ui.handoff.when import countdown, in_zones
from ui.jobs import Job, JobRunner
from ui.team_editor.field_error import FieldErrorLabel, plain_label

log = logging.getLogger(__name__)

IDLE_MS = 400
"""Save this long after the last keystroke."""
MAX_BEHIND_MS = 1500
"""Save at least this often while the user keeps typing (the issue allows 2 s)."""
VALIDATE_MS = 150
COUNTDOWN_MS = 30_000


class FormActions(Protocol):
    """What the form asks of the handoff hub; each returns a :class:`~ui.jobs.Job` whose
    ``succeeded`` carries the result."""

    jobs: JobRunner

    def save_draft(self, handoff: HandoffRecord) -> Job: ...
    def submit(self, handoff: HandoffRecord) -> Job: ...
    def discard(self, handoff_id: str) -> Job: ...
    def render(self, handoff: HandoffRecord) -> Job: ...
    def search_tasks(self, text: str) -> list[TaskRecord]: ...


@dataclass(frozen=True)
class FormSetup:
    """Everything a form opens with, read off the GUI thread: the ``draft``, the roster's
    ``teammates`` and ``teams``, the items ``carried`` over (from ``carried_from``'s handoff),
    the time engine's recipient ``suggestion`` and labels of attached tasks by id."""

    draft: HandoffRecord
    teammates: tuple[Teammate, ...]
    teams: tuple[str, ...]
    carried: frozenset[HandoffItemData] = frozenset()
    carried_from: str = ""
    suggestion: Recipient | None = None
    task_labels: dict[int, str] | None = None


FileChooser = Callable[[QWidget, str, str], str]


def _stacked(parent: QWidget, *widgets: QWidget) -> QWidget:
    """Widgets one under the other, as one form field (a hint and an error under a box)."""
    box = QWidget(parent)
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(2)
    for widget in widgets:
        layout.addWidget(widget)
    return box


class HandoffForm(QDialog):
    """Edits one draft. ``service`` answers the pure questions (validation, templates,
    deadlines); ``actions`` does the reads and writes on background threads.

    Signals:
        draft_saved(str): the draft with this id reached SQLite.
        submitted(str): the handoff was queued for sending; the form closes.
        discarded(str): the user discarded the draft; the form closes.
        problems_shown(int): validation ran; this many problems are shown.
        preview_shown(): the preview shows the current text.
    """

    draft_saved = Signal(str)
    submitted = Signal(str)
    discarded = Signal(str)
    problems_shown = Signal(int)
    preview_shown = Signal()

    def __init__(
        self,
        *,
        setup: FormSetup,
        service: HandoffService,
        actions: FormActions,
        my_zone: str,
        locale: str,
        now: Callable[[], datetime],
        choose_save_file: FileChooser,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._setup = setup
        self._draft = setup.draft
        self._service = service
        self._actions = actions
        self._my_zone = my_zone
        self._locale = locale
        self._now = now
        self._choose_save_file = choose_save_file
        self._dirty = False
        self._saving: Job | None = None
        self._closing = False
        self._markdown = ""
        self._filling = False
        self.setWindowTitle(self.tr("Handoff"))
        self.setMinimumSize(860, 600)
        self._context = ItemContext(
            teammates=setup.teammates,
            my_zone=my_zone,
            locale=locale,
            now=now,
            propose=lambda decider, minutes: service.propose_deadline(decider, now(), minutes),
        )
        self._build()
        self._fill(self._draft)
        self._timers()
        self._connect()
        self._validate()
        self._on_countdown_timeout()

    # --- building ------------------------------------------------------------------------------

    def _build(self) -> None:
        self.steps = QListWidget(self)
        self.steps.setAccessibleName(self.tr("Handoff steps"))
        self.steps.setFixedWidth(170)
        self.pages = QStackedWidget(self)
        self.pages.addWidget(self._build_header())
        self.sections: list[SectionPage] = []
        for section, title in SECTION_TITLES.items():
            page = SectionPage(section=section, title=self.tr(title), context=self._context, parent=self)
            self.sections.append(page)
            self.pages.addWidget(page)
        self.pages.addWidget(self._build_preview())
        self.steps.addItems([""] * self.pages.count())
        body = QHBoxLayout()
        body.addWidget(self.steps)
        body.addWidget(self.pages, 1)
        self.save_state = plain_label("", self)
        self.save_state.setAccessibleName(self.tr("Draft save state"))
        self.summary = plain_label("", self)
        self.discard_button = self._button(self.tr("&Discard Draft"))
        self.close_button = self._button(self.tr("&Close"))
        self.close_button.setToolTip(self.tr("The draft is kept; find it under Outbox → Drafts"))
        self.back_button = self._button(self.tr("< &Back"))
        self.next_button = self._button(self.tr("&Next >"))
        self.submit_button = self._button(self.tr("&Submit"))
        self.submit_button.setToolTip(self.tr("Queue the handoff for sending (Ctrl+Enter); works offline"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.discard_button)
        buttons.addWidget(self.save_state, 1)
        for button in (self.close_button, self.back_button, self.next_button, self.submit_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addWidget(self.summary)
        layout.addLayout(buttons)

    def _button(self, text: str) -> QPushButton:
        button = QPushButton(text, self)
        button.setAutoDefault(False)
        return button

    def _build_header(self) -> QWidget:
        page = QWidget(self)
        self.title_edit = QLineEdit(page)
        self.title_edit.setPlaceholderText(self.tr("One line the recipient sees first"))
        self.title_edit.setAccessibleName(self.tr("Title"))
        self.recipient_box = QComboBox(page)
        self.recipient_box.setAccessibleName(self.tr("Recipient"))
        self.suggestion_label = plain_label("", page)
        self.suggestion_label.setWordWrap(True)
        self.recipient_error = FieldErrorLabel(page)
        self.urgency_box = QComboBox(page)
        self.urgency_box.setAccessibleName(self.tr("Urgency"))
        for urgency in Urgency:
            self.urgency_box.addItem(self.tr(URGENCY_TITLES[urgency.value]), urgency.value)
        self.escalation_box = QComboBox(page)
        self.escalation_box.setAccessibleName(self.tr("Escalation contact"))
        self.escalation_box.addItem(self.tr("(choose who to call)"), "")
        for teammate in self._setup.teammates:
            self.escalation_box.addItem(teammate.name, teammate.name)
        self.escalation_error = FieldErrorLabel(page)
        self.template_button = QPushButton(self.tr("Start from a &Template"), page)
        self.template_button.setAccessibleName(self.tr("Apply a team template"))
        self.template_button.setAutoDefault(False)
        menu = QMenu(self.template_button)
        for template in self._service.templates():
            action = menu.addAction(template.name)
            action.setToolTip(template.description)
            action.triggered.connect(lambda _checked=False, key=template.key: self.apply_template(key))
        self.template_button.setMenu(menu)
        self.cutoff_label = plain_label("", page)
        self.cutoff_label.setAccessibleName(self.tr("Time to your cutoff"))
        self.carried_label = plain_label("", page)
        self.carried_label.setWordWrap(True)
        self.items_error = FieldErrorLabel(page)
        form = QFormLayout(page)
        heading = plain_label(self.tr("Who takes over, and how urgent is it?"), page)
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        heading.setFont(font)
        form.addRow(heading)
        form.addRow(plain_label(self.tr("T&itle:"), page, self.title_edit), self.title_edit)
        form.addRow(
            plain_label(self.tr("&Recipient:"), page, self.recipient_box),
            _stacked(page, self.recipient_box, self.suggestion_label, self.recipient_error),
        )
        form.addRow(plain_label(self.tr("&Urgency:"), page, self.urgency_box), self.urgency_box)
        form.addRow(
            plain_label(self.tr("&Escalation contact:"), page, self.escalation_box),
            _stacked(page, self.escalation_box, self.escalation_error),
        )
        form.addRow(plain_label(self.tr("Your cutoff:"), page), self.cutoff_label)
        template_row = QHBoxLayout()
        template_row.addWidget(self.template_button)
        template_row.addStretch(1)
        form.addRow("", template_row)
        form.addRow(self.carried_label)
        form.addRow(self.items_error)
        return page

    def _build_preview(self) -> QWidget:
        page = QWidget(self)
        self.preview = SafeMarkdownView(parent=page)
        self.preview.setAccessibleName(self.tr("Preview of the handoff"))
        self.copy_button = QPushButton(self.tr("C&opy as Markdown"), page)
        self.export_button = QPushButton(self.tr("E&xport Markdown…"), page)
        row = QHBoxLayout()
        row.addWidget(plain_label(self.tr("This is what the recipient and the tracker will see."), page), 1)
        row.addWidget(self.copy_button)
        row.addWidget(self.export_button)
        layout = QVBoxLayout(page)
        layout.addLayout(row)
        layout.addWidget(self.preview, 1)
        return page

    def _fill(self, draft: HandoffRecord) -> None:
        """Put ``draft`` into the widgets (no saving)."""
        self._filling = True
        self.title_edit.setText(draft.title)
        self.recipient_box.clear()
        for teammate in self._setup.teammates:
            if teammate.name != draft.author:
                self.recipient_box.addItem(teammate.name, (RecipientKind.TEAMMATE.value, teammate.name))
        for team in self._setup.teams:
            self.recipient_box.addItem(
                self.tr("Team {team}").format(team=team), (RecipientKind.TEAM.value, team)
            )
        current = (draft.recipient_kind, draft.recipient)
        if draft.recipient and self.recipient_box.findData(current) < 0:
            self.recipient_box.addItem(draft.recipient, current)
        if not draft.recipient:
            self.recipient_box.insertItem(
                0, self.tr("(choose a teammate or a team)"), (draft.recipient_kind, "")
            )
        self.recipient_box.setCurrentIndex(max(0, self.recipient_box.findData(current)))
        self.urgency_box.setCurrentIndex(self.urgency_box.findData(draft.urgency))
        contact = draft.escalation_contact or ""
        if contact and self.escalation_box.findData(contact) < 0:
            self.escalation_box.addItem(contact, contact)
        self.escalation_box.setCurrentIndex(max(0, self.escalation_box.findData(contact)))
        self.escalation_box.setEnabled(draft.urgency == Urgency.URGENT.value)
        suggestion = self._setup.suggestion
        if suggestion is not None:
            who = (
                suggestion.name
                if suggestion.kind == RecipientKind.TEAMMATE.value
                else f"team {suggestion.name}"
            )
            self.suggestion_label.setText(
                self.tr("Suggested by the team's hours: {who}, on shift {when}").format(
                    who=who, when=in_zones(suggestion.online_at, [self._my_zone], self._locale)
                )
            )
        labels = self._setup.task_labels or {}
        carried = sum(1 for item in draft.items if item in self._setup.carried)
        for page in self.sections:
            page.clear()
            for item in draft.items:
                if item.section != page.section:
                    continue
                page.add_item(
                    item,
                    carried_from=self._setup.carried_from if item in self._setup.carried else "",
                    task_label=labels.get(item.task_id, item.ref or "") if item.task_id is not None else "",
                )
        self.carried_label.setText(
            self.tr(
                "↪ {count} unresolved items were carried over from {name}'s handoff. "
                "They are marked in their sections: remove what is resolved."
            ).format(count=carried, name=self._setup.carried_from)
            if carried
            else ""
        )
        self.carried_label.setVisible(bool(carried))
        self._filling = False

    def _timers(self) -> None:
        def timer(interval: int, slot: Callable[[], None]) -> QTimer:
            made = QTimer(self)
            made.setSingleShot(True)
            made.setInterval(interval)
            made.timeout.connect(slot)
            return made

        self._idle_timer = timer(IDLE_MS, self.save_now)
        self._max_timer = timer(MAX_BEHIND_MS, self.save_now)
        self._validate_timer = timer(VALIDATE_MS, self._validate)
        self._countdown = QTimer(self)
        self._countdown.setInterval(COUNTDOWN_MS)
        self._countdown.timeout.connect(self._on_countdown_timeout)
        self._countdown.start()

    def _connect(self) -> None:
        self.steps.currentRowChanged.connect(self._on_steps_current_row_changed)
        self.steps.setCurrentRow(0)
        self.title_edit.textChanged.connect(self._on_edited)
        self.recipient_box.currentIndexChanged.connect(self._on_edited)
        self.urgency_box.currentIndexChanged.connect(self._on_urgency_box_current_index_changed)
        self.escalation_box.currentIndexChanged.connect(self._on_edited)
        for page in self.sections:
            page.changed.connect(self._on_edited)
            page.attach_requested.connect(self.attach_task)
        self.back_button.clicked.connect(lambda: self.go_to(self.pages.currentIndex() - 1))
        self.next_button.clicked.connect(lambda: self.go_to(self.pages.currentIndex() + 1))
        self.submit_button.clicked.connect(self.submit)
        self.close_button.clicked.connect(self.reject)
        self.discard_button.clicked.connect(self.discard)
        self.copy_button.clicked.connect(self._on_copy_button_clicked)
        self.export_button.clicked.connect(self._on_export_button_clicked)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, self.submit)
        QShortcut(QKeySequence("Ctrl+PgDown"), self, lambda: self.go_to(self.pages.currentIndex() + 1))
        QShortcut(QKeySequence("Ctrl+PgUp"), self, lambda: self.go_to(self.pages.currentIndex() - 1))

    # --- public ----------------------------------------------------------------------------------

    @property
    def handoff_id(self) -> str:
        """The draft's UUID."""
        return self._draft.id

    @property
    def preview_page(self) -> int:
        """Index of the preview step."""
        return self.pages.count() - 1

    def section_page(self, section: Section | str) -> SectionPage:
        """The page of ``section``."""
        return next(page for page in self.sections if page.section == section)

    def editors(self) -> list[ItemEditor]:
        """Every item editor, in handoff order."""
        return [editor for page in self.sections for editor in page.editors]

    def record(self) -> HandoffRecord:
        """The draft as the user has it now."""
        kind, name = self.recipient_box.currentData() or (RecipientKind.TEAMMATE.value, "")
        urgency = str(self.urgency_box.currentData())
        contact = str(self.escalation_box.currentData() or "") if urgency == Urgency.URGENT.value else ""
        return replace(
            self._draft,
            title=" ".join(self.title_edit.text().split()),
            recipient=name,
            recipient_kind=kind,
            urgency=urgency,
            escalation_contact=contact or None,
            items=tuple(item for page in self.sections for item in page.items()),
        )

    def go_to(self, index: int) -> None:
        """Show step ``index`` (clamped)."""
        self.steps.setCurrentRow(max(0, min(index, self.pages.count() - 1)))

    def save_now(self) -> None:
        """Write the draft now if it changed (one write in flight at a time)."""
        self._idle_timer.stop()
        self._max_timer.stop()
        if not self._dirty or self._closing:
            return
        if self._saving is not None:
            return  # saved again when the running write finishes
        self._dirty = False
        self.save_state.setText(self.tr("Saving…"))
        self._saving = self._actions.save_draft(self.record())
        self._saving.succeeded.connect(self._on_save_job_succeeded)
        self._saving.failed.connect(self._on_save_job_failed)

    def apply_template(self, key: str) -> None:
        """Apply the team template ``key``: title, urgency and empty prompts for each section."""
        before = len(self.editors())
        applied = self._service.apply_template(self.record(), key)
        hints = {t.key: t for t in self._service.templates()}[key].items
        new = list(applied.items[before:])
        self._fill(replace(applied, items=applied.items[:before]))
        for item, template_item in zip(new, hints, strict=True):
            self.section_page(item.section).add_item(item, hint=template_item.hint)
        self._on_edited()

    def attach_task(self, section: str) -> None:
        """Ask for a cached task and attach it to ``section`` with its note."""
        picker = TaskPickerDialog(search=self._actions.search_tasks, jobs=self._actions.jobs, parent=self)
        picker.accepted.connect(lambda: self._on_picker_accepted(picker, section))
        picker.finished.connect(picker.deleteLater)
        picker.open()
        self.picker = picker

    def submit(self) -> None:
        """Submit if the handoff is ready; otherwise show what to fix and go to it."""
        record = self.record()
        problems = self._service.validate(record)
        if problems:
            self._show_problems(problems)
            self.go_to(self._page_of(problems[0]))
            return
        self._closing = True
        self._idle_timer.stop()
        self._max_timer.stop()
        self.submit_button.setEnabled(False)
        self.save_state.setText(self.tr("Queuing…"))
        job = self._actions.submit(record)
        job.succeeded.connect(self._on_submit_job_succeeded)
        job.failed.connect(self._on_submit_job_failed)

    def discard(self) -> None:
        """Discard the draft (undo from the drafts list) and close."""
        self._closing = True
        self._idle_timer.stop()
        self._max_timer.stop()
        job = self._actions.discard(self._draft.id)
        job.succeeded.connect(lambda _record: self._after(self.discarded))

    def done(self, result: int) -> None:  # Qt override: every way of closing saves the draft
        self.save_now()
        self._closing = True
        self._countdown.stop()
        super().done(result)

    # --- validation --------------------------------------------------------------------------------

    def _page_of(self, problem: Problem) -> int:
        if problem.section is None:
            return 0
        return 1 + next((i for i, p in enumerate(self.sections) if p.section == problem.section), 0)

    def _validate(self) -> None:
        self._show_problems(self._service.validate(self.record()))

    def _show_problems(self, problems: list[Problem]) -> None:
        editors = self.editors()
        by_item: dict[int, list[Problem]] = {}
        for problem in problems:
            if problem.item is not None:
                by_item.setdefault(problem.item, []).append(problem)
        for index, editor in enumerate(editors):
            editor.show_problems(by_item.get(index, []))
        header = {p.field: p.message for p in problems if p.item is None}
        self.recipient_error.show_error(header.get("recipient", ""))
        self.escalation_error.show_error(header.get("escalation_contact", ""))
        self.items_error.show_error(header.get("items", ""))
        counts = [0] * self.pages.count()
        for problem in problems:
            counts[self._page_of(problem)] += 1
        names = [self.tr("Recipient"), *(p.title for p in self.sections), self.tr("Preview")]
        for row, name in enumerate(names):
            mark = f"  ⚠ {counts[row]}" if counts[row] else ""
            item = self.steps.item(row)
            item.setText(f"{row + 1}. {name}{mark}")
            item.setToolTip(self.tr("{count} to fix").format(count=counts[row]) if counts[row] else "")
        self.summary.setText(
            self.tr("⚠ {count} to fix before you can submit (marked ⚠ in the steps on the left).").format(
                count=len(problems)
            )
            if problems
            else self.tr("✓ Ready to submit. Submitting works offline: the handoff waits in the outbox.")
        )
        self.problems_shown.emit(len(problems))

    # --- slots ---------------------------------------------------------------------------------------

    @Slot()
    def _on_edited(self) -> None:
        if self._filling or self._closing:
            return
        self._dirty = True
        self.save_state.setText(self.tr("Edited"))
        self._idle_timer.start()
        if not self._max_timer.isActive():
            self._max_timer.start()
        self._validate_timer.start()
        if self.pages.currentIndex() == self.preview_page:
            self._render()

    @Slot(int)
    def _on_urgency_box_current_index_changed(self, _index: int) -> None:
        urgent = self.urgency_box.currentData() == Urgency.URGENT.value
        self.escalation_box.setEnabled(urgent)
        self._on_edited()

    @Slot(int)
    def _on_steps_current_row_changed(self, row: int) -> None:
        self.pages.setCurrentIndex(row)
        self.back_button.setEnabled(row > 0)
        self.next_button.setEnabled(row < self.pages.count() - 1)
        if row == self.preview_page:
            self._render()

    def _render(self) -> None:
        job = self._actions.render(self.record())
        job.succeeded.connect(self._on_render_job_succeeded)

    @Slot(object)
    def _on_render_job_succeeded(self, markdown: str) -> None:
        self._markdown = markdown
        self.preview.set_markdown(markdown)
        self.preview_shown.emit()

    @Slot(object)
    def _on_save_job_succeeded(self, saved: HandoffRecord) -> None:
        self._saving = None
        self.save_state.setText(self.tr("Draft saved"))
        self.draft_saved.emit(saved.id)
        if self._dirty and not self._closing:
            self.save_now()

    @Slot(object)
    def _on_save_job_failed(self, error: Exception) -> None:
        self._saving = None
        self._dirty = True
        log.error("cannot save the handoff draft %s: %s", self._draft.id, error)
        self.save_state.setText(self.tr("⚠ Not saved: {error}").format(error=error))

    @Slot(object)
    def _on_submit_job_succeeded(self, queued: HandoffRecord) -> None:
        self._after(self.submitted)

    @Slot(object)
    def _on_submit_job_failed(self, error: Exception) -> None:
        self._closing = False
        self.submit_button.setEnabled(True)
        if isinstance(error, HandoffInvalid):
            self._show_problems(list(error.problems))
            self.save_state.setText("")
            return
        log.error("cannot queue handoff %s: %s", self._draft.id, error)
        self.save_state.setText(self.tr("⚠ Not queued: {error}").format(error=error))

    def _after(self, signal: SignalInstance) -> None:
        signal.emit(self._draft.id)
        super().done(QDialog.DialogCode.Accepted)

    def _on_picker_accepted(self, picker: TaskPickerDialog, section: str) -> None:
        task = picker.chosen()
        if task is None:
            return
        item = HandoffItemData(section=section, text=picker.note(), task_id=task.id, ref=task.data.key)
        editor = self.section_page(section).add_item(item, task_label=task_label(task))
        editor.text_edit.setFocus()
        self._on_edited()

    @Slot()
    def _on_countdown_timeout(self) -> None:
        due = self._draft.due_at
        if due is None:
            self.cutoff_label.setText(self.tr("unknown: you have no shift on the roster"))
            return
        when = in_zones(due, [self._my_zone], self._locale)
        self.cutoff_label.setText(f"{when} · {countdown(due, self._now())}")

    @Slot()
    def _on_copy_button_clicked(self) -> None:
        job = self._actions.render(self.record())
        job.succeeded.connect(lambda markdown: QGuiApplication.clipboard().setText(markdown))
        job.succeeded.connect(lambda _md: self.save_state.setText(self.tr("Copied as Markdown")))

    @Slot()
    def _on_export_button_clicked(self) -> None:
        name = "-".join(self.record().title.lower().split()) or "handoff"
        path = self._choose_save_file(self, self.tr("Export Handoff"), f"{name}.md")
        if not path:
            return
        job = self._actions.render(self.record())
        job.succeeded.connect(lambda markdown: self._write_export(Path(path), markdown))

    def _write_export(self, path: Path, markdown: str) -> None:
        try:
            path.write_text(markdown, encoding="utf-8")
        except OSError as error:
            self.save_state.setText(self.tr("⚠ Cannot write {path}: {error}").format(path=path, error=error))
            return
        self.save_state.setText(self.tr("Exported to {path}").format(path=path))
