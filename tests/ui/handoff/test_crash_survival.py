"""A draft survives a crash: SIGKILL the process while the draft is being edited, restart,
find the text (issue #5, "Drafts and states")."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.clock import FixedClock, SystemClock
from app.demo import create_demo_workspace
from app.settings import Settings
from app.store import Store
from app.store.roster import SqliteRosterStore
from ui.handoff.form import HandoffForm
from ui.handoff.hub import HandoffHub
from ui.jobs import JobRunner

from .conftest import CREATED

ROOT = Path(__file__).resolve().parents[3]

# Builds the real hub and form on a real profile, types like a user, reports each autosave on
# stdout and keeps running (mid-edit) until it is killed.
DRIVER = """
import sys
from pathlib import Path
from PySide6.QtWidgets import QApplication
from PySide6.QtTest import QTest
from app.clock import SystemClock
from app.settings import Settings
from app.store import Store
from app.store.roster import SqliteRosterStore
from ui.handoff.hub import HandoffHub
from ui.jobs import JobRunner

app = QApplication(sys.argv)
store = Store.open(Path(sys.argv[1]))
clock = SystemClock()
hub = HandoffHub(
    store=store, clock=clock,
    jobs=JobRunner(threads=2, name="driver-jobs"), writer=JobRunner(threads=1, name="driver-writer"),
    load_roster=SqliteRosterStore(store=store, clock=clock).load,
    settings=lambda: Settings(me="Lena Fischer"), locale=lambda: "en_GB",
    viewer_zone=lambda: "Europe/Berlin", choose_save_file=lambda *args: "",
)

def on_form_opened(form):
    form.draft_saved.connect(lambda handoff_id: print("SAVED", handoff_id, flush=True))
    QTest.keyClicks(form.title_edit, "Typed before the crash")
    page = form.section_page("in_progress")
    page.add_button.click()
    QTest.keyClicks(page.editors[-1].text_edit, "Half-way through the EU card retries")
    QTest.keyClicks(page.editors[-1].text_edit, " and still typing")

hub.form_opened.connect(on_form_opened)
hub.new_handoff()
app.exec()
"""


@pytest.mark.slow
def test_a_draft_survives_sigkill(qtbot: QtBot, tmp_path: Path, jobs: JobRunner, writer: JobRunner) -> None:
    workspace = create_demo_workspace(tmp_path / "profile", clock=FixedClock(CREATED))
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    driver = subprocess.Popen(
        [sys.executable, "-c", DRIVER, str(workspace.paths.database)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=env,
        cwd=ROOT,
        text=True,
    )
    try:
        assert driver.stdout is not None
        line = driver.stdout.readline()  # blocks until the first autosave reached SQLite
        assert line.startswith("SAVED "), line
        handoff_id = line.split()[1]
        assert driver.poll() is None  # still running, the form still open
    finally:
        driver.send_signal(signal.SIGKILL)
        driver.wait(timeout=30)
        if driver.stdout is not None:
            driver.stdout.close()
    assert driver.returncode == -signal.SIGKILL

    store = Store.open(workspace.paths.database)  # "restart": recovery of the killed process's WAL
    try:
        clock = SystemClock()
        hub = HandoffHub(
            store=store,
            clock=clock,
            jobs=jobs,
            writer=writer,
            load_roster=SqliteRosterStore(store=store, clock=clock).load,
            settings=lambda: Settings(me="Lena Fischer"),
            locale=lambda: "en_GB",
            viewer_zone=lambda: "Europe/Berlin",
            choose_save_file=lambda *args: "",
        )
        with qtbot.waitSignal(hub.refreshed):
            hub.refresh()
        assert [d.id for d in hub.snapshot.drafts] == [handoff_id]
        with qtbot.waitSignal(hub.form_opened) as opened:
            hub.open_draft(handoff_id)
        form = opened.args[0]
        assert isinstance(form, HandoffForm)
        qtbot.addWidget(form)
        assert form.title_edit.text() == "Typed before the crash"
        texts = [e.text_edit.toPlainText() for e in form.section_page("in_progress").editors]
        assert texts == ["Half-way through the EU card retries and still typing"]
        form.close()
    finally:
        store.close()
