"""Clocks: the system clock, and a settable one for tests, demos and scripted scenarios."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta


class SystemClock:
    """The real time, as an aware UTC datetime."""

    def now(self) -> datetime:
        return datetime.now(UTC)


class FixedClock:
    """A clock that stays where it is set. ``advance`` moves it forward.

    Raises ``ValueError`` when given a naive datetime.
    """

    def __init__(self, at: datetime) -> None:
        self._at = _aware_utc(at)

    def now(self) -> datetime:
        return self._at

    def set(self, at: datetime) -> None:
        """Jump to ``at`` (aware datetime)."""
        self._at = _aware_utc(at)

    def advance(self, delta: timedelta) -> None:
        """Move forward (or back, for a negative ``delta``)."""
        self._at += delta


def _aware_utc(at: datetime) -> datetime:
    if at.tzinfo is None or at.utcoffset() is None:
        raise ValueError(f"naive datetime {at.isoformat()}: give an aware datetime")
    return at.astimezone(UTC)


class ShiftedClock:
    """Real time moved to start at ``start`` (aware): for demos, screenshots and scripted
    scenarios that need a chosen moment but a clock that still ticks."""

    def __init__(self, start: datetime) -> None:
        self._start = _aware_utc(start)
        self._origin = time.monotonic()

    def now(self) -> datetime:
        return self._start + timedelta(seconds=time.monotonic() - self._origin)
