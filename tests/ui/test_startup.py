"""What the real ``baton`` start loads before its window first paints.

The window paints before the store opens (``ui.application.run_gui``); SQLAlchemy, Alembic,
httpx, the keyring, the holiday tables and Babel's locale data load afterwards. A module-level
import in the wrong place (a command parser importing its command, a settings module importing
the formatter) silently puts hundreds of milliseconds back in front of the first paint; this test
names the module that did. The time itself is measured in ``benchmarks/ui.py``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.clock import FixedClock
from app.timeline.roster import Roster, Teammate

LOADED_AFTER_FIRST_PAINT = {"sqlalchemy", "sqlmodel", "alembic", "httpx", "keyring", "holidays", "babel"}


def _start(data_dir: Path) -> dict[str, object]:
    environ = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "TZ": "Europe/Berlin", "LANG": "de_DE.UTF-8"}
    command = ["-m", "tests.support.first_paint", "--data-dir", str(data_dir), "--now", "2026-11-24T07:40Z"]
    result = subprocess.run(
        [sys.executable, *command],
        capture_output=True,
        text=True,
        timeout=120,
        env=environ,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


@pytest.mark.parametrize("profile", ["new", "with a team"])
def test_heavy_libraries_load_after_the_first_paint(tmp_path: Path, profile: str) -> None:
    if profile == "with a team":
        from datetime import UTC, datetime  # noqa: PLC0415

        from app.store import Store  # noqa: PLC0415
        from app.store.roster import SqliteRosterStore  # noqa: PLC0415

        store = Store.open(tmp_path / "baton.sqlite3")
        clock = FixedClock(datetime(2026, 11, 24, 7, 40, tzinfo=UTC))
        SqliteRosterStore(store=store, clock=clock).replace(Roster((Teammate("Lena", "Europe/Berlin"),)))
        store.close()
    marks = _start(tmp_path)
    loaded = set(marks["modules_at_paint"])  # type: ignore[arg-type]
    assert loaded & LOADED_AFTER_FIRST_PAINT == set()
    assert {"PySide6", "ui", "app"} <= loaded
    assert marks["paint"] <= marks["ready"]  # type: ignore[operator]
