"""Any handoff survives to_wire → JSON → from_wire, apart from the fields that stay local."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain import HandoffState, ItemFlag, RecipientKind, Section, Urgency
from app.handoff import wire
from app.store import Store
from app.store.records import HandoffItemData, HandoffRecord

instants = st.datetimes(
    min_value=datetime(2000, 1, 1),  # noqa: DTZ001 - hypothesis bounds are naive; timezones= makes them aware
    max_value=datetime(2100, 1, 1),  # noqa: DTZ001
    timezones=st.just(UTC),
)
words = st.text(max_size=30)
names = st.text(min_size=1, max_size=20)

items = st.builds(
    HandoffItemData,
    section=st.sampled_from([s.value for s in Section]),
    text=words,
    flag=st.sampled_from([f.value for f in ItemFlag]),
    owner=st.none() | names,
    deadline_at=st.none() | instants,
    due_at=st.none() | instants,
    task_id=st.none() | st.integers(1, 10**6),
    ref=st.none() | words,
)
handoffs = st.builds(
    HandoffRecord,
    id=st.uuids().map(str),
    author=names,
    recipient=names,
    created_at=instants,
    updated_at=instants,
    recipient_kind=st.sampled_from([k.value for k in RecipientKind]),
    urgency=st.sampled_from([u.value for u in Urgency]),
    escalation_contact=st.none() | names,
    state=st.sampled_from([s.value for s in HandoffState]),
    due_at=st.none() | instants,
    items=st.lists(items, max_size=6).map(tuple),
    title=words,
    author_zone=st.none() | st.sampled_from(["Asia/Tokyo", "Asia/Kathmandu", "America/St_Johns"]),
    account_id=st.none() | st.integers(1, 9),
    remote_id=st.none() | words,
    incoming=st.booleans(),
)


def local_fields_cleared(handoff: HandoffRecord, received_at: datetime) -> HandoffRecord:
    return replace(
        handoff,
        state="synced",
        incoming=True,
        updated_at=received_at,
        account_id=None,
        remote_id=None,
        remote_url=None,
        failure_reason=None,
        discarded_at=None,
        items=tuple(replace(item, task_id=None) for item in handoff.items),
    )


@given(handoffs, instants)
def test_any_handoff_round_trips(handoff: HandoffRecord, received_at: datetime) -> None:
    copy = wire.loads(wire.dumps(handoff), received_at=received_at)
    assert copy == local_fields_cleared(handoff, received_at)


def test_a_received_copy_is_stored_and_read_back_identically(store: Store) -> None:
    at = datetime(2026, 11, 24, 7, 0, 0, 123456, tzinfo=UTC)
    original = HandoffRecord(
        id="3b241101-e2bb-4255-8caf-4136c566a962",
        author="Aiko",
        recipient="EMEA",
        recipient_kind="team",
        created_at=at,
        updated_at=at,
        urgency="urgent",
        escalation_contact="Cara",
        items=(
            HandoffItemData(
                "decisions", "Roll back?", flag="input_needed", deadline_at=at + timedelta(hours=5)
            ),
        ),
    )
    received = wire.from_wire(wire.to_wire(original), received_at=at)
    assert store.handoffs.receive(received, remote_id="1", remote_url=None, account_id=None, at=at)
    stored = store.handoffs.get(original.id)
    assert stored is not None
    assert wire.to_wire(stored) == wire.to_wire(original)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: [], "not a JSON object"),
        (lambda d: {**d, "format": "x"}, "format is 'x'"),
        (lambda d: {**d, "version": True}, "version is missing"),
        (lambda d: {**d, "version": 2}, "newer than this Baton"),
        (lambda d: {**d, "items": {}}, "items is missing"),
        (lambda d: {**d, "items": [1]}, r"items\[0\] is not an object"),
        (lambda d: {**d, "id": ""}, "id is missing"),
        (lambda d: {**d, "author_zone": 3}, "author_zone is not a string"),
        (lambda d: {**d, "urgency": "soon"}, "urgency is 'soon'"),
        (lambda d: {**d, "created_at": None}, "created_at is missing"),
        (lambda d: {**d, "due_at": "yesterday"}, "due_at is not an ISO 8601 UTC instant"),
    ],
)
def test_a_broken_copy_names_the_field(change: Any, message: str) -> None:
    good = wire.to_wire(
        HandoffRecord(
            id="x",
            author="a",
            recipient="b",
            created_at=datetime(2026, 1, 1, tzinfo=UTC),
            updated_at=datetime(2026, 1, 1, tzinfo=UTC),
        )
    )
    with pytest.raises(wire.WireFormatError, match=message):
        wire.from_wire(change(good))
    with pytest.raises(wire.WireFormatError, match="not valid JSON"):
        wire.loads("{")
