"""The Redmine adapter and the sync engine against the real Redmine testbed (no mock).

Every test works in its own project; people other than the admin are real Redmine users.
"""

from __future__ import annotations

import random
import string
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from app.clock import FixedClock
from app.domain import HandoffState, ItemFlag, OutboxState, RecipientKind, Section, Urgency
from app.store.models import Teammate, TrackerAccount
from app.store.records import AccountRecord, HandoffItemData, HandoffRecord, TaskData
from app.store.store import Store
from sync.credentials import SessionSecretStore
from sync.engine import SyncEngine, SyncSummary
from sync.errors import Rejected, Unauthorized
from sync.factory import build_adapter, build_engine, close_sessions
from sync.http import HttpSession
from sync.protocol import Acknowledgement, Cursor, TrackerAdapter
from tests.sync.conftest import FAST_RETRY, Redmine, comparable, make_handoff, submit

pytestmark = pytest.mark.slow


def _engine(
    store: Store, redmine: Redmine, *, me: str, clock: FixedClock, key: str | None = None
) -> tuple[SyncEngine, list[HttpSession]]:
    secrets = SessionSecretStore()
    for account in store.accounts.list():
        secrets.set(account.name, key or redmine.api_key)
    return build_engine(store=store, secrets=secrets, clock=clock, me=me, retry=FAST_RETRY)


def _sync(
    store: Store, redmine: Redmine, *, me: str, clock: FixedClock, key: str | None = None
) -> SyncSummary:
    engine, sessions = _engine(store, redmine, me=me, clock=clock, key=key)
    try:
        return engine.run(force=True)
    finally:
        close_sessions(sessions)


def _adapter(account: AccountRecord, key: str) -> tuple[TrackerAdapter, HttpSession]:
    return build_adapter(account, key, now=lambda: datetime.now(UTC), retry=FAST_RETRY)


def _add_teammate(
    store: Store, name: str, at: datetime, *, team: str = "", logins: dict[str, str] | None = None
) -> None:
    with store.session() as session:
        session.add(
            Teammate(
                name=name,
                zone="Asia/Tokyo",
                team=team,
                tracker_logins=logins or {},
                created_at=at,
                updated_at=at,
            )
        )


def _random_text(rng: random.Random, *, lines: int = 1) -> str:
    alphabet = string.ascii_letters + string.digits + " äöü€✓—#*_[]<>&`|~\\\"'"
    return "\n".join(
        "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 40))).strip() or "x" for _ in range(lines)
    )


def _random_handoff(rng: random.Random) -> HandoffRecord:
    at = datetime(2026, 11, 21, tzinfo=UTC) + timedelta(
        minutes=rng.randint(0, 60 * 24 * 30), microseconds=rng.randint(0, 999999)
    )
    items = []
    for _ in range(rng.randint(0, 7)):
        section = rng.choice(list(Section))
        items.append(
            HandoffItemData(
                section=section.value,
                text=_random_text(rng, lines=rng.randint(1, 3)),
                flag=rng.choice(list(ItemFlag)).value,
                owner=rng.choice([None, "Bo", "Ana Lopez"]),
                deadline_at=at + timedelta(hours=rng.randint(1, 48))
                if section == Section.DECISIONS
                else None,
                due_at=at + timedelta(minutes=rng.randint(1, 999)) if rng.random() < 0.3 else None,
                ref=rng.choice([None, "#12", "https://example.com/runbook?a=1&b=2"]),
            )
        )
    urgency = rng.choice(list(Urgency)).value
    base = make_handoff(created_at=at, items=tuple(items), title=_random_text(rng), urgency=urgency)
    if urgency == Urgency.URGENT.value:
        base = base.__class__(**{**vars(base), "escalation_contact": "Cy"})
    if rng.random() < 0.3:
        base = base.__class__(
            **{**vars(base), "recipient_kind": RecipientKind.TEAM.value, "recipient": "APAC"}
        )
    return base


def test_push_then_pull_rebuilds_every_handoff_exactly(
    store: Store, other_store: Store, redmine: Redmine, project: str, now: datetime
) -> None:
    """Property-style: 8 generated handoffs (seeded), pushed by Ana, pulled by Bo (and team APAC)."""
    rng = random.Random(20261121)
    clock = FixedClock(now)
    sender = store.accounts.add(
        name="ops", kind="redmine", base_url=redmine.url, project=project, scope="project", at=now
    )
    handoffs = [_random_handoff(rng) for _ in range(8)]
    for handoff in handoffs:
        submit(store, handoff, account_id=sender.id, at=now)

    summary = _sync(store, redmine, me="Ana", clock=clock)

    assert summary.ok, summary.lines()
    assert summary.accounts[0].pushed == 8
    other_store.accounts.add(
        name="ops", kind="redmine", base_url=redmine.url, project=project, scope="project", at=now
    )
    _add_teammate(other_store, "Bo", now, team="APAC")
    received = _sync(other_store, redmine, me="Bo", clock=clock)
    assert received.ok, received.lines()
    assert received.accounts[0].received == 8
    for handoff in handoffs:
        pulled = other_store.handoffs.get(handoff.id)
        assert pulled is not None and pulled.incoming
        assert pulled.state == HandoffState.SYNCED.value
        assert comparable(pulled) == comparable(handoff)
        sent = store.handoffs.get(handoff.id)
        assert sent is not None and sent.state == HandoffState.SYNCED.value
        assert (
            pulled.remote_id == sent.remote_id and sent.remote_url == f"{redmine.url}/issues/{sent.remote_id}"
        )


def test_the_issue_is_readable_assigned_and_linked_from_its_tasks(
    store: Store, redmine: Redmine, project: str, now: datetime
) -> None:
    login, _key, user_id = redmine.new_user(project)
    _add_teammate(store, "Bo", now, logins={"redmine": login})
    account = store.accounts.add(
        name="ops", kind="redmine", base_url=redmine.url, project=project, scope="project", at=now
    )
    task_number = redmine.new_issue(project, "Replication lag on db-3")
    store.tasks.upsert_many(
        account.id, [TaskData(external_id=str(task_number), key=f"#{task_number}", title="Replication lag")]
    )
    [cached] = store.tasks.get([1])  # the first task of a fresh store
    task_id = cached.id
    handoff = make_handoff(
        items=(
            HandoffItemData(
                section=Section.IN_PROGRESS.value,
                text="Replication lag",
                task_id=task_id,
                ref=f"#{task_number}",
            ),
        ),
        urgency=Urgency.HIGH.value,
    )
    submit(store, handoff, account_id=account.id, at=now)

    assert _sync(store, redmine, me="Ana", clock=FixedClock(now)).ok

    sent = store.handoffs.get(handoff.id)
    assert sent is not None and sent.remote_id is not None
    issue = redmine.api("GET", f"/issues/{sent.remote_id}.json?include=attachments")["issue"]
    assert issue["subject"] == f"Handoff: {handoff.title} → Bo"
    assert issue["assigned_to"]["id"] == user_id
    assert issue["priority"]["name"] == "High"
    assert "Replication lag" in issue["description"] and "**To:** Bo" in issue["description"]
    assert "{" not in issue["description"], "the machine copy is an attachment, not body noise"
    assert [a["filename"] for a in issue["attachments"]] == [f"baton-handoff-{handoff.id}.json"]
    task = redmine.api("GET", f"/issues/{task_number}.json?include=journals")["issue"]
    notes = [j["notes"] for j in task["journals"] if j["notes"]]
    assert notes == [f"Handed off in #{sent.remote_id} (Baton handoff {handoff.id})"]


def test_an_unknown_login_is_mentioned_instead_of_assigned(
    store: Store, redmine: Redmine, project: str, now: datetime
) -> None:
    outsider, _key, _id = redmine.new_user(None)  # exists, but not a member: Redmine refuses it
    _add_teammate(store, "Bo", now, logins={"redmine": outsider})
    account = store.accounts.add(
        name="ops", kind="redmine", base_url=redmine.url, project=project, scope="project", at=now
    )
    handoff = make_handoff()
    submit(store, handoff, account_id=account.id, at=now)

    assert _sync(store, redmine, me="Ana", clock=FixedClock(now)).ok

    [issue] = redmine.issues(project)
    assert "assigned_to" not in issue
    assert f"For @{outsider}" in issue["description"]


def test_acknowledgement_travels_back_with_read_back_question_and_status(
    store: Store, other_store: Store, redmine: Redmine, project: str, now: datetime
) -> None:
    clock = FixedClock(now)
    sender = store.accounts.add(
        name="ops", kind="redmine", base_url=redmine.url, project=project, scope="project", at=now
    )
    handoff = make_handoff()
    submit(store, handoff, account_id=sender.id, at=now)
    assert _sync(store, redmine, me="Ana", clock=clock).ok
    _login, bo_key, _id = redmine.new_user(project)
    other_store.accounts.add(
        name="ops", kind="redmine", base_url=redmine.url, project=project, scope="project", at=now
    )
    assert _sync(other_store, redmine, me="Bo", clock=clock, key=bo_key).accounts[0].received == 1

    clock.advance(timedelta(minutes=5))
    other_store.handoffs.acknowledge(
        handoff.id, by="Bo", at=clock.now(), read_back="Watch lag;\nrotate certs", question="Which db?"
    )
    assert (
        _sync(other_store, redmine, me="Bo", clock=clock, key=bo_key).accounts[0].acknowledgements_sent == 1
    )
    again = _sync(other_store, redmine, me="Bo", clock=clock, key=bo_key)
    assert again.ok and again.accounts[0].acknowledgements_sent == 0

    back = _sync(store, redmine, me="Ana", clock=clock)

    assert back.ok and back.accounts[0].acknowledgements_received == 1
    sent = store.handoffs.get(handoff.id)
    assert sent is not None and sent.state == HandoffState.ACKNOWLEDGED.value
    [ack] = store.handoffs.acknowledgements(handoff.id)
    assert (ack.by, ack.at, ack.read_back, ack.question) == (
        "Bo",
        clock.now(),
        "Watch lag;\nrotate certs",
        "Which db?",
    )
    issue = redmine.api("GET", f"/issues/{sent.remote_id}.json?include=journals")["issue"]
    assert issue["status"]["name"] == "Resolved"
    assert sum("baton-ack:" in (j["notes"] or "") for j in issue["journals"]) == 1
    assert other_store.outbox.counts()["done"] == 1


def test_a_timeout_after_the_write_landed_does_not_write_twice(
    store: Store, redmine: Redmine, project: str, now: datetime
) -> None:
    """The POST reaches Redmine but the answer is lost (read timeout): the next pass finds it."""
    account = store.accounts.add(
        name="ops", kind="redmine", base_url=redmine.url, project=project, scope="project", at=now
    )
    handoff = make_handoff()
    submit(store, handoff, account_id=account.id, at=now)
    real = httpx.HTTPTransport()

    def lose_issue_answers(request: httpx.Request) -> httpx.Response:
        response = real.handle_request(request)
        if request.method == "POST" and request.url.path == "/issues.json":
            response.read()
            raise httpx.ReadTimeout("answer lost", request=request)
        return response

    secrets = SessionSecretStore()
    secrets.set("ops", redmine.api_key)
    clock = FixedClock(now)
    engine, sessions = build_engine(
        store=store,
        secrets=secrets,
        clock=clock,
        me="Ana",
        transport=httpx.MockTransport(lose_issue_answers),
        retry=FAST_RETRY,
    )
    first = engine.run(force=True)
    close_sessions(sessions)
    real.close()

    assert first.accounts[0].status == "offline"
    assert [e.state for e in store.outbox.list()] == [OutboxState.PENDING.value]
    assert len(redmine.issues(project)) == 1, "the POST did land"
    second = _sync(store, redmine, me="Ana", clock=clock)
    assert second.ok and second.accounts[0].pushed == 1
    assert len(redmine.issues(project)) == 1
    assert store.outbox.counts() == {"pending": 0, "done": 1, "failed": 0}


def test_a_refused_token_asks_for_sign_in_and_keeps_the_outbox(
    store: Store, redmine: Redmine, project: str, now: datetime
) -> None:
    account = store.accounts.add(
        name="ops", kind="redmine", base_url=redmine.url, project=project, scope="project", at=now
    )
    handoff = make_handoff()
    submit(store, handoff, account_id=account.id, at=now)
    clock = FixedClock(now)

    summary = _sync(store, redmine, me="Ana", clock=clock, key="0" * 40)

    assert summary.accounts[0].status == "needs_sign_in" and not summary.ok
    assert "sign in" in summary.lines()[0]
    stored = store.accounts.get(account.id)
    assert stored is not None and stored.status == "needs_sign_in" and stored.status_since == now
    assert store.outbox.counts()["pending"] == 1
    assert redmine.issues(project) == []
    engine, sessions = _engine(store, redmine, me="Ana", clock=clock)
    assert engine.run().accounts[0].skipped, "a periodic pass does not push to it"
    close_sessions(sessions)
    adapter, session = _adapter(account, "0" * 40)
    with pytest.raises(Unauthorized):
        adapter.whoami()
    session.close()


def test_a_validation_error_fails_that_handoff_with_redmines_message_and_can_be_retried(
    store: Store, redmine: Redmine, now: datetime
) -> None:
    closed = redmine.new_project()
    redmine.api("PUT", f"/projects/{closed}.json", {"project": {"tracker_ids": []}})
    account = store.accounts.add(
        name="ops", kind="redmine", base_url=redmine.url, project=closed, scope="project", at=now
    )
    bad, good = make_handoff(), make_handoff()
    submit(store, bad, account_id=account.id, at=now)
    clock = FixedClock(now)

    summary = _sync(store, redmine, me="Ana", clock=clock)

    assert not summary.ok and summary.accounts[0].status == "ok"
    assert "Tracker cannot be blank" in summary.accounts[0].failed[0]
    failed = store.handoffs.get(bad.id)
    assert failed is not None and failed.state == HandoffState.FAILED.value
    [entry] = store.outbox.list()
    assert (
        entry.state == "failed"
        and entry.last_error is not None
        and "Tracker cannot be blank" in entry.last_error
    )
    # the user fixes the project in Redmine, then retries
    redmine.api("PUT", f"/projects/{closed}.json", {"project": {"tracker_ids": [1]}})
    store.handoffs.retry(bad.id, at=clock.now())
    submit(store, good, account_id=account.id, at=now)
    assert _sync(store, redmine, me="Ana", clock=clock).accounts[0].pushed == 2
    assert {h.state for h in (store.handoffs.get(bad.id), store.handoffs.get(good.id)) if h} == {"synced"}


def test_offline_keeps_the_outbox_and_syncs_later(
    store: Store, redmine: Redmine, project: str, now: datetime
) -> None:
    account = store.accounts.add(
        name="ops", kind="redmine", base_url="http://127.0.0.1:9", project=project, scope="project", at=now
    )
    handoff = make_handoff()
    submit(store, handoff, account_id=account.id, at=now)
    clock = FixedClock(now)

    first = _sync(store, redmine, me="Ana", clock=clock)

    result = first.accounts[0]
    assert result.status == "offline" and result.since == now and result.waiting == 1
    assert result.retry_at is not None and now + timedelta(seconds=30) <= result.retry_at <= now + timedelta(
        seconds=36
    )
    assert f"offline since {now:%H:%M}" in first.lines()[0]
    [entry] = store.outbox.list()
    assert entry.state == "pending" and entry.attempts == 1 and entry.next_attempt_at == result.retry_at
    engine, sessions = _engine(store, redmine, me="Ana", clock=clock)
    assert engine.run().accounts[0].skipped, "a periodic pass waits for the backoff"
    close_sessions(sessions)
    clock.advance(timedelta(minutes=10))
    later = _sync(store, redmine, me="Ana", clock=clock).accounts[0]
    assert later.status == "offline" and later.since == now, "offline since the first failure"
    assert later.retry_at is not None and later.retry_at - clock.now() >= timedelta(minutes=5)

    with store.session() as session:
        row = session.get(TrackerAccount, account.id)
        assert row is not None
        row.base_url = redmine.url
    back = _sync(store, redmine, me="Ana", clock=clock)
    assert back.ok and back.accounts[0].pushed == 1
    assert store.accounts.get(account.id) is not None and store.accounts.get(account.id).status == "ok"  # type: ignore[union-attr]
    assert len(redmine.issues(project)) == 1


def test_nothing_changed_costs_one_conditional_request_per_resource(
    store: Store, redmine: Redmine, project: str, now: datetime
) -> None:
    account = store.accounts.add(
        name="ops", kind="redmine", base_url=redmine.url, project=project, scope="project", at=now
    )
    for n in range(3):
        redmine.new_issue(project, f"task {n}")
    clock = FixedClock(now)
    engine, sessions = _engine(store, redmine, me="Ana", clock=clock)
    first = engine.run(force=True)
    assert first.accounts[0].tasks == 3
    engine.run(force=True)  # confirms the moved cursor and keeps the first page's ETag
    before = sessions[0].requests

    quiet = engine.run(force=True)

    assert quiet.ok and quiet.accounts[0].tasks == 0
    assert sessions[0].requests - before == 2, "one 304 for tasks, one for handoffs"
    redmine.new_issue(project, "a new one")
    assert engine.run(force=True).accounts[0].tasks >= 1
    assert store.tasks.count() == 4
    engine.run(force=True)
    before = sessions[0].requests
    assert engine.run(force=True).accounts[0].tasks == 0
    assert sessions[0].requests - before == 2
    close_sessions(sessions)
    cursor = store.cursors.get(account.id, "tasks")
    assert cursor.updated_since is not None and cursor.etag is not None


def test_tasks_in_scope_assigned_to_me_across_projects(store: Store, redmine: Redmine, now: datetime) -> None:
    first, second = redmine.new_project(), redmine.new_project()
    login, key, user_id = redmine.new_user(first)
    redmine.api(
        "POST", f"/projects/{second}/memberships.json", {"membership": {"user_id": user_id, "role_ids": [3]}}
    )
    mine = [
        redmine.new_issue(first, "mine 1", assigned_to_id=user_id, due_date="2026-12-01"),
        redmine.new_issue(second, "mine 2", assigned_to_id=user_id),
    ]
    redmine.new_issue(first, "not mine")
    account = store.accounts.add(
        name="me", kind="redmine", base_url=redmine.url, project=first, scope="assigned", at=now
    )
    adapter, session = _adapter(account, key)

    page = adapter.pull_tasks(Cursor())
    identity = adapter.whoami()
    session.close()

    assert identity.login == login and identity.user_id == str(user_id)
    assert sorted(t.external_id for t in page.tasks) == sorted(str(n) for n in mine)
    by_id = {t.external_id: t for t in page.tasks}
    task = by_id[str(mine[0])]
    assert (
        task.key == f"#{mine[0]}" and task.status == "New" and task.assignee == f"{login.capitalize()} Tester"
    )
    assert task.due_at == datetime(2026, 12, 1, tzinfo=UTC) and task.url == f"{redmine.url}/issues/{mine[0]}"
    assert page.cursor.updated_since is not None


def test_paging_reads_every_issue(redmine: Redmine, project: str, now: datetime, store: Store) -> None:
    for n in range(7):
        redmine.new_issue(project, f"t{n}")
    account = store.accounts.add(
        name="ops", kind="redmine", base_url=redmine.url, project=project, scope="project", at=now
    )
    adapter, session = _adapter(account, redmine.api_key)
    client = adapter.client  # type: ignore[attr-defined]
    pages = list(client.issue_pages({"project_id": project, "status_id": "*"}, limit=3))
    session.close()
    assert [len(p.issues) for p in pages] == [3, 3, 1]
    assert session.requests == 3


def test_find_handoff_and_link_task_are_idempotent(
    store: Store, redmine: Redmine, project: str, now: datetime
) -> None:
    account = store.accounts.add(
        name="ops", kind="redmine", base_url=redmine.url, project=project, scope="project", at=now
    )
    adapter, session = _adapter(account, redmine.api_key)
    handoff = make_handoff()
    assert adapter.find_handoff(handoff.id) is None
    ref = adapter.create_handoff(handoff, assignee=None)
    task = redmine.new_issue(project, "a task")

    assert adapter.find_handoff(handoff.id) == ref
    assert adapter.find_handoff(make_handoff().id) is None
    adapter.link_task(f"#{task}", ref, handoff.id)
    adapter.link_task(f"#{task}", ref, handoff.id)
    ack = Acknowledgement(handoff_id=handoff.id, by="Bo", at=now)
    first = adapter.acknowledge(ref, ack)
    assert adapter.acknowledge(ref, ack) == first
    with pytest.raises(Rejected) as refused:
        adapter.link_task("PROJ-1", ref, handoff.id)
    session.close()

    journals = redmine.api("GET", f"/issues/{task}.json?include=journals")["issue"]["journals"]
    assert len([j for j in journals if j["notes"]]) == 1
    assert "not a Redmine issue number" in str(refused.value)
