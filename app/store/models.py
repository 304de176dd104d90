"""SQLModel tables of the local store.

Every instant is an aware UTC datetime (:class:`~app.store.types.UTCDateTime`); calendar dates
(out-of-office ranges, relocations) are dates in the owning teammate's own zone. Secrets never
appear here: a tracker account names its keyring entry, never its token.

The schema itself is owned by the alembic migrations in ``app/migrations``; a test checks that
these tables and the migrated database agree.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Column, ForeignKey, Integer, String, UniqueConstraint
from sqlmodel import Field, SQLModel

from app.domain import HandoffState, ItemFlag, OutboxState, RecipientKind, Urgency
from app.store.types import ISODate, UTCDateTime


def _utc_field(*, nullable: bool = False, index: bool = False) -> Any:
    return Field(default=None, sa_type=UTCDateTime, nullable=nullable, index=index)


class Teammate(SQLModel, table=True):
    """A person on the roster.

    ``zone`` is an IANA time zone name (never a fixed offset). ``working_hours`` maps a weekday
    (``mon`` … ``sun``) to local ``HH:MM-HH:MM`` ranges; a range that ends before it starts
    crosses midnight and belongs to the day it starts. ``cutoff_minutes`` is how many minutes
    before the end of each shift the handoff is due.
    """

    __tablename__ = "teammate"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(sa_column=Column(String, nullable=False, unique=True))
    zone: str
    locale: str = "en_US"
    team: str = ""
    holiday_country: str | None = None
    holiday_subdivision: str | None = None
    weekend: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    working_hours: dict[str, list[str]] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    cutoff_minutes: int = 30
    tracker_logins: dict[str, str] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    created_at: datetime = _utc_field()
    updated_at: datetime = _utc_field()


class Relocation(SQLModel, table=True):
    """From ``starts_on`` (a date in the new zone) the teammate lives in ``zone``."""

    __tablename__ = "relocation"

    id: int | None = Field(default=None, primary_key=True)
    teammate_id: int = Field(
        sa_column=Column(Integer, ForeignKey("teammate.id", ondelete="CASCADE"), nullable=False, index=True)
    )
    starts_on: date = Field(sa_type=ISODate)
    zone: str


class OutOfOffice(SQLModel, table=True):
    """An inclusive range of dates, in the teammate's zone, when they are away."""

    __tablename__ = "out_of_office"

    id: int | None = Field(default=None, primary_key=True)
    teammate_id: int = Field(
        sa_column=Column(Integer, ForeignKey("teammate.id", ondelete="CASCADE"), nullable=False, index=True)
    )
    starts_on: date = Field(sa_type=ISODate)
    ends_on: date = Field(sa_type=ISODate)
    note: str = ""


class TrackerAccount(SQLModel, table=True):
    """A configured tracker connection. Its token lives only in the OS keyring."""

    __tablename__ = "tracker_account"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(sa_column=Column(String, nullable=False, unique=True))
    kind: str
    base_url: str
    project: str | None = None
    username: str | None = None
    created_at: datetime = _utc_field()
    scope: str = "assigned"
    session_only: bool = False
    remote_user_id: str | None = None
    status: str = "ok"
    status_since: datetime | None = _utc_field(nullable=True)
    retry_at: datetime | None = _utc_field(nullable=True)
    status_detail: str | None = None


class Task(SQLModel, table=True):
    """A task cached from a tracker; ``remote_updated_at`` and ``etag`` drive incremental sync."""

    __tablename__ = "task"
    __table_args__ = (UniqueConstraint("account_id", "external_id", name="uq_task_account_external"),)

    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(
        sa_column=Column(Integer, ForeignKey("tracker_account.id", ondelete="CASCADE"), nullable=False)
    )
    external_id: str
    key: str
    title: str
    status: str = ""
    assignee: str | None = None
    priority: str | None = None
    due_at: datetime | None = _utc_field(nullable=True)
    url: str | None = None
    remote_updated_at: datetime | None = _utc_field(nullable=True)
    etag: str | None = None


class Handoff(SQLModel, table=True):
    """A structured handoff. ``id`` is a UUID string and also the idempotency key of every
    remote write made for it."""

    __tablename__ = "handoff"

    id: str = Field(primary_key=True, max_length=36)
    author: str
    recipient_kind: str = RecipientKind.TEAMMATE.value
    recipient: str
    urgency: str = Urgency.NORMAL.value
    escalation_contact: str | None = None
    state: str = Field(default=HandoffState.DRAFT.value, index=True)
    failure_reason: str | None = None
    created_at: datetime = _utc_field()
    updated_at: datetime = _utc_field()
    due_at: datetime | None = _utc_field(nullable=True)
    account_id: int | None = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("tracker_account.id", ondelete="SET NULL"), nullable=True),
    )
    remote_id: str | None = None
    title: str = ""
    author_zone: str | None = None
    remote_url: str | None = None
    incoming: bool = False
    discarded_at: datetime | None = _utc_field(nullable=True)


class HandoffTransition(SQLModel, table=True):
    """One timestamped state change of a handoff (feeds handoff-latency metrics)."""

    __tablename__ = "handoff_transition"

    id: int | None = Field(default=None, primary_key=True)
    handoff_id: str = Field(
        sa_column=Column(String(36), ForeignKey("handoff.id", ondelete="CASCADE"), nullable=False, index=True)
    )
    state: str
    at: datetime = _utc_field()
    reason: str | None = None


class HandoffItem(SQLModel, table=True):
    """One line of a handoff section. ``deadline_at`` is a decision's deadline; ``owner`` and
    ``due_at`` belong to a next action; ``task_id`` attaches a cached task."""

    __tablename__ = "handoff_item"

    id: int | None = Field(default=None, primary_key=True)
    handoff_id: str = Field(
        sa_column=Column(String(36), ForeignKey("handoff.id", ondelete="CASCADE"), nullable=False, index=True)
    )
    section: str
    position: int = 0
    text: str
    flag: str = ItemFlag.FYI.value
    owner: str | None = None
    deadline_at: datetime | None = _utc_field(nullable=True)
    due_at: datetime | None = _utc_field(nullable=True)
    task_id: int | None = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("task.id", ondelete="SET NULL"), nullable=True),
    )
    ref: str | None = None


class Note(SQLModel, table=True):
    """Free text attached to a task or a handoff, written locally first."""

    __tablename__ = "note"

    id: int | None = Field(default=None, primary_key=True)
    task_id: int | None = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("task.id", ondelete="CASCADE"), nullable=True, index=True),
    )
    handoff_id: str | None = Field(
        default=None,
        sa_column=Column(String(36), ForeignKey("handoff.id", ondelete="CASCADE"), nullable=True, index=True),
    )
    body: str
    created_at: datetime = _utc_field()
    updated_at: datetime = _utc_field()


class Acknowledgement(SQLModel, table=True):
    """The recipient's acknowledgement of a handoff, with an optional read-back and question."""

    __tablename__ = "acknowledgement"

    id: int | None = Field(default=None, primary_key=True)
    handoff_id: str = Field(
        sa_column=Column(String(36), ForeignKey("handoff.id", ondelete="CASCADE"), nullable=False, index=True)
    )
    by: str
    at: datetime = _utc_field()
    read_back: str | None = None
    question: str | None = None
    remote_id: str | None = None


class OutboxEntry(SQLModel, table=True):
    """A remote write waiting to happen. ``idempotency_key`` is unique: queuing the same write
    twice is refused by the database, not by luck."""

    __tablename__ = "outbox_entry"

    id: int | None = Field(default=None, primary_key=True)
    operation: str
    payload: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    idempotency_key: str = Field(sa_column=Column(String, nullable=False, unique=True))
    account_id: int | None = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("tracker_account.id", ondelete="CASCADE"), nullable=True),
    )
    state: str = Field(default=OutboxState.PENDING.value, index=True)
    attempts: int = 0
    next_attempt_at: datetime | None = _utc_field(nullable=True)
    last_error: str | None = None
    created_at: datetime = _utc_field()
    handoff_id: str | None = Field(
        default=None,
        sa_column=Column(String(36), ForeignKey("handoff.id", ondelete="CASCADE"), nullable=True, index=True),
    )
    updated_at: datetime | None = _utc_field(nullable=True)


class SyncCursor(SQLModel, table=True):
    """Per account and resource: the last remote ``updated_at`` and ETag seen."""

    __tablename__ = "sync_cursor"

    account_id: int = Field(
        sa_column=Column(Integer, ForeignKey("tracker_account.id", ondelete="CASCADE"), primary_key=True)
    )
    resource: str = Field(primary_key=True)
    updated_since: datetime | None = _utc_field(nullable=True)
    etag: str | None = None
