"""Domain vocabulary shared by the store, the services, ``sync/`` and ``ui/``.

Plain enumerations only: the values are what the store (and ``settings.toml``) writes, so
renaming a member's value needs a migration.
"""

from __future__ import annotations

from enum import StrEnum


class HandoffState(StrEnum):
    """Life cycle of a handoff: ``draft → queued → synced → acknowledged``, or ``failed``."""

    DRAFT = "draft"
    QUEUED = "queued"
    SYNCED = "synced"
    ACKNOWLEDGED = "acknowledged"
    FAILED = "failed"


class Urgency(StrEnum):
    """How soon the recipient must read a handoff; ``urgent`` names an escalation contact."""

    NORMAL = "normal"
    HIGH = "high"
    URGENT = "urgent"


class RecipientKind(StrEnum):
    """A handoff goes to one teammate or to a whole team/region."""

    TEAMMATE = "teammate"
    TEAM = "team"


class Section(StrEnum):
    """The sections of a structured handoff, in the order they are shown."""

    COMPLETED = "completed"
    IN_PROGRESS = "in_progress"
    RISKS = "risks"
    DECISIONS = "decisions"
    NEXT_ACTIONS = "next_actions"
    LINKS = "links"


class ItemFlag(StrEnum):
    """Whether a handoff item is for information or asks the recipient for input."""

    FYI = "fyi"
    INPUT_NEEDED = "input_needed"


class TrackerKind(StrEnum):
    """Task trackers Baton syncs with."""

    GITHUB = "github"
    GITLAB = "gitlab"
    JIRA = "jira"
    LINEAR = "linear"
    REDMINE = "redmine"


class OutboxState(StrEnum):
    """An outbox entry waits (``pending``), is done, or needs the user (``failed``)."""

    PENDING = "pending"
    DONE = "done"
    FAILED = "failed"


class HourCycle(StrEnum):
    """Clock style (the ``hour_cycle`` setting): from the locale, or forced to 12- or 24-hour."""

    LOCALE = "locale"
    H12 = "12"
    H24 = "24"
