"""Fixtures for the sync UI: in-memory and failing keyrings, a fake Redmine, and SyncUi on a
real main window, store and job runners."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import keyring
import keyring.backend
import pytest
from keyring.backends import fail
from PySide6.QtCore import QSettings
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from app.clock import FixedClock
from app.store import Store
from app.timeline.format import HourCycle, format_clock
from sync.credentials import open_secret_store
from sync.http import RetryPolicy
from tests.support.redmine import redmine_testbed  # noqa: F401 (the real Redmine: fixture "redmine")
from tests.ui.sync.fake_redmine import FakeRedmine
from ui.jobs import JobRunner
from ui.main_window import MainWindow
from ui.sync.install import SyncUi
from ui.tray import Tray

NOW = datetime(2026, 11, 21, 10, 30, tzinfo=UTC)
FAST_RETRY = RetryPolicy(attempts=2, timeout=5.0, wait_initial=0.01, wait_max=0.05, wait_jitter=0.01)


class MemoryKeyring(keyring.backend.KeyringBackend):
    """A keyring kept in a dict (unit tests only; stands for the OS keyring)."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.secrets: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.secrets.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.secrets[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.secrets.pop((service, username), None)


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    """The process keyring replaced by :class:`MemoryKeyring`, restored afterwards."""
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture
def fail_keyring() -> Iterator[keyring.backend.KeyringBackend]:
    """The ``fail`` backend a headless Linux selects, restored afterwards."""
    previous = keyring.get_keyring()
    backend = fail.Keyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture
def fake_redmine() -> FakeRedmine:
    return FakeRedmine()


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW)


def berlin_clock(at: datetime) -> str:
    """The viewer's clock in these tests: Europe/Berlin, 24-hour, en_GB."""
    return str(format_clock(at, "Europe/Berlin", "en_GB", hour_cycle=HourCycle.H24))


MakeSyncUi = Callable[..., SyncUi]


@pytest.fixture
def make_sync_ui(
    qtbot: QtBot,
    store: Store,
    clock: FixedClock,
    fake_redmine: FakeRedmine,
    jobs: JobRunner,
    writer: JobRunner,
    tmp_path: Path,
) -> Iterator[MakeSyncUi]:
    """Builds :class:`SyncUi` on a real main window with the keyring that is set now."""
    made: list[SyncUi] = []

    def make(**overrides: object) -> SyncUi:
        secrets, backend = open_secret_store()
        window = MainWindow(
            settings=QSettings(str(tmp_path / "ui-state.ini"), QSettings.Format.IniFormat),
            icon=QIcon(),
            timeline=QWidget(),
        )
        qtbot.addWidget(window)
        arguments: dict[str, object] = {
            "window": window,
            "tray": Tray(icon=QIcon(), parent=window),
            "store": store,
            "secrets": secrets,
            "backend": backend,
            "clock": clock,
            "jobs": jobs,
            "writer": writer,
            "me": lambda: "John Smith",
            "paused": lambda: False,
            "clock_text": berlin_clock,
            "transport": fake_redmine.transport,
            "retry": FAST_RETRY,
        }
        arguments.update(overrides)
        ui = SyncUi(**arguments)  # type: ignore[arg-type]
        with qtbot.waitSignal(ui.state_changed):
            ui.start()
        made.append(ui)
        return ui

    yield make
    for ui in made:
        ui.shutdown()
