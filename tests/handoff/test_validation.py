"""Validation explains itself and points at the field to fix."""

from __future__ import annotations

from datetime import UTC, datetime

from app.handoff.validation import Problem, validate
from app.store.records import HandoffItemData, HandoffRecord
from app.timeline.roster import Roster
from tests.handoff.conftest import TEAM

AT = datetime(2026, 11, 24, 7, 0, tzinfo=UTC)


def handoff(*items: HandoffItemData, **fields: object) -> HandoffRecord:
    values: dict[str, object] = {
        "id": "h",
        "author": "Aiko",
        "recipient": "Ben",
        "created_at": AT,
        "updated_at": AT,
    }
    values.update(fields)
    return HandoffRecord(items=items, **values)  # type: ignore[arg-type]


def test_a_complete_handoff_has_no_problems() -> None:
    good = handoff(
        HandoffItemData("completed", "Rotated certificates"),
        HandoffItemData("decisions", "Roll back?", deadline_at=AT),
        HandoffItemData("next_actions", "Resize disk", owner="Ben", ref="OPS-12"),
        HandoffItemData("links", "Runbook", ref="https://wiki.example.com/rb"),
        HandoffItemData("links", "#42"),
        urgency="urgent",
        escalation_contact="Cara",
    )
    assert validate(good, roster=TEAM) == []


def test_an_empty_handoff_is_refused_with_a_reason() -> None:
    (problem,) = validate(handoff(), roster=TEAM)
    assert problem.field == "items" and problem.item is None
    assert "empty" in problem.message
    assert str(problem).startswith("items: The handoff is empty")


def test_every_item_problem_names_its_section_position_and_field() -> None:
    problems = validate(
        handoff(
            HandoffItemData("next_actions", "Call the vendor", owner="Ben"),
            HandoffItemData("decisions", "Keep the fix?"),
            HandoffItemData("next_actions", "Resize"),
            HandoffItemData("next_actions", "Page", owner="Zed"),
            HandoffItemData("risks", "  "),
            HandoffItemData("links", "see the wiki"),
            HandoffItemData("completed", "Fixed", ref="javascript:alert(1)"),
            HandoffItemData("notes", "What is this"),
        ),
        roster=TEAM,
    )
    assert [(p.section, p.position, p.item, p.field) for p in problems] == [
        ("decisions", 1, 1, "deadline_at"),
        ("next_actions", 2, 2, "owner"),
        ("next_actions", 3, 3, "owner"),
        ("risks", 1, 4, "text"),
        ("links", 1, 5, "ref"),
        ("completed", 1, 6, "ref"),
        ("notes", 1, 7, "section"),
    ]
    messages = [p.message for p in problems]
    assert messages[0] == "Decision 1 has no decision deadline: say when you will proceed if nobody objects."
    assert messages[1] == "Next action 2 has no owner: who will do it?"
    assert messages[2] == "Next action 3: owner 'Zed' is not on the roster."
    assert messages[3] == "Risk 1 has no text: write it or remove it."
    assert "use an http(s) URL or a tracker key such as #123 or PROJ-42" in messages[4]
    assert str(problems[1]) == "next_actions[2].owner: Next action 2 has no owner: who will do it?"


def test_recipient_and_urgency_problems() -> None:
    urgent = handoff(HandoffItemData("completed", "x"), recipient=" ", urgency="urgent")
    assert [p.field for p in validate(urgent, roster=TEAM)] == ["recipient", "escalation_contact"]
    assert "escalation contact" in validate(urgent, roster=TEAM)[1].message
    strangers = handoff(HandoffItemData("completed", "x"), recipient="Zed", escalation_contact="Yan")
    assert [p.message for p in validate(strangers, roster=TEAM)] == [
        "'Zed' is not on the roster; pick a teammate from it.",
        "Escalation contact 'Yan' is not on the roster.",
    ]
    team = handoff(HandoffItemData("completed", "x"), recipient="LATAM", recipient_kind="team")
    assert validate(team, roster=TEAM) == [
        Problem("recipient", "There is no team 'LATAM' on the roster (teams: AMER, APAC, EMEA).")
    ]
    assert (
        validate(
            handoff(HandoffItemData("completed", "x"), recipient="EMEA", recipient_kind="team"), roster=TEAM
        )
        == []
    )


def test_without_a_roster_names_are_not_checked() -> None:
    loose = handoff(
        HandoffItemData("next_actions", "Do it", owner="Anyone"), recipient="Someone", escalation_contact="X"
    )
    assert validate(loose, roster=Roster()) == []
