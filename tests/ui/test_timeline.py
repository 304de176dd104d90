"""The world timeline driven like a user: keys, zoom, selection for overlaps, date picker."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import QDate, Qt
from pytestqt.qtbot import QtBot

from app.clock import FixedClock
from app.timeline.holiday_calendar import HolidayCalendar
from app.timeline.roster import Roster
from app.timeline.roster_file import load_roster
from resources import resource_path
from ui.jobs import JobRunner
from ui.theme import DARK
from ui.timeline.frame import DisplayOptions, Frame
from ui.timeline.panel import TimelinePanel

TUESDAY_MORNING = datetime(2026, 11, 24, 7, 40, tzinfo=UTC)  # 08:40 in Berlin


@pytest.fixture
def roster() -> Roster:
    return load_roster(resource_path("sample", "roster.toml")).roster


def _panel(qtbot: QtBot, roster: Roster, at: datetime = TUESDAY_MORNING) -> TimelinePanel:
    panel = TimelinePanel(
        clock=FixedClock(at),
        calendar=HolidayCalendar(language="en_US"),
        options=DisplayOptions(viewer_zone="Europe/Berlin", locale="en_GB"),
    )
    qtbot.addWidget(panel)
    panel.set_roster(roster)
    panel.resize(1200, 800)
    panel.show()
    qtbot.waitExposed(panel)
    panel.canvas.setFocus()
    return panel


def _frame(panel: TimelinePanel) -> Frame:
    frame = panel.canvas.frame
    assert frame is not None
    return frame


def test_rows_are_grouped_and_ordered_east_first(qtbot: QtBot, roster: Roster) -> None:
    panel = _panel(qtbot, roster)
    rows = _frame(panel).rows
    assert [r.strip.team for r in rows][:4] == ["APAC"] * 4
    assert rows[0].strip.name == "Mia Thompson"  # Adelaide, UTC+10:30 in November (ACDT)
    assert rows[-1].strip.name == "Ana Costa"  # Los Angeles, UTC−08:00
    ana = rows[-1]
    assert ana.status_text.startswith("Away until 2026-11-27")
    assert ana.local_time.endswith("(−1d)")  # still Monday evening in California


def test_arrow_keys_scrub_and_home_returns_to_now(qtbot: QtBot, roster: Roster) -> None:
    panel = _panel(qtbot, roster)
    with qtbot.waitSignal(panel.frame_changed) as moved:
        qtbot.keyClick(panel.canvas, Qt.Key.Key_Right)
    assert moved.args[0].cursor == TUESDAY_MORNING + timedelta(hours=1)
    qtbot.keyClick(panel.canvas, Qt.Key.Key_Left, Qt.KeyboardModifier.ShiftModifier)
    assert _frame(panel).cursor == TUESDAY_MORNING + timedelta(minutes=45)
    qtbot.keyClick(panel.canvas, Qt.Key.Key_PageDown)
    assert _frame(panel).cursor == TUESDAY_MORNING + timedelta(days=1, minutes=45)
    qtbot.keyClick(panel.canvas, Qt.Key.Key_Home)
    assert _frame(panel).cursor == TUESDAY_MORNING


def test_zoom_keys_walk_through_24_to_72_hours(qtbot: QtBot, roster: Roster) -> None:
    panel = _panel(qtbot, roster)
    qtbot.keyClick(panel.canvas, Qt.Key.Key_Minus)
    assert panel.hours == 48
    qtbot.keyClick(panel.canvas, Qt.Key.Key_Minus)
    qtbot.keyClick(panel.canvas, Qt.Key.Key_Minus)
    assert panel.hours == 72
    frame = _frame(panel)
    assert frame.end - frame.start == timedelta(hours=72)
    for _ in range(4):
        qtbot.keyClick(panel.canvas, Qt.Key.Key_Plus)
    assert panel.hours == 24


def test_selecting_two_rows_shows_their_overlap(qtbot: QtBot, roster: Roster) -> None:
    panel = _panel(qtbot, roster)
    names = [r.strip.name for r in _frame(panel).rows]
    berlin, london = names.index("Lena Fischer"), names.index("Tom Okafor")
    for _ in range(berlin):
        qtbot.keyClick(panel.canvas, Qt.Key.Key_Down)
    qtbot.keyClick(panel.canvas, Qt.Key.Key_Space)
    for _ in range(london - berlin):
        qtbot.keyClick(panel.canvas, Qt.Key.Key_Down)
    qtbot.keyClick(panel.canvas, Qt.Key.Key_Space)
    assert panel.canvas.selection == ("Lena Fischer", "Tom Okafor")
    # Berlin 09:00–17:30 CET is 08:00–16:30Z; London 08:00–16:30 GMT is the same: they overlap fully
    overlaps = _frame(panel).overlaps
    assert (overlaps[0].start, overlaps[0].end) == (
        datetime(2026, 11, 24, 8, 0, tzinfo=UTC),
        datetime(2026, 11, 24, 16, 30, tzinfo=UTC),
    )
    assert "Tom Okafor" in panel.canvas.accessibleDescription()
    assert "Tom Okafor" in panel.details.text()


def test_the_date_picker_keeps_the_time_of_day(qtbot: QtBot, roster: Roster) -> None:
    panel = _panel(qtbot, roster)
    panel.date_edit.setDate(QDate(2026, 12, 25))
    assert _frame(panel).cursor == datetime(2026, 12, 25, 7, 40, tzinfo=UTC)


def test_clock_changes_in_the_next_two_weeks_are_announced(qtbot: QtBot, roster: Roster) -> None:
    panel = _panel(qtbot, roster, at=datetime(2026, 10, 20, 9, 0, tzinfo=UTC))
    assert panel.warning_label.isVisible()
    # EU summer time ends 2026-10-25 01:00Z; the US follows a week later (2026-11-01)
    assert "Lena Fischer: clocks change on Sun 25 Oct" in panel.warning_label.text()
    assert "UTC+02:00 → UTC+01:00" in panel.warning_label.text()


def test_it_paints_in_both_themes_and_when_empty(qtbot: QtBot, roster: Roster) -> None:
    panel = _panel(qtbot, roster)
    light = panel.canvas.grab().toImage()
    panel.set_tokens(DARK)
    dark = panel.canvas.grab().toImage()
    assert light != dark
    assert dark.pixelColor(5, 5).lightness() < 60
    panel.set_roster(Roster())
    assert _frame(panel).rows == ()
    assert "Add teammates" in panel.details.text()
    assert not panel.canvas.grab().isNull()


def test_dragging_scrubs_time(qtbot: QtBot, roster: Roster) -> None:
    panel = _panel(qtbot, roster)
    canvas = panel.canvas
    start = canvas.rect().center()
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(canvas, start - start.__class__(100, 0))
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=start - start.__class__(100, 0))
    assert _frame(panel).cursor > TUESDAY_MORNING  # dragging the axis left moves later in time


def test_big_teams_get_their_frames_built_off_the_gui_thread(
    qtbot: QtBot, roster: Roster, jobs: JobRunner
) -> None:
    panel = TimelinePanel(
        clock=FixedClock(TUESDAY_MORNING),
        options=DisplayOptions(viewer_zone="Europe/Berlin", locale="en_GB"),
        jobs=jobs,
        background_from=5,  # the 10-person sample counts as big here
    )
    qtbot.addWidget(panel)
    with qtbot.waitSignal(panel.frame_changed) as shown:
        panel.set_roster(roster)
        assert panel.building  # returned before the frame was built
    assert len(shown.args[0].rows) == 10
    frames: list[Frame] = []
    panel.frame_changed.connect(frames.append)
    for _ in range(5):  # scrubbing faster than frames are built
        qtbot.keyClick(panel.canvas, Qt.Key.Key_Right)
    qtbot.waitUntil(lambda: not panel.building and bool(frames) and frames[-1].cursor == panel.inspected_at)
    assert frames[-1].cursor == TUESDAY_MORNING + timedelta(hours=5)
    assert len(frames) <= 5  # stale requests were skipped, not queued
