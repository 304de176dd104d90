"""Test-wide setup: Qt runs offscreen, every test gets its own profile, and unexpected log
records at WARNING or above fail the test (tests that expect one assert it and clear caplog)."""

from __future__ import annotations

import logging
import os

os.environ["QT_QPA_PLATFORM"] = "offscreen"  # before anything imports Qt
os.environ.setdefault("QT_ENABLE_HIGHDPI_SCALING", "1")

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from app.store import Store


@pytest.fixture(autouse=True)
def _isolated_profile(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test may touch the real user's data: point every default path into tmp_path."""
    monkeypatch.setenv("BATON_DATA_DIR", str(tmp_path / "profile"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "xdg-state"))


@pytest.fixture(autouse=True)
def _fail_on_unexpected_log(caplog: pytest.LogCaptureFixture) -> Iterator[None]:
    caplog.set_level(logging.INFO)
    yield
    noisy = [r for r in caplog.get_records("call") if r.levelno >= logging.WARNING]
    if noisy:
        lines = "\n".join(f"{r.levelname} {r.name}: {r.getMessage()}" for r in noisy)
        pytest.fail(f"unexpected log records:\n{lines}")


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """A fresh, migrated store in a real SQLite file."""
    opened = Store.open(tmp_path / "store" / "baton.sqlite3")
    yield opened
    opened.close()


@pytest.fixture
def now() -> datetime:
    """A fixed aware UTC instant for tests that need one."""
    return datetime(2026, 11, 21, 9, 30, tzinfo=UTC)
