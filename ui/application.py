"""Starting the GUI: one instance per profile, logging, crash dialog, store errors, main window.

Called only by the composition root (:mod:`app.main`), which passes in how to open the store.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, Qt, QTimer, QUrl
from PySide6.QtGui import QDesktopServices, QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from app import __version__
from app.paths import Paths
from app.ports import Clock
from app.settings import SETTINGS_FILE
from app.store import StoreError
from resources import resource_path
from ui.controller import AppController, Environment
from ui.crash import CrashReporter
from ui.posix_signals import SignalQuitter
from ui.qt_logging import install_qt_message_handler

if TYPE_CHECKING:
    from app.store import Store

log = logging.getLogger(__name__)


def create_application(argv: Sequence[str]) -> QApplication:
    """The QApplication with Baton's names, icon and desktop file name."""
    install_qt_message_handler()
    qt_app = QApplication(list(argv))
    qt_app.setApplicationName("Baton")
    qt_app.setApplicationVersion(__version__)
    qt_app.setOrganizationName("Baton")
    qt_app.setDesktopFileName("baton")
    qt_app.setWindowIcon(QIcon(str(resource_path("icons", "baton.svg"))))
    return qt_app


def _explain_store_error(error: StoreError) -> None:
    """A modal message: which file, what is wrong, what to do, and a button to open its folder."""
    box = QMessageBox(
        QMessageBox.Icon.Critical, QApplication.translate("baton", "Baton cannot open its data"), ""
    )
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(QApplication.translate("baton", "Baton cannot open {path}").format(path=error.path))
    box.setInformativeText(f"{error.problem[:1].upper()}{error.problem[1:]}.\n\n{error.remedy}")
    show = box.addButton(QApplication.translate("baton", "Show in Folder"), QMessageBox.ButtonRole.ActionRole)
    box.addButton(QMessageBox.StandardButton.Close)
    box.exec()
    if box.clickedButton() is show:
        folder = error.path.parent if error.path.parent.exists() else error.path.parent.parent
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))


def _attach_store(
    controller: AppController,
    open_store: Callable[[], Store],
    clock: Clock,
    opened: list[Store],
    on_attached: Callable[[AppController], None] | None = None,
) -> None:
    """Open the store after the window has painted; explain and quit (exit code 1) if it fails."""
    from app.store.roster import SqliteRosterStore  # noqa: PLC0415 (SQLAlchemy: after first paint)
    from app.task_browser import TaskBrowser  # noqa: PLC0415
    from ui.team_editor.dialog import TeamEditorDialog  # noqa: PLC0415

    try:
        store = open_store()
    except StoreError as exc:
        log.error("cannot open the store: %s", exc)
        _explain_store_error(exc)
        QApplication.exit(1)
        return
    opened.append(store)
    roster_store = SqliteRosterStore(store=store, clock=clock)
    controller.attach(
        roster_store=roster_store,
        task_browser=TaskBrowser(store=store),
        team_editor=lambda parent, language: TeamEditorDialog(
            roster_store=roster_store, language=language, writer=controller.writer, parent=parent, clock=clock
        ),
        store=store,
    )
    controller.window.statusBar().showMessage(
        QApplication.translate("baton", "Local store: {path}").format(path=store.path), 10_000
    )
    if on_attached is not None:
        on_attached(controller)


def run_gui(
    *,
    paths: Paths,
    open_store: Callable[[], Store],
    argv: Sequence[str],
    log_file: str | None,
    clock: Clock,
    environment: Environment,
    on_attached: Callable[[AppController], None] | None = None,
) -> int:
    """Run Baton's window until the user quits; returns the process exit code.

    ``on_attached`` is called on the GUI thread once the store is open and every view is
    attached (end-to-end test drivers use it to reach the running controller).

    If Baton already runs for this profile, that window is brought to the front and 0 is
    returned at once. A store that cannot be opened is explained in a dialog (exit code 1).
    """
    from ui.single_instance import SingleInstance, server_name  # noqa: PLC0415 (QtNetwork: only here)

    qt_app = create_application(argv)
    crash_reporter = CrashReporter(log_file=log_file, parent=qt_app)
    crash_reporter.install()
    guard = SingleInstance(name=server_name(paths.data_dir), parent=qt_app)
    if guard.activate_running():
        log.info("Baton already runs for %s; brought it to the front", paths.data_dir)
        return 0
    guard.listen()
    ui_state = QSettings(str(paths.config_dir / "ui-state.ini"), QSettings.Format.IniFormat)
    controller = AppController(
        app=qt_app,
        settings_path=paths.config_dir / SETTINGS_FILE,
        ui_state=ui_state,
        clock=clock,
        environment=environment,
        data_dir=str(paths.data_dir),
    )
    guard.activation_requested.connect(controller.window.bring_to_front)
    SignalQuitter(app=qt_app)
    controller.show()
    opened: list[Store] = []
    QTimer.singleShot(0, lambda: _attach_store(controller, open_store, clock, opened, on_attached))
    try:
        return qt_app.exec()
    finally:
        for store in opened:
            store.close()
        sys.excepthook = sys.__excepthook__
