"""The painted world timeline: rows of teammates against the viewer's time axis.

Left, a column with each teammate's avatar initials, name, local time and date, UTC offset and
status in words. Right, the time axis: working shifts filled, weekends hatched, public holidays
cross-hatched and named, out-of-office dotted and labelled; handoff cutoff markers; dashed marks
where a row's local date changes; the "now" line; the cursor (the inspected instant); a band
where the selected people overlap. Every state has a pattern or a label besides its colour.

Keyboard: Up/Down focus a row, Space selects it for the overlap band, Left/Right move the
cursor an hour (Shift: 15 minutes), PageUp/PageDown a day, +/- zoom, Home back to now.
Mouse: drag to scrub, wheel to scrub, Ctrl+wheel to zoom, click a row's name to select it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetrics,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QPolygonF,
    QWheelEvent,
)
from PySide6.QtWidgets import QToolTip, QWidget

from app.timeline.format import format_clock, format_day
from app.timeline.zones import zone
from ui.theme import LIGHT, Tokens
from ui.timeline.frame import Frame, Row

GUTTER = 340
HEADER = 44
ROW = 56
GROUP = 26
HOURS_CHOICES = (24, 36, 48, 72)

# Keyed by the value of ``app.timeline.strip.Band`` (a StrEnum, so ``Band.WEEKEND`` finds
# "weekend"): the canvas paints its empty first frame without importing the time engine.
_PATTERNS = {
    "weekend": Qt.BrushStyle.BDiagPattern,
    "holiday": Qt.BrushStyle.DiagCrossPattern,
    "away": Qt.BrushStyle.Dense6Pattern,
}
_BAND_TOKEN = {"weekend": "weekend", "holiday": "holiday", "away": "away"}
_BAND_WORD = {"weekend": "Weekend", "holiday": "Holiday", "away": "Away"}


class TimelineCanvas(QWidget):
    """Paints a :class:`Frame`.

    Signals:
        cursor_moved(object): the user dragged; the argument is the new aware UTC instant.
        cursor_nudged(object): the user pressed an arrow or page key or turned the wheel; the argument is the
            ``timedelta`` to move by, from the latest instant asked for (frames for big teams
            arrive later than key presses, so the shown frame's cursor may be behind).
        zoom_requested(int): the user asked for a window of this many hours (24–72).
        now_requested(): the user asked to jump back to now.
        selection_changed(tuple): names of the rows selected for the overlap band.
        row_focused(int): keyboard or mouse focus moved to this row index.
    """

    cursor_moved = Signal(object)
    cursor_nudged = Signal(object)
    zoom_requested = Signal(int)
    now_requested = Signal()
    selection_changed = Signal(tuple)
    row_focused = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._frame: Frame | None = None
        self._tokens = LIGHT
        self._focus_row = 0
        self._selection: tuple[str, ...] = ()
        self._drag_x: float | None = None
        self._drag_cursor: datetime | None = None
        self.placeholder: str | None = None
        """Shown instead of the empty-roster hint while data is loading."""
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.setAccessibleName(self.tr("World timeline"))
        self.setMinimumHeight(HEADER + ROW * 2)

    # --- state -------------------------------------------------------------------------------

    def set_frame(self, frame: Frame) -> None:
        """Show ``frame`` (keeps focus and selection by name)."""
        self._frame = frame
        self._focus_row = min(self._focus_row, max(0, len(frame.rows) - 1))
        self.updateGeometry()
        self._describe_focus()
        self.update()

    def set_tokens(self, tokens: Tokens) -> None:
        """Repaint with other theme colours."""
        self._tokens = tokens
        self.update()

    @property
    def frame(self) -> Frame | None:
        """The frame shown."""
        return self._frame

    @property
    def focus_row(self) -> int:
        """Index of the focused row."""
        return self._focus_row

    @property
    def selection(self) -> tuple[str, ...]:
        """Names selected for the overlap band."""
        return self._selection

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        return QSize(GUTTER + 720, self._content_height())

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        return QSize(GUTTER + 240, HEADER + ROW * 2)

    def _content_height(self) -> int:
        if self._frame is None:
            return HEADER + ROW
        return HEADER + len(self._frame.rows) * ROW + len(self._groups()) * GROUP + 8

    def _groups(self) -> list[str]:
        assert self._frame is not None
        teams: list[str] = []
        for row in self._frame.rows:
            if row.strip.team not in teams:
                teams.append(row.strip.team)
        return teams

    # --- geometry ----------------------------------------------------------------------------

    def _x(self, at: datetime) -> float:
        assert self._frame is not None
        span = (self._frame.end - self._frame.start).total_seconds()
        width = max(1, self.width() - GUTTER - 8)
        return GUTTER + (at - self._frame.start).total_seconds() / span * width

    def _instant(self, x: float) -> datetime:
        assert self._frame is not None
        span = (self._frame.end - self._frame.start).total_seconds()
        width = max(1, self.width() - GUTTER - 8)
        return self._frame.start + timedelta(seconds=(x - GUTTER) / width * span)

    def _row_tops(self) -> list[tuple[float, Row | str]]:
        """(y, row) for rows and (y, team name) for group headers, top to bottom."""
        assert self._frame is not None
        y = float(HEADER)
        items: list[tuple[float, Row | str]] = []
        team: str | None = None
        for row in self._frame.rows:
            if row.strip.team != team:
                team = row.strip.team
                items.append((y, team))
                y += GROUP
            items.append((y, row))
            y += ROW
        return items

    def _row_at(self, y: float) -> int | None:
        index = 0
        for top, item in self._row_tops():
            if isinstance(item, Row):
                if top <= y < top + ROW:
                    return index
                index += 1
        return None

    # --- painting ----------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt override)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        tokens = self._tokens
        painter.fillRect(self.rect(), tokens.color("surface"))
        if self._frame is None or not self._frame.rows:
            painter.setPen(tokens.color("muted"))
            painter.drawText(
                self.rect(),
                Qt.AlignmentFlag.AlignCenter,
                self.placeholder
                or self.tr("No teammates yet. Open Team ▸ Edit Team… or import a roster file."),
            )
            return
        self._paint_axis(painter)
        index = 0
        for top, item in self._row_tops():
            if isinstance(item, Row):
                self._paint_row(painter, top, item, index)
                index += 1
            else:
                self._paint_group(painter, top, item)
        self._paint_overlaps(painter)
        self._paint_line(painter, self._frame.now, tokens.color("now"), self.tr("Now"), 2.0)
        if abs((self._frame.cursor - self._frame.now).total_seconds()) > 60:
            self._paint_line(
                painter,
                self._frame.cursor,
                tokens.color("accent"),
                self._frame.clock(self._frame.cursor),
                1.5,
            )

    def _paint_axis(self, painter: QPainter) -> None:
        assert self._frame is not None
        tokens = self._tokens
        frame = self._frame
        painter.fillRect(QRectF(0, 0, self.width(), HEADER), tokens.color("window"))
        painter.setPen(tokens.color("muted"))
        small = QFont(self.font())
        small.setPointSizeF(self.font().pointSizeF() * 0.9)
        painter.setFont(small)
        painter.drawText(
            QRectF(12, 0, GUTTER - 16, HEADER),
            Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
            self.tr("Times in {zone}").format(zone=frame.options.viewer_zone),
        )
        hours = (frame.end - frame.start).total_seconds() / 3600
        step = 1 if hours <= 24 else 2 if hours <= 48 else 3
        tick = frame.start.replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
        metrics = QFontMetrics(small)
        last_right = float(GUTTER)
        while tick < frame.end:
            local = tick.astimezone(zone(frame.options.viewer_zone))
            x = self._x(tick)
            if local.hour % step == 0 or local.hour == 0:
                painter.setPen(QPen(tokens.color("grid"), 1))
                painter.drawLine(QPointF(x, HEADER - 6), QPointF(x, self.height()))
                midnight = local.hour == 0
                label = frame.day(tick) if midnight else frame.clock(tick)
                width = metrics.horizontalAdvance(label)
                left = x + 3 if midnight else x - width / 2
                if left > last_right + 6 or midnight:
                    painter.setPen(tokens.color("text" if midnight else "muted"))
                    painter.drawText(QPointF(left, HEADER - 12), label)
                    last_right = left + width
            tick += timedelta(hours=1)
        painter.setFont(self.font())
        painter.setPen(QPen(tokens.color("grid"), 1))
        painter.drawLine(QPointF(0, HEADER), QPointF(self.width(), HEADER))

    def _paint_group(self, painter: QPainter, top: float, team: str) -> None:
        tokens = self._tokens
        painter.fillRect(QRectF(0, top, self.width(), GROUP), tokens.color("window"))
        bold = QFont(self.font())
        bold.setBold(True)
        painter.setFont(bold)
        painter.setPen(tokens.color("muted"))
        painter.drawText(
            QRectF(12, top, GUTTER, GROUP),
            Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
            team or self.tr("No team"),
        )
        painter.setFont(self.font())

    def _paint_row(self, painter: QPainter, top: float, row: Row, index: int) -> None:
        tokens = self._tokens
        strip = row.strip
        selected = strip.name in self._selection
        focused = index == self._focus_row and self.hasFocus()
        if selected:
            painter.fillRect(QRectF(0, top, self.width(), ROW), tokens.color("selection"))
        painter.setPen(QPen(tokens.color("grid"), 1))
        painter.drawLine(QPointF(0, top + ROW), QPointF(self.width(), top + ROW))
        # avatar
        avatar = QRectF(12, top + 10, 36, 36)
        painter.setBrush(tokens.color("accent"))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.drawEllipse(avatar)
        painter.setPen(QColor("#ffffff"))
        bold = QFont(self.font())
        bold.setBold(True)
        painter.setFont(bold)
        painter.drawText(avatar, Qt.AlignmentFlag.AlignCenter, strip.initials)
        # name and local time (line 1), status in words and local date (line 2)
        painter.setPen(tokens.color("text"))
        metrics = QFontMetrics(bold)
        time_width = max(metrics.horizontalAdvance(row.local_time), 64)
        name_rect = QRectF(58, top + 7, GUTTER - 66, 22)
        painter.drawText(
            name_rect, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, row.local_time
        )
        name_room = int(name_rect.width() - time_width - 8)
        painter.drawText(
            name_rect,
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            metrics.elidedText(strip.name, Qt.TextElideMode.ElideRight, name_room),
        )
        painter.setFont(self.font())
        painter.setPen(tokens.color("muted"))
        normal = QFontMetrics(self.font())
        sub = QRectF(58, top + 29, GUTTER - 66, 20)
        painter.drawText(sub, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, row.local_day)
        room = int(sub.width() - normal.horizontalAdvance(row.local_day) - 8)
        painter.drawText(
            sub,
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            normal.elidedText(row.status_text, Qt.TextElideMode.ElideRight, max(room, 20)),
        )
        self._paint_spans(painter, top, row)
        if focused:
            painter.setPen(QPen(tokens.color("accent"), 2))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(QRectF(1, top + 1, self.width() - 2, ROW - 2))

    def _paint_spans(self, painter: QPainter, top: float, row: Row) -> None:
        tokens = self._tokens
        band_top, band_height = top + 12, ROW - 24
        painter.save()
        painter.setClipRect(QRectF(GUTTER, top, self.width() - GUTTER, ROW))
        for span in row.strip.spans:
            left, right = self._x(span.start), self._x(span.end)
            rect = QRectF(left, band_top, max(1.0, right - left), band_height)
            if span.band == "working":
                painter.setPen(QPen(tokens.color("working_edge"), 1))
                painter.setBrush(tokens.color("working"))
                painter.drawRoundedRect(rect, 4, 4)
                continue
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(tokens.color(_BAND_TOKEN[span.band]))
            painter.drawRect(rect)
            painter.setBrush(QBrush(tokens.color("muted"), _PATTERNS[span.band]))
            painter.drawRect(rect)
            label = _BAND_WORD[span.band] + (
                f": {span.label}" if span.band == "holiday" and span.label else ""
            )
            metrics = QFontMetrics(self.font())
            text = metrics.elidedText(label, Qt.TextElideMode.ElideRight, int(rect.width() - 8))
            if text and text != "…":
                pill = QRectF(rect.left() + 4, rect.center().y() - 9, metrics.horizontalAdvance(text) + 8, 18)
                painter.setBrush(tokens.color("surface"))
                painter.drawRoundedRect(pill, 4, 4)
                painter.setPen(tokens.color("text"))
                painter.drawText(pill, Qt.AlignmentFlag.AlignCenter, text)
        for midnight in row.strip.midnights:
            x = self._x(midnight)
            painter.setPen(QPen(tokens.color("day_change"), 1, Qt.PenStyle.DashLine))
            painter.drawLine(QPointF(x, top + 4), QPointF(x, top + ROW - 4))
        for cutoff in row.strip.cutoffs:
            x = self._x(cutoff)
            painter.setPen(QPen(tokens.color("cutoff"), 2))
            painter.drawLine(QPointF(x, band_top - 2), QPointF(x, band_top + band_height + 2))
            painter.setBrush(tokens.color("cutoff"))
            painter.setPen(Qt.PenStyle.NoPen)
            painter.drawPolygon(
                QPolygonF(
                    [QPointF(x - 5, band_top - 8), QPointF(x + 5, band_top - 8), QPointF(x, band_top - 2)]
                )
            )
        painter.restore()

    def _paint_overlaps(self, painter: QPainter) -> None:
        assert self._frame is not None
        for window in self._frame.overlaps:
            left, right = self._x(window.start), self._x(window.end)
            painter.fillRect(
                QRectF(left, HEADER, right - left, self.height() - HEADER), self._tokens.color("overlap")
            )
            painter.setPen(self._tokens.color("text"))
            painter.drawText(QPointF(left + 4, HEADER + 14), self.tr("Overlap"))

    def _paint_line(self, painter: QPainter, at: datetime, color: QColor, label: str, width: float) -> None:
        assert self._frame is not None
        if not self._frame.start <= at < self._frame.end:
            return
        x = self._x(at)
        painter.setPen(QPen(color, width))
        painter.drawLine(QPointF(x, HEADER - 4), QPointF(x, self.height()))
        metrics = QFontMetrics(self.font())
        pill = QRectF(
            x - metrics.horizontalAdvance(label) / 2 - 5,
            HEADER - 22,
            metrics.horizontalAdvance(label) + 10,
            18,
        )
        painter.setBrush(color)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.drawRoundedRect(pill, 9, 9)
        painter.setPen(QColor("#ffffff"))
        painter.drawText(pill, Qt.AlignmentFlag.AlignCenter, label)

    # --- input -------------------------------------------------------------------------------

    def _move_cursor(self, delta: timedelta) -> None:
        if self._frame is not None:
            self.cursor_nudged.emit(delta)

    def _zoom(self, direction: int) -> None:
        if self._frame is None:
            return
        hours = round((self._frame.end - self._frame.start).total_seconds() / 3600)
        index = min(range(len(HOURS_CHOICES)), key=lambda i: abs(HOURS_CHOICES[i] - hours))
        index = max(0, min(len(HOURS_CHOICES) - 1, index + direction))
        if HOURS_CHOICES[index] != hours:
            self.zoom_requested.emit(HOURS_CHOICES[index])

    def _toggle_selection(self, index: int) -> None:
        if self._frame is None or not 0 <= index < len(self._frame.rows):
            return
        name = self._frame.rows[index].strip.name
        names = list(self._selection)
        if name in names:
            names.remove(name)
        else:
            names.append(name)
        self._selection = tuple(names)
        self.selection_changed.emit(self._selection)
        self.update()

    def _set_focus_row(self, index: int) -> None:
        if self._frame is None or not self._frame.rows:
            return
        self._focus_row = max(0, min(len(self._frame.rows) - 1, index))
        self.row_focused.emit(self._focus_row)
        self._describe_focus()
        self.update()

    def _describe_focus(self) -> None:
        if self._frame is None or not self._frame.rows:
            self.setAccessibleDescription(self.tr("No teammates"))
            return
        row = self._frame.rows[self._focus_row]
        self.setAccessibleDescription(
            f"{row.strip.name}, {row.local_time}, {row.local_day}, {row.offset}, {row.status_text}"
        )

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        key = event.key()
        shift = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
        step = timedelta(minutes=15) if shift else timedelta(hours=1)
        actions: dict[Qt.Key, Callable[[], object]] = {
            Qt.Key.Key_Left: lambda: self._move_cursor(-step),
            Qt.Key.Key_Right: lambda: self._move_cursor(step),
            Qt.Key.Key_PageUp: lambda: self._move_cursor(-timedelta(days=1)),
            Qt.Key.Key_PageDown: lambda: self._move_cursor(timedelta(days=1)),
            Qt.Key.Key_Up: lambda: self._set_focus_row(self._focus_row - 1),
            Qt.Key.Key_Down: lambda: self._set_focus_row(self._focus_row + 1),
            Qt.Key.Key_Space: lambda: self._toggle_selection(self._focus_row),
            Qt.Key.Key_Plus: lambda: self._zoom(-1),
            Qt.Key.Key_Equal: lambda: self._zoom(-1),
            Qt.Key.Key_Minus: lambda: self._zoom(1),
            Qt.Key.Key_Home: self.now_requested.emit,
        }
        action = actions.get(Qt.Key(key))
        if action is None:
            super().keyPressEvent(event)
            return
        action()
        event.accept()

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802 (Qt override)
        delta = event.angleDelta().y() or event.angleDelta().x()
        if not delta:
            return
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self._zoom(-1 if delta > 0 else 1)
        else:
            self._move_cursor(timedelta(minutes=-30 if delta > 0 else 30))
        event.accept()

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt override)
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        position = event.position()
        index = self._row_at(position.y())
        if index is not None:
            self._set_focus_row(index)
            if position.x() < GUTTER:
                self._toggle_selection(index)
                return
        if position.x() >= GUTTER and self._frame is not None:
            self._drag_x = position.x()
            self._drag_cursor = self._frame.cursor

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt override)
        position = event.position()
        if self._drag_x is not None and self._drag_cursor is not None and self._frame is not None:
            span = (self._frame.end - self._frame.start).total_seconds()
            width = max(1, self.width() - GUTTER - 8)
            seconds = -(position.x() - self._drag_x) / width * span
            self.cursor_moved.emit(self._drag_cursor + timedelta(seconds=seconds))
            return
        self._show_tooltip(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt override)
        self._drag_x = None
        self._drag_cursor = None

    def _show_tooltip(self, event: QMouseEvent) -> None:
        position = event.position()
        index = self._row_at(position.y())
        if self._frame is None or index is None or position.x() < GUTTER:
            QToolTip.hideText()
            return
        row = self._frame.rows[index]
        at = self._instant(position.x())
        zone_name = row.strip.status.zone
        options = self._frame.options
        band = next((s for s in row.strip.spans if s.start <= at < s.end), None)
        state = self.tr("Off") if band is None else _BAND_WORD.get(band.band, self.tr("Working"))
        if band is not None and band.label:
            state += f": {band.label}"
        text = (
            f"{row.strip.name}\n"
            f"{format_day(at, zone_name, options.locale)}, "
            f"{format_clock(at, zone_name, options.locale, hour_cycle=options.hour_cycle)} ({zone_name})\n"
            f"{state}\n"
            + self.tr("Your time: {when}").format(when=f"{self._frame.day(at)}, {self._frame.clock(at)}")
        )
        QToolTip.showText(event.globalPosition().toPoint(), text, self)
