"""Connects the main window, tray and dialogs to the services; owns no business rules.

Built once by :func:`ui.application.run_gui` with its collaborators passed in (store-backed
roster, settings file, clock). File choosers and dialog factories are injectable so tests drive
everything without native dialogs.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSettings, Slot
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from app.domain import HourCycle
from app.ports import Clock
from app.settings import Settings, load_settings, save_settings
from app.user_locale import DEFAULT_LOCALE, locale_candidates, viewer_language
from ui.jobs import GuiThreadGarbageCollector, JobRunner
from ui.main_window import MainWindow
from ui.theme import Theme, ThemeChoice, Tokens
from ui.translations import install_translators
from ui.tray import Tray

if TYPE_CHECKING:
    from app.store.store import Store
    from app.task_browser import TaskBrowser
    from app.timeline import RosterStore
    from app.timeline.roster import Roster
    from ui.handoff.install import HandoffShell
    from ui.sync.install import SyncUi
    from ui.tasks.view import TaskListView
    from ui.timeline.frame import DisplayOptions
    from ui.timeline.panel import TimelinePanel

log = logging.getLogger(__name__)

FileChooser = Callable[[QWidget, str, str], str]


# Dialog classes are imported where they are used: naming one makes PySide build its enums, and
# the window's first paint needs none of them.


def _open_file(parent: QWidget, title: str, filters: str) -> str:
    from PySide6.QtWidgets import QFileDialog  # noqa: PLC0415

    return QFileDialog.getOpenFileName(parent, title, "", filters)[0]


def _save_file(parent: QWidget, title: str, filters: str) -> str:
    from PySide6.QtWidgets import QFileDialog  # noqa: PLC0415

    return QFileDialog.getSaveFileName(parent, title, "team.toml", filters)[0]


class Environment:
    """Defaults from the operating system: the viewer's IANA zone and CLDR locale.

    Given explicitly (tests, screenshots) or read from ``environ`` (``TZ``, ``/etc/localtime``;
    ``LANGUAGE``/``LC_ALL``/``LC_MESSAGES``/``LANG``) on first use: checking them loads the zone
    tables and babel, which the window's first paint does not need. :attr:`language` (which
    catalogue translates the window) is answered from the variables alone, without babel.
    """

    def __init__(
        self, *, zone: str | None = None, locale: str | None = None, environ: Mapping[str, str] | None = None
    ) -> None:
        self._zone = zone
        self._locale = locale
        self._environ = dict(environ or {})

    @property
    def zone(self) -> str:
        """The viewer's IANA zone, e.g. ``"Europe/Berlin"``."""
        if self._zone is None:
            from app.timeline.zones import system_zone_name  # noqa: PLC0415 (after the first paint)

            self._zone = system_zone_name(environ=self._environ)
        return self._zone

    @property
    def locale(self) -> str:
        """The viewer's CLDR locale, e.g. ``"de_DE"`` (``"en_US"`` when nothing usable is set)."""
        if self._locale is None:
            self._locale = viewer_language(self._environ)
        return self._locale

    @property
    def language(self) -> str:
        """The locale to translate the window into, e.g. ``"de_DE"``, unchecked against CLDR
        (:func:`ui.translations.install_translators` only looks for a catalogue)."""
        if self._locale is not None:
            return self._locale
        return next(iter(locale_candidates(self._environ)), DEFAULT_LOCALE)


class AppController(QObject):
    """Owns the window, the tray and the theme for one profile.

    ``jobs`` runs reads and computations off the GUI thread; ``writer`` is the single-thread
    SQLite writer (both :class:`~ui.jobs.JobRunner`; made here when not given, and shut down
    when the application quits).
    """

    def __init__(
        self,
        *,
        app: QApplication,
        settings_path: Path,
        ui_state: QSettings,
        clock: Clock,
        environment: Environment,
        data_dir: str,
        choose_open_file: FileChooser = _open_file,
        choose_save_file: FileChooser = _save_file,
        jobs: JobRunner | None = None,
        writer: JobRunner | None = None,
        defer_views: bool = False,
    ) -> None:
        super().__init__(app)
        self._app = app
        self._clock = clock
        self.sync: SyncUi | None = None  # tracker sync, once attach() brings the store (ui.sync)
        self.handoffs: HandoffShell | None = None  # inbox, outbox, form, reminders (ui.handoff)
        self.jobs = jobs or JobRunner(threads=2, name="baton-jobs", parent=self)
        self.writer = writer or JobRunner(threads=1, name="baton-sqlite-writer", parent=self)
        self.garbage = GuiThreadGarbageCollector(parent=self)
        self._roster_store: RosterStore | None = None
        self._team_editor: Callable[[QWidget, str], QDialog] | None = None
        self.tasks: TaskListView | None = None
        self._settings_path = settings_path
        self._environment = environment
        self._data_dir = data_dir
        self._choose_open_file = choose_open_file
        self._choose_save_file = choose_save_file
        self.settings, problems = load_settings(settings_path)
        for problem in problems:
            log.warning("%s", problem)
        # before any widget exists: every tr() below answers in the settings' language
        self.translators = install_translators(app, self.settings.locale or environment.language)
        self.theme = Theme(app=app, choice=ThemeChoice(self.settings.theme))
        self._timeline: TimelinePanel | None = None
        self.window = MainWindow(settings=ui_state, icon=app.windowIcon())
        self.tray = Tray(icon=app.windowIcon(), parent=self)
        self.tray.set_state(paused=self.settings.notifications_paused, can_sync=False, can_hand_off=False)
        self._connect()
        self._on_theme_tokens_changed(self.theme.tokens)
        self.window.hide_on_close = self.tray.available
        app.setQuitOnLastWindowClosed(not self.tray.available)
        if not defer_views:
            self.build_views()

    @property
    def timeline(self) -> TimelinePanel:
        """The world timeline (built by :meth:`build_views` if it was not yet)."""
        if self._timeline is None:
            self.build_views()
        assert self._timeline is not None
        return self._timeline

    def build_views(self) -> None:
        """Build the world timeline into the window (once). With ``defer_views``, the window
        first paints its frame (menus, status bar, theme) and ``ui.application`` calls this on the
        next event-loop turn: the timeline's modules, the zone tables and babel are then loaded
        while the window is already on screen."""
        if self._timeline is not None:
            return
        from ui.timeline.panel import TimelinePanel  # noqa: PLC0415 (after the first paint)

        self.theme.confirm_scheme()
        self._timeline = TimelinePanel(clock=self._clock, options=self._options(), jobs=self.jobs)
        if self._roster_store is None:
            self._timeline.canvas.placeholder = self.tr("Opening your data…")
        self._timeline.set_tokens(self.theme.tokens)
        self.window.set_timeline(self._timeline)
        self.window.now_action.triggered.connect(self._timeline.now_button.click)

    def _connect(self) -> None:
        w = self.window
        w.quit_action.triggered.connect(self._app.quit)
        w.settings_action.triggered.connect(self._on_settings_action_triggered)
        w.import_roster_action.triggered.connect(self._on_import_roster_action_triggered)
        w.export_roster_action.triggered.connect(self._on_export_roster_action_triggered)
        w.edit_team_action.triggered.connect(self._on_edit_team_action_triggered)
        for action in (w.import_roster_action, w.export_roster_action, w.edit_team_action):
            action.setEnabled(False)  # until attach() brings the store
        self.theme.tokens_changed.connect(self._on_theme_tokens_changed)
        self.tray.open_requested.connect(w.bring_to_front)
        self.tray.quit_requested.connect(self._app.quit)
        self.tray.pause_toggled.connect(self._on_tray_pause_toggled)
        self._app.aboutToQuit.connect(w.save_state)
        self._app.aboutToQuit.connect(self.jobs.shutdown)
        self._app.aboutToQuit.connect(self.writer.shutdown)
        self._app.aboutToQuit.connect(self.garbage.stop)

    def attach(
        self,
        *,
        roster_store: RosterStore,
        task_browser: TaskBrowser | None = None,
        team_editor: Callable[[QWidget, str], QDialog] | None = None,
        store: Store | None = None,
    ) -> None:
        """Connect the opened store: show the roster, add the task list, enable team actions;
        with ``store``, tracker sync too (:attr:`sync`).
        Called after the window's first paint, because opening the store is the slow part of
        start-up (SQLAlchemy imports, migrations)."""
        from ui.tasks.view import TaskListView  # noqa: PLC0415 (imports SQLAlchemy)

        self._roster_store = roster_store
        self._team_editor = team_editor
        if task_browser is not None:
            self.tasks = TaskListView(browser=task_browser, format_due=self._format_instant, jobs=self.jobs)
            self.window.add_tab(self.tr("&Tasks"), self.tasks)
        w = self.window
        w.import_roster_action.setEnabled(True)
        w.export_roster_action.setEnabled(True)
        w.edit_team_action.setEnabled(team_editor is not None)
        self.timeline.canvas.placeholder = None
        self.reload_roster()
        if store is not None:
            from ui.sync.install import install_sync  # noqa: PLC0415 (httpx, keyring: after first paint)

            self.sync = install_sync(self, store=store, clock=self._clock, display_options=self._options)
            self._app.aboutToQuit.connect(self.sync.shutdown)
            from ui.handoff.install import install as install_handoffs  # noqa: PLC0415 (after first paint)

            self.handoffs = install_handoffs(
                self,
                store=store,
                clock=self._clock,
                load_roster=roster_store.load,
                display_options=self._options,
            )
            hub, sync = self.handoffs.hub, self.sync
            for queued in (hub.submitted, hub.acknowledged, hub.retried):
                queued.connect(sync.sync_soon)  # a write was queued: a sync pass follows soon
            sync.sync_finished.connect(lambda _ok: hub.refresh())  # new handoffs, acks, states

    def show(self) -> None:
        """Show the main window; say once where closing it leads."""
        self.window.show()
        if self.tray.available:
            self.window.statusBar().showMessage(
                self.tr("Closing the window keeps Baton running in the tray."), 10_000
            )
        else:
            log.info("no system tray: closing the window quits Baton")
            self.window.statusBar().showMessage(
                self.tr("No system tray found: closing the window quits Baton."), 15_000
            )

    def _options(self) -> DisplayOptions:
        from ui.timeline.frame import DisplayOptions  # noqa: PLC0415 (after the first paint)

        return DisplayOptions(
            viewer_zone=self.settings.viewer_zone or self._environment.zone,
            locale=self.settings.locale or self._environment.locale,
            hour_cycle=HourCycle(self.settings.hour_cycle),
        )

    def _format_instant(self, at: datetime) -> str:
        """An aware instant on the viewer's calendar and clock (for due dates)."""
        from app.timeline.format import format_clock, format_day  # noqa: PLC0415 (babel: after first paint)

        options = self._options()
        clock = format_clock(at, options.viewer_zone, options.locale, hour_cycle=options.hour_cycle)
        return f"{format_day(at, options.viewer_zone, options.locale)}, {clock}"

    def _load_roster(self) -> Roster:
        from app.timeline.roster import Roster  # noqa: PLC0415 (after the first paint)

        return self._roster_store.load() if self._roster_store is not None else Roster()

    def reload_roster(self) -> Roster:
        """Read the roster from the store and show it."""
        roster = self._load_roster()
        self.timeline.set_roster(roster)
        return roster

    def apply_settings(self, settings: Settings) -> None:
        """Save and apply new settings (theme, formats, zone)."""
        save_settings(settings, self._settings_path)
        self.settings = settings
        self.theme.set_choice(ThemeChoice(settings.theme))
        if self._timeline is not None:
            self._timeline.set_options(self._options())
        self.tray.set_state(paused=settings.notifications_paused)

    # --- slots ---------------------------------------------------------------------------------

    @Slot(object)
    def _on_theme_tokens_changed(self, tokens: Tokens) -> None:
        if self._timeline is not None:
            self._timeline.set_tokens(tokens)

    @Slot(bool)
    def _on_tray_pause_toggled(self, paused: bool) -> None:
        self.apply_settings(replace(self.settings, notifications_paused=paused))

    @Slot()
    def _on_settings_action_triggered(self) -> None:
        from ui.settings_dialog import SettingsDialog  # noqa: PLC0415 (not needed for the first paint)

        names = [t.name for t in self._load_roster().teammates]
        dialog = SettingsDialog(
            settings=self.settings, data_dir=self._data_dir, teammates=names, parent=self.window
        )
        dialog.accepted.connect(lambda: self.apply_settings(dialog.settings()))
        dialog.open()

    @Slot()
    def _on_edit_team_action_triggered(self) -> None:
        if self._team_editor is None:
            return
        dialog = self._team_editor(self.window, self._options().locale)
        dialog.finished.connect(lambda _result: self.reload_roster())
        dialog.open()

    @Slot()
    def _on_import_roster_action_triggered(self) -> None:
        from app.timeline.roster_csv import read_roster  # noqa: PLC0415 (loads holidays: after first paint)
        from app.timeline.roster_file import RosterInvalid  # noqa: PLC0415

        path = self._choose_open_file(
            self.window, self.tr("Import Team"), self.tr("Roster files (*.toml *.csv)")
        )
        if not path:
            return
        try:
            loaded = read_roster(Path(path))
        except RosterInvalid as invalid:
            self._problem(
                self.tr("The roster file has problems"), "\n".join(str(p) for p in invalid.problems)
            )
            return
        except OSError as error:
            self._problem(self.tr("Cannot read the roster file"), str(error))
            return
        if self._roster_store is None:
            return
        store = self._roster_store
        message = self.tr("Imported {count} teammates from {path}").format(
            count=len(loaded.roster.teammates), path=path
        )
        if loaded.warnings:
            message += " · " + "; ".join(w.message for w in loaded.warnings)
        job = self.writer.run(lambda: store.replace(loaded.roster))
        job.succeeded.connect(lambda _none: self._on_roster_written(message))
        job.failed.connect(lambda error: self._problem(self.tr("Cannot save the roster"), str(error)))

    def _on_roster_written(self, message: str) -> None:
        self.reload_roster()
        self.window.statusBar().showMessage(message, 15_000)

    @Slot()
    def _on_export_roster_action_triggered(self) -> None:
        from app.timeline.roster_csv import write_roster_csv  # noqa: PLC0415 (loads holidays: after first paint)
        from app.timeline.roster_file import save_roster  # noqa: PLC0415

        path = self._choose_save_file(
            self.window,
            self.tr("Export Team"),
            self.tr("Roster files (*.toml);;CSV, simple columns only (*.csv)"),
        )
        if not path:
            return
        csv = Path(path).suffix.lower() == ".csv"
        try:
            (write_roster_csv if csv else save_roster)(self._load_roster(), Path(path))
        except OSError as error:
            self._problem(self.tr("Cannot write the roster file"), str(error))
            return
        message = self.tr("Exported the team to {path}").format(path=path)
        if csv:
            message += " · " + self.tr(
                "CSV has no columns for weekends, time off and relocations; export TOML to keep them"
            )
        self.window.statusBar().showMessage(message, 10_000)

    def _problem(self, title: str, details: str) -> None:
        from PySide6.QtWidgets import QMessageBox  # noqa: PLC0415 (see _open_file)

        box = QMessageBox(
            QMessageBox.Icon.Warning, title, title, QMessageBox.StandardButton.Close, self.window
        )
        box.setInformativeText(details)
        box.open()
