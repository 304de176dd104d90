"""Parsing handoff files: every rule of the format and where problems are reported."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from app.handoff.handoff_file import FileProblem, HandoffFileInvalid, locate_problems, parse_handoff_file
from app.handoff.validation import Problem
from app.store.records import HandoffItemData


def problems(text: str) -> list[str]:
    with pytest.raises(HandoffFileInvalid) as raised:
        parse_handoff_file(text, source="f.toml")
    assert str(raised.value) == "\n".join(str(p) for p in raised.value.problems)
    return [str(p) for p in raised.value.problems]


def test_a_full_file_parses() -> None:
    parsed = parse_handoff_file(
        'team = "EMEA"\nurgency = "high"\ndue = 2026-11-24T18:00:00+09:00\ncarry_over = true\n'
        '[[decisions]]\ntext = "Go?"\ninput_needed = true\ndeadline_working_minutes = 120\ndecider = "Ben"\n'
        '[[links]]\ntext = "Board"\nlink = "PROJ-1"\n'
    )
    assert (parsed.recipient, parsed.recipient_kind, parsed.urgency, parsed.carry_over) == (
        "EMEA",
        "team",
        "high",
        True,
    )
    assert parsed.due_at == datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
    decision, link = parsed.items
    assert (decision.deadline_working_minutes, decision.decider, decision.item.flag) == (
        120,
        "Ben",
        "input_needed",
    )
    assert link.item == HandoffItemData("links", "Board", ref="PROJ-1")
    empty = parse_handoff_file("")
    assert (empty.recipient, empty.items, empty.title) == (None, (), "")


def test_header_problems() -> None:
    assert problems(
        'version = 2\nto = "Ben"\nteam = "EMEA"\nurgency = "now"\n'
        'carry_over = "yes"\ndue = "tomorrow"\nrisks = "x"\n'
    ) == [
        "f.toml:1: version: only version 1 is understood; update Baton",
        "f.toml:3: team: give either to (a teammate) or team, not both",
        "f.toml:4: urgency: 'now' is not one of normal, high, urgent",
        "f.toml:5: carry_over: must be true or false",
        "f.toml:6: due: must be a date and time, e.g. 2026-11-24T18:00:00+09:00",
        "f.toml:7: risks: write each item as a [[risks]] table",
    ]


def test_item_problems() -> None:
    assert problems(
        '[[decisions]]\ntext = "Go?"\ndeadline = 2026-11-24T18:00:00Z\n'
        "deadline_working_minutes = 60\nowner = 5\n"
    ) == [
        "f.toml:4: decisions[1].deadline_working_minutes: give either deadline or this, not both",
        "f.toml:5: decisions[1].owner: must be a string (in double quotes)",
    ]


def test_syntax_errors_carry_the_line() -> None:
    (message,) = problems('title = "x"\n\n[[risks]\n')
    assert message.startswith("f.toml:3: not valid TOML")
    assert str(FileProblem("f.toml", None, "", "odd")) == "f.toml: odd"


def test_validation_problems_are_placed_on_file_lines() -> None:
    text = 'to = "Ben"\n[[next_actions]]\ntext = "A"\nowner = "Ben"\n[[next_actions]]\ntext = "B"\n'
    items = (
        HandoffItemData("next_actions", "carried"),
        HandoffItemData("next_actions", "A", owner="Ben"),
        HandoffItemData("next_actions", "B"),
    )
    found = locate_problems(
        [
            Problem("owner", "no owner", section="next_actions", item=0, position=1),
            Problem("owner", "no owner", section="next_actions", item=2, position=3),
            Problem("recipient", "not on the roster"),
        ],
        items,
        text,
        source="f.toml",
        carried=1,
    )
    assert [str(p) for p in found] == [
        "f.toml: carried-over next_actions[1].owner: no owner",
        "f.toml:5: next_actions[2].owner: no owner",
        "f.toml:1: to: not on the roster",
    ]
