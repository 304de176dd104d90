"""The controller installs sync when the store is attached: menu, F5, tray, status bar."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.clock import FixedClock
from app.settings import Settings
from app.store import Store
from app.store.roster import SqliteRosterStore
from tests.ui.sync.conftest import NOW, MemoryKeyring
from ui.controller import AppController, Environment


def test_attaching_the_store_installs_sync(
    qtbot: QtBot, qapp: QApplication, store: Store, tmp_path: Path, memory_keyring: MemoryKeyring
) -> None:
    controller = AppController(
        app=qapp,
        settings_path=tmp_path / "config" / "settings.toml",
        ui_state=QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat),
        clock=FixedClock(NOW),
        environment=Environment(zone="Europe/Berlin", locale="en_GB"),
        data_dir=str(tmp_path),
    )
    qtbot.addWidget(controller.window)
    assert controller.sync is None and not controller.tray.sync_action.isEnabled()
    controller.attach(roster_store=SqliteRosterStore(store=store, clock=FixedClock(NOW)), store=store)
    sync = controller.sync
    assert sync is not None
    try:
        qtbot.waitUntil(lambda: sync.status.texts() == ["No tracker connected"])
        menus = [a.text() for a in controller.window.menuBar().actions()]
        assert "T&racker" in menus and menus.index("T&racker") < menus.index("&Help")
        assert sync.sync_action.shortcut() == QKeySequence("F5")
        assert controller.window.sync_status.isHidden()  # the indicator replaced the placeholder
        controller.tray.menu.aboutToShow.emit()
        assert controller.tray.sync_action.isEnabled()
        controller.apply_settings(Settings(notifications_paused=True))
        controller.tray.menu.aboutToShow.emit()
        assert controller.tray.sync_action.isEnabled()  # settings no longer switch it off
        controller.tray.sync_action.trigger()  # no account yet: Sync Now opens the accounts dialog
        assert sync.accounts_dialog is not None and sync.accounts_dialog.isVisible()
        if controller.handoffs is not None:  # a queued handoff brings a pass a few seconds later
            assert not sync.runner.soon.isActive() or sync.runner.soon.remainingTime() > 0
            sync.runner.soon.stop()
            controller.handoffs.hub.submitted.emit("0b7e2a4c-7d5e-4f43-9d1c-0f6f1b8f7a11")
            assert sync.runner.soon.isActive()
    finally:
        sync.shutdown()
        controller.jobs.shutdown()
        controller.writer.shutdown()
        with qtbot.waitSignal(controller.destroyed):  # timers and all die here, on the GUI thread
            controller.deleteLater()
