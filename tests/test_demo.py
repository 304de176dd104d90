"""``baton --demo``: a throw-away workspace with something real in every view, never the
user's own data."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from app.clock import FixedClock
from app.demo import DEMO_ME, create_demo_workspace
from app.settings import SETTINGS_FILE, load_settings
from app.store import Store
from app.store.roster import SqliteRosterStore
from app.timeline.zones import canonical_zone_name

NOW = datetime(2026, 11, 24, 7, 40, tzinfo=UTC)


def test_workspace_has_team_tasks_and_one_incoming_handoff(tmp_path: Path) -> None:
    clock = FixedClock(NOW)
    workspace = create_demo_workspace(tmp_path / "demo", clock=clock)
    settings, problems = load_settings(workspace.paths.config_dir / SETTINGS_FILE)
    assert (settings.me, problems) == (DEMO_ME, [])
    store = Store.open(workspace.paths.database)
    try:
        roster = SqliteRosterStore(store=store, clock=clock).load()
        zones = {t.zone for t in roster.teammates}
        assert len(roster.teammates) >= 8
        assert {"Asia/Kathmandu", "Australia/Adelaide", "America/St_Johns"} <= zones
        assert all(canonical_zone_name(z).name == z for z in zones)
        assert DEMO_ME in {t.name for t in roster.teammates}
        assert store.tasks.count() == 50
        handoff = store.handoffs.get(workspace.handoff_id)
        assert handoff is not None
        assert handoff.incoming and handoff.recipient == DEMO_ME
        assert handoff.created_at < NOW
        # every section of a structured handoff has something to show
        assert {i.section for i in handoff.items} == {
            "completed",
            "in_progress",
            "risks",
            "decisions",
            "next_actions",
            "links",
        }
        assert all(i.deadline_at is not None for i in handoff.items if i.section == "decisions")
    finally:
        store.close()


def test_refuses_a_directory_that_already_holds_a_database(tmp_path: Path) -> None:
    Store.open(tmp_path / "baton.sqlite3").close()
    with pytest.raises(FileExistsError, match="only fills an empty directory"):
        create_demo_workspace(tmp_path, clock=FixedClock(NOW))


def test_demo_command_leaves_the_real_profile_alone_and_cleans_up(tmp_path: Path) -> None:
    real = tmp_path / "real-profile"
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    env = dict(os.environ, BATON_DATA_DIR=str(real), TMPDIR=str(temporary))
    result = subprocess.run(
        [sys.executable, "-m", "app.main", "--demo", "team", "list"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "Sita Gurung" in result.stdout and "Asia/Kathmandu" in result.stdout
    assert not real.exists()
    assert list(temporary.iterdir()) == []


def test_demo_and_data_dir_together_are_refused(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "app.main", "--demo", "--data-dir", str(tmp_path), "team", "list"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    assert "leave out --data-dir" in result.stderr
