"""HandoffRepository on a real SQLite file: drafts, transitions, and the sync engine contract
(mark_synced, mark_failed, receive, record_acknowledgement) with its idempotency."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from app.handoff.states import IllegalTransition
from app.store import Store
from app.store.handoffs import ACK_OPERATION, PUSH_OPERATION, ack_key, push_key
from app.store.records import HandoffItemData, HandoffRecord

T0 = datetime(2026, 11, 24, 7, 0, tzinfo=UTC)
ID = "6f1c1f9e-3c0b-4a5e-9d55-5d0f3b1b7a10"


def draft(handoff_id: str = ID, **fields: object) -> HandoffRecord:
    values: dict[str, object] = {
        "id": handoff_id,
        "author": "Aiko",
        "recipient": "Ben",
        "created_at": T0,
        "updated_at": T0,
        "items": (
            HandoffItemData("risks", "Disk at 85 %"),
            HandoffItemData("next_actions", "Resize", owner="Ben"),
        ),
    }
    values.update(fields)
    return HandoffRecord(**values)  # type: ignore[arg-type]


def queued(store: Store, handoff_id: str = ID) -> HandoffRecord:
    return store.handoffs.submit(
        draft(handoff_id), at=T0, account_id=None, payload={"handoff": {"id": handoff_id}}
    )


def states(store: Store, handoff_id: str = ID) -> list[tuple[str, datetime, str | None]]:
    return [(t.state, t.at, t.reason) for t in store.handoffs.transitions(handoff_id)]


def test_a_saved_draft_reads_back_identically_and_can_be_replaced(store: Store) -> None:
    store.handoffs.save(draft())
    assert store.handoffs.get(ID) == draft()
    shorter = draft(items=(HandoffItemData("completed", "Done"),), title="Edited")
    store.handoffs.save(shorter)
    assert store.handoffs.get(ID) == shorter
    assert store.handoffs.get("nope") is None


def test_submit_queues_the_handoff_and_one_outbox_entry(store: Store) -> None:
    record = queued(store)
    assert record.state == "queued"
    assert states(store) == [("queued", T0, None)]
    (entry,) = store.handoffs.outbox_entries(ID)
    assert (entry.operation, entry.idempotency_key, entry.state, entry.handoff_id) == (
        PUSH_OPERATION,
        push_key(ID),
        "pending",
        ID,
    )
    assert entry.payload == {"handoff": {"id": ID}}
    with pytest.raises(IllegalTransition):
        store.handoffs.submit(draft(), at=T0, account_id=None, payload={})
    assert len(store.handoffs.outbox_entries(ID)) == 1


def test_the_sync_path_is_timestamped_and_mark_synced_is_idempotent(store: Store) -> None:
    queued(store)
    later = T0 + timedelta(minutes=3)
    synced = store.handoffs.mark_synced(
        ID, remote_id="42", remote_url="https://t/42", account_id=None, at=later
    )
    assert (synced.state, synced.remote_id, synced.remote_url, synced.updated_at) == (
        "synced",
        "42",
        "https://t/42",
        later,
    )
    again = store.handoffs.mark_synced(
        ID, remote_id="42", remote_url="https://t/42b", account_id=None, at=later + timedelta(minutes=1)
    )
    assert again.remote_url == "https://t/42b"
    assert states(store) == [("queued", T0, None), ("synced", later, None)]


def test_failure_keeps_a_reason_and_retry_requeues_the_outbox_entry(store: Store) -> None:
    queued(store)
    failed = store.handoffs.mark_failed(
        ID, "the token was refused: sign in again", at=T0 + timedelta(minutes=1)
    )
    assert (failed.state, failed.failure_reason) == ("failed", "the token was refused: sign in again")
    with pytest.raises(IllegalTransition, match="without a reason"):
        store.handoffs.mark_failed(ID, "", at=T0)
    retried = store.handoffs.retry(ID, at=T0 + timedelta(minutes=5))
    assert (retried.state, retried.failure_reason) == ("queued", None)
    (entry,) = store.handoffs.outbox_entries(ID)
    assert (entry.state, entry.next_attempt_at) == ("pending", T0 + timedelta(minutes=5))
    assert [s for s, _, _ in states(store)] == ["queued", "failed", "queued"]
    store.handoffs.mark_synced(
        ID, remote_id="9", remote_url=None, account_id=None, at=T0 + timedelta(minutes=6)
    )
    with pytest.raises(IllegalTransition):
        store.handoffs.mark_failed(ID, "late", at=T0 + timedelta(minutes=7))


def test_a_draft_cannot_be_marked_synced_and_unknown_ids_raise(store: Store) -> None:
    store.handoffs.save(draft("other"))
    assert store.handoffs.transition("other", "queued", at=T0).state == "queued"
    store.handoffs.save(draft())
    with pytest.raises(IllegalTransition):
        store.handoffs.mark_synced(ID, remote_id="1", remote_url=None, account_id=None, at=T0)
    with pytest.raises(KeyError):
        store.handoffs.mark_failed("missing", "x", at=T0)
    with pytest.raises(KeyError):
        store.handoffs.transition("missing", "queued", at=T0)


def test_receive_inserts_once_and_never_overwrites_the_local_acknowledgement(store: Store) -> None:
    incoming = replace(draft(), author="Ben", recipient="Aiko", state="synced", incoming=True)
    assert store.handoffs.receive(incoming, remote_id="7", remote_url="https://t/7", account_id=None, at=T0)
    stored = store.handoffs.get(ID)
    assert stored is not None
    assert (stored.incoming, stored.state, stored.remote_id, stored.updated_at) == (True, "synced", "7", T0)
    store.handoffs.acknowledge(ID, by="Aiko", at=T0 + timedelta(hours=1), read_back="Resize", question=None)
    changed = replace(incoming, title="changed remotely")
    assert not store.handoffs.receive(
        changed, remote_id="7", remote_url=None, account_id=None, at=T0 + timedelta(hours=2)
    )
    stored = store.handoffs.get(ID)
    assert stored is not None
    assert (stored.state, stored.title) == ("acknowledged", "")
    assert states(store) == [("synced", T0, None), ("acknowledged", T0 + timedelta(hours=1), None)]


def test_local_acknowledgement_writes_one_ack_outbox_entry(store: Store) -> None:
    incoming = replace(draft(), author="Ben", recipient="Aiko")
    store.handoffs.receive(incoming, remote_id="7", remote_url="https://t/7", account_id=None, at=T0)
    ack = store.handoffs.acknowledge(
        ID, by="Aiko", at=T0, read_back="Resize the disk", question="Which volume?"
    )
    assert (ack.by, ack.read_back, ack.question, ack.remote_id) == (
        "Aiko",
        "Resize the disk",
        "Which volume?",
        None,
    )
    (entry,) = store.handoffs.outbox_entries(ID)
    assert (entry.operation, entry.idempotency_key) == (ACK_OPERATION, ack_key(ID, "Aiko"))
    assert entry.payload == {
        "handoff_id": ID,
        "remote_id": "7",
        "remote_url": "https://t/7",
        "by": "Aiko",
        "at": "2026-11-24T07:00:00.000000Z",
        "read_back": "Resize the disk",
        "question": "Which volume?",
    }
    with pytest.raises(IllegalTransition):
        store.handoffs.acknowledge(ID, by="Aiko", at=T0, read_back=None, question=None)
    # the pulled copy of my own acknowledgement attaches its remote id instead of duplicating
    assert not store.handoffs.record_acknowledgement(
        ID, by="Aiko", at=T0, read_back=None, question=None, remote_id="c-1"
    )
    assert [a.remote_id for a in store.handoffs.acknowledgements(ID)] == ["c-1"]


def test_record_acknowledgement_of_my_handoff_is_idempotent(store: Store) -> None:
    queued(store)
    store.handoffs.mark_synced(ID, remote_id="42", remote_url=None, account_id=None, at=T0)
    at = T0 + timedelta(hours=9)
    assert store.handoffs.record_acknowledgement(
        ID, by="Ben", at=at, read_back="Resize", question="Which disk?", remote_id="c-9"
    )
    assert not store.handoffs.record_acknowledgement(
        ID, by="Ben", at=at, read_back="Resize", question="Which disk?", remote_id="c-9"
    )
    assert not store.handoffs.record_acknowledgement(
        ID, by="Ben", at=at, read_back=None, question=None, remote_id=None
    )
    stored = store.handoffs.get(ID)
    assert stored is not None and stored.state == "acknowledged"
    assert len(store.handoffs.acknowledgements(ID)) == 1
    assert [s for s, _, _ in states(store)] == ["queued", "synced", "acknowledged"]
    # a second teammate of a team handoff acknowledges too: stored, state unchanged
    assert store.handoffs.record_acknowledgement(
        ID, by="Cara", at=at, read_back=None, question=None, remote_id="c-10"
    )
    assert [a.by for a in store.handoffs.acknowledgements(ID)] == ["Ben", "Cara"]
    assert len(states(store)) == 3


def test_an_acknowledgement_pulled_before_the_push_result_still_counts(store: Store) -> None:
    queued(store)
    assert store.handoffs.record_acknowledgement(
        ID, by="Ben", at=T0, read_back=None, question=None, remote_id="c"
    )
    record = store.handoffs.mark_synced(ID, remote_id="42", remote_url=None, account_id=None, at=T0)
    assert (record.state, record.remote_id) == ("acknowledged", "42")


def test_list_filters_and_prefix_lookup(store: Store) -> None:
    store.handoffs.save(draft("aaaa1111-0000-4000-8000-000000000000"))
    store.handoffs.save(draft("aaaa2222-0000-4000-8000-000000000000", created_at=T0 + timedelta(hours=1)))
    store.handoffs.receive(
        draft("bbbb0000-0000-4000-8000-000000000000"), remote_id=None, remote_url=None, account_id=None, at=T0
    )
    store.handoffs.set_discarded("aaaa1111-0000-4000-8000-000000000000", T0)
    assert [h.id[:8] for h in store.handoffs.list()] == ["aaaa2222", "bbbb0000"]
    assert [h.id[:8] for h in store.handoffs.list(incoming=True)] == ["bbbb0000"]
    assert [h.id[:8] for h in store.handoffs.list(discarded=True)] == ["aaaa1111"]
    assert len(store.handoffs.list(discarded=None)) == 3
    assert [h.id[:8] for h in store.handoffs.list(states=["synced"])] == ["bbbb0000"]
    assert len(store.handoffs.ids_starting_with("AAAA")) == 2
    assert store.handoffs.ids_starting_with("aaaa2") == ["aaaa2222-0000-4000-8000-000000000000"]
    assert store.handoffs.ids_starting_with("%") == []
    assert store.handoffs.ids_starting_with("_") == []
