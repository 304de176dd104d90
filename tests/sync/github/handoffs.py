"""Handoffs for the GitHub tests: a fixed example and a hypothesis strategy over every field
the machine-readable copy carries."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from hypothesis import strategies as st

from app.domain import ItemFlag, RecipientKind, Section, Urgency
from app.store.records import HandoffItemData, HandoffRecord

CREATED = datetime(2026, 11, 21, 8, 45, 12, 345678, tzinfo=UTC)


def example_handoff(*, recipient: str = "Bob", handoff_id: str | None = None) -> HandoffRecord:
    """A queued outgoing handoff from Alice (Berlin) with one item in most sections."""
    return HandoffRecord(
        id=handoff_id or str(uuid.uuid4()),
        author="Alice",
        author_zone="Europe/Berlin",
        recipient=recipient,
        created_at=CREATED,
        updated_at=CREATED,
        due_at=CREATED + timedelta(hours=2),
        urgency=Urgency.HIGH.value,
        state="queued",
        title="Payments outage follow-up",
        items=(
            HandoffItemData(section=Section.COMPLETED.value, text="Rolled back release 4.2"),
            HandoffItemData(
                section=Section.IN_PROGRESS.value,
                text="Re-running failed settlements <script>alert(1)</script> -->",
                ref="#7",
                task_id=12,
            ),
            HandoffItemData(
                section=Section.DECISIONS.value,
                text="Retry the batch tonight?",
                flag=ItemFlag.INPUT_NEEDED.value,
                deadline_at=CREATED + timedelta(hours=5),
            ),
            HandoffItemData(section=Section.NEXT_ACTIONS.value, text="Call the bank", owner="Bob"),
            HandoffItemData(section=Section.LINKS.value, text="Runbook", ref="https://example.com/runbook"),
        ),
    )


_instants = st.datetimes(
    min_value=datetime(2000, 1, 1),  # noqa: DTZ001  (hypothesis bounds are naive; values get UTC)
    max_value=datetime(2100, 1, 1),  # noqa: DTZ001
    timezones=st.just(UTC),
)
_names = st.text(min_size=1, max_size=30).filter(lambda s: s.strip() != "")
_items = st.builds(
    HandoffItemData,
    section=st.sampled_from([s.value for s in Section]),
    text=st.text(max_size=200),
    flag=st.sampled_from([f.value for f in ItemFlag]),
    owner=st.none() | _names,
    deadline_at=st.none() | _instants,
    due_at=st.none() | _instants,
    ref=st.none() | st.text(max_size=60),
)


@st.composite
def handoffs(draw: st.DrawFn) -> HandoffRecord:
    """Any valid outgoing handoff (unicode text, markup, ``-->``, empty title, 0–8 items)."""
    created = draw(_instants)
    return HandoffRecord(
        id=str(draw(st.uuids())),
        title=draw(st.text(max_size=80)),
        author=draw(_names),
        author_zone=draw(st.none() | st.sampled_from(["Europe/Berlin", "Asia/Kolkata", "Pacific/Chatham"])),
        recipient_kind=draw(st.sampled_from([k.value for k in RecipientKind])),
        recipient=draw(_names),
        urgency=draw(st.sampled_from([u.value for u in Urgency])),
        escalation_contact=draw(st.none() | _names),
        created_at=created,
        updated_at=created,
        due_at=draw(st.none() | _instants),
        state="queued",
        items=tuple(draw(st.lists(_items, max_size=8))),
    )
