"""The validation itself: it must catch bad traffic, or every other GitHub test proves nothing."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest

from sync.errors import Rejected
from sync.github.client import GitHubClient, build_github_session
from tests.sync.github.conftest import FAST, TOKENS
from tests.sync.github.fake_github import API, FakeGitHub
from tests.sync.github.openapi_contract import Contract, SpecUnavailable, openapi_description_path

ISSUES = "/repos/octo-org/handoffs/issues"


def _client(github: FakeGitHub) -> GitHubClient:
    session = build_github_session(token=TOKENS["alice"], transport=github.transport(), retry=FAST)
    return GitHubClient(session)


def test_labels_as_a_string_is_caught_and_refused(github: FakeGitHub) -> None:
    client = _client(github)

    with pytest.raises(Rejected) as raised:
        client.post(ISSUES, {"title": "Handoff", "body": "text", "labels": "handoff"})
    client.session.close()

    assert raised.value.status == 422 and "Invalid request" in raised.value.message
    assert len(github.violations) == 1 and "labels" in github.violations[0]
    assert github.issues == {}
    github.violations.clear()


def test_missing_title_and_comment_without_body_are_caught(github: FakeGitHub) -> None:
    number = github.add_issue("Task", by="bob")
    client = _client(github)

    for path, body in [(ISSUES, {"body": "no title"}), (f"{ISSUES}/{number}/comments", {"text": "x"})]:
        with pytest.raises(Rejected):
            client.post(path, body)
    client.session.close()

    assert len(github.violations) == 2
    github.violations.clear()


def test_a_bad_query_value_is_caught(github: FakeGitHub) -> None:
    client = _client(github)

    with pytest.raises(Rejected):
        client.list_all(ISSUES, {"state": "everything"})
    client.session.close()

    assert "state" in github.violations[0]
    github.violations.clear()


def test_missing_github_headers_are_caught(github: FakeGitHub) -> None:
    plain = httpx.Client(transport=github.transport(), headers={"Authorization": f"Bearer {TOKENS['alice']}"})

    plain.get(f"{API}/user")
    plain.close()

    assert any("X-GitHub-Api-Version" in v for v in github.violations)
    assert any("Accept" in v for v in github.violations)
    github.violations.clear()


def test_a_response_without_a_required_field_is_caught(github_contract: Contract) -> None:
    request = httpx.Request("POST", f"{API}{ISSUES}", json={"title": "x"})
    issue = {"id": 1, "title": "x", "state": "open"}  # no number, url, user, …
    response = httpx.Response(201, json=issue, request=request)

    errors = github_contract.response_errors(request, response)

    assert errors and "number" in errors[0]


def test_undocumented_error_statuses_must_have_githubs_error_shape(github_contract: Contract) -> None:
    request = httpx.Request("GET", f"{API}{ISSUES}")

    good = httpx.Response(403, json={"message": "API rate limit exceeded"}, request=request)
    bad = httpx.Response(403, json={"message": 42}, request=request)
    assert github_contract.response_errors(request, good) == []
    assert github_contract.response_errors(request, bad) != []
    assert github_contract.response_errors(request, httpx.Response(304, request=request)) == []


def test_nullable_enums_accept_null(github_contract: Contract) -> None:
    assert github_contract.nullable_enums > 0


def test_spec_override_must_exist(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BATON_GITHUB_OPENAPI", str(tmp_path / "missing.json"))

    with pytest.raises(SpecUnavailable, match="not a file"):
        openapi_description_path()


def test_without_npm_the_failure_says_what_to_do(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("BATON_GITHUB_OPENAPI", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("PATH", str(tmp_path))

    with pytest.raises(SpecUnavailable, match="npm is not installed"):
        openapi_description_path()


def test_a_cached_copy_with_the_wrong_digest_is_not_trusted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("BATON_GITHUB_OPENAPI", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setenv("PATH", str(tmp_path))
    cached = tmp_path / "baton-tests" / "octokit-openapi-23.0.2" / "api.github.com.json"
    cached.parent.mkdir(parents=True)
    cached.write_text(json.dumps({"openapi": "3.0.3"}))

    with pytest.raises(SpecUnavailable):  # refetch needed, and npm is absent here
        openapi_description_path()
