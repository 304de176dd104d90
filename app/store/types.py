"""Column types shared by the store's tables.

Every instant is stored as an aware UTC datetime. SQLite has no datetime type, so
:class:`UTCDateTime` writes ISO 8601 text with a ``Z`` suffix and microseconds
(``2026-11-21T09:30:00.000000Z``): it sorts lexically in time order and reads back as an
aware datetime in UTC. Naive datetimes are refused rather than guessed at.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import String
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator

_FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"


class NaiveDatetimeError(ValueError):
    """A naive datetime reached the store, where only aware instants are allowed."""


def to_utc_text(value: datetime) -> str:
    """Render an aware datetime as the store's UTC text.

    Raises :class:`NaiveDatetimeError` for a naive datetime.
    """
    if value.tzinfo is None or value.utcoffset() is None:
        raise NaiveDatetimeError(
            f"naive datetime {value.isoformat()} given; the store keeps aware UTC instants only"
        )
    return value.astimezone(UTC).strftime(_FORMAT)


def from_utc_text(text: str) -> datetime:
    """Parse the store's UTC text back into an aware UTC datetime."""
    return datetime.strptime(text, _FORMAT).replace(tzinfo=UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """An aware datetime stored as UTC ISO 8601 text; naive values raise."""

    impl = String(27)
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> str | None:
        if value is None:
            return None
        if not isinstance(value, datetime):
            raise TypeError(f"expected an aware datetime, got {type(value).__name__}")
        return to_utc_text(value)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return from_utc_text(str(value))


class ISODate(TypeDecorator[date]):
    """A calendar date (no zone: interpreted in the owning teammate's zone) as ``YYYY-MM-DD``."""

    impl = String(10)
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> str | None:
        if value is None:
            return None
        if isinstance(value, datetime) or not isinstance(value, date):
            raise TypeError(f"expected a date, got {type(value).__name__}")
        return value.isoformat()

    def process_result_value(self, value: Any, dialect: Dialect) -> date | None:
        if value is None:
            return None
        return date.fromisoformat(str(value))
