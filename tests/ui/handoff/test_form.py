"""The handoff form, driven like a user: fill it, see validation explain itself, submit."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from app.domain import HandoffState, ItemFlag, Section
from ui.handoff.hub import HandoffHub
from ui.handoff.items import ItemEditor

from .conftest import Demo, open_new_form


def _choose(box: object, text: str) -> None:
    index = box.findText(text)  # type: ignore[attr-defined]
    assert index >= 0, text
    box.setCurrentIndex(index)  # type: ignore[attr-defined]


def test_fill_the_form_end_to_end_and_submit_offline(qtbot: QtBot, hub: HandoffHub, demo: Demo) -> None:
    form = open_new_form(qtbot, hub)
    suggestion = hub.service.suggest_recipient()
    assert suggestion is not None
    assert form.recipient_box.currentData() == ("teammate", suggestion.name)  # pre-selected
    assert suggestion.name in form.suggestion_label.text()
    assert "Lena Fischer" not in [form.recipient_box.itemText(i) for i in range(form.recipient_box.count())]
    # Kenji's unresolved risk, decision and two next actions were carried over, visibly
    carried = [e for e in form.editors() if not e.carried_label.isHidden()]
    assert [e.section for e in carried] == ["risks", "decisions", "next_actions", "next_actions"]
    assert "Kenji Sato" in carried[0].carried_label.text()
    assert "4 unresolved items" in form.carried_label.text()
    assert "in 7 h 30 min" in form.cutoff_label.text()  # cutoff 17:00 Berlin, it is 09:30

    qtbot.keyClicks(form.title_edit, "Berlin to Americas: payments fix merged")
    form.go_to(1)
    completed = form.section_page(Section.COMPLETED)
    qtbot.mouseClick(completed.add_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(completed.editors[-1].text_edit, "Merged the TLS pool fix; EU errors at 0.1 %")

    decisions = form.section_page(Section.DECISIONS)
    qtbot.mouseClick(decisions.add_button, Qt.MouseButton.LeftButton)
    decision = decisions.editors[-1]
    qtbot.keyClicks(decision.text_edit, "Enable the fix for US cards too?")
    qtbot.waitUntil(lambda: "no decision deadline" in decision.problem_text())
    assert "⚠" in form.steps.item(4).text()  # the step says it has something to fix
    assert decision.owner_box is not None and decision.propose_button is not None
    _choose(decision.owner_box, "Ana Costa")
    qtbot.mouseClick(decision.propose_button, Qt.MouseButton.LeftButton)
    assert decision.deadline is not None and decision.deadline.value() is not None
    assert decision.deadline_label is not None and "Los Angeles" in decision.deadline_label.text()
    assert "Berlin" in decision.deadline_label.text()  # the decider's and my local time
    qtbot.waitUntil(lambda: decision.problem_text() == "")

    actions = form.section_page(Section.NEXT_ACTIONS)
    qtbot.mouseClick(actions.add_button, Qt.MouseButton.LeftButton)
    action = actions.editors[-1]
    qtbot.keyClicks(action.text_edit, "Watch the US error rate after enabling")
    action.flag_box.click()
    qtbot.waitUntil(lambda: "no owner" in action.problem_text())
    assert action.owner_box is not None
    _choose(action.owner_box, "Ana Costa")
    qtbot.waitUntil(lambda: action.problem_text() == "")

    links = form.section_page(Section.LINKS)
    qtbot.mouseClick(links.add_button, Qt.MouseButton.LeftButton)
    link = links.editors[-1]
    assert link.ref_edit is not None
    qtbot.keyClicks(link.text_edit, "Runbook")
    qtbot.keyClicks(link.ref_edit, "javascript:alert(1)")
    qtbot.waitUntil(lambda: "is not a link" in link.problem_text())
    link.ref_edit.clear()
    qtbot.keyClicks(link.ref_edit, "PROJ-42")
    qtbot.waitUntil(lambda: link.problem_text() == "")

    _attach_task(qtbot, form, Section.IN_PROGRESS, "payments 502", "Fix merged, US rollout pending")
    attached = form.section_page(Section.IN_PROGRESS).editors[-1]
    assert attached.task_label.text().startswith("Task #101 — Payments API returns 502")

    with qtbot.waitSignal(form.preview_shown):
        form.go_to(form.preview_page)
    text = form.preview.toPlainText()
    assert "Berlin to Americas: payments fix merged" in text
    assert "Decision deadline:" in text and "Payments API returns 502" in text

    assert form.summary.text().startswith("✓ Ready to submit"), form.summary.text()
    form.activateWindow()
    qtbot.waitUntil(form.isActiveWindow)
    with qtbot.waitSignal(form.submitted, timeout=5000):
        qtbot.keyClick(form.preview, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    queued = hub.service.get(form.handoff_id)
    assert queued.state == HandoffState.QUEUED
    assert [i.flag for i in queued.items if i.text.startswith("Watch")] == [ItemFlag.INPUT_NEEDED.value]
    entries = demo.store.handoffs.outbox_entries(form.handoff_id)
    assert [(e.operation, e.idempotency_key) for e in entries] == [
        ("handoff.push", f"handoff:{form.handoff_id}")
    ]
    assert not form.isVisible()
    qtbot.waitUntil(lambda: [h.id for h in hub.snapshot.outgoing] == [form.handoff_id])


def _attach_task(qtbot: QtBot, form: object, section: str, search: str, note: str) -> None:
    page = form.section_page(section)  # type: ignore[attr-defined]
    qtbot.mouseClick(page.attach_button, Qt.MouseButton.LeftButton)
    picker = form.picker  # type: ignore[attr-defined]
    with qtbot.waitSignal(picker.results_shown):
        qtbot.keyClicks(picker.search_field, search)
    qtbot.keyClicks(picker.note_field, note)
    count = len(page.editors)
    picker.buttons.accepted.emit()
    assert len(page.editors) == count + 1
    assert page.editors[-1].item().text == note


def test_validation_explains_an_empty_handoff_and_blocks_submit(qtbot: QtBot, hub: HandoffHub) -> None:
    form = open_new_form(qtbot, hub)
    for editor in list(form.editors()):  # resolve every carried item
        qtbot.mouseClick(editor.remove_button, Qt.MouseButton.LeftButton)
    assert form.editors() == []
    form.go_to(3)
    qtbot.mouseClick(form.submit_button, Qt.MouseButton.LeftButton)
    assert form.pages.currentIndex() == 0  # taken to the problem
    assert "The handoff is empty" in form.items_error.error()
    assert not form.items_error.isHidden()
    assert "⚠ 1 to fix before you can submit" in form.summary.text()
    assert hub.service.get(form.handoff_id).state == HandoffState.DRAFT


def test_urgent_needs_an_escalation_contact(qtbot: QtBot, hub: HandoffHub) -> None:
    form = open_new_form(qtbot, hub)
    assert not form.escalation_box.isEnabled()
    _choose(form.urgency_box, "Urgent")
    assert form.escalation_box.isEnabled()
    qtbot.waitUntil(lambda: "escalation contact" in form.escalation_error.error())
    _choose(form.escalation_box, "Tom Okafor")
    qtbot.waitUntil(lambda: form.escalation_error.error() == "")
    assert form.record().escalation_contact == "Tom Okafor"


def test_drafts_autosave_within_two_seconds_while_typing(qtbot: QtBot, hub: HandoffHub) -> None:
    form = open_new_form(qtbot, hub)
    page = form.section_page(Section.RISKS)
    editor: ItemEditor = page.editors[0]
    qtbot.keyClicks(editor.text_edit, " (still open at 18:00)")
    qtbot.waitUntil(
        lambda: hub.service.get(form.handoff_id).items[0].text.startswith(" (still open at 18:00)"),
        timeout=2000,
    )
    with qtbot.waitSignal(form.draft_saved, timeout=2000):
        qtbot.keyClicks(form.title_edit, "Second edit")
    assert hub.service.get(form.handoff_id).title == "Second edit"
    assert form.save_state.text() == "Draft saved"


def test_closing_with_escape_keeps_the_draft(qtbot: QtBot, hub: HandoffHub) -> None:
    form = open_new_form(qtbot, hub)
    qtbot.keyClicks(form.title_edit, "Half written")
    qtbot.keyClick(form, Qt.Key.Key_Escape)  # Esc closes at once; the last edit is saved
    assert not form.isVisible()
    qtbot.waitUntil(lambda: [d.title for d in hub.service.drafts()] == ["Half written"])


def test_templates_add_prompts_and_export_and_copy_markdown(
    qtbot: QtBot, hub: HandoffHub, demo: Demo
) -> None:
    form = open_new_form(qtbot, hub)
    form.apply_template("incident")
    assert form.title_edit.text() == "Incident follow-up"
    assert form.urgency_box.currentData() == "high"
    added = [e for e in form.editors() if e.text_edit.placeholderText() != "Write the item…"]
    assert len(added) == 6 and added[0].text_edit.placeholderText().startswith("What was mitigated")
    assert len(form.editors()) == 10  # the carried-over items are kept
    for editor in added:
        qtbot.keyClicks(editor.text_edit, "x")
    form.export_button.click()
    exported = demo.tmp / "incident-follow-up.md"
    qtbot.waitUntil(exported.exists)
    assert exported.read_text(encoding="utf-8").startswith("# Incident follow-up\n")
    with qtbot.waitSignal(hub.jobs.run(lambda: None).succeeded):
        form.copy_button.click()
    qtbot.waitUntil(lambda: QGuiApplication.clipboard().text().startswith("# Incident follow-up"))


def test_discard_from_the_form_closes_it(qtbot: QtBot, hub: HandoffHub, tmp_path: Path) -> None:
    form = open_new_form(qtbot, hub)
    with qtbot.waitSignal(form.discarded):
        form.discard_button.click()
    assert hub.service.drafts() == []
    assert [d.id for d in hub.service.discarded()] == [form.handoff_id]
