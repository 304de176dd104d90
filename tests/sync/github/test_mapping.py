"""Pure GitHub JSON ⇄ Baton mapping, without any network."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest

from app.handoff import wire
from sync.github import mapping
from sync.github.mapping import GitHubDataError
from sync.protocol import Acknowledgement, Identity, RemoteRef
from tests.sync.github.handoffs import example_handoff


def _issue(**changes: Any) -> dict[str, Any]:
    issue: dict[str, Any] = {
        "id": 9001,
        "number": 12,
        "title": "Fix login",
        "state": "open",
        "state_reason": None,
        "body": None,
        "html_url": "https://github.com/o/r/issues/12",
        "assignee": None,
        "assignees": [],
        "user": {"login": "bob"},
        "labels": [{"name": "bug"}],
        "milestone": None,
        "comments": 0,
        "created_at": "2026-11-20T10:00:00Z",
        "updated_at": "2026-11-21T09:30:05Z",
    }
    issue.update(changes)
    return issue


def test_parse_and_format_time() -> None:
    assert mapping.parse_time("2026-11-21T09:30:05Z") == datetime(2026, 11, 21, 9, 30, 5, tzinfo=UTC)
    assert mapping.parse_time("2026-11-21T10:30:05+01:00").tzinfo is UTC
    for bad in (None, "yesterday", "2026-11-21T09:30:05"):
        with pytest.raises(GitHubDataError):
            mapping.parse_time(bad, "x")
    plus_two = timezone(timedelta(hours=2))
    assert (
        mapping.format_time(datetime(2026, 11, 21, 11, 0, 0, 999, tzinfo=plus_two)) == "2026-11-21T09:00:00Z"
    )
    with pytest.raises(ValueError, match="aware"):
        mapping.format_time(datetime(2026, 11, 21))  # noqa: DTZ001


def test_identity() -> None:
    assert mapping.identity_from_user({"id": 7, "login": "octo", "name": "Octo Cat"}) == Identity(
        "7", "octo", "Octo Cat"
    )
    assert mapping.identity_from_user({"id": 7, "login": "octo", "name": None}).name == "octo"
    for bad in ([], {"login": "octo"}, {"id": "7", "login": "octo"}, {"id": True, "login": "x"}, {"id": 7}):
        with pytest.raises(GitHubDataError):
            mapping.identity_from_user(bad)


def test_task_from_issue() -> None:
    task = mapping.task_from_issue(
        _issue(
            state="closed",
            state_reason="completed",
            assignees=[{"login": "alice"}, {"login": "bob"}],
            milestone={"due_on": "2026-12-01T08:00:00Z"},
        )
    )

    assert (task.external_id, task.key, task.title, task.status) == (
        "9001",
        "#12",
        "Fix login",
        "closed: completed",
    )
    assert task.assignee == "alice" and task.priority is None
    assert task.due_at == datetime(2026, 12, 1, 8, tzinfo=UTC)
    assert task.remote_updated_at == datetime(2026, 11, 21, 9, 30, 5, tzinfo=UTC)
    plain = mapping.task_from_issue(
        _issue(assignee={"login": "carol"}, assignees=None, milestone={"due_on": None})
    )
    assert (plain.status, plain.assignee, plain.due_at) == ("open", "carol", None)


def test_task_from_a_broken_issue() -> None:
    for issue in (
        "x",
        _issue(number="12"),
        _issue(title=None),
        _issue(updated_at=None),
        _issue(assignees=[{}]),
    ):
        with pytest.raises(GitHubDataError):
            mapping.task_from_issue(issue)


def test_labels_assignees_and_kinds() -> None:
    issue = _issue(labels=[{"name": "handoff"}, "bug"], assignees=[{"login": "a"}], assignee={"login": "b"})
    assert mapping.label_names(issue) == {"handoff", "bug"}
    assert mapping.assignee_logins(issue) == {"a", "b"}
    assert mapping.creator_login(issue) == "bob" and mapping.creator_login(_issue(user=None)) is None
    assert mapping.is_pull_request(_issue(pull_request={})) and not mapping.is_pull_request(_issue())
    assert mapping.comment_count(_issue(comments=3)) == 3
    assert mapping.comment_id({"id": 5}) == "5"
    assert mapping.remote_ref(_issue()) == RemoteRef("12", "https://github.com/o/r/issues/12")
    for bad in (_issue(labels=None), _issue(labels=[{"id": 1}])):
        with pytest.raises(GitHubDataError):
            mapping.label_names(bad)
    with pytest.raises(GitHubDataError):
        mapping.assignee_logins(_issue(assignees="a"))


def test_handoff_body_round_trip() -> None:
    handoff = example_handoff()
    body = mapping.handoff_body(handoff, rendering="# Rendered\n", assignee="bob")

    found = mapping.read_handoff(body)

    assert found is not None
    rebuilt, to = found
    assert to == "bob" and wire.to_wire(rebuilt) == wire.to_wire(handoff)
    assert body.startswith("# Rendered\n\nHanded over to @bob with Baton.")
    assert mapping.carries_handoff(body, handoff.id) and not mapping.carries_handoff(body, "other")
    team = mapping.handoff_body(handoff, rendering="x", assignee=None)
    assert "to=" not in team and "Handed over to Bob with Baton." in team
    assert mapping.read_handoff(team) is not None


def test_handoff_title() -> None:
    handoff = example_handoff()
    assert mapping.handoff_title(handoff) == "Payments outage follow-up"
    untitled = type(handoff)(**{**vars(handoff), "title": "  \n "})
    assert mapping.handoff_title(untitled) == "Handoff from Alice to Bob"


def test_marker_refuses_a_bad_login() -> None:
    with pytest.raises(ValueError, match="login"):
        mapping.handoff_marker(example_handoff(), to="bob -->")


def test_bodies_without_or_with_damaged_copies() -> None:
    assert mapping.read_handoff(None) is None
    assert mapping.read_handoff("just text <!-- a comment -->") is None
    with pytest.raises(GitHubDataError):
        mapping.read_handoff(42)
    with pytest.raises(GitHubDataError, match="damaged"):
        mapping.read_handoff("<!-- baton:handoff v1 AAA -->")
    not_a_handoff = base64.b64encode(b'{"format": "other"}').decode()
    with pytest.raises(GitHubDataError, match="format"):
        mapping.read_handoff(f"<!-- baton:handoff v1 {not_a_handoff} -->")
    assert not mapping.carries_handoff("<!-- baton:handoff v1 AAA -->", "x")


def test_acknowledgement_comment_round_trip() -> None:
    ack = Acknowledgement(
        handoff_id="h-1",
        by="Bob",
        at=datetime(2026, 11, 21, 9, 0, 0, 1, tzinfo=UTC),
        read_back="line 1\n> quoted <b>",
        question="why?",
    )
    body = mapping.ack_comment_body(ack)

    parsed = mapping.acknowledgement_from_comment({"id": 77, "body": body})

    assert parsed == Acknowledgement(**{**vars(ack), "remote_id": "77"})
    assert "<b>" not in body and "> line 1" in body
    bare = Acknowledgement(handoff_id="h-1", by="Bob", at=ack.at)
    assert mapping.acknowledgement_from_comment(
        {"id": 1, "body": mapping.ack_comment_body(bare)}
    ) == Acknowledgement(**{**vars(bare), "remote_id": "1"})


def test_other_and_damaged_ack_comments() -> None:
    assert mapping.acknowledgement_from_comment({"id": 1, "body": None}) is None
    assert mapping.acknowledgement_from_comment({"id": 1, "body": "thanks!"}) is None

    def encoded(text: str) -> str:
        return base64.b64encode(text.encode()).decode()

    good = json.dumps({"handoff_id": "h", "by": "B", "at": "2026-11-21T09:00:00.000000Z"})
    noon = json.dumps({"handoff_id": "h", "by": "B", "at": "noon"})
    odd_question = json.dumps(
        {"handoff_id": "h", "by": "B", "at": "2026-11-21T09:00:00.000000Z", "question": 1}
    )
    damaged = [
        {"id": 1, "body": 3},
        {"id": 1, "body": f"<!-- baton:ack v2 {encoded('{}')} -->"},
        {"id": 1, "body": f"<!-- baton:ack v1 {encoded('not json')} -->"},
        {"id": 1, "body": f"<!-- baton:ack v1 {encoded('[]')} -->"},
        {"id": 1, "body": f"<!-- baton:ack v1 {encoded(noon)} -->"},
        {"id": 1, "body": f"<!-- baton:ack v1 {encoded(odd_question)} -->"},
        {"body": f"<!-- baton:ack v1 {encoded(good)} -->"},  # a comment without an id
    ]
    for comment in damaged:
        with pytest.raises(GitHubDataError):
            mapping.acknowledgement_from_comment(comment)


def test_link_comment_and_task_keys() -> None:
    target = RemoteRef("5", "https://github.com/o/r/issues/5")
    body = mapping.link_comment_body("h-1", target)
    assert "https://github.com/o/r/issues/5" in body and "#5" in body
    assert "Payments \\*" in mapping.link_comment_body("h-1", target, title="Payments *")
    assert mapping.has_link_marker({"body": body}, "h-1")
    assert not mapping.has_link_marker({"body": body}, "h-2") and not mapping.has_link_marker({}, "h-1")

    assert mapping.parse_task_key("#12", owner="o", repo="r") == ("o", "r", 12)
    assert mapping.parse_task_key(" other/repo.js#3 ", owner="o", repo="r") == ("other", "repo.js", 3)
    for bad in ("PROJ-42", "#0", "12", "https://github.com/o/r/issues/1"):
        with pytest.raises(ValueError, match="GitHub issue key"):
            mapping.parse_task_key(bad, owner="o", repo="r")
