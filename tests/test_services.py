"""Services over a real store: clock-stamped notes, task search, input checks."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from app.clock import FixedClock, ShiftedClock, SystemClock
from app.services import NoteService, SearchService, TaskService
from app.store import Store
from app.store.records import TaskData


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(datetime(2026, 11, 21, 16, 45, tzinfo=UTC))


def _cache_two(store: Store, clock: FixedClock) -> TaskService:
    account = store.accounts.add(name="gh", kind="github", base_url="https://api.github.com", at=clock.now())
    tasks = TaskService(store=store)
    assert (
        tasks.cache(
            account.id,
            [
                TaskData(external_id="101", key="#101", title="Pager fatigue on the night shift"),
                TaskData(external_id="102", key="#102", title="Renew the TLS certificate"),
            ],
        )
        == 2
    )
    return tasks


def test_task_search_returns_records_best_first(store: Store, clock: FixedClock) -> None:
    tasks = _cache_two(store, clock)
    assert [t.data.key for t in tasks.search("night pager")] == ["#101"]
    assert [t.data.key for t in tasks.search("#102")] == ["#102"]
    assert tasks.search("   ") == []
    assert tasks.count() == 2


def test_notes_are_stamped_by_the_injected_clock(store: Store, clock: FixedClock) -> None:
    _cache_two(store, clock)
    notes = NoteService(store=store, clock=clock)
    note = notes.add("Waiting on the vendor", task_id=1)
    assert note.created_at == clock.now()
    clock.advance(timedelta(minutes=5))
    notes.edit(note.id, "Vendor replied; certificate ordered")
    hits = SearchService(store=store).search("vendor")
    assert [(h.kind, h.ref) for h in hits] == [("note", str(note.id))]
    notes.delete(note.id)
    assert SearchService(store=store).search("vendor") == []


@pytest.mark.parametrize(
    ("body", "task_id", "handoff_id", "message"),
    [
        ("  ", 1, None, "needs some text"),
        ("text", None, None, "exactly one"),
        ("text", 1, "0b8f", "exactly one"),
    ],
)
def test_bad_notes_are_refused(
    store: Store, clock: FixedClock, body: str, task_id: int | None, handoff_id: str | None, message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        NoteService(store=store, clock=clock).add(body, task_id=task_id, handoff_id=handoff_id)
    with pytest.raises(ValueError, match="needs some text"):
        NoteService(store=store, clock=clock).edit(1, "")


def test_clocks_are_aware_utc() -> None:
    assert SystemClock().now().tzinfo is UTC
    with pytest.raises(ValueError, match="naive"):
        FixedClock(datetime(2026, 1, 1))  # noqa: DTZ001
    fixed = FixedClock(datetime(2026, 3, 29, 3, 0, tzinfo=UTC) + timedelta(hours=1))
    fixed.set(datetime(2026, 3, 29, 4, 0, tzinfo=UTC))
    assert fixed.now() == datetime(2026, 3, 29, 4, 0, tzinfo=UTC)


def test_a_shifted_clock_starts_at_the_chosen_moment_and_ticks() -> None:
    start = datetime(2026, 11, 24, 7, 40, tzinfo=UTC)
    clock = ShiftedClock(start)
    first = clock.now()
    assert start <= first < start + timedelta(seconds=5)
    assert clock.now() >= first
