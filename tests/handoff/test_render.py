"""The human rendering: complete, in every zone asked for, and inert for hostile user text."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PySide6.QtGui import QTextDocument, QTextFormat

from app.handoff.render import escape_markdown, format_instant, render_markdown, safe_url, zone_city
from app.store.records import HandoffItemData, HandoffRecord

pytestmark = pytest.mark.usefixtures("qapp")

AT = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)  # 18:00 Tokyo, 10:00 Berlin, 04:00 New York


def handoff(*items: HandoffItemData, **fields: object) -> HandoffRecord:
    values: dict[str, object] = {
        "id": "0f8fad5b-d9cb-469f-a165-70867728950e",
        "author": "Aiko",
        "author_zone": "Asia/Tokyo",
        "recipient": "Ben",
        "created_at": AT,
        "updated_at": AT,
        "items": items,
    }
    values.update(fields)
    return HandoffRecord(**values)  # type: ignore[arg-type]


@dataclass
class Parsed:
    """What a Markdown renderer (Qt's md4c, GitHub dialect: the UI preview's renderer) made of
    a text: its plain text, headings, links and every formatted run."""

    plain: str
    headings: list[str] = field(default_factory=list)
    links: list[tuple[str, str]] = field(default_factory=list)
    bold: list[str] = field(default_factory=list)
    other_formats: list[str] = field(default_factory=list)


def parse(markdown: str) -> Parsed:
    document = QTextDocument()
    document.setMarkdown(markdown, QTextDocument.MarkdownFeature.MarkdownDialectGitHub)
    parsed = Parsed(document.toPlainText())
    block = document.begin()
    while block.isValid():
        if block.blockFormat().headingLevel():
            parsed.headings.append(block.text())
        if block.blockFormat().hasProperty(
            QTextFormat.Property.BlockCodeFence
        ) or block.blockFormat().property(QTextFormat.Property.BlockQuoteLevel):
            parsed.other_formats.append(f"block: {block.text()}")
        fragments = block.begin()
        while not fragments.atEnd():
            fragment = fragments.fragment()
            char = fragment.charFormat()
            if char.isAnchor():
                parsed.links.append((fragment.text(), char.anchorHref()))
            elif char.isImageFormat():
                parsed.other_formats.append(f"image: {fragment.text()}")
            elif char.fontWeight() > 400 and not block.blockFormat().headingLevel():
                parsed.bold.append(fragment.text())
            if char.fontItalic() or char.fontStrikeOut() or char.fontFixedPitch():
                parsed.other_formats.append(fragment.text())
            fragments += 1
        block = block.next()
    return parsed


def test_every_part_of_the_handoff_is_shown() -> None:
    text = render_markdown(
        handoff(
            HandoffItemData("completed", "Rotated the TLS certificates"),
            HandoffItemData("in_progress", "Migrating the billing DB"),
            HandoffItemData("risks", "Disk at 85 %", flag="input_needed"),
            HandoffItemData("decisions", "Roll back 2.3?", flag="input_needed", deadline_at=AT),
            HandoffItemData("next_actions", "Finish the migration", owner="Ben", due_at=AT, ref="PROJ-42"),
            HandoffItemData("links", "Runbook", ref="https://wiki.example.com/runbook"),
            title="Release 2.3",
            urgency="urgent",
            escalation_contact="Cara",
            due_at=AT + timedelta(hours=1),
        ),
        zones=["Asia/Tokyo", "Europe/Berlin"],
        task_titles={"PROJ-42": "Billing DB migration"},
    )
    assert text.startswith("# Release 2.3\n")
    assert "- **From:** Aiko (Tokyo)" in text
    assert "- **To:** Ben" in text
    assert "- **Urgency:** Urgent (escalation contact: Cara)" in text
    assert "- **Handoff due:** Tue, Nov 24, 7:00\u202fPM Tokyo (11:00\u202fAM Berlin)" in text
    for heading in (
        "Completed",
        "In progress",
        "Risks / blockers",
        "Decisions needed",
        "Next actions",
        "Links",
    ):
        assert f"\n## {heading}\n" in text
    assert "- **Input needed**: Disk at 85 %" in text
    assert "- FYI: Rotated the TLS certificates" in text
    assert "  - Decision deadline: Tue, Nov 24, 6:00\u202fPM Tokyo (10:00\u202fAM Berlin)" in text
    assert "  - Owner: Ben" in text
    assert "  - Task: PROJ-42 — Billing DB migration" in text
    assert "- FYI: [Runbook](https://wiki.example.com/runbook)" in text
    parsed = parse(text)
    assert parsed.links == [("Runbook", "https://wiki.example.com/runbook")]
    assert {"Input needed", "From:", "To:"} <= set(parsed.bold)
    assert parsed.headings[0] == "Release 2.3"


def test_empty_sections_are_left_out_and_an_empty_handoff_says_so() -> None:
    text = render_markdown(handoff(HandoffItemData("risks", "Disk")), zones=["UTC"])
    assert "## Risks / blockers" in text
    assert "## Completed" not in text
    assert "# Handoff\n" in text  # untitled
    assert "no items" in render_markdown(handoff(), zones=["UTC"])


def test_team_recipient_and_attached_task_by_id() -> None:
    text = render_markdown(
        handoff(HandoffItemData("in_progress", "Triage", task_id=7), recipient="EMEA", recipient_kind="team"),
        zones=[],
        task_titles={"7": "Crash on start"},
    )
    assert "- **To:** team EMEA" in text
    assert "  - Task: Crash on start" in text
    assert "UTC" in text  # no zones: UTC


def test_references_that_are_not_tracker_keys_or_urls_are_plain_text() -> None:
    text = render_markdown(
        handoff(
            HandoffItemData("links", "bad", ref="javascript:alert(1)"),
            HandoffItemData("risks", "see wiki", ref="https://example.com/a b"),
            HandoffItemData("risks", "see ticket", ref="#12"),
        ),
        zones=["UTC"],
    )
    assert parse(text).links == [("https://example.com/a%20b", "https://example.com/a%20b")]
    assert "  - Reference: javascript:alert(1)" in text
    assert "  - Link: <https://example.com/a%20b>" in text
    assert "  - Task: \\#12" in text


def test_a_shown_instant_repeats_the_date_where_the_local_day_differs() -> None:
    late = datetime(2026, 11, 24, 23, 30, tzinfo=UTC)
    text = format_instant(late, ["America/New_York", "Asia/Kathmandu", "America/New_York"], "en")
    assert text == "Tue, Nov 24, 6:30\u202fPM New York (Wed, Nov 25, 5:15\u202fAM Kathmandu)"
    assert format_instant(late, ["Europe/Berlin"], "de") == "Mi., 25. Nov., 00:30 Berlin"
    assert zone_city("Etc/UTC", "en") == "UTC"


def test_naive_instants_are_refused() -> None:
    with pytest.raises(ValueError, match="aware"):
        format_instant(datetime(2026, 1, 1), ["UTC"])  # noqa: DTZ001 - the point of the test


def test_an_instant_with_any_offset_is_shown_in_the_zones_not_its_own_offset() -> None:
    at = datetime(2026, 11, 24, 18, 0, tzinfo=timezone(timedelta(hours=9)))
    assert format_instant(at, ["Europe/Berlin"]) == "Tue, Nov 24, 10:00\u202fAM Berlin"


HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[click](javascript:alert(1))",
    "![x](http://evil.example/t.png)",
    "**bold** _em_ `code` ~~strike~~",
    "# heading\n> quote\n- list\n1. one\n    indented code\n```\nfence\n```",
    "a | b\n--- | ---",
    "&lt;b&gt; &amp;",
    "line one\n===",
    "<!-- comment -->",
    "\\*escaped\\*",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_user_text_cannot_inject_markup(text: str) -> None:
    markdown = render_markdown(
        handoff(
            HandoffItemData("risks", text, owner=text),
            title=text,
            recipient=text,
            escalation_contact=text,
        ),
        zones=["UTC"],
    )
    parsed = parse(markdown)
    assert all(href.startswith("http://evil.example/") for _, href in parsed.links)  # GFM autolink
    assert parsed.other_formats == []
    assert parsed.headings == [" ".join(line.strip() for line in text.splitlines()), "Risks / blockers"]
    assert set(parsed.bold) <= {"From:", "To:", "Urgency:", "Written:"}
    for line in text.splitlines():
        assert line.strip() in parsed.plain


@given(st.text(alphabet=st.characters(codec="ascii", exclude_categories=("Cc",)), max_size=40))
def test_any_text_renders_back_as_itself(text: str) -> None:
    parsed = parse(f"- {escape_markdown(text)}")
    assert parsed.links == [] and parsed.bold == [] and parsed.other_formats == [] and parsed.headings == []
    assert " ".join(parsed.plain.split()) == " ".join(text.split())


def test_only_http_and_https_urls_become_links() -> None:
    assert safe_url("https://example.com/x?a=1&b=(2)") == "https://example.com/x?a=1&b=%282%29"
    assert safe_url("HTTP://example.com") == "HTTP://example.com"
    for bad in (
        "javascript:alert(1)",
        "data:text/html,x",
        "file:///etc/passwd",
        "https://",
        "//evil.com",
        "http://[::1",
    ):
        assert safe_url(bad) is None


def test_items_of_an_unknown_section_are_still_shown() -> None:
    text = render_markdown(handoff(HandoffItemData("notes", "From a newer Baton")), zones=["UTC"])
    assert "## Other\n\n- FYI: From a newer Baton" in text
