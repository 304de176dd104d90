"""Fixtures for the time-engine tests: a holiday calendar the test owns."""

import pytest

from app.timeline.holiday_calendar import HolidayCalendar


@pytest.fixture
def calendar() -> HolidayCalendar:
    """A fresh English holiday calendar (no state shared between tests)."""
    return HolidayCalendar(language="en_US")
