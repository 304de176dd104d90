"""One handoff item in the form, and a section page holding a list of them.

An :class:`ItemEditor` edits one :class:`~app.store.records.HandoffItemData`: its text, the
FYI / input-needed flag and, by section, an owner (next actions), a decider and decision
deadline (decisions, with a "propose" button), an optional due time (next actions) and a
link (links). Fields a section does not show are kept as they were (a carried-over risk keeps
its owner). Validation messages from :mod:`app.handoff.validation` appear under the item.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.domain import ItemFlag, Section
from app.handoff.errors import HandoffError
from app.handoff.validation import Problem
from app.store.records import HandoffItemData
from app.timeline.roster import Teammate
from ui.handoff.when import from_qdatetime, in_zones, to_qdatetime
from ui.team_editor.field_error import FieldErrorLabel, plain_label

PROPOSE_HOURS = (2, 4, 8)
"""Working hours of the decider a proposed decision deadline leaves them (menu order)."""

SECTION_HINTS = {
    Section.COMPLETED.value: "What you finished this shift, so nobody does it twice.",
    Section.IN_PROGRESS.value: "What is half done, and where it stands.",
    Section.RISKS.value: "What could go wrong next, and the signal to watch.",
    Section.DECISIONS.value: "What someone must decide, by when, and what happens if nobody objects.",
    Section.NEXT_ACTIONS.value: "What the next person should do, with an owner.",
    Section.LINKS.value: "Dashboards, tickets, documents: an http(s) URL or a tracker key (#123, PROJ-42).",
}


@dataclass(frozen=True)
class ItemContext:
    """What every item editor needs: the roster's teammates, my zone (the deadline pickers'
    zone), the babel ``locale``, the clock's ``now`` and how to propose a deadline
    (``propose(decider, working_minutes) -> aware UTC``, raising a ``HandoffError``)."""

    teammates: tuple[Teammate, ...]
    my_zone: str
    locale: str
    now: Callable[[], datetime]
    propose: Callable[[str, int], datetime]

    def zone_of(self, name: str) -> str | None:
        """The IANA zone of teammate ``name``, if on the roster."""
        return next((t.zone for t in self.teammates if t.name == name), None)


def _round_up(at: datetime, minutes: int = 15) -> datetime:
    at = at.replace(second=0, microsecond=0)
    return at + timedelta(minutes=(-at.minute) % minutes)


class _InstantField(QWidget):
    """An optional instant: a check box that enables a date-time edit in my zone."""

    changed = Signal()

    def __init__(self, label: str, context: ItemContext, parent: QWidget) -> None:
        super().__init__(parent)
        self._context = context
        self.check = QCheckBox(label, self)
        self.edit = QDateTimeEdit(self)
        self.edit.setCalendarPopup(True)
        self.edit.setDisplayFormat("ddd d MMM yyyy HH:mm")
        self.edit.setTimeZone(to_qdatetime(context.now(), context.my_zone).timeZone())
        self.edit.setAccessibleName(label.replace("&", ""))
        self.edit.setEnabled(False)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.check)
        layout.addWidget(self.edit, 1)
        self.check.toggled.connect(self._on_check_toggled)
        self.edit.dateTimeChanged.connect(lambda _value: self.changed.emit())

    def value(self) -> datetime | None:
        return from_qdatetime(self.edit.dateTime()) if self.check.isChecked() else None

    def set_value(self, at: datetime | None) -> None:
        if at is not None:
            self.edit.setDateTime(to_qdatetime(at, self._context.my_zone))
        self.check.setChecked(at is not None)

    @Slot(bool)
    def _on_check_toggled(self, checked: bool) -> None:
        self.edit.setEnabled(checked)
        if checked and self.edit.dateTime().toSecsSinceEpoch() < self._context.now().timestamp():
            later = _round_up(self._context.now() + timedelta(hours=2))
            self.edit.setDateTime(to_qdatetime(later, self._context.my_zone))
        self.changed.emit()


class ItemEditor(QFrame):
    """Edits one item of ``section``. ``carried_from``: the author of the handoff this item
    was carried over from ("" if not carried); ``task_label``: "#101 — title" of an attached
    task; ``hint``: placeholder text (from a template).

    Signals:
        changed(): the user edited the item.
        remove_requested(): the user asked to remove it.
    """

    changed = Signal()
    remove_requested = Signal()

    def __init__(
        self,
        *,
        section: str,
        item: HandoffItemData,
        context: ItemContext,
        carried_from: str = "",
        task_label: str = "",
        hint: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.section = section
        self._item = item
        self._context = context
        self.setFrameShape(QFrame.Shape.StyledPanel)
        grid = QGridLayout(self)
        row = 0
        self.carried_label = plain_label(
            self.tr("↪ Carried over from {name}'s handoff: keep it, update it or remove it.").format(
                name=carried_from
            ),
            self,
        )
        self.carried_label.setWordWrap(True)
        self.carried_label.setVisible(bool(carried_from))
        self.carried_label.setAccessibleName(self.tr("Carried over"))
        grid.addWidget(self.carried_label, row, 0, 1, 3)
        row += 1
        self.task_label = plain_label(self.tr("Task {task}").format(task=task_label), self)
        self.task_label.setWordWrap(True)
        self.task_label.setVisible(bool(task_label))
        grid.addWidget(self.task_label, row, 0, 1, 3)
        row += 1
        self.text_edit = QPlainTextEdit(item.text, self)
        self.text_edit.setTabChangesFocus(True)
        self.text_edit.setPlaceholderText(hint or self.tr("Write the item…"))
        self.text_edit.setAccessibleName(self.tr("Item text"))
        self.text_edit.setFixedHeight(self.text_edit.fontMetrics().lineSpacing() * 3 + 14)
        self.text_edit.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        grid.addWidget(self.text_edit, row, 0, 1, 2)
        side = QVBoxLayout()
        self.flag_box = QCheckBox(self.tr("&Input needed"), self)
        self.flag_box.setToolTip(self.tr("Unchecked: for your information (FYI)"))
        self.flag_box.setChecked(item.flag == ItemFlag.INPUT_NEEDED.value)
        self.remove_button = QToolButton(self)
        self.remove_button.setText(self.tr("Remove"))
        self.remove_button.setAccessibleName(self.tr("Remove item"))
        side.addWidget(self.flag_box)
        side.addWidget(self.remove_button)
        side.addStretch(1)
        grid.addLayout(side, row, 2)
        row += 1
        self.owner_box: QComboBox | None = None
        self.deadline: _InstantField | None = None
        self.deadline_label: QLabel | None = None
        self.propose_button: QToolButton | None = None
        self.due: _InstantField | None = None
        self.ref_edit: QLineEdit | None = None
        if section in (Section.NEXT_ACTIONS.value, Section.DECISIONS.value):
            row = self._build_people(grid, row)
        self._build_link(grid, row)

    def _build_link(self, grid: QGridLayout, row: int) -> None:
        if self.section == Section.LINKS.value:
            self.ref_edit = QLineEdit(self._item.ref or "", self)
            self.ref_edit.setPlaceholderText(self.tr("https://… or #123 or PROJ-42"))
            self.ref_edit.setAccessibleName(self.tr("Link"))
            grid.addWidget(plain_label(self.tr("&Link:"), self, self.ref_edit), row, 0)
            grid.addWidget(self.ref_edit, row, 1, 1, 2)
            self.ref_edit.textChanged.connect(self._on_field_changed)
            row += 1
        self.error_label = FieldErrorLabel(self)
        grid.addWidget(self.error_label, row, 0, 1, 3)
        grid.setColumnStretch(1, 1)
        self.text_edit.textChanged.connect(self._on_field_changed)
        self.flag_box.toggled.connect(self._on_field_changed)
        self.remove_button.clicked.connect(self.remove_requested)

    def _build_people(self, grid: QGridLayout, row: int) -> int:
        deciding = self.section == Section.DECISIONS.value
        self.owner_box = QComboBox(self)
        self.owner_box.addItem(self.tr("(nobody yet)"), "")
        for teammate in self._context.teammates:
            self.owner_box.addItem(teammate.name, teammate.name)
        owner = self._item.owner or ""
        if owner and self.owner_box.findData(owner) < 0:
            self.owner_box.addItem(owner, owner)
        self.owner_box.setCurrentIndex(self.owner_box.findData(owner))
        label = self.tr("&Decider:") if deciding else self.tr("&Owner:")
        self.owner_box.setAccessibleName(label.replace("&", "").rstrip(":"))
        grid.addWidget(plain_label(label, self, self.owner_box), row, 0)
        grid.addWidget(self.owner_box, row, 1)
        self.owner_box.currentIndexChanged.connect(self._on_field_changed)
        row += 1
        if deciding:
            self.deadline = _InstantField(self.tr("Decision deadline"), self._context, self)
            self.deadline.set_value(self._item.deadline_at)
            self.propose_button = QToolButton(self)
            self.propose_button.setText(self.tr("&Propose"))
            self.propose_button.setAccessibleName(
                self.tr("Propose a deadline in the decider's working hours")
            )
            self.propose_button.setToolTip(self.propose_button.accessibleName())
            self.propose_button.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
            menu = QMenu(self.propose_button)
            for hours in PROPOSE_HOURS:
                action = menu.addAction(self.tr("After {hours} working hours").format(hours=hours))
                action.triggered.connect(lambda _checked=False, h=hours: self.propose(h * 60))
            self.propose_button.setMenu(menu)
            self.propose_button.clicked.connect(lambda: self.propose(PROPOSE_HOURS[1] * 60))
            line = QHBoxLayout()
            line.addWidget(self.deadline, 1)
            line.addWidget(self.propose_button)
            grid.addLayout(line, row, 0, 1, 3)
            row += 1
            self.deadline_label = plain_label("", self)
            self.deadline_label.setWordWrap(True)
            grid.addWidget(self.deadline_label, row, 0, 1, 3)
            self.deadline.changed.connect(self._on_field_changed)
            row += 1
        else:
            self.due = _InstantField(self.tr("D&ue"), self._context, self)
            self.due.set_value(self._item.due_at)
            grid.addWidget(self.due, row, 0, 1, 3)
            self.due.changed.connect(self._on_field_changed)
            row += 1
        self._show_deadline()
        return row

    def item(self) -> HandoffItemData:
        """The item as the user has it now."""
        item = replace(
            self._item,
            text=self.text_edit.toPlainText(),
            flag=ItemFlag.INPUT_NEEDED.value if self.flag_box.isChecked() else ItemFlag.FYI.value,
        )
        if self.owner_box is not None:
            item = replace(item, owner=str(self.owner_box.currentData() or "") or None)
        if self.deadline is not None:
            item = replace(item, deadline_at=self.deadline.value())
        if self.due is not None:
            item = replace(item, due_at=self.due.value())
        if self.ref_edit is not None:
            item = replace(item, ref=self.ref_edit.text().strip() or None)
        return item

    def show_problems(self, problems: Sequence[Problem]) -> None:
        """Show these validation problems under the item (none: hide the message)."""
        self.error_label.show_error("\n".join(p.message for p in problems))

    def problem_text(self) -> str:
        """The validation message shown ("" when none)."""
        return self.error_label.error()

    def propose(self, working_minutes: int) -> None:
        """Set the decision deadline to ``working_minutes`` of the decider's working time from
        now (their hours, weekends and holidays count; see ``propose_deadline``)."""
        if self.deadline is None or self.owner_box is None:
            return
        decider = str(self.owner_box.currentData() or "")
        if not decider:
            self.error_label.show_error(
                self.tr("Choose the decider first: the deadline follows their working hours.")
            )
            return
        try:
            at = self._context.propose(decider, working_minutes)
        except (HandoffError, ValueError) as error:
            self.error_label.show_error(str(error))
            return
        self.deadline.set_value(at)

    def _show_deadline(self) -> None:
        if self.deadline_label is None or self.deadline is None or self.owner_box is None:
            return
        at = self.deadline.value()
        decider = str(self.owner_box.currentData() or "")
        zone = self._context.zone_of(decider) if decider else None
        if at is None:
            self.deadline_label.setText(self.tr("No deadline yet: say when you proceed if nobody objects."))
            return
        zones = [z for z in (zone, self._context.my_zone) if z]
        who = self.tr("for {name}").format(name=decider) if decider else self.tr("for you")
        self.deadline_label.setText(f"{in_zones(at, zones, self._context.locale)} {who}")

    @Slot()
    def _on_field_changed(self) -> None:
        self._show_deadline()
        self.changed.emit()


class SectionPage(QWidget):
    """One section of the handoff: its items, "Add item" and "Attach task…".

    Signals:
        changed(): an item was edited, added or removed.
        attach_requested(str): the user wants to attach a cached task to this section.
    """

    changed = Signal()
    attach_requested = Signal(str)

    def __init__(
        self, *, section: str, title: str, context: ItemContext, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.section = section
        self.title = title
        self._context = context
        self.editors: list[ItemEditor] = []
        layout = QVBoxLayout(self)
        heading = plain_label(title, self)
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        heading.setFont(font)
        layout.addWidget(heading)
        intro = plain_label(self.tr(SECTION_HINTS.get(section, "")), self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self._list = QWidget(self)
        self._list_layout = QVBoxLayout(self._list)
        self._list_layout.setContentsMargins(0, 0, 0, 0)
        self._list_layout.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self._list)
        layout.addWidget(scroll, 1)
        buttons = QHBoxLayout()
        self.add_button = QPushButton(self.tr("&Add Item"), self)
        self.add_button.setAccessibleName(self.tr("Add item to {section}").format(section=title))
        self.attach_button = QPushButton(self.tr("Attach &Task…"), self)
        self.attach_button.setAccessibleName(
            self.tr("Attach a cached task to {section}").format(section=title)
        )
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.attach_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.add_button.clicked.connect(self._on_add_button_clicked)
        self.attach_button.clicked.connect(lambda: self.attach_requested.emit(self.section))

    def add_item(
        self, item: HandoffItemData, *, carried_from: str = "", task_label: str = "", hint: str = ""
    ) -> ItemEditor:
        """Append an editor for ``item`` and return it."""
        editor = ItemEditor(
            section=self.section,
            item=item,
            context=self._context,
            carried_from=carried_from,
            task_label=task_label,
            hint=hint,
            parent=self._list,
        )
        self._list_layout.insertWidget(self._list_layout.count() - 1, editor)
        self.editors.append(editor)
        editor.changed.connect(self.changed)
        editor.remove_requested.connect(lambda: self._remove(editor))
        return editor

    def clear(self) -> None:
        """Remove every item editor (no ``changed``)."""
        for editor in self.editors:
            editor.hide()
            editor.deleteLater()
        self.editors = []

    def items(self) -> list[HandoffItemData]:
        """The section's items in order."""
        return [editor.item() for editor in self.editors]

    def _remove(self, editor: ItemEditor) -> None:
        index = self.editors.index(editor)
        self.editors.remove(editor)
        editor.hide()
        editor.deleteLater()
        if self.editors:
            self.editors[min(index, len(self.editors) - 1)].text_edit.setFocus()
        else:
            self.add_button.setFocus()
        self.changed.emit()

    @Slot()
    def _on_add_button_clicked(self) -> None:
        editor = self.add_item(HandoffItemData(section=self.section, text=""))
        editor.text_edit.setFocus()
        self.changed.emit()
