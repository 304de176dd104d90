"""The GitHub adapter against the validating fake GitHub: every request it sends and every
response it reads is checked against GitHub's OpenAPI description (see conftest)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from hypothesis import HealthCheck, given, settings

from app.handoff import wire
from app.store.records import HandoffRecord
from sync.errors import MalformedResponse, Offline, RateLimited, Rejected, Unauthorized
from sync.github import GitHubAdapter, build_github_session, mapping
from sync.http import HttpSession
from sync.protocol import Acknowledgement, Cursor, RemoteRef, TrackerAdapter
from tests.sync.github.conftest import FAST, TOKENS, connect_to, new_fake
from tests.sync.github.fake_github import FakeGitHub
from tests.sync.github.handoffs import example_handoff, handoffs
from tests.sync.github.openapi_contract import Contract

Connect = Callable[..., GitHubAdapter]


def test_adapter_implements_the_protocol(connect: Connect) -> None:
    adapter: TrackerAdapter = connect()
    assert isinstance(adapter, GitHubAdapter)


def test_whoami_reads_the_token_user(connect: Connect, github: FakeGitHub) -> None:
    alice = connect("alice").whoami()
    bob = connect("bob").whoami()

    assert (alice.user_id, alice.login, alice.name) == ("101", "alice", "Alice Archer")
    assert (bob.login, bob.name) == ("bob", "bob")  # no display name on GitHub → login
    request = github.requests[0]
    assert request.headers["authorization"] == f"Bearer {TOKENS['alice']}"
    assert request.headers["x-github-api-version"] == "2022-11-28"
    assert request.headers["user-agent"].startswith("Baton/")


def test_bad_token_is_unauthorized_without_the_token_in_the_message(
    github: FakeGitHub, caplog: pytest.LogCaptureFixture
) -> None:
    sessions: list[HttpSession] = []
    adapter = connect_to(github, sessions)
    github.users["alice"].token = "ghp_rotatedAway"

    with pytest.raises(Unauthorized) as raised:
        adapter.whoami()

    assert TOKENS["alice"] not in str(raised.value)
    assert TOKENS["alice"] not in caplog.text
    sessions[0].close()


def _issues(github: FakeGitHub, count: int, *, assignee: str = "alice") -> list[int]:
    return [github.add_issue(f"Task {n}", by="bob", assignees=(assignee,)) for n in range(count)]


def test_pull_tasks_follows_link_pages_and_skips_pull_requests_and_handoffs(
    connect: Connect, github: FakeGitHub
) -> None:
    mine = _issues(github, 230)
    _issues(github, 5, assignee="bob")
    github.add_issue("A pull request", by="bob", assignees=("alice",), pull_request=True)
    github.add_issue("A handoff", by="bob", assignees=("alice",), labels=("handoff",))
    adapter = connect(login="alice")

    page = adapter.pull_tasks(Cursor())

    assert sorted(int(t.key[1:]) for t in page.tasks) == mine
    lists = github.requests_to("GET", "/issues")
    assert len(lists) == 3  # 232 items at 100 per page
    assert lists[0].url.params["assignee"] == "alice"
    assert lists[1].url.path == f"/repositories/{github.repo_id}/issues"  # the link, as given
    assert lists[2].url.params["page"] == "3"
    newest = max(github.issues[n].updated_at for n in github.issues)
    assert page.cursor.updated_since == newest
    assert page.cursor.etag is not None and not page.not_modified


def test_pull_tasks_maps_issue_fields(connect: Connect, github: FakeGitHub) -> None:
    due = datetime(2026, 12, 1, 17, 0, tzinfo=UTC)
    number = github.add_issue("Ship it", by="bob", assignees=("alice",), milestone_due=due)
    github.issues[number].state, github.issues[number].state_reason = "closed", "not_planned"

    (task,) = connect(login="alice").pull_tasks(Cursor()).tasks

    issue = github.issues[number]
    assert task.external_id == str(issue.id)
    assert (task.key, task.title, task.status, task.assignee) == (
        f"#{number}",
        "Ship it",
        "closed: not_planned",
        "alice",
    )
    assert task.due_at == due
    assert task.url == f"https://github.com/octo-org/handoffs/issues/{number}"
    assert task.remote_updated_at == issue.updated_at


def test_repository_scope_pulls_every_issue(connect: Connect, github: FakeGitHub) -> None:
    _issues(github, 3)
    _issues(github, 2, assignee="bob")
    github.add_issue("Unassigned", by="bob")

    page = connect(scope="project").pull_tasks(Cursor())

    assert len(page.tasks) == 6
    assert "assignee" not in github.requests_to("GET", "/issues")[0].url.params


def test_incremental_pull_sends_since_and_returns_only_changes(connect: Connect, github: FakeGitHub) -> None:
    numbers = _issues(github, 40)
    adapter = connect(login="alice")
    first = adapter.pull_tasks(Cursor())
    github.advance(60)
    github.touch(numbers[3])
    github.touch(numbers[17])

    second = adapter.pull_tasks(first.cursor)

    request = github.requests_to("GET", "/issues")[-1]
    assert request.url.params["since"] == first.cursor.updated_since.strftime("%Y-%m-%dT%H:%M:%SZ")
    changed = {f"#{numbers[3]}", f"#{numbers[17]}"}
    keys = {t.key for t in second.tasks}
    # ``since`` is inclusive: the newest issue of the last pull comes back once more
    assert keys - changed == {f"#{numbers[-1]}"} and changed <= keys
    assert second.cursor.updated_since == github.issues[numbers[17]].updated_at


def test_nothing_changed_costs_one_conditional_request_answered_304(
    connect: Connect, github: FakeGitHub
) -> None:
    _issues(github, 150)
    adapter = connect(login="alice")
    cursor = adapter.pull_tasks(Cursor()).cursor
    cursor = adapter.pull_tasks(cursor).cursor  # the since window moved: one plain answer
    before, remaining = len(github.requests), github.rate_limit_remaining["alice"]

    page = adapter.pull_tasks(cursor)

    assert page.not_modified and page.tasks == () and page.cursor == cursor
    assert len(github.requests) - before == 1
    assert github.requests[-1].headers["if-none-match"] == cursor.etag
    assert github.rate_limit_remaining["alice"] == remaining  # 304s are free (GitHub docs)


def test_a_change_after_304_is_seen(connect: Connect, github: FakeGitHub) -> None:
    numbers = _issues(github, 120)
    adapter = connect(login="alice")
    cursor = adapter.pull_tasks(adapter.pull_tasks(Cursor()).cursor).cursor
    assert adapter.pull_tasks(cursor).not_modified
    github.advance(5)
    github.touch(numbers[0])  # the oldest issue: sorted by update it jumps to the first page

    page = adapter.pull_tasks(cursor)

    assert not page.not_modified
    assert f"#{numbers[0]}" in {t.key for t in page.tasks}


def test_create_then_find(connect: Connect, github: FakeGitHub) -> None:
    alice = connect(login="alice")
    handoff = example_handoff()
    assert alice.find_handoff(handoff.id) is None

    ref = alice.create_handoff(handoff, assignee="bob")

    issue = github.issues[int(ref.remote_id)]
    assert issue.labels == ["handoff"] and issue.assignees == ["bob"]
    assert issue.title == "Payments outage follow-up"
    assert "@bob" in (issue.body or "") and "## Decisions needed" in (issue.body or "")
    assert "<script>" not in (issue.body or "")  # user text cannot inject HTML
    assert ref.url == f"https://github.com/octo-org/handoffs/issues/{ref.remote_id}"
    assert alice.find_handoff(handoff.id) == ref
    assert connect("bob").find_handoff(handoff.id) is None  # only the author's own issues count


def test_timeout_after_the_write_then_retry_finds_it_without_a_duplicate(
    connect: Connect, github: FakeGitHub
) -> None:
    alice = connect(login="alice")
    github.add_issue("Older handoff", by="alice", labels=("handoff",))
    handoff = example_handoff()
    github.time_out_after_next_write()

    with pytest.raises(Offline):
        alice.create_handoff(handoff, assignee="bob")
    # the engine's retry: find first, write only when nothing is found
    found = alice.find_handoff(handoff.id)

    assert found is not None
    assert len(github.requests_to("POST", "/issues")) == 1  # a POST is never re-sent blindly
    copies = [n for n, i in github.issues.items() if mapping.carries_handoff(i.body, handoff.id)]
    assert copies == [int(found.remote_id)]


def test_find_walks_every_page(connect: Connect, github: FakeGitHub) -> None:
    alice = connect(login="alice")
    handoff = example_handoff()
    ref = alice.create_handoff(handoff, assignee=None)
    for n in range(120):
        github.add_issue(f"Later handoff {n}", by="alice", labels=("handoff",))

    assert alice.find_handoff(handoff.id) == ref
    assert len(github.requests_to("GET", "/issues")) == 2


@settings(max_examples=25, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(handoff=handoffs())
def test_push_then_pull_rebuilds_the_identical_handoff(
    github_contract: Contract, handoff: HandoffRecord
) -> None:
    fake = new_fake(github_contract)
    sessions: list[HttpSession] = []
    alice = connect_to(fake, sessions, "alice", login="alice")
    bob = connect_to(fake, sessions, "bob", login="bob")
    try:
        ref = alice.create_handoff(handoff, assignee="bob")
        incoming = bob.pull_handoffs(Cursor())
        outgoing = alice.pull_handoffs(Cursor())
    finally:
        for session in sessions:
            session.close()

    assert not fake.violations, fake.violations
    (remote,) = incoming.handoffs
    assert remote.ref == ref
    assert wire.to_wire(remote.handoff) == wire.to_wire(handoff)
    assert remote.handoff.incoming and remote.handoff.state == "synced"
    (mine,) = outgoing.handoffs
    assert not mine.handoff.incoming  # the sender sees its own handoff only for its acknowledgements


def test_handoffs_for_someone_else_are_not_pulled(connect: Connect) -> None:
    connect("alice", login="alice").create_handoff(example_handoff(recipient="Carol"), assignee="carol")
    connect("alice", login="alice").create_handoff(example_handoff(recipient="Team Asia"), assignee=None)

    bob = connect("bob", login="bob", recipient_names={"Team Asia"})
    page = bob.pull_handoffs(Cursor())

    assert [h.handoff.recipient for h in page.handoffs] == ["Team Asia"]


def test_acknowledgement_round_trip(connect: Connect, github: FakeGitHub) -> None:
    alice, bob = connect("alice", login="alice"), connect("bob", login="bob")
    handoff = example_handoff()
    ref = alice.create_handoff(handoff, assignee="bob")
    (incoming,) = bob.pull_handoffs(Cursor()).handoffs
    ack = Acknowledgement(
        handoff_id=incoming.handoff.id,
        by="Bob",
        at=datetime(2026, 11, 21, 9, 1, 2, 3, tzinfo=UTC),
        read_back="Settlements rerun; call the bank at 10:00 -->",
        question="Which batch first?\n<b>really</b>",
    )

    comment_id = bob.acknowledge(incoming.ref, ack)
    again = bob.acknowledge(incoming.ref, ack)  # a retry after a crash

    issue = github.issues[int(ref.remote_id)]
    assert again == comment_id and len(issue.comments) == 1
    assert (issue.state, issue.state_reason) == ("closed", "completed")
    assert len(github.requests_to("PATCH")) == 1
    (mine,) = alice.pull_handoffs(Cursor()).handoffs
    assert mine.acknowledgements == (
        Acknowledgement(
            handoff_id=handoff.id,
            by="Bob",
            at=ack.at,
            read_back=ack.read_back,
            question=ack.question,
            remote_id=comment_id,
        ),
    )


def test_pull_handoffs_is_incremental_and_conditional(connect: Connect, github: FakeGitHub) -> None:
    alice, bob = connect("alice", login="alice"), connect("bob", login="bob")
    first = example_handoff()
    alice.create_handoff(first, assignee="bob")
    cursor = bob.pull_handoffs(Cursor()).cursor
    cursor = bob.pull_handoffs(cursor).cursor
    assert bob.pull_handoffs(cursor).not_modified
    github.advance(30)
    second = example_handoff()
    alice.create_handoff(second, assignee="bob")

    page = bob.pull_handoffs(cursor)

    ids = [h.handoff.id for h in page.handoffs]
    assert ids[0] == second.id and ids[1:] == [first.id]  # the first comes back once (inclusive since)
    assert github.requests_to("GET", "/issues")[-1].url.params["since"] is not None


def test_link_task_comments_once(connect: Connect, github: FakeGitHub) -> None:
    task = github.add_issue("Settlements", by="bob", assignees=("alice",))
    alice = connect(login="alice")
    handoff = example_handoff()
    ref = alice.create_handoff(handoff, assignee="bob")

    alice.link_task(f"#{task}", ref, handoff.id)
    alice.link_task(f"octo-org/handoffs#{task}", ref, handoff.id)

    (comment,) = github.issues[task].comments
    assert ref.url in comment.body and handoff.id in comment.body
    with pytest.raises(Rejected):
        alice.link_task("PROJ-42", ref, handoff.id)


def test_primary_rate_limit_waits_for_the_announced_reset(
    connect: Connect, github: FakeGitHub, caplog: pytest.LogCaptureFixture
) -> None:
    github.rate_limit_remaining["alice"] = 0

    with pytest.raises(RateLimited) as raised:
        connect(login="alice").pull_tasks(Cursor())

    assert raised.value.retry_at == datetime.fromtimestamp(github.rate_limit_reset, UTC)
    assert len(github.requests) == 1
    assert TOKENS["alice"] not in str(raised.value) + caplog.text


def test_secondary_rate_limit_honours_retry_after(connect: Connect, github: FakeGitHub) -> None:
    github.secondary_rate_limit(retry_after=120)

    with pytest.raises(RateLimited) as raised:
        connect(login="alice").create_handoff(example_handoff(), assignee="bob")

    assert raised.value.retry_at == github.now + timedelta(seconds=120)
    assert github.issues == {}


def test_secondary_rate_limit_without_headers_waits_a_minute(connect: Connect, github: FakeGitHub) -> None:
    github.secondary_rate_limit(retry_after=None)

    with pytest.raises(RateLimited) as raised:
        connect(login="alice").pull_tasks(Cursor())

    assert raised.value.retry_at == github.now + timedelta(minutes=1)


def test_validation_error_is_rejected_with_githubs_message(connect: Connect, github: FakeGitHub) -> None:
    with pytest.raises(Rejected) as raised:
        connect(login="alice").create_handoff(example_handoff(), assignee="nobody-here")

    assert raised.value.status == 422
    assert "Validation Failed" in raised.value.message
    assert github.issues == {}


def test_a_body_over_githubs_limit_is_refused_before_sending(connect: Connect, github: FakeGitHub) -> None:
    handoff = example_handoff()
    huge = type(handoff.items[0])(section="completed", text="x" * 70_000)

    with pytest.raises(Rejected) as raised:
        connect(login="alice").create_handoff(
            HandoffRecord(**{**vars(handoff), "items": (huge,)}), assignee="bob"
        )

    assert "too long" in str(raised.value)
    assert github.requests_to("POST") == []


def test_truncated_json_is_a_malformed_response(connect: Connect, github: FakeGitHub) -> None:
    _issues(github, 3)
    github.truncate_next_response()

    with pytest.raises(MalformedResponse):
        connect(login="alice").pull_tasks(Cursor())


def test_next_link_to_another_host_is_not_followed(github: FakeGitHub) -> None:
    _issues(github, 150)

    def hijack(request: httpx.Request) -> httpx.Response:
        response = github.handle(request)
        link = response.headers.get("link", "").replace("https://api.github.com", "https://evil.example")
        headers = {**response.headers, "link": link}
        return httpx.Response(response.status_code, headers=headers, content=response.content)

    session = build_github_session(token=TOKENS["alice"], transport=httpx.MockTransport(hijack), retry=FAST)
    adapter = GitHubAdapter(session=session, repo="octo-org/handoffs", login="alice")
    try:
        with pytest.raises(MalformedResponse, match="another host"):
            adapter.pull_tasks(Cursor())
    finally:
        session.close()
    assert len(github.requests) == 1


def test_dropped_label_is_reported(
    connect: Connect, github: FakeGitHub, caplog: pytest.LogCaptureFixture
) -> None:
    ref = connect("carol", login="carol").create_handoff(example_handoff(), assignee="bob")

    assert github.issues[int(ref.remote_id)].labels == []
    assert "dropped the 'handoff' label" in caplog.text
    caplog.clear()


def test_a_damaged_copy_is_skipped_with_a_warning(
    connect: Connect, github: FakeGitHub, caplog: pytest.LogCaptureFixture
) -> None:
    alice = connect("alice", login="alice")
    good = example_handoff()
    alice.create_handoff(good, assignee="bob")
    damaged = alice.create_handoff(example_handoff(), assignee="bob")
    issue = github.issues[int(damaged.remote_id)]
    issue.body = (issue.body or "").replace(
        "<!-- baton:handoff v1 to=bob ", "<!-- baton:handoff v1 to=bob !!"
    )
    issue.body = issue.body.replace(" !!", " ")[:-30] + "A -->\n"

    page = connect("bob", login="bob").pull_handoffs(Cursor())

    assert [h.handoff.id for h in page.handoffs] == [good.id]
    assert "skipping handoff issue" in caplog.text
    caplog.clear()


def test_login_is_looked_up_once_when_not_given(connect: Connect, github: FakeGitHub) -> None:
    adapter = connect("alice")
    adapter.pull_tasks(Cursor())
    adapter.pull_handoffs(Cursor())

    assert len(github.requests_to("GET", "/user")) == 1


def test_constructor_refuses_bad_settings(github: FakeGitHub) -> None:
    session = build_github_session(token="t", transport=github.transport())
    with pytest.raises(ValueError, match="OWNER/NAME"):
        GitHubAdapter(session=session, repo="just-a-name")
    with pytest.raises(ValueError, match="scope"):
        GitHubAdapter(session=session, repo="o/r", scope="everything")
    session.close()


def test_whoami_forbidden_means_sign_in_again(connect: Connect, github: FakeGitHub) -> None:
    github.fail_next("GET", 403, "Resource not accessible by personal access token")

    with pytest.raises(Unauthorized, match="not accessible"):
        connect().whoami()


def test_acknowledgement_stands_when_closing_is_not_allowed(
    connect: Connect, github: FakeGitHub, caplog: pytest.LogCaptureFixture
) -> None:
    ref = connect("alice", login="alice").create_handoff(example_handoff(), assignee="bob")
    ack = Acknowledgement(handoff_id="h", by="Bob", at=datetime(2026, 11, 21, 9, 5, tzinfo=UTC))
    github.fail_next("PATCH", 403, "Must have admin rights to Repository.")

    comment_id = connect("bob", login="bob").acknowledge(ref, ack)

    issue = github.issues[int(ref.remote_id)]
    assert issue.state == "open" and [str(c.id) for c in issue.comments] == [comment_id]
    assert "did not let Baton close" in caplog.text
    caplog.clear()


def test_other_refusals_while_closing_are_raised(connect: Connect, github: FakeGitHub) -> None:
    ref = connect("alice", login="alice").create_handoff(example_handoff(), assignee="bob")
    ack = Acknowledgement(handoff_id="h", by="Bob", at=datetime(2026, 11, 21, 9, 5, tzinfo=UTC))
    github.fail_next("PATCH", 422, "Validation Failed")

    with pytest.raises(Rejected):
        connect("bob", login="bob").acknowledge(ref, ack)
    with pytest.raises(Rejected, match="issue number"):
        connect("bob", login="bob").acknowledge(RemoteRef("x1", ref.url), ack)


def test_pull_requests_and_unmarked_issues_with_the_label_are_ignored(
    connect: Connect, github: FakeGitHub
) -> None:
    github.add_issue("PR", by="alice", labels=("handoff",), assignees=("bob",), pull_request=True)
    github.add_issue("Labelled by hand", by="alice", labels=("handoff",), assignees=("bob",), body="hi")
    github.add_issue("No body", by="alice", labels=("handoff",), assignees=("bob",))

    page = connect("bob", login="bob").pull_handoffs(Cursor())

    assert page.handoffs == () and page.cursor.updated_since == github.now


def test_an_unknown_author_zone_renders_in_utc(connect: Connect, github: FakeGitHub) -> None:
    handoff = HandoffRecord(**{**vars(example_handoff()), "author_zone": "Mars/Olympus_Mons"})

    ref = connect(login="alice").create_handoff(handoff, assignee="bob")

    assert "UTC" in (github.issues[int(ref.remote_id)].body or "")


def _hijacked(github: FakeGitHub, edit: Callable[[httpx.Request, object], object]) -> GitHubAdapter:
    """An adapter whose responses pass through ``edit(request, json) -> json`` after the fake
    (and its validation) answered: a way to send what GitHub's description forbids."""

    def handler(request: httpx.Request) -> httpx.Response:
        response = github.handle(request)
        if not response.content:
            return response
        body = edit(request, response.json())
        return httpx.Response(response.status_code, headers=response.headers, json=body)

    session = build_github_session(token=TOKENS["alice"], transport=httpx.MockTransport(handler), retry=FAST)
    return GitHubAdapter(session=session, repo="octo-org/handoffs", login="alice")


def test_an_issue_with_a_broken_field_is_a_malformed_response(github: FakeGitHub) -> None:
    _issues(github, 2)

    def break_dates(request: httpx.Request, body: object) -> object:
        assert isinstance(body, list)
        return [{**item, "updated_at": "yesterday"} for item in body]

    adapter = _hijacked(github, break_dates)
    with pytest.raises(MalformedResponse, match="updated_at"):
        adapter.pull_tasks(Cursor())
    adapter.client.session.close()


def test_a_list_that_is_not_a_list_is_a_malformed_response(github: FakeGitHub) -> None:
    _issues(github, 2)
    adapter = _hijacked(github, lambda request, body: {"items": body})

    with pytest.raises(MalformedResponse, match="list"):
        adapter.pull_tasks(Cursor())
    with pytest.raises(MalformedResponse):
        adapter.whoami()  # /user answered with an object, but not a user
    adapter.client.session.close()


def test_a_created_issue_that_is_not_an_object_is_a_malformed_response(github: FakeGitHub) -> None:
    adapter = _hijacked(github, lambda request, body: [body] if request.method == "POST" else body)

    with pytest.raises(MalformedResponse, match="object"):
        adapter.create_handoff(example_handoff(), assignee="bob")
    assert adapter.client.requests == 1
    adapter.client.session.close()


def test_whoami_passes_other_refusals_on(connect: Connect, github: FakeGitHub) -> None:
    github.fail_next("GET", 404, "Not Found")

    with pytest.raises(Rejected) as raised:
        connect().whoami()

    assert raised.value.status == 404


def test_acknowledging_an_issue_without_a_state_is_a_malformed_response(github: FakeGitHub) -> None:
    number = github.add_issue("Handoff", by="alice", labels=("handoff",))

    def drop_state(request: httpx.Request, body: object) -> object:
        if isinstance(body, dict) and "state" in body:
            return {k: v for k, v in body.items() if k != "state"}
        return body

    adapter = _hijacked(github, drop_state)
    ack = Acknowledgement(handoff_id="h", by="Bob", at=datetime(2026, 11, 21, 9, 5, tzinfo=UTC))
    with pytest.raises(MalformedResponse, match="state"):
        adapter.acknowledge(RemoteRef(str(number), "https://github.com/octo-org/handoffs/issues/1"), ack)
    adapter.client.session.close()


def test_a_damaged_acknowledgement_is_skipped_with_a_warning(
    connect: Connect, github: FakeGitHub, caplog: pytest.LogCaptureFixture
) -> None:
    alice = connect("alice", login="alice")
    ref = alice.create_handoff(example_handoff(), assignee="bob")
    github.add_comment(int(ref.remote_id), "Thanks! <!-- baton:ack v1 AAA -->", by="bob")
    github.add_comment(int(ref.remote_id), "A plain comment", by="bob")

    (mine,) = alice.pull_handoffs(Cursor()).handoffs

    assert mine.acknowledgements == ()
    assert "skipping acknowledgement comment" in caplog.text
    caplog.clear()
