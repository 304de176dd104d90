"""The shell around the timeline: tray menu, settings dialog, and the controller wiring them."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from app.clock import FixedClock
from app.settings import Settings, load_settings
from app.store import Store
from app.store.roster import SqliteRosterStore
from app.task_browser import TaskBrowser
from resources import resource_path
from ui.controller import AppController, Environment
from ui.settings_dialog import SettingsDialog
from ui.team_editor.dialog import TeamEditorDialog
from ui.theme import DARK, LIGHT
from ui.tray import Tray

NOW = datetime(2026, 11, 24, 7, 40, tzinfo=UTC)


def test_the_tray_menu_is_rebuilt_from_state(qtbot: QtBot, qapp: QApplication) -> None:
    tray = Tray(icon=QIcon(str(resource_path("icons", "baton.svg"))))
    assert not tray.available  # offscreen has no system tray: Baton keeps a normal window
    texts = [a.text() for a in tray.menu.actions() if not a.isSeparator()]
    assert texts == ["&Open Baton", "&New Handoff…", "&Sync Now", "&Pause Notifications", "&Quit"]
    assert not tray.sync_action.isEnabled()
    tray.set_state(paused=True, can_sync=True, can_hand_off=False)
    tray.menu.aboutToShow.emit()
    assert tray.pause_action.isChecked() and tray.sync_action.isEnabled()
    with qtbot.waitSignal(tray.pause_toggled) as toggled:
        tray.pause_action.trigger()
    assert toggled.args == [False]
    with qtbot.waitSignal(tray.open_requested):
        tray.open_action.trigger()


def test_settings_dialog_returns_the_choices(qtbot: QtBot) -> None:
    dialog = SettingsDialog(settings=Settings(), data_dir="/data", teammates=["Lena Fischer", "Kenji Sato"])
    qtbot.addWidget(dialog)
    dialog.theme_box.setCurrentIndex(dialog.theme_box.findData("dark"))
    dialog.clock_box.setCurrentIndex(dialog.clock_box.findData("24"))
    dialog.me_box.setCurrentIndex(dialog.me_box.findData("Kenji Sato"))
    dialog.zone_box.setCurrentIndex(dialog.zone_box.findData("Asia/Tokyo"))
    dialog.reminder_spin.setValue(45)
    with qtbot.waitSignal(dialog.accepted):
        dialog.buttons.accepted.emit()
    assert dialog.settings() == Settings(
        theme="dark", hour_cycle="24", me="Kenji Sato", viewer_zone="Asia/Tokyo", reminder_lead_minutes=45
    )


def test_settings_dialog_refuses_a_fixed_offset_zone(qtbot: QtBot) -> None:
    dialog = SettingsDialog(settings=Settings(), data_dir="/data", teammates=[])
    qtbot.addWidget(dialog)
    dialog.zone_box.setEditText("GMT+5")
    dialog.buttons.accepted.emit()
    assert dialog.result() == 0
    assert dialog.zone_error.text().startswith("✖")
    dialog.zone_box.setEditText("Asia/Calcutta")  # a legacy link is normalised
    assert dialog.settings().viewer_zone == "Asia/Kolkata"


@pytest.fixture
def controller(qtbot: QtBot, qapp: QApplication, store: Store, tmp_path: Path) -> Iterator[AppController]:
    exported = tmp_path / "exported.toml"
    made = AppController(
        app=qapp,
        settings_path=tmp_path / "config" / "settings.toml",
        ui_state=QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat),
        clock=FixedClock(NOW),
        environment=Environment(zone="Europe/Berlin", locale="en_GB"),
        data_dir=str(tmp_path),
        choose_open_file=lambda parent, title, filters: str(resource_path("sample", "roster.toml")),
        choose_save_file=lambda parent, title, filters: str(exported),
    )
    qtbot.addWidget(made.window)
    assert not made.window.import_roster_action.isEnabled()  # until the store is attached
    assert made.timeline.canvas.placeholder == "Opening your data…"
    roster_store = SqliteRosterStore(store=store, clock=FixedClock(NOW))
    made.attach(
        roster_store=roster_store,
        task_browser=TaskBrowser(store=store),
        team_editor=lambda parent, language: TeamEditorDialog(
            roster_store=roster_store,
            language=language,
            writer=made.writer,
            parent=parent,
            clock=FixedClock(NOW),
        ),
    )
    assert made.timeline.canvas.placeholder is None
    yield made
    made.jobs.shutdown()
    made.writer.shutdown()


def _import_team(qtbot: QtBot, controller: AppController) -> None:
    """Import the sample roster and wait until the single-thread writer stored it."""
    with qtbot.waitSignal(controller.timeline.frame_changed):
        controller.window.import_roster_action.trigger()


def test_import_and_export_the_team(qtbot: QtBot, controller: AppController, tmp_path: Path) -> None:
    assert controller.timeline.canvas.frame is not None
    assert controller.timeline.canvas.frame.rows == ()
    _import_team(qtbot, controller)
    frame = controller.timeline.canvas.frame
    assert frame is not None and len(frame.rows) == 10
    assert "Imported 10 teammates" in controller.window.statusBar().currentMessage()
    controller.window.export_roster_action.trigger()
    assert "Sita Gurung" in (tmp_path / "exported.toml").read_text(encoding="utf-8")


def test_the_team_exports_as_csv_and_says_what_csv_leaves_out(
    qtbot: QtBot, controller: AppController, tmp_path: Path
) -> None:
    _import_team(qtbot, controller)
    exported = tmp_path / "team.csv"
    controller._choose_save_file = lambda parent, title, filters: str(exported)
    controller.window.export_roster_action.trigger()
    lines = exported.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "name,zone,team,hours,holidays,cutoff,locale"
    assert len(lines) == 11
    assert any(line.startswith("Sita Gurung,Asia/Kathmandu,") for line in lines)
    assert "export TOML to keep them" in controller.window.statusBar().currentMessage()


def test_settings_are_applied_and_saved(controller: AppController, tmp_path: Path) -> None:
    controller.apply_settings(Settings(theme="dark", hour_cycle="12", viewer_zone="Asia/Tokyo"))
    assert controller.theme.tokens is DARK
    frame = controller.timeline.canvas.frame
    assert frame is not None and frame.options.viewer_zone == "Asia/Tokyo"
    assert frame.clock(NOW) == "4:40 pm"  # 07:40Z is 16:40 in Tokyo; en_GB writes "pm"
    saved, problems = load_settings(tmp_path / "config" / "settings.toml")
    assert (saved.theme, saved.viewer_zone, problems) == ("dark", "Asia/Tokyo", [])
    controller.tray.pause_action.trigger()
    assert load_settings(tmp_path / "config" / "settings.toml")[0].notifications_paused
    controller.apply_settings(Settings())
    assert controller.theme.tokens is LIGHT


def test_without_a_tray_closing_quits(qtbot: QtBot, controller: AppController) -> None:
    assert not controller.tray.available
    assert not controller.window.hide_on_close
    controller.show()
    assert "No system tray found" in controller.window.statusBar().currentMessage()
    assert isinstance(controller.window.centralWidget(), QWidget)
    assert controller.tasks is not None
    assert controller.window.tabs.tabText(0) == "&Tasks"
    tasks = controller.tasks
    qtbot.waitUntil(lambda: "No cached tasks yet" in tasks.empty_label.text())


def test_the_team_editor_saves_and_the_timeline_follows(qtbot: QtBot, controller: AppController) -> None:
    _import_team(qtbot, controller)
    assert controller.window.edit_team_action.isEnabled()
    controller.window.edit_team_action.trigger()
    dialog = controller.window.findChild(TeamEditorDialog)
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    roster = dialog.roster()
    assert roster is not None and len(roster.teammates) == 10
    with qtbot.waitSignal(dialog.roster_saved):
        dialog.save_button.click()
    frame = controller.timeline.canvas.frame
    assert frame is not None and len(frame.rows) == 10
