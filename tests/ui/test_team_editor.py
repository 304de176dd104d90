"""The team editor, driven like a user: typing, clicking, importing, exporting, saving to SQLite."""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QAbstractSpinBox, QCheckBox, QComboBox, QLabel, QLineEdit, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from app.clock import FixedClock
from app.store import Store
from app.store.errors import StoreError
from app.store.roster import SqliteRosterStore
from app.timeline.roster import AwayRange, HolidayRegion, Relocation, Roster, ShiftRule, Teammate
from app.timeline.roster_file import load_roster, parse_roster
from ui.jobs import JobRunner
from ui.team_editor import TeamEditorDialog

# The zone picker's completer popup asks the offscreen platform plugin for things it cannot do;
# those three notices are the plugin's, not the editor's (any other Qt warning still fails a test).
pytestmark = pytest.mark.qt_log_ignore(
    r"^This plugin does not support (propagateSizeHints\(\)|raise\(\)|grabbing the keyboard)$"
)

ROSTER_TOML = """
version = 1
[[teammate]]
name = "Berlin lead"
zone = "Europe/Berlin"
locale = "de_DE"
team = "EMEA"
holidays = "DE-BE"
cutoff_minutes = 45
hours = { mon = ["09:00-17:30"], fri = ["09:00-15:00", "22:00-06:00"] }
away = [ { from = 2026-12-23, to = 2027-01-02 } ]
relocations = [ { from = 2027-02-01, zone = "America/New_York" } ]
[[teammate]]
name = "Tokyo on-call"
zone = "Asia/Tokyo"
weekend = ["sun"]
hours = { sun = ["00:00-24:00"] }
"""


@pytest.fixture
def roster_store(store: Store, now: datetime) -> SqliteRosterStore:
    return SqliteRosterStore(store=store, clock=FixedClock(now))


@pytest.fixture
def make_dialog(
    qtbot: QtBot, roster_store: SqliteRosterStore, now: datetime, writer: JobRunner
) -> Callable[..., TeamEditorDialog]:
    def make(**overrides: object) -> TeamEditorDialog:
        options: dict[str, object] = {
            "roster_store": roster_store,
            "writer": writer,
            "language": "en_US",
            "clock": FixedClock(now),
            "confirm_removal": lambda _parent, _name: True,
        }
        options.update(overrides)
        dialog = TeamEditorDialog(**options)  # type: ignore[arg-type]
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        return dialog

    return make


def _seed(roster_store: SqliteRosterStore) -> Roster:
    roster = parse_roster(ROSTER_TOML).roster
    roster_store.replace(roster)
    return roster_store.load()


def _names(dialog: TeamEditorDialog) -> list[str]:
    return [dialog.teammate_list.item(row).text() for row in range(dialog.teammate_list.count())]


def _retype(qtbot: QtBot, edit: QLineEdit, text: str) -> None:
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClick(edit, Qt.Key.Key_Delete)
    qtbot.keyClicks(edit, text)


def _add(qtbot: QtBot, dialog: TeamEditorDialog, name: str) -> None:
    qtbot.keyClicks(dialog.new_name_edit, name)
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)


def test_a_new_teammate_with_a_night_shift_is_saved_to_the_store(
    qtbot: QtBot, make_dialog: Callable[..., TeamEditorDialog], roster_store: SqliteRosterStore
) -> None:
    dialog = make_dialog()
    _add(qtbot, dialog, "Night owl")
    assert _names(dialog) == ["Night owl"]
    assert dialog.form.name_edit.text() == "Night owl"
    qtbot.keyClicks(dialog.form.zone_picker.line_edit, "Asia/Kathmandu")
    assert dialog.form.zone_picker.detail_label.text() == "Kathmandu — Nepal (Asia/Kathmandu, UTC+05:45)"
    monday = dialog.form.hours_editor.day_edits[0]
    _retype(qtbot, monday, "22:00-06:00")
    assert "ends next day" in dialog.form.hours_editor._hints[0].text()
    with qtbot.waitSignal(dialog.roster_saved) as saved:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    stored = roster_store.load().by_name("Night owl")
    assert saved.args == [roster_store.load()]
    assert stored.zone == "Asia/Kathmandu"
    assert stored.hours[0] == (ShiftRule(22 * 60, 30 * 60),)
    assert stored.hours[1] == (ShiftRule(9 * 60, 17 * 60),)  # the new teammate's default office hours
    assert dialog.result() == dialog.DialogCode.Accepted


def test_an_unknown_zone_shows_an_error_next_to_the_zone_and_save_is_refused(
    qtbot: QtBot, make_dialog: Callable[..., TeamEditorDialog], roster_store: SqliteRosterStore
) -> None:
    before = _seed(roster_store)
    dialog = make_dialog()
    _retype(qtbot, dialog.form.zone_picker.line_edit, "Asia/Kathmandux")
    with qtbot.assertNotEmitted(dialog.roster_saved):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    error = dialog.form.zone_picker.error_label
    assert error.isVisibleTo(dialog)
    assert error.text().startswith("⚠ ")  # not colour alone
    assert "unknown time zone 'Asia/Kathmandux'" in error.error()
    assert "Asia/Kathmandu" in error.error()  # a suggestion
    assert roster_store.load() == before
    assert dialog.isVisible()
    _retype(qtbot, dialog.form.zone_picker.line_edit, "GMT+5")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert "fixed UTC offset" in error.error()


def test_a_bad_working_hours_line_shows_its_error_and_blocks_switching_teammates(
    qtbot: QtBot, make_dialog: Callable[..., TeamEditorDialog], roster_store: SqliteRosterStore
) -> None:
    _seed(roster_store)
    dialog = make_dialog()
    tuesday = dialog.form.hours_editor.day_edits[1]
    _retype(qtbot, tuesday, "25:00-03:00")
    assert dialog.form.hours_editor.errors() == ["'25:00' is not a time of day"]
    dialog.teammate_list.setCurrentRow(1)
    assert dialog.teammate_list.currentRow() == 0
    assert dialog.form.name_edit.text() == "Berlin lead"
    _retype(qtbot, tuesday, "08:00-12:00, 13:00-17:00")
    assert dialog.form.hours_editor.errors() == []
    dialog.teammate_list.setCurrentRow(1)
    assert dialog.form.name_edit.text() == "Tokyo on-call"
    roster = dialog.roster()
    assert roster is not None
    assert roster.by_name("Berlin lead").hours[1] == (ShiftRule(480, 720), ShiftRule(780, 1020))


def test_duplicate_names_are_refused(
    qtbot: QtBot, make_dialog: Callable[..., TeamEditorDialog], roster_store: SqliteRosterStore
) -> None:
    before = _seed(roster_store)
    dialog = make_dialog()
    _add(qtbot, dialog, "Tokyo on-call")
    assert _names(dialog) == ["Berlin lead", "Tokyo on-call"]
    assert dialog.add_error.error() == "Another teammate is called Tokyo on-call"
    _retype(qtbot, dialog.form.name_edit, "Tokyo on-call")  # renaming Berlin lead into a clash
    with qtbot.assertNotEmitted(dialog.roster_saved):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.form.name_error.error() == "Another teammate is called Tokyo on-call"
    assert roster_store.load() == before
    _retype(qtbot, dialog.form.name_edit, "")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.form.name_error.error() == "A name is required"
    dialog.new_name_edit.clear()
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert dialog.add_error.error() == "Type the new teammate's name first"


def test_unchanged_teammates_round_trip_identically(
    qtbot: QtBot, make_dialog: Callable[..., TeamEditorDialog], roster_store: SqliteRosterStore
) -> None:
    before = _seed(roster_store)
    dialog = make_dialog()
    dialog.teammate_list.setCurrentRow(1)
    dialog.teammate_list.setCurrentRow(0)
    roster = dialog.roster()
    assert roster is not None
    assert roster == before
    with qtbot.waitSignal(dialog.roster_saved):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert roster_store.load() == before


def test_every_field_edited_through_the_form_is_saved(
    qtbot: QtBot, make_dialog: Callable[..., TeamEditorDialog], roster_store: SqliteRosterStore
) -> None:
    _seed(roster_store)
    dialog = make_dialog()
    form = dialog.form
    _retype(qtbot, form.name_edit, "Berlin & Potsdam lead")
    assert _names(dialog)[0] == "Berlin & Potsdam lead"
    _retype(qtbot, form.locale_edit, "fr_FR")
    _retype(qtbot, form.team_edit, "Europe")
    country = form.holiday_picker.country_combo
    country.setCurrentIndex(country.findData("AT"))
    country.activated.emit(country.currentIndex())
    qtbot.mouseClick(form.weekend_boxes[4], Qt.MouseButton.LeftButton)  # Friday joins the weekend
    subdivision = form.holiday_picker.subdivision_combo
    subdivision.setCurrentIndex(subdivision.findData("9"))
    subdivision.activated.emit(subdivision.currentIndex())
    assert "Vienna" in subdivision.currentText() or "Wien" in subdivision.currentText()
    qtbot.mouseClick(form.away_editor.add_button, Qt.MouseButton.LeftButton)
    first, last = form.away_editor.date_edits(1)
    first.setDate(date(2027, 3, 1))
    last.setDate(date(2027, 3, 5))
    qtbot.mouseClick(form.relocations_editor.add_button, Qt.MouseButton.LeftButton)
    start, picker = form.relocations_editor.row_widgets(1)
    start.setDate(date(2027, 6, 1))
    qtbot.keyClicks(picker.line_edit, "Asia/Calcutta")
    form.cutoff_spin.setFocus()
    form.cutoff_spin.selectAll()
    qtbot.keyClicks(form.cutoff_spin, "15")
    assert form.cutoff_spin.text() == "15 min"
    with qtbot.waitSignal(dialog.roster_saved):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    saved = roster_store.load().by_name("Berlin & Potsdam lead")
    assert (saved.locale, saved.team, saved.cutoff_minutes) == ("fr_FR", "Europe", 15)
    assert saved.weekend == frozenset({4, 5, 6})
    assert saved.holidays == HolidayRegion("AT", "9")
    assert saved.away == (
        AwayRange(date(2026, 12, 23), date(2027, 1, 2)),
        AwayRange(date(2027, 3, 1), date(2027, 3, 5)),
    )
    assert saved.relocations == (
        Relocation(date(2027, 2, 1), "America/New_York"),
        Relocation(date(2027, 6, 1), "Asia/Kolkata"),  # legacy name normalised
    )


def test_an_out_of_office_range_ending_before_it_starts_is_refused(
    qtbot: QtBot, make_dialog: Callable[..., TeamEditorDialog], roster_store: SqliteRosterStore
) -> None:
    _seed(roster_store)
    dialog = make_dialog()
    _first, last = dialog.form.away_editor.date_edits(0)
    last.setDate(date(2026, 12, 1))
    assert dialog.form.away_editor.error_label.error() == "2026-12-01 is before 2026-12-23"
    with qtbot.assertNotEmitted(dialog.roster_saved):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    rows = dialog.form.away_editor.findChildren(
        QPushButton, options=Qt.FindChildOption.FindChildrenRecursively
    )
    remove = next(button for button in rows if button.text() == "Remove")
    qtbot.mouseClick(remove, Qt.MouseButton.LeftButton)
    assert dialog.form.away_editor.row_count() == 0
    with qtbot.waitSignal(dialog.roster_saved):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert roster_store.load().by_name("Berlin lead").away == ()


def test_a_relocation_to_an_unknown_zone_shows_the_error_in_its_row(
    qtbot: QtBot, make_dialog: Callable[..., TeamEditorDialog], roster_store: SqliteRosterStore
) -> None:
    _seed(roster_store)
    dialog = make_dialog()
    _start, picker = dialog.form.relocations_editor.row_widgets(0)
    _retype(qtbot, picker.line_edit, "Atlantis")
    assert dialog.roster() is None
    assert "unknown time zone 'Atlantis'" in picker.error_label.error()


def test_removing_asks_first(
    qtbot: QtBot, make_dialog: Callable[..., TeamEditorDialog], roster_store: SqliteRosterStore
) -> None:
    _seed(roster_store)
    asked: list[str] = []
    answers = [False, True, True]

    def confirm(_parent: object, name: str) -> bool:
        asked.append(name)
        return answers.pop(0)

    dialog = make_dialog(confirm_removal=confirm)
    dialog.teammate_list.setCurrentRow(1)
    qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)
    assert _names(dialog) == ["Berlin lead", "Tokyo on-call"]
    qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)
    assert _names(dialog) == ["Berlin lead"]
    assert dialog.form.name_edit.text() == "Berlin lead"
    qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)
    assert asked == ["Tokyo on-call", "Tokyo on-call", "Berlin lead"]
    assert _names(dialog) == []
    assert not dialog.form.isEnabled()
    assert not dialog.remove_button.isEnabled()
    with qtbot.waitSignal(dialog.roster_saved):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert roster_store.load() == Roster()


def test_import_fills_the_list_and_save_keeps_it(
    qtbot: QtBot,
    make_dialog: Callable[..., TeamEditorDialog],
    roster_store: SqliteRosterStore,
    tmp_path: Path,
) -> None:
    path = tmp_path / "team.toml"
    path.write_text(ROSTER_TOML.replace("Asia/Tokyo", "Asia/Calcutta"), encoding="utf-8")
    dialog = make_dialog(choose_import_path=lambda _parent: path)
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert _names(dialog) == ["Berlin lead", "Tokyo on-call"]
    assert dialog.form.zone_picker.zone_text() == "Europe/Berlin"
    assert "legacy time zone name 'Asia/Calcutta'" in dialog.problems_view.toPlainText()
    assert "Imported 2 teammates" in dialog.status_label.text()
    assert roster_store.load() == Roster()  # nothing stored before Save
    with qtbot.waitSignal(dialog.roster_saved):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert roster_store.load().by_name("Tokyo on-call").zone == "Asia/Kolkata"


def test_import_of_a_csv_file(
    qtbot: QtBot, make_dialog: Callable[..., TeamEditorDialog], tmp_path: Path
) -> None:
    path = tmp_path / "team.csv"
    path.write_text("name,zone,hours\nNight owl,Asia/Kathmandu,mon-fri 22:00-06:00\n", encoding="utf-8")
    dialog = make_dialog(choose_import_path=lambda _parent: path)
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert _names(dialog) == ["Night owl"]
    assert dialog.form.hours_editor.day_edits[4].text() == "22:00-06:00"
    assert dialog.problems_view.isHidden()


def test_import_problems_name_file_line_teammate_and_field(
    qtbot: QtBot,
    make_dialog: Callable[..., TeamEditorDialog],
    roster_store: SqliteRosterStore,
    tmp_path: Path,
) -> None:
    before = _seed(roster_store)
    path = tmp_path / "bad.toml"
    path.write_text(ROSTER_TOML.replace('"Asia/Tokyo"', '"GMT+9"'), encoding="utf-8")
    dialog = make_dialog(choose_import_path=lambda _parent: path)
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    problems = dialog.problems_view.toPlainText()
    assert dialog.problems_view.isVisibleTo(dialog)
    assert f"{path}: line 13, teammate 'Tokyo on-call': zone: error:" in problems
    assert _names(dialog) == [teammate.name for teammate in before.teammates]  # list untouched
    missing = tmp_path / "missing.toml"
    dialog._choose_import_path = lambda _parent: missing
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert f"Cannot read {missing}" in dialog.problems_view.toPlainText()
    dialog._choose_import_path = lambda _parent: None  # cancelled
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert f"Cannot read {missing}" in dialog.problems_view.toPlainText()


def test_export_writes_a_file_that_reads_back_equal(
    qtbot: QtBot,
    make_dialog: Callable[..., TeamEditorDialog],
    roster_store: SqliteRosterStore,
    tmp_path: Path,
) -> None:
    before = _seed(roster_store)
    path = tmp_path / "out" / "roster.toml"
    dialog = make_dialog(choose_export_path=lambda _parent: path)
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert f"Cannot write {path}" in dialog.problems_view.toPlainText()  # the folder does not exist
    path.parent.mkdir()
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert load_roster(path).roster == before
    assert dialog.problems_view.isHidden()
    assert "Exported 2 teammates" in dialog.status_label.text()


@pytest.mark.parametrize("query", ["Nepal", "Kathmandu"])
def test_zone_search_finds_kathmandu_and_picking_it_fills_the_field(
    qtbot: QtBot, make_dialog: Callable[..., TeamEditorDialog], query: str
) -> None:
    dialog = make_dialog()
    _add(qtbot, dialog, "Ram")
    picker = dialog.form.zone_picker
    qtbot.keyClicks(picker.line_edit, query)
    assert picker.suggestions()[0] == "Asia/Kathmandu"
    popup = picker.completer.popup()
    qtbot.waitUntil(popup.isVisible)
    assert popup.model().index(0, 0).data() == "Kathmandu — Nepal (Asia/Kathmandu, UTC+05:45)"
    popup.setCurrentIndex(popup.model().index(0, 0))
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert picker.zone_text() == "Asia/Kathmandu"
    assert picker.detail_label.text() == "Kathmandu — Nepal (Asia/Kathmandu, UTC+05:45)"


def test_zone_search_by_country_lists_its_zones(
    qtbot: QtBot, make_dialog: Callable[..., TeamEditorDialog]
) -> None:
    dialog = make_dialog()
    _add(qtbot, dialog, "Asha")
    qtbot.keyClicks(dialog.form.zone_picker.line_edit, "India")
    assert dialog.form.zone_picker.suggestions()[0] == "Asia/Kolkata"


def test_labels_are_plain_text_and_inputs_are_named_for_screen_readers(
    make_dialog: Callable[..., TeamEditorDialog], roster_store: SqliteRosterStore
) -> None:
    roster_store.replace(Roster((Teammate(name="<b>Mallory</b>", zone="Europe/Paris"),)))
    dialog = make_dialog()
    labels = dialog.findChildren(QLabel)
    assert labels
    assert all(label.textFormat() == Qt.TextFormat.PlainText for label in labels)
    inputs = [
        *dialog.findChildren(QLineEdit),
        *dialog.findChildren(QComboBox),
        *dialog.findChildren(QCheckBox),
        *dialog.findChildren(QAbstractSpinBox),
    ]
    unnamed = [widget for widget in inputs if not widget.accessibleName() and widget.parent() is not None]
    assert [w for w in unnamed if not isinstance(w.parent(), QAbstractSpinBox | QComboBox)] == []
    buddies = [label for label in labels if "&" in label.text()]
    assert buddies
    assert all(label.buddy() is not None for label in buddies)


def test_cancel_leaves_the_store_alone(
    qtbot: QtBot, make_dialog: Callable[..., TeamEditorDialog], roster_store: SqliteRosterStore
) -> None:
    before = _seed(roster_store)
    dialog = make_dialog()
    _retype(qtbot, dialog.form.team_edit, "Elsewhere")
    with qtbot.assertNotEmitted(dialog.roster_saved):
        qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == dialog.DialogCode.Rejected
    assert roster_store.load() == before


def _tab_order(dialog: TeamEditorDialog, start: QWidget) -> list[QWidget]:
    order: list[QWidget] = []
    widget = start
    while widget not in order:
        order.append(widget)
        widget = widget.nextInFocusChain()
        while not (widget.focusPolicy() & Qt.FocusPolicy.TabFocus and widget.isVisibleTo(dialog)):
            widget = widget.nextInFocusChain()
    return order


def test_tab_visits_the_controls_in_reading_order(
    make_dialog: Callable[..., TeamEditorDialog], roster_store: SqliteRosterStore
) -> None:
    _seed(roster_store)
    dialog = make_dialog()
    form = dialog.form
    away_first, away_last = form.away_editor.date_edits(0)
    move_start, move_zone = form.relocations_editor.row_widgets(0)
    expected = [
        dialog.teammate_list,
        dialog.new_name_edit,
        dialog.add_button,
        dialog.remove_button,
        form.name_edit,
        form.zone_picker.line_edit,
        form.locale_edit,
        form.team_edit,
        *form.hours_editor.day_edits,
        *form.weekend_boxes,
        form.holiday_picker.country_combo,
        form.holiday_picker.subdivision_combo,
        away_first,
        away_last,
        form.away_editor.add_button,
        move_start,
        move_zone.line_edit,
        form.relocations_editor.add_button,
        form.cutoff_spin,
        dialog.import_button,
        dialog.export_button,
        dialog.save_button,
        dialog.cancel_button,
    ]
    order = _tab_order(dialog, dialog.teammate_list)
    positions = [
        order.index(widget.focusProxy() or widget) if (widget.focusProxy() or widget) in order else -1
        for widget in expected
    ]
    assert -1 not in positions, [
        w.accessibleName() or w.objectName() for w, p in zip(expected, positions, strict=True) if p < 0
    ]
    assert positions == sorted(positions)


class _Sender(QObject):
    happened = Signal()


def test_emitting_keeps_true_alive(qtbot: QtBot) -> None:
    """PySide6 6.12.0 under Python 3.11 also dropped a reference to True on every Signal.emit()
    (the editor then crashed with "bool_dealloc"); pyproject pins a release without it."""
    sender = _Sender()
    with qtbot.waitSignal(sender.happened):
        sender.happened.emit()
    before = sys.getrefcount(True)
    for _ in range(2000):
        sender.happened.emit()
    assert sys.getrefcount(True) - before > -100


def test_a_new_teammate_needs_a_zone_before_anything_else(
    qtbot: QtBot, make_dialog: Callable[..., TeamEditorDialog], tmp_path: Path
) -> None:
    exported: list[Path] = []

    def export_path(_parent: object) -> Path:
        exported.append(tmp_path / "roster.toml")
        return exported[-1]

    dialog = make_dialog(choose_export_path=export_path)
    _add(qtbot, dialog, "First")
    with qtbot.assertNotEmitted(dialog.roster_saved):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.form.zone_picker.error_label.error() == "A time zone is required, e.g. Europe/Berlin"
    assert dialog.status_label.text() == "Fix the fields marked ⚠ first."
    _add(qtbot, dialog, "Second")
    assert _names(dialog) == ["First"]
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert exported == []


def test_an_unknown_locale_is_refused_next_to_the_locale_field(
    qtbot: QtBot, make_dialog: Callable[..., TeamEditorDialog], roster_store: SqliteRosterStore
) -> None:
    _seed(roster_store)
    dialog = make_dialog()
    _retype(qtbot, dialog.form.locale_edit, "xx_NOPE")
    assert dialog.roster() is None
    assert dialog.form.locale_error.error() == "Unknown locale xx_NOPE (e.g. en_US, de_DE)"


class _BrokenStore:
    def load(self) -> Roster:
        return Roster((Teammate(name="Ana", zone="Europe/Lisbon"),))

    def replace(self, roster: Roster) -> None:
        raise StoreError(Path("/data/baton.sqlite3"), "the disk is full", "Free some space and save again")


def test_a_store_that_cannot_write_keeps_the_dialog_open_with_the_reason(
    qtbot: QtBot, make_dialog: Callable[..., TeamEditorDialog]
) -> None:
    dialog = make_dialog(roster_store=_BrokenStore())
    with qtbot.assertNotEmitted(dialog.roster_saved):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        assert not dialog.save_button.isEnabled()  # while the writer thread tries
        qtbot.waitUntil(dialog.save_button.isEnabled)
    assert (
        "Cannot save the roster: /data/baton.sqlite3: the disk is full." in dialog.problems_view.toPlainText()
    )
    assert dialog.isVisible()


def test_a_relocation_row_can_be_removed(
    qtbot: QtBot, make_dialog: Callable[..., TeamEditorDialog], roster_store: SqliteRosterStore
) -> None:
    _seed(roster_store)
    dialog = make_dialog()
    editor = dialog.form.relocations_editor
    remove = editor.focus_widgets()[2]
    assert isinstance(remove, QPushButton)
    qtbot.mouseClick(remove, Qt.MouseButton.LeftButton)
    assert editor.row_count() == 0
    with qtbot.waitSignal(dialog.roster_saved):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert roster_store.load().by_name("Berlin lead").relocations == ()


def test_picking_a_holiday_country_brings_its_weekend(
    qtbot: QtBot, make_dialog: Callable[..., TeamEditorDialog], roster_store: SqliteRosterStore
) -> None:
    _seed(roster_store)
    dialog = make_dialog()
    form = dialog.form
    country = form.holiday_picker.country_combo

    def pick(code: str | None) -> None:
        country.setCurrentIndex(country.findData(code))
        country.activated.emit(country.currentIndex())

    def weekend() -> set[int]:
        return {day for day, box in enumerate(form.weekend_boxes) if box.isChecked()}

    assert weekend() == {5, 6}
    pick("SA")  # Saudi Arabia rests on Friday and Saturday (holidays package data)
    assert weekend() == {4, 5}
    assert form.teammate() is not None and form.teammate().weekend == frozenset({4, 5})
    pick("IR")  # Iran: Friday only
    assert weekend() == {4}
    pick(None)  # "None" keeps what the boxes say
    assert weekend() == {4}
    pick("DE")
    assert weekend() == {5, 6}
