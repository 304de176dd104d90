"""UI benchmark: cold start to first painted main window, and world-timeline paint time.

* Cold start: a fresh Python process runs the real ``baton`` entry point (``app.main.main``:
  argument parsing, paths, logging, single-instance guard, controller, window) without options
  other than ``--now``, on a profile with 50 teammates and 10 000 cached tasks in the platform's
  user data directory (XDG base directories under a temporary home), through
  ``tests.support.first_paint``, which reports when the main window's first paint event arrives
  and when the team and tasks are shown (the frame paints first, then the timeline is built, then
  the store opens). The baseline is a fresh process showing a bare ``QMainWindow`` the same way,
  in the same run.
  Target: ≤ 1.5×. Medians of 5 runs each, offscreen. Children cache bytecode in a temporary
  ``PYTHONPYCACHEPREFIX`` (warmed by one discarded run), as an installed Baton has its ``.pyc``
  files; ``--no-bytecode`` measures with ``PYTHONDONTWRITEBYTECODE=1`` instead (every module of
  Baton compiled from source at each start, which costs Baton ~40 ms more than the baseline).
* Timeline paint: building the frame and painting the canvas at 50 and 500 teammates (should
  grow about linearly), and the GUI thread's share per refresh (500 teammates build their frame
  on a background job: the GUI thread only shows and paints it), medians of 10.

Run: ``.venv/bin/python -m benchmarks.ui [--no-bytecode] [--cold-start-only]``; prints one JSON
object.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ZONES = [
    "Australia/Adelaide", "Asia/Tokyo", "Asia/Kathmandu", "Asia/Kolkata", "Europe/Berlin",
    "Europe/London", "Asia/Riyadh", "America/St_Johns", "America/Mexico_City", "America/Los_Angeles",
    "Pacific/Auckland", "Asia/Singapore", "Africa/Lagos", "America/Sao_Paulo", "America/New_York",
]  # fmt: skip
NOW = datetime(2026, 11, 24, 7, 40, tzinfo=UTC)

BASELINE = """
import sys, time
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QMainWindow
class First(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint:
            print(time.time()); sys.stdout.flush(); QApplication.exit(0)
        return False
app = QApplication(sys.argv)
window = QMainWindow(); window.resize(1280, 800)
first = First(); window.installEventFilter(first)
window.show(); app.exec()
"""


def roster(count: int):  # type: ignore[no-untyped-def]
    from app.timeline.roster import HolidayRegion, Roster, ShiftRule, Teammate, weekly_hours

    hours = weekly_hours({day: [ShiftRule(9 * 60, 17 * 60 + 30)] for day in range(5)})
    regions = {"Europe/Berlin": HolidayRegion("DE", "BE"), "Asia/Tokyo": HolidayRegion("JP")}
    return Roster(
        tuple(
            Teammate(
                f"Teammate {i:03d}",
                ZONES[i % len(ZONES)],
                team=["APAC", "EMEA", "Americas"][i % 3],
                hours=hours,
                holidays=regions.get(ZONES[i % len(ZONES)]),
            )
            for i in range(count)
        )
    )


def make_profile(directory: Path) -> None:
    from app.clock import FixedClock
    from app.store import Store
    from app.store.roster import SqliteRosterStore
    from benchmarks.store import make_tasks

    store = Store.open(directory / "baton.sqlite3")
    SqliteRosterStore(store=store, clock=FixedClock(NOW)).replace(roster(50))
    account = store.accounts.add(name="bench", kind="redmine", base_url="http://127.0.0.1", at=NOW)
    store.tasks.upsert_many(account.id, make_tasks(10_000))
    store.close()


def cold_start(command: list[str], pycache: str | None, home: Path | None = None) -> list[float]:
    """Seconds from process start to each instant the child reports (first paint, data ready).
    ``command``: the Python arguments after ``python``. ``pycache``: bytecode cache directory, or
    None to compile every module from source. ``home``: the XDG base directories go under it, so
    Baton finds its profile where platformdirs puts it for a user who passes no ``--data-dir``."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if pycache is None:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
    else:
        env["PYTHONPYCACHEPREFIX"] = pycache
    start = time.time()
    env.update(TZ="Europe/Berlin", LANG="en_GB.UTF-8")
    env.pop("BATON_DATA_DIR", None)
    if home is not None:
        env.update(XDG_DATA_HOME=str(home / "data"), XDG_CONFIG_HOME=str(home / "config"),
                   XDG_STATE_HOME=str(home / "state"), XDG_CACHE_HOME=str(home / "cache"))  # fmt: skip
    result = subprocess.run(
        [sys.executable, *command], capture_output=True, text=True, check=True, env=env, timeout=120
    )
    last = result.stdout.strip().splitlines()[-1]
    if last.startswith("{"):
        marks = json.loads(last)
        return [marks["paint"] - start, marks["ready"] - start]
    return [float(last) - start]


def paint_times() -> dict[str, dict[str, float]]:
    """Per refresh at 50 and 500 teammates: building the frame, painting it, the time the GUI
    thread is busy (500: the frame is built on a job, so only dispatch, showing and painting),
    and the time from the refresh to the frame shown."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEventLoop
    from PySide6.QtWidgets import QApplication

    from app.clock import FixedClock
    from app.timeline.holiday_calendar import HolidayCalendar
    from ui.jobs import JobRunner
    from ui.timeline.frame import DisplayOptions, build_frame
    from ui.timeline.panel import TimelinePanel

    app = QApplication.instance() or QApplication(sys.argv[:1])
    jobs = JobRunner(threads=2, name="bench-jobs")
    results = {}
    for count in (50, 500):
        team = roster(count)
        calendar = HolidayCalendar(language="en_GB")
        options = DisplayOptions(viewer_zone="Europe/Berlin", locale="en_GB")
        panel = TimelinePanel(clock=FixedClock(NOW), calendar=calendar, options=options, jobs=jobs)
        loop = QEventLoop()
        panel.frame_changed.connect(lambda _frame, loop=loop: loop.quit())
        panel.set_roster(team)
        if panel.building:
            loop.exec()
        panel.resize(1400, 900)
        panel.show()
        app.processEvents()
        frames, paints, gui, shown = [], [], [], []
        for _ in range(10):
            start = time.perf_counter()
            frame = build_frame(team, cursor=NOW, now=NOW, hours=36, options=options, calendar=calendar)
            frames.append(time.perf_counter() - start)
            start = time.perf_counter()
            panel.canvas.grab()
            paints.append(time.perf_counter() - start)
            start = time.perf_counter()
            panel.refresh()  # inline below BACKGROUND_FROM teammates, a job above
            busy = time.perf_counter() - start
            background = panel.building
            if background:
                loop.exec()
            shown.append(time.perf_counter() - start)
            start = time.perf_counter()
            if background:
                panel._show(frame)  # what the GUI thread does when the job's frame arrives
            panel.canvas.grab()
            gui.append(busy + time.perf_counter() - start)
        results[str(count)] = {
            "frame_ms": statistics.median(frames) * 1000,
            "paint_ms": statistics.median(paints) * 1000,
            "gui_thread_ms": statistics.median(gui) * 1000,
            "refresh_to_shown_ms": statistics.median(shown) * 1000,
        }
        panel.deleteLater()
    jobs.shutdown()
    return results


def main() -> None:
    bytecode = "--no-bytecode" not in sys.argv
    with tempfile.TemporaryDirectory() as tmp, tempfile.TemporaryDirectory() as pycache:
        home = Path(tmp)
        make_profile(home / "data" / "baton")  # platformdirs' user_data_dir under XDG_DATA_HOME
        cache = pycache if bytecode else None
        bare = ["-c", BASELINE]
        baton_command = ["-m", "tests.support.first_paint", "--now", NOW.isoformat()]
        cold_start(bare, pycache=cache)  # warm the bytecode cache and the OS file cache
        cold_start(baton_command, pycache=cache, home=home)
        baseline, baton, ready = [], [], []
        for _ in range(5):
            baseline.append(cold_start(bare, pycache=cache)[0])
            paint, loaded = cold_start(baton_command, pycache=cache, home=home)
            baton.append(paint)
            ready.append(loaded)
    if "--cold-start-only" in sys.argv:
        print(json.dumps({"bytecode_cached": bytecode, "baton_s": statistics.median(baton),
                          "bare_qmainwindow_s": statistics.median(baseline),
                          "ratio": statistics.median(baton) / statistics.median(baseline),
                          "runs": {"baton": baton, "bare": baseline}}, indent=2))  # fmt: skip
        return
    paints = paint_times()
    print(
        json.dumps(
            {
                "cold_start": {
                    "bytecode_cached": bytecode,
                    "baton_s": statistics.median(baton),
                    "bare_qmainwindow_s": statistics.median(baseline),
                    "ratio": statistics.median(baton) / statistics.median(baseline),
                    "target": 1.5,
                    "team_and_tasks_shown_s": statistics.median(ready),
                },
                "timeline": paints,
                "timeline_growth_500_vs_50": paints["500"]["frame_ms"] / paints["50"]["frame_ms"],
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
