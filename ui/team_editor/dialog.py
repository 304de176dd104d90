"""The team editor dialog: the teammate list on the left, the selected teammate's form on the right."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.clock import SystemClock
from app.ports import Clock
from app.store.errors import StoreError
from app.timeline import RosterStore
from app.timeline.roster import Roster, Teammate, weekly_hours
from app.timeline.roster_csv import parse_roster_csv
from app.timeline.roster_file import LoadedRoster, RosterInvalid, load_roster, parse_range, save_roster
from app.timeline.zone_catalog import build_zone_catalog, bundled_zone_tables
from ui.jobs import JobRunner
from ui.team_editor.field_error import FieldErrorLabel, chain_focus, plain_label
from ui.team_editor.teammate_form import TeammateForm

logger = logging.getLogger(__name__)

PathChooser = Callable[[QWidget], Path | None]
"""Asks for a file path (parent widget for the dialog); None when the user cancels."""
Confirmation = Callable[[QWidget, str], bool]
"""Asks the user to confirm removing the named teammate."""


def choose_import_path(parent: QWidget) -> Path | None:
    """The native "open" dialog for a TOML or CSV roster file."""
    path, _ = QFileDialog.getOpenFileName(
        parent, parent.tr("Import roster"), "", parent.tr("Roster files (*.toml *.csv);;All files (*)")
    )
    return Path(path) if path else None


def choose_export_path(parent: QWidget) -> Path | None:
    """The native "save" dialog for a TOML roster file."""
    path, _ = QFileDialog.getSaveFileName(
        parent, parent.tr("Export roster"), "roster.toml", parent.tr("Roster files (*.toml)")
    )
    return Path(path) if path else None


def confirm_removal(parent: QWidget, name: str) -> bool:
    """A modal question: remove ``name`` from the roster?"""
    answer = QMessageBox.question(
        parent,
        parent.tr("Remove teammate"),
        parent.tr("Remove {name} from the roster? This takes effect when you save.").format(name=name),
    )
    return answer == QMessageBox.StandardButton.Yes


def read_roster_file(path: Path) -> LoadedRoster:
    """A roster from a ``.csv`` (simple columns) or TOML file; raises ``RosterInvalid`` or ``OSError``."""
    if path.suffix.lower() == ".csv":
        return parse_roster_csv(path.read_text(encoding="utf-8"), source=str(path))
    return load_roster(path)


class TeamEditorDialog(QDialog):
    """Add, edit and remove teammates; import and export roster files; save to ``roster_store``.

    ``language`` is the viewer's locale (``"en_US"``) for weekday, city and country names.  Edits
    stay in the dialog until Save, which writes the whole roster with ``roster_store.replace`` on
    ``writer`` (the single-thread SQLite writer, :class:`~ui.jobs.JobRunner`); the dialog stays
    open, with Save disabled, until the write is done.
    Teammates the user did not touch are saved as the very values loaded.  ``choose_import_path``,
    ``choose_export_path`` and ``confirm_removal`` replace the native dialogs (tests, scripting);
    ``clock`` fixes the instant for UTC offsets shown in the zone picker.

    Signals: ``roster_saved(object)`` — the ``Roster`` just written to the store.
    """

    roster_saved = Signal(object)

    def __init__(
        self,
        *,
        roster_store: RosterStore,
        language: str,
        writer: JobRunner,
        parent: QWidget | None = None,
        clock: Clock | None = None,
        choose_import_path: PathChooser = choose_import_path,
        choose_export_path: PathChooser = choose_export_path,
        confirm_removal: Confirmation = confirm_removal,
    ) -> None:
        super().__init__(parent)
        self._store = roster_store
        self._writer = writer
        self._choose_import_path = choose_import_path
        self._choose_export_path = choose_export_path
        self._confirm_removal = confirm_removal
        now = (clock or SystemClock()).now()
        self._teammates: list[Teammate] = list(roster_store.load().teammates)
        self._current = -1
        self.setWindowTitle(self.tr("Team"))
        self.setModal(True)
        catalog = build_zone_catalog(language=language, at=now, tables=bundled_zone_tables())
        self.form = TeammateForm(catalog=catalog, language=language, today=now.date(), parent=self)
        self._build(self._build_list_side())
        self.teammate_list.currentRowChanged.connect(self._on_teammate_list_current_row_changed)
        self.form.name_edited.connect(self._on_form_name_edited)
        self.form.teammate_edited.connect(self._on_form_teammate_edited)
        self._reload_list(0)

    def _build_list_side(self) -> QWidget:
        side = QWidget(self)
        self.teammate_list = QListWidget(side)
        self.teammate_list.setAccessibleName(self.tr("Teammates"))
        self.new_name_edit = QLineEdit(side)
        self.new_name_edit.setAccessibleName(self.tr("New teammate's name"))
        self.new_name_edit.setPlaceholderText(self.tr("Name"))
        self.add_button = QPushButton(self.tr("&Add"), side)
        self.add_error = FieldErrorLabel(side)
        self.remove_button = QPushButton(self.tr("Remo&ve…"), side)
        add_row = QHBoxLayout()
        add_row.addWidget(self.new_name_edit, 1)
        add_row.addWidget(self.add_button)
        layout = QVBoxLayout(side)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(plain_label(self.tr("Tea&mmates"), side, self.teammate_list))
        layout.addWidget(self.teammate_list, 1)
        layout.addWidget(plain_label(self.tr("Ne&w teammate"), side, self.new_name_edit))
        layout.addLayout(add_row)
        layout.addWidget(self.add_error)
        layout.addWidget(self.remove_button)
        self.add_button.clicked.connect(self._on_add_button_clicked)
        self.new_name_edit.returnPressed.connect(self._on_add_button_clicked)
        self.remove_button.clicked.connect(self._on_remove_button_clicked)
        return side

    def _build(self, side: QWidget) -> None:
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        scroll.setWidget(self.form)
        splitter = QSplitter(self)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(side)
        splitter.addWidget(scroll)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([220, 640])
        self.problems_view = QPlainTextEdit(self)
        self.problems_view.setReadOnly(True)
        self.problems_view.setAccessibleName(self.tr("Problems"))
        self.problems_view.setMaximumHeight(110)
        self.problems_view.hide()
        self.status_label = plain_label("", self)
        self.import_button = QPushButton(self.tr("&Import…"), self)
        self.export_button = QPushButton(self.tr("&Export…"), self)
        buttons = QDialogButtonBox(self)
        self.save_button = buttons.addButton(QDialogButtonBox.StandardButton.Save)
        self.cancel_button = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.import_button.clicked.connect(self._on_import_button_clicked)
        self.export_button.clicked.connect(self._on_export_button_clicked)
        self.save_button.clicked.connect(self._on_save_button_clicked)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.problems_view)
        layout.addWidget(self.status_label)
        bottom = QHBoxLayout()
        bottom.addWidget(self.import_button)
        bottom.addWidget(self.export_button)
        bottom.addStretch(1)
        bottom.addWidget(buttons)
        layout.addLayout(bottom)
        self.resize(960, 720)

    def _apply_tab_order(self) -> None:
        chain_focus(
            [
                self.teammate_list,
                self.new_name_edit,
                self.add_button,
                self.remove_button,
                *self.form.focus_widgets(),
                self.problems_view,
                self.import_button,
                self.export_button,
                self.save_button,
                self.cancel_button,
            ]
        )

    def roster(self) -> Roster | None:
        """The edited roster, or None when the form shows errors."""
        if not self._commit():
            return None
        return Roster(tuple(self._teammates))

    def show_problems(self, lines: list[str]) -> None:
        """List ``lines`` (plain text) under the editor; an empty list hides the panel."""
        self.problems_view.setPlainText("\n".join(lines))
        self.problems_view.setVisible(bool(lines))

    def _commit(self) -> bool:
        """Store the form's teammate in the list; False (errors shown) when it is not valid."""
        if self._current < 0:
            return True
        teammate = self.form.teammate()
        if teammate is None:
            self.status_label.setText(self.tr("Fix the fields marked ⚠ first."))
            return False
        self._teammates[self._current] = teammate
        self.teammate_list.item(self._current).setText(teammate.name)
        self.status_label.setText("")
        return True

    def _taken_names(self, index: int) -> frozenset[str]:
        return frozenset(t.name for i, t in enumerate(self._teammates) if i != index)

    def _show(self, index: int, *, new: bool = False) -> None:
        self._current = index
        has_teammate = 0 <= index < len(self._teammates)
        self.form.setEnabled(has_teammate)
        self.remove_button.setEnabled(has_teammate)
        if has_teammate:
            self.form.set_teammate(self._teammates[index], taken_names=self._taken_names(index), modified=new)
            self._apply_tab_order()
        else:
            self._current = -1

    def _reload_list(self, select: int) -> None:
        self.teammate_list.blockSignals(True)
        self.teammate_list.clear()
        self.teammate_list.addItems([teammate.name for teammate in self._teammates])
        select = min(select, len(self._teammates) - 1)
        self.teammate_list.setCurrentRow(select)
        self.teammate_list.blockSignals(False)
        self._show(select)

    @Slot(int)
    def _on_teammate_list_current_row_changed(self, row: int) -> None:
        if row == self._current:
            return
        if not self._commit():
            self.teammate_list.blockSignals(True)
            self.teammate_list.setCurrentRow(self._current)
            self.teammate_list.blockSignals(False)
            return
        self._show(row)

    @Slot()
    def _on_form_teammate_edited(self) -> None:
        self._apply_tab_order()  # rows may have been added or removed

    @Slot(str)
    def _on_form_name_edited(self, name: str) -> None:
        if self._current >= 0 and name:
            self.teammate_list.item(self._current).setText(name)

    @Slot()
    def _on_add_button_clicked(self) -> None:
        name = self.new_name_edit.text().strip()
        if not name:
            self.add_error.show_error(self.tr("Type the new teammate's name first"))
            return
        if name in {t.name for t in self._teammates} or (
            self._current >= 0 and name == self.form.name_edit.text().strip()
        ):
            self.add_error.show_error(self.tr("Another teammate is called {name}").format(name=name))
            return
        if not self._commit():
            return
        self.add_error.clear_error()
        self.new_name_edit.clear()
        office_hours = (parse_range("09:00-17:00"),)
        self._teammates.append(
            Teammate(name=name, zone="", hours=weekly_hours(dict.fromkeys(range(5), office_hours)))
        )
        self.teammate_list.blockSignals(True)
        self.teammate_list.addItem(name)
        self.teammate_list.setCurrentRow(len(self._teammates) - 1)
        self.teammate_list.blockSignals(False)
        self._show(len(self._teammates) - 1, new=True)
        self.form.zone_picker.setFocus()
        logger.info("teammate %s added in the editor", name)

    @Slot()
    def _on_remove_button_clicked(self) -> None:
        if self._current < 0:
            return
        name = self.teammate_list.item(self._current).text()
        if not self._confirm_removal(self, name):
            return
        index = self._current
        del self._teammates[index]
        self._current = -1
        self._reload_list(max(index - 1, 0) if index >= len(self._teammates) else index)
        self.status_label.setText(self.tr("Removed {name}.").format(name=name))

    @Slot()
    def _on_import_button_clicked(self) -> None:
        path = self._choose_import_path(self)
        if path is None:
            return
        try:
            loaded = read_roster_file(path)
        except RosterInvalid as invalid:
            self.show_problems(
                [self.tr("Nothing imported from {path}:").format(path=path)]
                + [str(problem) for problem in invalid.problems]
            )
            return
        except (OSError, UnicodeDecodeError) as problem:
            self.show_problems([self.tr("Cannot read {path}: {problem}").format(path=path, problem=problem)])
            return
        logger.info("imported %d teammates from %s into the editor", len(loaded.roster.teammates), path)
        self._teammates = list(loaded.roster.teammates)
        self._current = -1
        self._reload_list(0)
        self.show_problems([str(problem) for problem in loaded.warnings])
        self.status_label.setText(
            self.tr("Imported {count} teammates from {path}; Save to keep them.").format(
                count=len(self._teammates), path=path
            )
        )

    @Slot()
    def _on_export_button_clicked(self) -> None:
        roster = self.roster()
        if roster is None:
            return
        path = self._choose_export_path(self)
        if path is None:
            return
        try:
            save_roster(roster, path)
        except OSError as problem:
            self.show_problems([self.tr("Cannot write {path}: {problem}").format(path=path, problem=problem)])
            return
        self.show_problems([])
        self.status_label.setText(
            self.tr("Exported {count} teammates to {path}.").format(count=len(roster.teammates), path=path)
        )

    @Slot()
    def _on_save_button_clicked(self) -> None:
        roster = self.roster()
        if roster is None:
            return
        store = self._store
        self.save_button.setEnabled(False)
        job = self._writer.run(lambda: store.replace(roster), key=f"roster-save:{id(self)}")
        job.succeeded.connect(lambda _none: self._on_save_job_succeeded(roster))
        job.failed.connect(self._on_save_job_failed)

    def _on_save_job_succeeded(self, roster: Roster) -> None:
        logger.info("roster saved from the editor: %d teammates", len(roster.teammates))
        self.roster_saved.emit(roster)
        self.accept()

    @Slot(object)
    def _on_save_job_failed(self, problem: Exception) -> None:
        self.save_button.setEnabled(True)
        if not isinstance(problem, StoreError | OSError):
            raise problem
        self.show_problems([self.tr("Cannot save the roster: {problem}").format(problem=problem)])
