"""The shared HTTP layer, with ``httpx.MockTransport`` only for what the real Redmine cannot do:
rate limits (Redmine has none), server errors and truncated bodies.

Behaviour sources: RFC 9110 §10.2.3 (``Retry-After``: delay-seconds or HTTP-date), RFC 6585 §4
(429), GitHub REST docs "Rate limits for the REST API" (403/429 with ``X-RateLimit-Remaining: 0``
and ``X-RateLimit-Reset`` in epoch seconds), Redmine REST API "Issues" (422 ``{"errors": [...]}``).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from app.clock import FixedClock
from app.store.store import Store
from sync.engine import SyncEngine
from sync.errors import MalformedResponse, Offline, RateLimited, Rejected, Unauthorized, Unavailable
from sync.http import USER_AGENT, HttpSession, RetryPolicy, build_client, json_of, retry_at_from
from sync.redmine.adapter import RedmineAdapter
from sync.redmine.client import RedmineClient, redmine_http_client
from tests.sync.conftest import make_handoff, submit

NOW = datetime(2026, 11, 21, 9, 30, tzinfo=UTC)
FAST = RetryPolicy(
    attempts=3, timeout=5, wait_initial=0.001, wait_max=0.002, wait_jitter=0.0, max_inline_wait=2
)


def _session(
    handler: Callable[[httpx.Request], httpx.Response], *, sleeps: list[float] | None = None
) -> HttpSession:
    client = build_client(
        base_url="https://tracker.example",
        headers={"X-Key": "s3cret"},
        transport=httpx.MockTransport(handler),
    )
    return HttpSession(client, retry=FAST, now=lambda: NOW)


def test_every_request_has_user_agent_timeouts_and_no_cookie_jar() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={}, headers={"Set-Cookie": "session=abc; Path=/"})

    session = _session(handler)
    session.request("GET", "/a")
    session.request("GET", "/b")

    assert seen[0].headers["User-Agent"] == USER_AGENT and USER_AGENT.startswith("Baton/")
    assert "cookie" not in seen[1].headers
    assert session.client.timeout.connect == 5.0 and session.client.timeout.read == 20.0
    assert session.requests == 2


def test_server_errors_are_retried_quietly_for_reads() -> None:
    answers = iter([httpx.Response(502), httpx.Response(503), httpx.Response(200, json={"ok": True})])
    session = _session(lambda request: next(answers))
    assert json_of(session.request("GET", "/issues.json")) == {"ok": True}
    assert session.requests == 3


def test_server_errors_that_persist_raise_unavailable() -> None:
    session = _session(lambda request: httpx.Response(500))
    with pytest.raises(Unavailable, match="HTTP 500"):
        session.request("GET", "/x")
    assert session.requests == 3


def test_a_write_that_may_have_landed_is_not_retried() -> None:
    """A POST answered 5xx or timed out may have been applied: the engine finds it instead."""
    calls: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request.method)
        raise httpx.ReadTimeout("slow", request=request)

    session = _session(handler)
    with pytest.raises(Offline, match="did not answer in time"):
        session.request("POST", "/issues.json", json_body={})
    assert calls == ["POST"]


def test_a_refused_connection_is_retried_then_offline() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    session = _session(handler)
    with pytest.raises(Offline, match=r"cannot reach tracker\.example"):
        session.request("POST", "/issues.json", json_body={})
    assert session.requests == 3, "nothing was sent, so even a POST is retried"


def test_a_short_retry_after_is_waited_through() -> None:
    answers = iter([httpx.Response(429, headers={"Retry-After": "1"}), httpx.Response(200, json=[])])
    session = _session(lambda request: next(answers))
    assert session.request("GET", "/x").status_code == 200


def test_a_long_retry_after_raises_rate_limited_with_the_reset() -> None:
    session = _session(lambda request: httpx.Response(429, headers={"Retry-After": "120"}))
    with pytest.raises(RateLimited) as limited:
        session.request("GET", "/x")
    assert limited.value.retry_at == NOW + timedelta(seconds=120)
    assert "until 09:32" in str(limited.value)


def test_github_style_403_with_exhausted_quota_is_a_rate_limit() -> None:
    reset = int((NOW + timedelta(minutes=10)).timestamp())
    headers = {"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": str(reset)}
    session = _session(
        lambda request: httpx.Response(403, headers=headers, json={"message": "API rate limit exceeded"})
    )
    with pytest.raises(RateLimited) as limited:
        session.request("GET", "/x")
    assert limited.value.retry_at == NOW + timedelta(minutes=10)


def test_retry_after_as_http_date_and_garbage() -> None:
    request = httpx.Request("GET", "https://t/x")
    dated = httpx.Response(429, headers={"Retry-After": "Sat, 21 Nov 2026 09:45:00 GMT"}, request=request)
    assert retry_at_from(dated, now=NOW) == NOW + timedelta(minutes=15)
    assert (
        retry_at_from(httpx.Response(429, headers={"Retry-After": "soon"}, request=request), now=NOW) is None
    )
    limited = _session(lambda r: httpx.Response(429))
    with pytest.raises(RateLimited) as error:
        limited.request("GET", "/x")
    assert error.value.retry_at == NOW + timedelta(seconds=60), "no header: wait a minute"


def test_client_errors_carry_the_trackers_message_and_never_the_token() -> None:
    session = _session(
        lambda r: httpx.Response(422, json={"errors": ["Subject cannot be blank", "Tracker is invalid"]})
    )
    with pytest.raises(Rejected) as refused:
        session.request("POST", "/issues.json", json_body={})
    assert (
        refused.value.message == "Subject cannot be blank; Tracker is invalid" and refused.value.status == 422
    )
    assert "s3cret" not in str(refused.value)
    with pytest.raises(Unauthorized):
        _session(lambda r: httpx.Response(401)).request("GET", "/x")
    with pytest.raises(Rejected, match="HTTP 404 Not Found"):
        _session(lambda r: httpx.Response(404, text="<html>")).request("GET", "/x")
    with pytest.raises(Rejected, match="redirects to https://elsewhere"):
        _session(lambda r: httpx.Response(301, headers={"Location": "https://elsewhere"})).request(
            "GET", "/x"
        )


def test_truncated_json_is_a_typed_error() -> None:
    session = _session(lambda r: httpx.Response(200, content=b'{"issues": [{"id": 1, "subj'))
    with pytest.raises(MalformedResponse, match=r"invalid JSON for /issues\.json"):
        json_of(session.request("GET", "/issues.json"))


def _redmine_adapter(handler: Callable[[httpx.Request], httpx.Response]) -> RedmineAdapter:
    client = redmine_http_client("https://redmine.example", "s3cret", transport=httpx.MockTransport(handler))
    session = HttpSession(client, retry=FAST, now=lambda: NOW)
    return RedmineAdapter(
        client=RedmineClient(session), project="ops", scope="project", render=lambda h: h.title
    )


def _me(request: httpx.Request) -> httpx.Response | None:
    if request.url.path == "/users/current.json":
        return httpx.Response(
            200, json={"user": {"id": 1, "login": "ana", "firstname": "Ana", "lastname": "L"}}
        )
    return None


def test_the_engine_marks_a_rate_limited_account_and_keeps_its_entries(store: Store) -> None:
    clock = FixedClock(NOW)
    account = store.accounts.add(
        name="ops", kind="redmine", base_url="https://redmine.example", project="ops", at=NOW
    )
    submit(store, make_handoff(), account_id=account.id, at=NOW)
    adapter = _redmine_adapter(lambda r: _me(r) or httpx.Response(429, headers={"Retry-After": "600"}))
    engine = SyncEngine(store=store, adapters={account.id: adapter}, clock=clock, me="Ana")

    summary = engine.run(force=True)

    result = summary.accounts[0]
    assert result.status == "rate_limited" and result.retry_at == NOW + timedelta(minutes=10)
    assert summary.lines()[0] == "ops (redmine): rate limited until 09:40"
    [entry] = store.outbox.list()
    assert entry.state == "pending" and entry.next_attempt_at == NOW + timedelta(minutes=10)
    assert engine.run(force=True).accounts[0].skipped, "even a forced pass respects the reset"
    adapter.client.session.close()


def test_the_engine_reports_a_malformed_answer_and_retries_later(
    store: Store, caplog: pytest.LogCaptureFixture
) -> None:
    clock = FixedClock(NOW)
    account = store.accounts.add(
        name="ops", kind="redmine", base_url="https://redmine.example", project="ops", at=NOW
    )
    submit(store, make_handoff(), account_id=account.id, at=NOW)
    adapter = _redmine_adapter(lambda r: _me(r) or httpx.Response(200, content=b'{"issues": [{"id"'))
    engine = SyncEngine(store=store, adapters={account.id: adapter}, clock=clock, me="Ana")

    summary = engine.run(force=True)

    assert not summary.ok and "invalid JSON" in summary.accounts[0].problems[0]
    [entry] = store.outbox.list()
    assert entry.state == "pending" and entry.attempts == 1 and entry.next_attempt_at is not None
    assert [r.levelname for r in caplog.records if r.name == "sync.engine"] == ["WARNING"]
    caplog.clear()
    adapter.client.session.close()


def test_an_account_without_a_token_needs_sign_in(store: Store) -> None:
    account = store.accounts.add(
        name="ops", kind="redmine", base_url="https://redmine.example", project="ops", at=NOW
    )
    summary = SyncEngine(store=store, adapters={}, clock=FixedClock(NOW), me="Ana").run()
    assert summary.accounts[0].status == "needs_sign_in" and "no token" in summary.lines()[0]
    assert store.accounts.get(account.id) is not None
