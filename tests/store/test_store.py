"""The store's repositories on a real SQLite file: tasks, notes, handoffs, FTS5 search."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy.exc import StatementError

from app.store import Store
from app.store.records import HandoffItemData, HandoffRecord, TaskData
from app.store.search import fts_query
from app.store.types import NaiveDatetimeError


@pytest.fixture
def account_id(store: Store, now: datetime) -> int:
    return store.accounts.add(name="ops", kind="redmine", base_url="http://127.0.0.1:3000", at=now).id


def test_upsert_inserts_then_updates_by_external_id(store: Store, account_id: int) -> None:
    store.tasks.upsert_many(account_id, [TaskData(external_id="1", key="#1", title="Old title")])
    store.tasks.upsert_many(
        account_id, [TaskData(external_id="1", key="#1", title="New title", status="In progress")]
    )
    assert store.tasks.count() == 1
    [task] = store.tasks.get([1])
    assert (task.data.title, task.data.status, task.account_id) == ("New title", "In progress", account_id)
    assert store.search.task_ids("old") == []
    assert store.search.task_ids("new") == [1]


def test_instants_come_back_as_aware_utc(store: Store, account_id: int) -> None:
    berlin_evening = datetime(2026, 3, 29, 3, 30, tzinfo=timezone(timedelta(hours=2)))
    store.tasks.upsert_many(
        account_id, [TaskData(external_id="9", key="#9", title="Due soon", due_at=berlin_evening)]
    )
    [task] = store.tasks.get([1])
    assert task.data.due_at == berlin_evening
    assert task.data.due_at is not None and task.data.due_at.utcoffset() == timedelta(0)


def test_naive_datetimes_are_refused(store: Store, account_id: int) -> None:
    naive = datetime(2026, 3, 29, 3, 30)  # noqa: DTZ001 (the point of the test)
    with pytest.raises(StatementError) as error:
        store.tasks.upsert_many(account_id, [TaskData(external_id="9", key="#9", title="x", due_at=naive)])
    assert isinstance(error.value.orig, NaiveDatetimeError)
    assert store.tasks.count() == 0


def test_search_spans_tasks_notes_and_handoffs(store: Store, account_id: int, now: datetime) -> None:
    store.tasks.upsert_many(
        account_id,
        [
            TaskData(external_id="1", key="OPS-1", title="Login fails for Müller"),
            TaskData(external_id="2", key="OPS-2", title="Billing export"),
        ],
    )
    note = store.notes.add("Retry the login after the deploy", at=now, task_id=2)
    handoff_id = str(uuid.uuid4())
    store.handoffs.save(
        HandoffRecord(
            id=handoff_id,
            author="Berlin lead",
            recipient="Tokyo on-call",
            created_at=now,
            updated_at=now,
            items=(HandoffItemData(section="risks", text="Login outage may return", flag="input_needed"),),
        )
    )
    hits = {(h.kind, h.ref) for h in store.search.everything("login")}
    assert hits == {("task", "1"), ("note", str(note.id)), ("handoff", handoff_id)}
    # accents folded, prefixes match as the user types, case ignored
    assert store.search.task_ids("mull") == [1]
    assert store.search.task_ids("LOG FAI") == [1]
    assert [h.snippet for h in store.search.everything("billing")] == ["[Billing] export"]


def test_the_index_follows_edits_and_deletes(store: Store, account_id: int, now: datetime) -> None:
    note = store.notes.add("pager rotation", at=now)
    store.notes.update(note.id, "escalation policy", at=now)
    assert store.search.everything("pager") == []
    assert [h.ref for h in store.search.everything("escalation")] == [str(note.id)]
    store.notes.delete(note.id)
    assert store.search.everything("escalation") == []
    with pytest.raises(KeyError):
        store.notes.update(note.id, "gone", at=now)


def test_saving_a_handoff_replaces_its_items(store: Store, now: datetime) -> None:
    handoff = HandoffRecord(
        id=str(uuid.uuid4()),
        author="a",
        recipient="b",
        created_at=now,
        updated_at=now,
        items=(HandoffItemData(section="completed", text="Deployed 1.2"),),
    )
    store.handoffs.save(handoff)
    deadline = now + timedelta(hours=8)
    edited = HandoffRecord(
        **{
            **vars(handoff),
            "items": (HandoffItemData(section="decisions", text="Roll back?", deadline_at=deadline),),
        }
    )
    store.handoffs.save(edited)
    assert store.handoffs.get(handoff.id) == edited
    assert store.search.everything("deployed") == []
    assert store.handoffs.get("no-such-id") is None


@pytest.mark.parametrize("text", ['"', "AND OR NOT", "title:x", "a*b NEAR(", "   ", "-- ;", "🙂"])
def test_any_typed_text_is_a_valid_query(store: Store, account_id: int, text: str) -> None:
    store.tasks.upsert_many(account_id, [TaskData(external_id="1", key="#1", title="and or not title x")])
    store.search.everything(text)  # must not raise an FTS5 syntax error
    store.search.task_ids(text)


def test_fts_query_quotes_every_word() -> None:
    assert fts_query('say "hi" NEAR(x)') == '"say"* "hi"* "NEAR"* "x"*'
    assert fts_query("  ... ") is None


def test_account_names_are_unique(store: Store, account_id: int, now: datetime) -> None:
    with pytest.raises(ValueError, match="already exists"):
        store.accounts.add(name="ops", kind="github", base_url="https://api.github.com", at=now)
    assert [a.name for a in store.accounts.list()] == ["ops"]
