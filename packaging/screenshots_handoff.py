"""Screenshots of the handoff workflow under Xvfb: the inbox, the guided form and its preview.

Starts a virtual X server with a real tray (Debian ``trayer``), then runs this file again as the
*driver* on that display: it builds a throw-away ``baton --demo`` workspace (Lena Fischer in
Berlin, one incoming handoff from Kenji Sato in Tokyo) at ``NOW``, opens the real main window,
starts a handoff, fills it like a user and saves PNGs. Run:
``.venv/bin/python packaging/screenshots_handoff.py [OUTPUT_DIR]`` (default
``resources/screenshots``). Needs ``xvfb`` and ``trayer`` (``packaging/bootstrap --test``).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from app.clock import ShiftedClock
from app.demo import create_demo_workspace
from app.settings import SETTINGS_FILE, Settings, save_settings
from app.store import Store
from app.store.roster import SqliteRosterStore
from app.task_browser import TaskBrowser
from ui.application import create_application
from ui.controller import AppController, Environment

ROOT = Path(__file__).resolve().parent.parent
NOW = "2026-11-24T07:40:00Z"  # Tue 08:40 in Berlin, 16:40 in Tokyo
SIZE = (1440, 900)


def _wait_for(condition: Callable[[], bool], seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out waiting for {what}")
        time.sleep(0.1)


def shoot(output: Path, theme: str, display_number: int) -> None:
    display = f":{display_number}"
    env = {
        **os.environ,
        "DISPLAY": display,
        "TZ": "Europe/Berlin",
        "LANG": "en_GB.UTF-8",
        "QT_QPA_PLATFORM": "xcb",
    }
    env.pop("WAYLAND_DISPLAY", None)
    processes = []
    try:
        processes.append(
            subprocess.Popen(["Xvfb", display, "-screen", "0", f"{SIZE[0]}x{SIZE[1]}x24", "-nolisten", "tcp"])
        )
        _wait_for(lambda: Path(f"/tmp/.X11-unix/X{display_number}").exists(), 10, "Xvfb")
        if shutil.which("trayer"):
            processes.append(
                subprocess.Popen(
                    ["trayer", "--edge", "top", "--align", "right", "--widthtype", "request"], env=env
                )
            )
        subprocess.run(
            [sys.executable, __file__, "--drive", str(output), theme],
            env=env,
            check=True,
            timeout=120,
            cwd=ROOT,
        )
    finally:
        for process in reversed(processes):
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()


def drive(output: Path, theme: str) -> None:
    """Runs on the Xvfb display: the real window and form, driven like a user."""

    def settle(condition: Callable[[], bool], what: str, seconds: float = 20) -> None:
        deadline = time.monotonic() + seconds
        while not condition():
            if time.monotonic() > deadline:
                raise TimeoutError(f"timed out waiting for {what}")
            QApplication.processEvents()
            time.sleep(0.02)

    def pause(seconds: float) -> None:  # let the window manager map and paint (no signal for that)
        end = time.monotonic() + seconds
        settle(lambda: time.monotonic() > end, "paint")

    profile = Path(tempfile.mkdtemp(prefix="baton-shot-handoff-"))
    try:
        clock = ShiftedClock(datetime.fromisoformat(NOW))
        workspace = create_demo_workspace(profile, clock=clock)
        save_settings(
            Settings(me=workspace.me, theme=theme, locale="en_GB"), profile / "config" / SETTINGS_FILE
        )
        app = create_application(["baton"])
        controller = AppController(
            app=app,
            settings_path=profile / "config" / SETTINGS_FILE,
            ui_state=QSettings(str(profile / "ui.ini"), QSettings.Format.IniFormat),
            clock=clock,
            environment=Environment(zone="Europe/Berlin", locale="en_GB"),
            data_dir=str(profile),
        )
        controller.window.resize(SIZE[0] - 40, SIZE[1] - 60)
        controller.show()
        store = Store.open(workspace.paths.database)
        controller.attach(
            roster_store=SqliteRosterStore(store=store, clock=clock),
            task_browser=TaskBrowser(store=store),
            store=store,
        )
        shell = controller.handoffs
        assert shell is not None
        settle(lambda: shell.inbox.model.rowCount() == 1, "the inbox")
        shell.show_inbox()
        controller.window.splitter.setSizes([330, 520])
        settle(lambda: "Rolled back" in shell.inbox.reader.toPlainText(), "the reading view")
        pause(1.5)
        screen = app.primaryScreen()
        screen.grabWindow(0).save(str(output / f"handoff-inbox-{theme}.png"))

        opened = []
        shell.hub.form_opened.connect(opened.append)
        shell.new_action.trigger()
        settle(lambda: bool(opened), "the form")
        form = opened[0]
        form.resize(1000, 720)
        QTest.keyClicks(form.title_edit, "Berlin to Americas: payments fix merged, 4.18 on hold")
        page = form.section_page("completed")
        page.add_button.click()
        QTest.keyClicks(page.editors[-1].text_edit, "Merged the TLS pool fix; EU card errors back to 0.1 %")
        decisions = form.section_page("decisions")
        decisions.add_button.click()
        decision = decisions.editors[-1]
        QTest.keyClicks(
            decision.text_edit, "Enable the fix for US cards today, or wait for the Acme export fix?"
        )
        decision.owner_box.setCurrentIndex(decision.owner_box.findText("Ana Costa"))
        decision.propose(4 * 60)
        actions = form.section_page("next_actions")
        actions.add_button.click()
        QTest.keyClicks(actions.editors[-1].text_edit, "Watch the US error rate for 30 min after enabling")
        form.go_to(4)
        settle(lambda: form.save_state.text() == "Draft saved", "autosave")
        pause(1.0)
        form.grab().save(str(output / f"handoff-form-{theme}.png"))
        form.go_to(0)
        pause(0.5)
        form.grab().save(str(output / f"handoff-form-recipient-{theme}.png"))
        previewed = []
        form.preview_shown.connect(lambda: previewed.append(True))
        form.go_to(form.preview_page)
        settle(lambda: bool(previewed), "the preview")
        pause(0.5)
        form.grab().save(str(output / f"handoff-preview-{theme}.png"))
        form.close()
        controller.jobs.shutdown()
        controller.writer.shutdown()
        if controller.sync is not None:
            controller.sync.shutdown()
        store.close()
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--drive":
        drive(Path(sys.argv[2]), sys.argv[3])
        return
    output = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "resources" / "screenshots"
    output.mkdir(parents=True, exist_ok=True)
    for number, theme in enumerate(("light", "dark"), start=95):
        shoot(output.resolve(), theme, number)
        sys.stdout.write(f"{output}/handoff-*-{theme}.png\n")


if __name__ == "__main__":
    main()
