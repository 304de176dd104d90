"""The demo workspace (ten-person roster, cached tasks, one incoming handoff from Kenji Sato to
Lena Fischer) in a real SQLite file, a settable clock and a handoff hub over them."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.clock import FixedClock
from app.demo import DemoWorkspace, create_demo_workspace
from app.settings import Settings
from app.store import Store
from app.store.roster import SqliteRosterStore
from ui.handoff.form import HandoffForm
from ui.handoff.hub import HandoffHub
from ui.jobs import JobRunner

CREATED = datetime(2026, 11, 24, 7, 40, tzinfo=UTC)
"""When the demo was made: Tue 08:40 in Berlin; Kenji's handoff arrived at 06:40 UTC."""
WORKING = datetime(2026, 11, 24, 8, 30, tzinfo=UTC)
"""09:30 in Berlin: Lena (09:00–17:30, cutoff 17:00) is on shift."""


@dataclass
class Demo:
    """The demo profile, its open store and the clock everything reads."""

    workspace: DemoWorkspace
    store: Store
    clock: FixedClock
    settings: Settings
    tmp: Path


@pytest.fixture
def demo(tmp_path: Path) -> Iterator[Demo]:
    clock = FixedClock(CREATED)
    workspace = create_demo_workspace(tmp_path / "demo", clock=clock)
    clock.set(WORKING)
    store = Store.open(workspace.paths.database)
    yield Demo(workspace, store, clock, Settings(me=workspace.me), tmp_path)
    store.close()


@pytest.fixture
def hub(qtbot: QtBot, demo: Demo, jobs: JobRunner, writer: JobRunner) -> HandoffHub:
    made = HandoffHub(
        store=demo.store,
        clock=demo.clock,
        jobs=jobs,
        writer=writer,
        load_roster=SqliteRosterStore(store=demo.store, clock=demo.clock).load,
        settings=lambda: demo.settings,
        locale=lambda: "en_GB",
        viewer_zone=lambda: "Europe/Berlin",
        choose_save_file=lambda parent, title, name: str(demo.tmp / name),
    )
    with qtbot.waitSignal(made.refreshed):
        made.refresh()
    return made


def open_new_form(qtbot: QtBot, hub: HandoffHub) -> HandoffForm:
    """Start a new handoff the way Ctrl+N does and return its form."""
    with qtbot.waitSignal(hub.form_opened) as opened:
        hub.new_handoff()
    form = opened.args[0]
    assert isinstance(form, HandoffForm)
    qtbot.addWidget(form)
    return form
