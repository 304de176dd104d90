"""Starting the GUI: one instance per profile, logging, crash dialog, store errors, main window.

Called only by the composition root (:mod:`app.main`), which passes in how to open the store.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QSettings, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from app import __version__
from app.logs import open_log_file
from app.paths import Paths
from app.ports import Clock
from app.settings import SETTINGS_FILE
from app.store import StoreError
from resources import resource_path
from ui.controller import AppController, Environment
from ui.crash import CrashReporter
from ui.posix_signals import SignalQuitter
from ui.profile_lock import ProfileLock
from ui.qt_logging import install_qt_message_handler

if TYPE_CHECKING:
    from app.store import Store

log = logging.getLogger(__name__)


def create_application(argv: Sequence[str]) -> QApplication:
    """The QApplication with Baton's names, icon and desktop file name, drawn with the Fusion
    style: every colour comes from the palette (:mod:`ui.theme`), which native styles partly
    ignore. The style is asked for on the command line (``-style``) rather than with
    ``setStyle()``, which would make PySide build Python enums for all of ``QStyle``'s ~600 values
    before the first paint."""
    install_qt_message_handler()
    args = list(argv) or ["baton"]
    qt_app = QApplication([args[0], "-style", "Fusion", *args[1:]])
    qt_app.setApplicationName("Baton")
    qt_app.setApplicationVersion(__version__)
    qt_app.setOrganizationName("Baton")
    qt_app.setDesktopFileName("baton")
    qt_app.setWindowIcon(QIcon(str(resource_path("icons", "baton.svg"))))
    return qt_app


def _explain_store_error(error: StoreError) -> None:
    """A modal message: which file, what is wrong, what to do, and a button to open its folder."""
    # Naming Qt, QMessageBox and friends makes PySide build their enums (Qt's ~150 take ~15 ms):
    # they are imported where a dialog is shown, never before the first paint.
    from PySide6.QtCore import Qt, QUrl  # noqa: PLC0415
    from PySide6.QtGui import QDesktopServices  # noqa: PLC0415
    from PySide6.QtWidgets import QMessageBox  # noqa: PLC0415

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


FIRST_PAINT_TIMEOUT_MS = 1000
"""How long :class:`AfterFirstPaint` waits for a paint before it runs anyway (a window that is
not exposed, e.g. on another workspace, may not paint for a long time)."""


class AfterFirstPaint(QObject):
    """Runs ``callback`` once, on the next event-loop turn after ``widget`` first paints, or after
    ``timeout_ms`` if it never does. Work that would delay the first frame (opening the store,
    importing SQLAlchemy) goes here, so the window is on screen at once: a zero-delay timer is not
    enough, because its event arrives before the windowing system's expose and paint events."""

    def __init__(
        self, widget: QObject, callback: Callable[[], None], *, timeout_ms: int = FIRST_PAINT_TIMEOUT_MS
    ):
        super().__init__(widget)
        self._widget = widget
        self._callback: Callable[[], None] | None = callback
        widget.installEventFilter(self)
        QTimer.singleShot(timeout_ms, self, self._run)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if watched is self._widget and event.type() == QEvent.Type.Paint and self._callback is not None:
            QTimer.singleShot(0, self, self._run)
        return False

    def _run(self) -> None:
        callback, self._callback = self._callback, None
        if callback is None:
            return
        self._widget.removeEventFilter(self)
        callback()


HAND_OVER_PATIENCE_MS = 5000
"""How long a second ``baton`` keeps asking the profile's owner to come to the front."""


def _hand_over(paths: Paths, *, holder: int | None) -> int:
    """Another process holds the profile lock: ask it to come to the front and return 0; if it
    never answers, explain and return 1 (the profile's database is never opened twice)."""
    from PySide6.QtCore import Qt  # noqa: PLC0415
    from PySide6.QtWidgets import QMessageBox  # noqa: PLC0415 (see _explain_store_error)

    from ui.single_instance import SingleInstance, server_name  # noqa: PLC0415 (QtNetwork: only here)

    guard = SingleInstance(name=server_name(paths.data_dir))
    if guard.activate_running(patience_ms=HAND_OVER_PATIENCE_MS):
        log.info("Baton already runs for %s; brought it to the front", paths.data_dir)
        return 0
    log.error("Baton (process %s) holds %s but does not answer", holder, paths.data_dir)
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        QApplication.translate("baton", "Baton is already running"),
        QApplication.translate(
            "baton",
            "Another Baton (process {pid}) has this profile open but does not respond:\n{path}\n\n"
            "Wait for it, or quit it, then start Baton again.",
        ).format(pid=holder if holder is not None else "?", path=paths.data_dir),
    )
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.exec()
    return 1


def _listen_for_second_starts(paths: Paths, controller: AppController) -> None:
    """Answer later ``baton`` starts for this profile by coming to the front (QtNetwork loads
    here, after the first paint)."""
    from ui.single_instance import SingleInstance, server_name  # noqa: PLC0415

    guard = SingleInstance(name=server_name(paths.data_dir), parent=controller)
    guard.listen()
    guard.activation_requested.connect(controller.window.bring_to_front)


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

    Start-up is staged so the window is on screen at once: the frame (menus, status bar, theme)
    paints first; then the timeline is built and the single-instance server listens; once the
    timeline has painted ("Opening your data…"), the store opens and the data views attach.

    If Baton already runs for this profile (:class:`~ui.profile_lock.ProfileLock`), that window
    is brought to the front and 0 is returned without showing a window; if it does not answer,
    a dialog says so (exit code 1). A store that cannot be opened is explained in a dialog (exit
    code 1).
    """
    qt_app = create_application(argv)
    crash_reporter = CrashReporter(log_file=log_file, parent=qt_app)
    crash_reporter.install()
    lock = ProfileLock(paths.data_dir)
    try:
        owner = lock.acquire()
    except OSError as error:  # an unusable data directory: opening the store explains it
        log.warning("cannot create the profile lock %s: %s", lock.path, error)
        owner = True
    if not owner:
        open_log_file(paths.log_dir)
        return _hand_over(paths, holder=lock.holder())
    ui_state = QSettings(str(paths.config_dir / "ui-state.ini"), QSettings.Format.IniFormat)
    controller = AppController(
        app=qt_app,
        settings_path=paths.config_dir / SETTINGS_FILE,
        ui_state=ui_state,
        clock=clock,
        environment=environment,
        data_dir=str(paths.data_dir),
        defer_views=True,
    )
    SignalQuitter(app=qt_app)
    opened: list[Store] = []

    def after_first_paint() -> None:  # the window's frame is on screen
        open_log_file(paths.log_dir)
        controller.build_views()
        _listen_for_second_starts(paths, controller)
        AfterFirstPaint(controller.timeline, after_timeline_paint)

    def after_timeline_paint() -> None:  # the timeline says "Opening your data…"
        _attach_store(controller, open_store, clock, opened, on_attached)

    AfterFirstPaint(controller.window, after_first_paint)
    controller.show()
    try:
        return qt_app.exec()
    finally:
        for store in opened:
            store.close()
        lock.release()
        open_log_file(paths.log_dir)  # quit before the first paint: the kept records still go
        sys.excepthook = sys.__excepthook__
