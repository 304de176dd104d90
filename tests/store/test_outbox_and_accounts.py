"""The outbox, tracker accounts (status, identity, removal) and pull cursors in SQLite."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from app.store.accounts import CursorRecord
from app.store.models import Teammate
from app.store.store import Store


def _account(store: Store, now: datetime, name: str = "ops") -> int:
    return store.accounts.add(
        name=name, kind="redmine", base_url="http://127.0.0.1:3000", project="ops", at=now
    ).id


def test_enqueue_is_idempotent_and_pending_keeps_queue_order(store: Store, now: datetime) -> None:
    account = _account(store, now)
    first = store.outbox.enqueue(
        operation="x", payload={"n": 1}, idempotency_key="k1", account_id=account, at=now
    )
    again = store.outbox.enqueue(
        operation="x", payload={"n": 2}, idempotency_key="k1", account_id=account, at=now
    )
    second = store.outbox.enqueue(operation="x", payload={}, idempotency_key="k2", account_id=account, at=now)
    assert again == first and again.payload == {"n": 1}
    store.outbox.defer(first.id, "offline", at=now, next_attempt_at=now + timedelta(minutes=5))

    assert [e.id for e in store.outbox.pending(account)] == [first.id, second.id]
    assert [e.id for e in store.outbox.pending(account, due_at=now)] == [second.id]
    waited = store.outbox.get(first.id)
    assert waited is not None and waited.attempts == 1 and waited.last_error == "offline"

    store.outbox.mark_failed(second.id, "Subject cannot be blank", at=now)
    store.outbox.mark_done(first.id, at=now)
    assert store.outbox.counts(account) == {"pending": 0, "done": 1, "failed": 1}
    store.outbox.retry(second.id, at=now)
    assert [e.id for e in store.outbox.pending(account, due_at=now)] == [second.id]
    assert [e.id for e in store.outbox.list(state="done")] == [first.id]
    with pytest.raises(KeyError):
        store.outbox.mark_done(999, at=now)
    assert store.outbox.get(999) is None


def test_entries_without_an_account_wait_and_are_routed_later(store: Store, now: datetime) -> None:
    entry = store.outbox.enqueue(operation="x", payload={}, idempotency_key="k", at=now)
    assert store.outbox.unassigned() == [entry]
    account = _account(store, now)
    assert store.outbox.route_unassigned(account, at=now) == 1
    assert store.outbox.unassigned() == [] and store.outbox.pending(account)[0].id == entry.id


def test_removing_an_account_keeps_its_queued_writes(store: Store, now: datetime) -> None:
    account = _account(store, now)
    store.outbox.enqueue(operation="x", payload={}, idempotency_key="k", account_id=account, at=now)
    store.cursors.set(account, "tasks", CursorRecord(now, 'W/"1"'))
    assert store.accounts.remove(account) == 1
    assert store.accounts.list() == [] and len(store.outbox.unassigned()) == 1
    assert store.cursors.get(account, "tasks") == CursorRecord()


def test_status_since_moves_only_when_the_status_changes(store: Store, now: datetime) -> None:
    account = _account(store, now)
    first = store.accounts.set_status(
        account, "offline", at=now, retry_at=now + timedelta(minutes=1), detail="refused"
    )
    later = store.accounts.set_status(
        account, "offline", at=now + timedelta(minutes=3), retry_at=now + timedelta(minutes=6)
    )
    assert first.status_since == later.status_since == now and later.retry_at == now + timedelta(minutes=6)
    back = store.accounts.set_status(account, "ok", at=now + timedelta(minutes=7))
    assert back.status_since == now + timedelta(minutes=7) and back.retry_at is None
    with pytest.raises(ValueError, match="unknown account status"):
        store.accounts.set_status(account, "sleepy", at=now)
    with pytest.raises(KeyError):
        store.accounts.set_status(999, "ok", at=now)


def test_accounts_identity_lookup_and_roster_facts(store: Store, now: datetime) -> None:
    account = _account(store, now)
    store.accounts.set_identity(account, username="ana", remote_user_id="7")
    found = store.accounts.by_name("ops")
    assert found is not None and (found.username, found.remote_user_id) == ("ana", "7")
    assert store.accounts.get(account) == found and store.accounts.by_name("nope") is None
    with pytest.raises(ValueError, match="scope"):
        store.accounts.add(name="x", kind="redmine", base_url="u", at=now, scope="everything")
    with pytest.raises(ValueError, match="already exists"):
        _account(store, now)
    with store.session() as session:
        session.add(
            Teammate(
                name="Bo",
                zone="Asia/Tokyo",
                team="APAC",
                tracker_logins={"redmine": "bo"},
                created_at=now,
                updated_at=now,
            )
        )
    assert store.accounts.recipient_login("Bo", "redmine") == "bo"
    assert store.accounts.recipient_login("Bo", "github") is None
    assert store.accounts.recipient_login("Cy", "redmine") is None
    assert store.accounts.team_of("Bo") == "APAC" and store.accounts.team_of("Cy") is None


def test_cursors_round_trip(store: Store, now: datetime) -> None:
    account = _account(store, now)
    assert store.cursors.get(account, "tasks") == CursorRecord()
    store.cursors.set(account, "tasks", CursorRecord(now, 'W/"a"'))
    store.cursors.set(account, "tasks", CursorRecord(now + timedelta(seconds=1), None))
    assert store.cursors.get(account, "tasks") == CursorRecord(now + timedelta(seconds=1), None)
    store.cursors.reset(account)
    assert store.cursors.get(account, "tasks") == CursorRecord()
