"""Search the local task cache and pick a task to attach to a handoff, with a note on it."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.store.records import TaskRecord
from ui.jobs import JobRunner
from ui.team_editor.field_error import plain_label

SEARCH_DELAY_MS = 150


def task_label(task: TaskRecord) -> str:
    """``"#101 — Payments API returns 502 (In Progress)"``: plain text, never markup."""
    status = f" ({task.data.status})" if task.data.status else ""
    return f"{task.data.key} — {task.data.title}{status}"


class TaskPickerDialog(QDialog):
    """Type to search cached tasks (key or title words, off the GUI thread), pick one, write a
    note about it. ``search(text)`` returns the matching tasks best first (runs on ``jobs``).

    Signals:
        results_shown(int): the list shows the results of the latest search (their count).
    """

    results_shown = Signal(int)

    def __init__(
        self,
        *,
        search: Callable[[str], Sequence[TaskRecord]],
        jobs: JobRunner,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Attach a Task"))
        self._search = search
        self._jobs = jobs
        self._tasks: dict[int, TaskRecord] = {}
        self.search_field = QLineEdit(self)
        self.search_field.setPlaceholderText(self.tr("Key or words of the title"))
        self.search_field.setAccessibleName(self.tr("Search tasks"))
        self.results = QListWidget(self)
        self.results.setAccessibleName(self.tr("Matching tasks"))
        self.note_field = QLineEdit(self)
        self.note_field.setPlaceholderText(self.tr("What the next person should know about this task"))
        self.note_field.setAccessibleName(self.tr("Note on the task"))
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(self.tr("&Attach"))
        ok.setEnabled(False)
        form = QFormLayout()
        form.addRow(plain_label(self.tr("&Search:"), self, self.search_field), self.search_field)
        form.addRow(self.results)
        form.addRow(plain_label(self.tr("&Note:"), self, self.note_field), self.note_field)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.resize(560, 420)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self._on_timer_timeout)
        self.search_field.textChanged.connect(lambda _text: self._timer.start())
        self.results.currentItemChanged.connect(self._on_results_current_item_changed)
        self.results.itemActivated.connect(lambda _item: self.note_field.setFocus())
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

    def chosen(self) -> TaskRecord | None:
        """The selected task, if any."""
        item = self.results.currentItem()
        return None if item is None else self._tasks.get(int(item.data(Qt.ItemDataRole.UserRole)))

    def note(self) -> str:
        """The note typed for the task."""
        return self.note_field.text().strip()

    @Slot()
    def _on_timer_timeout(self) -> None:
        text = self.search_field.text()
        job = self._jobs.run(lambda: list(self._search(text)), key="handoff-task-picker")
        job.succeeded.connect(self._on_search_job_succeeded)

    @Slot(object)
    def _on_search_job_succeeded(self, tasks: list[TaskRecord]) -> None:
        self.results.clear()
        self._tasks = {task.id: task for task in tasks}
        for task in tasks:
            item = QListWidgetItem(task_label(task))
            item.setData(Qt.ItemDataRole.UserRole, task.id)
            self.results.addItem(item)
        if tasks:
            self.results.setCurrentRow(0)
        self.results_shown.emit(len(tasks))

    @Slot(QListWidgetItem, QListWidgetItem)
    def _on_results_current_item_changed(self, current: QListWidgetItem | None, _previous: object) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(current is not None)
