"""The timeline panel: toolbar (now, date, zoom), follow-the-sun chain, offset-change warnings,
the painted timeline, and a side panel describing the focused teammate.

Signals:
    frame_changed(object): a new :class:`~ui.timeline.frame.Frame` is shown (tests, tray, status).

Frames for big teams are built off the GUI thread: from ``BACKGROUND_FROM`` teammates on (500
people take ~250 ms of engine work per frame), :func:`~ui.timeline.frame.build_frame` runs as a
job on the injected :class:`~ui.jobs.JobRunner` and the GUI thread only paints the result. One
build runs at a time; scrubbing meanwhile keeps only the latest request, built next, so a drag
never queues stale frames. Smaller teams build inline (~30 ms for 50 people), which keeps
keyboard scrubbing immediate.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, QLocale, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.ports import Clock
from app.timeline.format import format_clock, format_day, zone_label
from app.timeline.local_time import day_start
from app.timeline.roster import Roster
from app.timeline.zones import zone
from ui.jobs import Job, JobRunner
from ui.theme import LIGHT, Tokens
from ui.timeline.canvas import HOURS_CHOICES, TimelineCanvas
from ui.timeline.frame import DisplayOptions, Frame, build_frame

if TYPE_CHECKING:
    from app.timeline.holiday_calendar import HolidayCalendar

REFRESH_MS = 30_000
BACKGROUND_FROM = 150  # teammates; see the module docstring


def _plain(text: str = "", parent: QWidget | None = None) -> QLabel:
    label = QLabel(text, parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


class TimelinePanel(QWidget):
    """World timeline with its controls. Call :meth:`set_roster` and :meth:`set_options`.

    ``calendar``: the holiday calendar for ``options.locale``; by default the panel makes its own
    when it first shows a teammate (``holidays`` is slow to import, so not before the first paint).
    ``jobs``: where frames for ``background_from`` or more teammates are built; without it every
    frame is built on the GUI thread.
    """

    frame_changed = Signal(object)

    def __init__(
        self,
        *,
        clock: Clock,
        options: DisplayOptions,
        calendar: HolidayCalendar | None = None,
        jobs: JobRunner | None = None,
        background_from: int = BACKGROUND_FROM,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._jobs = jobs
        self._background_from = background_from
        self._frame_job: Job | None = None
        self._frame_wanted = False  # a refresh came while _frame_job was running
        self._clock = clock
        self._calendar = calendar
        self._options = options
        self._roster = Roster()
        self._cursor: datetime | None = None  # None: follow now
        self._hours = 36
        self._selection: tuple[str, ...] = ()
        self._tokens = LIGHT
        self._build()
        self._timer = QTimer(self)
        self._timer.setInterval(REFRESH_MS)
        self._timer.timeout.connect(self.refresh)
        self._timer.start()

    def _build(self) -> None:
        self.now_button = QPushButton(self.tr("&Now"), self)
        self.now_button.setToolTip(self.tr("Jump back to now (Home)"))
        self.earlier_button = QPushButton("◀", self)
        self.earlier_button.setAccessibleName(self.tr("Earlier by one hour"))
        self.later_button = QPushButton("▶", self)
        self.later_button.setAccessibleName(self.tr("Later by one hour"))
        self.date_edit = QDateEdit(self)
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setAccessibleName(self.tr("Go to date"))
        self.date_edit.setDisplayFormat("ddd d MMM yyyy")
        self.date_edit.setLocale(QLocale(self._options.locale))
        self.zoom_box = QComboBox(self)
        self.zoom_box.setAccessibleName(self.tr("Hours shown"))
        for hours in HOURS_CHOICES:
            self.zoom_box.addItem(self.tr("{hours} hours").format(hours=hours), hours)
        self.zoom_box.setCurrentIndex(HOURS_CHOICES.index(self._hours))
        self.zone_label = _plain("", self)
        self.zone_label.setAccessibleName(self.tr("Your time zone"))
        toolbar = QHBoxLayout()
        toolbar.addWidget(self.now_button)
        toolbar.addWidget(self.earlier_button)
        toolbar.addWidget(self.later_button)
        date_label = _plain(self.tr("&Date:"), self)
        date_label.setBuddy(self.date_edit)
        toolbar.addWidget(date_label)
        toolbar.addWidget(self.date_edit)
        zoom_label = _plain(self.tr("&Show:"), self)
        zoom_label.setBuddy(self.zoom_box)
        toolbar.addWidget(zoom_label)
        toolbar.addWidget(self.zoom_box)
        toolbar.addStretch(1)
        toolbar.addWidget(self.zone_label)
        self._build_body(toolbar)

    def _build_body(self, toolbar: QHBoxLayout) -> None:
        self.chain_label = _plain("", self)
        self.chain_label.setWordWrap(True)
        self.chain_label.setAccessibleName(self.tr("Who comes online next"))
        self.warning_label = _plain("", self)
        self.warning_label.setWordWrap(True)
        self.warning_label.setAccessibleName(self.tr("Clock change warnings"))
        self.warning_label.setVisible(False)
        self.warning_label.setContentsMargins(8, 6, 8, 6)

        self.canvas = TimelineCanvas(self)
        scroll = QScrollArea(self)
        scroll.setWidget(self.canvas)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.details = _plain("", self)
        self.details.setWordWrap(True)
        self.details.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details.setAccessibleName(self.tr("Selected teammate"))
        self.details.setMinimumWidth(220)
        self.details.setContentsMargins(12, 12, 12, 12)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("timeline_splitter")
        self.splitter.addWidget(scroll)
        self.splitter.addWidget(self.details)
        self.splitter.setStretchFactor(0, 4)
        self.splitter.setStretchFactor(1, 1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 0)
        layout.addLayout(toolbar)
        layout.addWidget(self.chain_label)
        layout.addWidget(self.warning_label)
        layout.addWidget(self.splitter, 1)

        self.now_button.clicked.connect(self._on_now_button_clicked)
        self.earlier_button.clicked.connect(
            lambda: self._on_canvas_cursor_moved(self._current() - timedelta(hours=1))
        )
        self.later_button.clicked.connect(
            lambda: self._on_canvas_cursor_moved(self._current() + timedelta(hours=1))
        )
        self.date_edit.dateChanged.connect(self._on_date_edit_date_changed)
        self.zoom_box.currentIndexChanged.connect(self._on_zoom_box_current_index_changed)
        self.canvas.cursor_moved.connect(self._on_canvas_cursor_moved)
        self.canvas.cursor_nudged.connect(self._on_canvas_cursor_nudged)
        self.canvas.zoom_requested.connect(self._on_canvas_zoom_requested)
        self.canvas.now_requested.connect(self._on_now_button_clicked)
        self.canvas.selection_changed.connect(self._on_canvas_selection_changed)
        self.canvas.row_focused.connect(self._on_canvas_row_focused)

    # --- public --------------------------------------------------------------------------------

    def set_roster(self, roster: Roster) -> None:
        """Show this roster."""
        self._roster = roster
        self._selection = tuple(n for n in self._selection if any(t.name == n for t in roster.teammates))
        self.refresh()

    def set_options(self, options: DisplayOptions) -> None:
        """Change the viewer's zone, locale or clock format (holiday names follow the locale)."""
        if options.locale != self._options.locale:
            self._calendar = None  # holiday names in the new language, made when next needed
        self._options = options
        self.date_edit.setLocale(QLocale(options.locale))
        self.refresh()

    def set_tokens(self, tokens: Tokens) -> None:
        """Repaint in new theme colours."""
        self._tokens = tokens
        self.canvas.set_tokens(tokens)
        self.warning_label.setStyleSheet(
            f"background: {tokens.warning_surface}; color: {tokens.warning_text}; border-radius: 4px;"
        )

    @property
    def hours(self) -> int:
        """Hours shown."""
        return self._hours

    def _holiday_calendar(self) -> HolidayCalendar:
        if self._calendar is None:
            from app.timeline.holiday_calendar import HolidayCalendar  # noqa: PLC0415 (after first paint)

            self._calendar = HolidayCalendar(language=self._options.locale)
        return self._calendar

    def _current(self) -> datetime:
        return self._cursor if self._cursor is not None else self._clock.now()

    @property
    def inspected_at(self) -> datetime:
        """The inspected instant (aware UTC); ``now`` when following the clock."""
        return self._current()

    @property
    def building(self) -> bool:
        """True while a frame is being built in the background."""
        return self._frame_job is not None

    @Slot()
    def refresh(self) -> None:
        """Recompute and repaint (also every 30 s so the now line moves)."""
        if self._jobs is None or len(self._roster.teammates) < self._background_from:
            self._show(self._frame_builder()())
        elif self._frame_job is not None:
            self._frame_wanted = True
        else:
            self._frame_job = self._jobs.run(self._frame_builder(), key=f"timeline-frame:{id(self)}")
            self._frame_job.succeeded.connect(self._on_frame_job_succeeded)
            self._frame_job.failed.connect(self._on_frame_job_failed)
            self._frame_job.discarded.connect(self._on_frame_job_discarded)

    def _frame_builder(self) -> Callable[[], Frame]:
        """``build_frame`` bound to the current state as immutable values (safe on a worker)."""
        now = self._clock.now()
        return functools.partial(
            build_frame,
            self._roster,
            cursor=self._cursor or now,
            now=now,
            hours=self._hours,
            options=self._options,
            calendar=self._holiday_calendar(),
            selection=self._selection,
        )

    def _frame_job_done(self) -> None:
        self._frame_job = None
        if self._frame_wanted:
            self._frame_wanted = False
            self.refresh()

    @Slot(object)
    def _on_frame_job_succeeded(self, frame: Frame) -> None:
        self._show(frame)
        self._frame_job_done()

    @Slot(object)
    def _on_frame_job_failed(self, error: Exception) -> None:
        self._frame_job = None
        raise error  # a bug in the engine: the crash reporter shows it

    @Slot()
    def _on_frame_job_discarded(self) -> None:
        self._frame_job_done()

    def _show(self, frame: Frame) -> None:
        self.canvas.set_frame(frame)
        local = frame.cursor.astimezone(zone(frame.options.viewer_zone))
        self.date_edit.blockSignals(True)
        self.date_edit.setDate(QDate(local.year, local.month, local.day))
        self.date_edit.blockSignals(False)
        self.zone_label.setText(zone_label(frame.cursor, frame.options.viewer_zone, frame.options.locale))
        if frame.chain:
            steps = " → ".join(f"{name} {frame.clock(at)}" for name, at in frame.chain[:6])
            self.chain_label.setText(self.tr("Next online (your time): {steps}").format(steps=steps))
        else:
            self.chain_label.setText(self.tr("Nobody comes online in the next 24 hours."))
        self.warning_label.setText("\n".join(f"⚠ {w}" for w in frame.warnings[:3]))
        self.warning_label.setVisible(bool(frame.warnings))
        self._on_canvas_row_focused(self.canvas.focus_row)
        self.frame_changed.emit(frame)

    # --- slots ---------------------------------------------------------------------------------

    @Slot()
    def _on_now_button_clicked(self) -> None:
        self._cursor = None
        self.refresh()

    @Slot(object)
    def _on_canvas_cursor_moved(self, at: datetime) -> None:
        self._cursor = at
        self.refresh()

    @Slot(object)
    def _on_canvas_cursor_nudged(self, delta: timedelta) -> None:
        self._cursor = self._current() + delta
        self.refresh()

    @Slot(int)
    def _on_canvas_zoom_requested(self, hours: int) -> None:
        self.zoom_box.setCurrentIndex(HOURS_CHOICES.index(hours))

    @Slot(int)
    def _on_zoom_box_current_index_changed(self, index: int) -> None:
        self._hours = HOURS_CHOICES[index]
        self.refresh()

    @Slot(QDate)
    def _on_date_edit_date_changed(self, day: QDate) -> None:
        tz = zone(self._options.viewer_zone)
        current = self._current().astimezone(tz)
        midnight = day_start(date(day.year(), day.month(), day.day()), tz)
        self._cursor = midnight + timedelta(hours=current.hour, minutes=current.minute)
        self.refresh()

    @Slot(tuple)
    def _on_canvas_selection_changed(self, names: tuple[str, ...]) -> None:
        self._selection = names
        self.refresh()

    @Slot(int)
    def _on_canvas_row_focused(self, index: int) -> None:
        frame = self.canvas.frame
        if frame is None or not frame.rows:
            self.details.setText(self.tr("Add teammates to see who is working now and who is next."))
            return
        row = frame.rows[min(index, len(frame.rows) - 1)]
        status = row.strip.status
        options = frame.options

        def when(at: datetime | None) -> str:
            if at is None:
                return self.tr("none in the next year")
            clock = format_clock(at, status.zone, options.locale, hour_cycle=options.hour_cycle)
            own = f"{format_day(at, status.zone, options.locale)}, {clock}"
            return f"{own}\n   ({self.tr('your time')}: {frame.day(at)}, {frame.clock(at)})"

        lines = [
            row.strip.name,
            f"{row.strip.team}" if row.strip.team else "",
            "",
            f"{row.local_time} · {row.local_day}",
            zone_label(frame.cursor, status.zone, options.locale),
            "",
            row.status_text,
            "",
            self.tr("Shift: {start}").format(start=when(status.shift_start)),
            self.tr("Handoff cutoff: {at}").format(at=when(status.next_cutoff)),
            "",
            self.tr("Space selects rows to show where they overlap."),
        ]
        self.details.setText("\n".join(lines))
