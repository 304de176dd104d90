"""HandoffService end to end on a real store: drafts, carry-over, submission to the outbox,
inbox order, acknowledgement, templates."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from app.clock import FixedClock
from app.handoff import wire
from app.handoff.errors import AmbiguousHandoffId, HandoffInvalid, HandoffNotFound, MeNotSet, NotAllowed
from app.handoff.service import HandoffService
from app.store import Store
from app.store.records import HandoffItemData, HandoffRecord, TaskData
from tests.handoff.conftest import Who

NOW = datetime(2026, 11, 24, 7, 0, tzinfo=UTC)


def incoming(
    handoff_id: str, *, urgency: str = "normal", created: datetime = NOW, **fields: object
) -> HandoffRecord:
    values: dict[str, object] = {
        "id": handoff_id,
        "author": "Cara",
        "author_zone": "America/New_York",
        "recipient": "Aiko",
        "created_at": created,
        "updated_at": created,
        "urgency": urgency,
        "items": (HandoffItemData("completed", "Deployed"),),
    }
    values.update(fields)
    return HandoffRecord(**values)  # type: ignore[arg-type]


def receive(store: Store, handoff: HandoffRecord) -> None:
    assert store.handoffs.receive(
        handoff, remote_id="r", remote_url=None, account_id=None, at=handoff.created_at
    )


def filled(draft: HandoffRecord) -> HandoffRecord:
    return replace(
        draft,
        title="Tuesday handoff",
        items=(
            HandoffItemData("completed", "Rotated certificates"),
            HandoffItemData("next_actions", "Resize the disk", owner="Ben"),
        ),
    )


def test_without_me_the_service_says_how_to_set_it(service: HandoffService, who: Who) -> None:
    who.name = None
    with pytest.raises(MeNotSet, match=r"me = \"Your Name\".*--as NAME"):
        service.new_draft()


def test_a_new_draft_is_addressed_due_and_stored(service: HandoffService) -> None:
    draft = service.new_draft()
    assert (draft.author, draft.author_zone, draft.recipient, draft.recipient_kind) == (
        "Aiko",
        "Asia/Tokyo",
        "Ben",
        "teammate",
    )
    assert draft.due_at == datetime(2026, 11, 24, 8, 30, tzinfo=UTC)  # 17:30 Tokyo
    assert (draft.state, draft.created_at, draft.items) == ("draft", NOW, ())
    assert service.get(draft.id) == draft
    assert service.drafts() == [draft]
    team = service.new_draft(recipient_kind="team")
    assert (team.recipient_kind, team.recipient) == ("team", "EMEA")
    assert service.new_draft(recipient="Cara").recipient == "Cara"


def test_a_user_missing_from_the_roster_gets_a_draft_without_zone_or_due(
    service: HandoffService, who: Who
) -> None:
    who.name = "Visitor"
    draft = service.new_draft()
    assert (draft.author_zone, draft.due_at, draft.recipient) == (None, None, "Dev")


def test_unresolved_items_of_the_last_received_handoff_carry_over(
    service: HandoffService, store: Store
) -> None:
    receive(
        store, incoming("old", created=NOW - timedelta(days=2), items=(HandoffItemData("risks", "old risk"),))
    )
    latest = (
        HandoffItemData("completed", "Deployed"),
        HandoffItemData("risks", "Disk at 85 %", flag="input_needed"),
        HandoffItemData("decisions", "Roll back?", deadline_at=NOW + timedelta(hours=4)),
        HandoffItemData("next_actions", "Watch the error rate", owner="Aiko"),
    )
    receive(store, incoming("new", created=NOW - timedelta(hours=5), items=latest))
    assert service.last_received() == store.handoffs.get("new")
    assert service.new_draft().items == latest[1:]


def test_save_draft_bumps_updated_at_and_refuses_sent_handoffs(
    service: HandoffService, clock: FixedClock, store: Store
) -> None:
    draft = service.new_draft()
    clock.advance(timedelta(seconds=90))
    saved = service.save_draft(replace(draft, title="Edited", state="queued"))
    assert (saved.title, saved.state, saved.updated_at) == ("Edited", "draft", NOW + timedelta(seconds=90))
    assert service.get(draft.id) == saved
    service.submit(service.save_draft(filled(saved)).id)
    with pytest.raises(NotAllowed, match="only your own drafts"):
        service.save_draft(saved)
    receive(store, incoming("in-1"))
    with pytest.raises(NotAllowed):
        service.save_draft(service.get("in-1"))


def test_discard_is_undoable(service: HandoffService, clock: FixedClock) -> None:
    first, second = service.new_draft(), service.new_draft()
    discarded = service.discard(first.id)
    assert discarded.discarded_at == NOW
    assert [h.id for h in service.drafts()] == [second.id]
    assert [h.id for h in service.discarded()] == [first.id]
    with pytest.raises(NotAllowed, match="discarded"):
        service.submit(service.save_draft(filled(discarded)).id)
    assert service.restore(first.id).discarded_at is None
    assert {h.id for h in service.drafts()} == {first.id, second.id}


def test_submit_refuses_an_invalid_draft_with_every_problem(service: HandoffService) -> None:
    draft = service.new_draft()
    with pytest.raises(HandoffInvalid) as raised:
        service.submit(draft.id)
    assert [p.field for p in raised.value.problems] == ["items"]
    assert "not ready to send" in str(raised.value)
    assert service.get(draft.id).state == "draft"
    assert service.validate(draft) == list(raised.value.problems)


def test_submit_queues_offline_with_the_wire_copy(service: HandoffService, store: Store) -> None:
    account = store.accounts.add(name="work", kind="github", base_url="https://api.github.com", at=NOW)
    store.tasks.upsert_many(account.id, [TaskData(external_id="1", key="#12", title="Crash on start")])
    (task_id,) = store.search.task_ids("crash")
    draft = service.save_draft(
        replace(
            filled(service.new_draft()), items=(HandoffItemData("in_progress", "Debugging", task_id=task_id),)
        )
    )
    sent = service.submit(draft.id)
    assert (sent.state, sent.account_id) == ("queued", account.id)
    assert sent.items[0].ref == "#12"  # attached task travels by its key
    (entry,) = store.handoffs.outbox_entries(draft.id)
    assert (entry.operation, entry.idempotency_key, entry.account_id) == (
        "handoff.push",
        f"handoff:{draft.id}",
        account.id,
    )
    assert wire.from_wire(entry.payload["handoff"]).items[0].ref == "#12"
    assert entry.payload == {"handoff": wire.to_wire(sent)}
    assert [(t.state, t.at) for t in service.transitions(draft.id)] == [("queued", NOW)]
    assert service.outgoing() == [sent]
    assert "Crash on start" in service.render(sent)
    with pytest.raises(NotAllowed, match="already submitted"):
        service.submit(draft.id)


def test_the_account_is_the_given_one_or_none_when_several(service: HandoffService, store: Store) -> None:
    first = store.accounts.add(name="a", kind="github", base_url="https://api.github.com", at=NOW)
    store.accounts.add(name="b", kind="redmine", base_url="https://redmine.example", at=NOW)
    one = service.save_draft(filled(service.new_draft()))
    assert service.submit(one.id).account_id is None
    two = service.save_draft(filled(service.new_draft()))
    with pytest.raises(NotAllowed, match="no tracker account with id 999"):
        service.submit(two.id, account_id=999)
    assert service.submit(two.id, account_id=first.id).account_id == first.id


def test_a_failed_handoff_can_be_retried(service: HandoffService, store: Store, clock: FixedClock) -> None:
    sent = service.submit(service.save_draft(filled(service.new_draft())).id)
    with pytest.raises(NotAllowed, match="only a failed handoff"):
        service.retry(sent.id)
    store.handoffs.mark_failed(sent.id, "offline", at=NOW)
    clock.advance(timedelta(minutes=10))
    assert service.retry(sent.id).state == "queued"
    assert [t.state for t in service.transitions(sent.id)] == ["queued", "failed", "queued"]


def test_inbox_puts_waiting_urgent_handoffs_first(service: HandoffService, store: Store) -> None:
    receive(store, incoming("normal-old", created=NOW - timedelta(hours=3)))
    receive(store, incoming("normal-new", created=NOW - timedelta(hours=1)))
    receive(store, incoming("urgent", urgency="urgent", created=NOW - timedelta(minutes=5)))
    receive(store, incoming("high", urgency="high", created=NOW - timedelta(hours=2)))
    receive(store, incoming("done-old", urgency="urgent", created=NOW - timedelta(days=2)))
    receive(store, incoming("done-new", created=NOW - timedelta(days=1)))
    service.acknowledge("done-old")
    service.acknowledge("done-new")
    assert [h.id for h in service.inbox()] == [
        "urgent",
        "high",
        "normal-old",
        "normal-new",
        "done-new",
        "done-old",
    ]


def test_acknowledge_with_read_back_and_question(service: HandoffService, store: Store) -> None:
    receive(store, incoming("in-1"))
    acked = service.acknowledge("in-1", read_back="  Watch the error rate ", question=" ")
    assert acked.state == "acknowledged"
    (ack,) = service.acknowledgements("in-1")
    assert (ack.by, ack.read_back, ack.question, ack.at) == ("Aiko", "Watch the error rate", None, NOW)
    (entry,) = store.handoffs.outbox_entries("in-1")
    assert entry.idempotency_key == "ack:in-1:Aiko"
    with pytest.raises(NotAllowed, match="already acknowledged"):
        service.acknowledge("in-1")
    mine = service.submit(service.save_draft(filled(service.new_draft())).id)
    with pytest.raises(NotAllowed, match="you sent"):
        service.acknowledge(mine.id)
    with pytest.raises(HandoffNotFound):
        service.acknowledge("missing")


def test_ids_resolve_by_unique_prefix(service: HandoffService, store: Store) -> None:
    receive(store, incoming("abc11111-0000-4000-8000-000000000000"))
    receive(store, incoming("abc22222-0000-4000-8000-000000000000"))
    assert service.resolve_id("ABC1") == "abc11111-0000-4000-8000-000000000000"
    with pytest.raises(AmbiguousHandoffId, match="matches 2 handoffs"):
        service.resolve_id("abc")
    with pytest.raises(HandoffNotFound):
        service.resolve_id("zzz")
    with pytest.raises(HandoffNotFound):
        service.resolve_id("  ")
    with pytest.raises(HandoffNotFound):
        service.transitions("zzz")


def test_proposed_deadline_uses_the_deciders_hours(service: HandoffService) -> None:
    # Ben (Berlin) from Tue 08:00 CET: 90 working minutes → 10:30 CET = 09:30 UTC
    assert service.propose_deadline("Ben", NOW, 90) == datetime(2026, 11, 24, 9, 30, tzinfo=UTC)
    with pytest.raises(NotAllowed, match="not on the roster"):
        service.propose_deadline("Zed", NOW, 90)


def test_templates_fill_an_empty_draft_without_dropping_carried_items(service: HandoffService) -> None:
    keys = [t.key for t in service.templates()]
    assert keys == ["incident", "release", "quiet"]
    draft = replace(service.new_draft(), items=(HandoffItemData("risks", "carried"),))
    applied = service.apply_template(draft, "incident")
    assert (applied.title, applied.urgency) == ("Incident follow-up", "high")
    assert applied.items[0] == HandoffItemData("risks", "carried")
    assert [i.text for i in applied.items[1:]] == [""] * 6
    assert service.apply_template(replace(draft, title="Mine", urgency="urgent"), "quiet").title == "Mine"
    assert service.apply_template(replace(draft, urgency="urgent"), "quiet").urgency == "urgent"
    assert any(p.field == "text" for p in service.validate(applied))  # prompts never go out empty
    with pytest.raises(NotAllowed, match="no template"):
        service.apply_template(draft, "nope")


def test_render_shows_times_in_the_readers_and_the_authors_zones(
    service: HandoffService, store: Store
) -> None:
    receive(store, incoming("in-1", items=(HandoffItemData("decisions", "Roll back?", deadline_at=NOW),)))
    text = service.render(service.get("in-1"))
    assert "Decision deadline: Tue, Nov 24, 4:00\u202fPM Tokyo (2:00\u202fAM New York)" in text
    assert service.zones_for(replace(service.get("in-1"), recipient="Ben", author_zone=None)) == [
        "Asia/Tokyo",
        "Europe/Berlin",
    ]
    assert "Di., 24. Nov., 08:00 Berlin" in service.render(
        service.get("in-1"), zones=["Europe/Berlin"], locale="de"
    )


def test_only_drafts_can_be_discarded(service: HandoffService) -> None:
    sent = service.submit(service.save_draft(filled(service.new_draft())).id)
    with pytest.raises(NotAllowed, match="is not a draft"):
        service.discard(sent.id)
    unsaved = service.new_draft(save=False)
    with pytest.raises(HandoffNotFound):
        service.get(unsaved.id)
