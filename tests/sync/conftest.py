"""Fixtures for the sync tests: the real Redmine started by ``packaging/redmine-testbed``.

The testbed writes ``$BATON_TESTBED_DIR/redmine.json`` (default ``/tmp/baton-testbeds``) with
the server URL and the admin's API key. Each test gets its own project (and users when it needs
a second person). When the server is missing, tests that need it fail with a clear message
under ``BATON_REQUIRE_REDMINE=1`` (set by ``tests/run``) and are skipped otherwise.
"""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from app.domain import HandoffState, ItemFlag, RecipientKind, Section, Urgency
from app.handoff.wire import to_wire
from app.store.records import AccountRecord, HandoffItemData, HandoffRecord
from app.store.store import Store
from sync.http import RetryPolicy
from tests.support.redmine import Redmine, redmine_testbed  # noqa: F401 (the "redmine" fixture)

FAST_RETRY = RetryPolicy(attempts=2, timeout=5.0, wait_initial=0.01, wait_max=0.05, wait_jitter=0.01)
_names = itertools.count(1)


@pytest.fixture
def project(redmine: Redmine) -> str:
    """A fresh Redmine project for this test."""
    return redmine.new_project()


@pytest.fixture
def redmine_account(store: Store, redmine: Redmine, project: str, now: datetime) -> AccountRecord:
    """A Redmine account in ``store`` on the test's project (scope: project)."""
    return store.accounts.add(
        name="ops", kind="redmine", base_url=redmine.url, project=project, scope="project", at=now
    )


def make_handoff(
    *,
    author: str = "Ana",
    recipient: str = "Bo",
    created_at: datetime | None = None,
    items: tuple[HandoffItemData, ...] | None = None,
    title: str | None = None,
    recipient_kind: str = RecipientKind.TEAMMATE.value,
    urgency: str = Urgency.NORMAL.value,
) -> HandoffRecord:
    """A valid outgoing draft with a fresh UUID."""
    at = created_at or datetime(2026, 11, 21, 16, 0, tzinfo=UTC)
    number = next(_names)
    return HandoffRecord(
        id=str(uuid.uuid4()),
        author=author,
        recipient=recipient,
        recipient_kind=recipient_kind,
        urgency=urgency,
        created_at=at,
        updated_at=at,
        due_at=at + timedelta(hours=1),
        title=title if title is not None else f"Night shift {number}",
        author_zone="Europe/Berlin",
        state=HandoffState.DRAFT.value,
        items=items
        if items is not None
        else (
            HandoffItemData(section=Section.COMPLETED.value, text="Rotated the TLS certs"),
            HandoffItemData(
                section=Section.NEXT_ACTIONS.value,
                text="Watch the replication lag",
                flag=ItemFlag.INPUT_NEEDED.value,
                owner="Bo",
                due_at=at + timedelta(hours=3),
            ),
        ),
    )


def submit(store: Store, handoff: HandoffRecord, *, account_id: int | None, at: datetime) -> HandoffRecord:
    """Queue ``handoff`` as the handoff service does (state queued + one handoff.push entry)."""
    return store.handoffs.submit(handoff, at=at, account_id=account_id, payload={"handoff": to_wire(handoff)})


def comparable(handoff: HandoffRecord) -> HandoffRecord:
    """The fields that travel (what the recipient must rebuild exactly)."""
    return replace(
        handoff,
        state="",
        updated_at=handoff.created_at,
        incoming=False,
        account_id=None,
        remote_id=None,
        remote_url=None,
        failure_reason=None,
        discarded_at=None,
        items=tuple(replace(item, task_id=None) for item in handoff.items),
    )


@pytest.fixture
def other_store(tmp_path: Path) -> Iterator[Store]:
    """A second profile (the recipient's Baton)."""
    opened = Store.open(tmp_path / "other" / "baton.sqlite3")
    yield opened
    opened.close()
