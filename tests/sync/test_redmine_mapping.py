"""Pure Redmine mapping (no network): Redmine REST API "Issues", "Users", "Attachments" shapes."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from sync.errors import MalformedResponse
from sync.protocol import Acknowledgement, RemoteRef
from sync.redmine import mapping
from tests.sync.conftest import make_handoff

UUID = "0f8fad5b-d9cb-469f-a165-70867728950e"


def test_attachment_names_carry_the_uuid() -> None:
    assert mapping.attachment_name(UUID) == f"baton-handoff-{UUID}.json"
    assert mapping.handoff_id_of(f"baton-handoff-{UUID.upper()}.json") == UUID
    assert mapping.handoff_id_of("notes.json") is None
    issue = {
        "attachments": [
            {"id": 7, "filename": "log.txt"},
            {"id": 9, "filename": mapping.attachment_name(UUID)},
        ]
    }
    assert mapping.handoff_attachment(issue) == (UUID, 9)
    assert mapping.handoff_attachment({}) is None


def test_acknowledgement_notes_round_trip_exactly() -> None:
    ack = Acknowledgement(
        handoff_id=UUID,
        by="Bo Ng",
        at=datetime(2026, 11, 21, 9, 30, 5, 123, tzinfo=UTC),
        read_back='a\nb "c"',
        question="¿qué?",
    )
    note = mapping.ack_note(ack)
    assert note.startswith("**Acknowledged** by Bo Ng at 2026-11-21 09:30 UTC")
    assert "**Read-back:** a\nb" in note and "**Question:** ¿qué?" in note
    back = mapping.ack_from({"id": 42, "notes": note})
    assert back == Acknowledgement(UUID, "Bo Ng", ack.at, 'a\nb "c"', "¿qué?", remote_id="42")
    assert mapping.ack_from({"id": 1, "notes": "just a comment"}) is None
    assert mapping.ack_from({"id": 1, "notes": None}) is None
    with pytest.raises(MalformedResponse, match="journal 3"):
        mapping.ack_from({"id": 3, "notes": 'baton-ack: {"handoff": 1}'})
    with pytest.raises(MalformedResponse):
        mapping.ack_from(
            {"id": 3, "notes": 'baton-ack: {"handoff": 1, "by": 2, "at": "2026-11-21T09:30:05.000123Z"}'}
        )


def test_issue_to_task() -> None:
    issue = {
        "id": 12,
        "subject": "Disk full",
        "status": {"id": 2, "name": "In Progress"},
        "priority": {"id": 3, "name": "High"},
        "assigned_to": {"id": 5, "name": "Bo Ng"},
        "due_date": "2026-12-01",
        "updated_on": "2026-11-21T09:30:00Z",
    }
    task = mapping.task_from(issue, base_url="https://rm.example/")
    assert (task.external_id, task.key, task.title, task.status, task.assignee, task.priority) == (
        "12",
        "#12",
        "Disk full",
        "In Progress",
        "Bo Ng",
        "High",
    )
    assert task.due_at == datetime(2026, 12, 1, tzinfo=UTC) and task.url == "https://rm.example/issues/12"
    assert task.remote_updated_at == datetime(2026, 11, 21, 9, 30, tzinfo=UTC)
    bare = mapping.task_from({"id": 1, "subject": "", "updated_on": "2026-11-21T09:30:00Z"}, base_url="h")
    assert bare.assignee is None and bare.due_at is None and bare.status == ""


@pytest.mark.parametrize(
    "issue",
    [
        {"subject": "no id", "updated_on": "2026-11-21T09:30:00Z"},
        {"id": 1, "subject": "x"},
        {"id": 1, "subject": "x", "updated_on": "yesterday"},
        {"id": 1, "subject": "x", "updated_on": "2026-11-21T09:30:00"},
        {"id": 1, "subject": "x", "updated_on": "2026-11-21T09:30:00Z", "due_date": "soon"},
        {"id": True, "subject": "x", "updated_on": "2026-11-21T09:30:00Z"},
    ],
)
def test_malformed_issues_are_typed_errors(issue: dict[str, object]) -> None:
    with pytest.raises(MalformedResponse):
        mapping.task_from(issue, base_url="h")


@pytest.mark.parametrize(
    ("call", "data"),
    [
        (mapping.issues_of, {"issues": "nope", "total_count": 1}),
        (mapping.issues_of, {"issues": []}),
        (mapping.issues_of, []),
        (mapping.issue_of, {"issue": None}),
        (mapping.identity_from, {"user": {"id": 1}}),
        (mapping.upload_token, {"upload": {}}),
        (mapping.journals_of, {"journals": {}}),
        (mapping.attachments_of, {"attachments": [1]}),
    ],
)
def test_malformed_documents_are_typed_errors(call: object, data: object) -> None:
    with pytest.raises(MalformedResponse):
        call(data)  # type: ignore[operator]


def test_identity_subject_description_and_notes() -> None:
    who = mapping.identity_from({"user": {"id": 3, "login": "bo", "firstname": "Bo", "lastname": "Ng"}})
    assert (who.user_id, who.login, who.name) == ("3", "bo", "Bo Ng")
    assert mapping.identity_from({"user": {"id": 3, "login": "bo"}}).name == "bo"
    handoff = make_handoff(title="x" * 300)
    subject = mapping.subject_for(handoff)
    assert len(subject) == 255 and subject.endswith("…")
    assert mapping.subject_for(make_handoff(title=" ")).startswith("Handoff: Handoff → Bo")
    body = mapping.description_for("# Title\n", UUID, mention="bo")
    assert body.startswith("# Title\n\nFor @bo\n\n---\n") and f"Baton handoff {UUID}" in body
    assert "For @" not in mapping.description_for("x", UUID, mention=None)
    note = mapping.link_note(RemoteRef("44", "u"), UUID)
    assert note == f"Handed off in #44 (Baton handoff {UUID})"
    assert mapping.notes_carrying([{"notes": None}, {"id": 2, "notes": note}], UUID) == {
        "id": 2,
        "notes": note,
    }
    assert mapping.notes_carrying([], UUID) is None
    assert mapping.filter_time(datetime(2026, 11, 21, 9, 30, 5, 999, tzinfo=UTC)) == "2026-11-21T09:30:05Z"


def test_named_ids() -> None:
    statuses = {
        "issue_statuses": [
            {"id": 1, "name": "New"},
            {"id": 3, "name": "Resolved"},
            {"id": 4, "name": "Feedback"},
        ]
    }
    assert mapping.named_id(statuses, "issue_statuses", ("Resolved", "Feedback")) == 3
    assert mapping.named_id(statuses, "issue_statuses", ("closed",)) is None
    with pytest.raises(MalformedResponse):
        mapping.named_id({"issue_statuses": None}, "issue_statuses", ("x",))
