"""The handoff tabs, menu, tray and reminders inside the real main window and controller."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt, QUrl
from PySide6.QtWidgets import QApplication
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from app.domain import HandoffState, Section, Urgency
from app.handoff.reminders import Condition
from app.settings import Settings, save_settings
from app.store.records import HandoffItemData, HandoffRecord
from app.store.roster import SqliteRosterStore
from ui.controller import AppController, Environment
from ui.handoff.browser import SafeMarkdownView
from ui.handoff.install import HandoffShell
from ui.handoff.model import HandoffRole
from ui.handoff.notifications import inert

from .conftest import WORKING, Demo


@pytest.fixture
def controller(qtbot: QtBot, qapp: QApplication, demo: Demo, tmp_path: Path) -> Iterator[AppController]:
    settings_path = tmp_path / "config" / "settings.toml"
    save_settings(Settings(me="Lena Fischer", locale="en_GB"), settings_path)
    made = AppController(
        app=qapp,
        settings_path=settings_path,
        ui_state=QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat),
        clock=demo.clock,
        environment=Environment(zone="Europe/Berlin", locale="en_GB"),
        data_dir=str(tmp_path),
    )
    qtbot.addWidget(made.window)
    yield made
    made.jobs.shutdown()
    made.writer.shutdown()


@pytest.fixture
def shell(qtbot: QtBot, controller: AppController, demo: Demo) -> HandoffShell:
    made = HandoffShell(
        controller=controller,
        store=demo.store,
        clock=demo.clock,
        load_roster=SqliteRosterStore(store=demo.store, clock=demo.clock).load,
        display_options=controller._options,
    )
    qtbot.waitUntil(lambda: made.inbox.model.rowCount() == 1)
    return made


def _received(demo: Demo, title: str, urgency: str, hours_ago: float, **fields: object) -> HandoffRecord:
    sent = WORKING - timedelta(hours=hours_ago)
    handoff = HandoffRecord(
        id=f"00000000-0000-4000-8000-{int(hours_ago * 100):012d}",
        author="Priya Nair",
        author_zone="Asia/Kolkata",
        recipient="Lena Fischer",
        created_at=sent,
        updated_at=sent,
        urgency=urgency,
        title=title,
        items=(HandoffItemData(section=Section.COMPLETED.value, text="Done"),),
    )
    handoff = replace(handoff, **fields)  # type: ignore[arg-type]
    assert demo.store.handoffs.receive(handoff, remote_id=None, remote_url=None, account_id=None, at=sent)
    return handoff


def test_install_adds_tabs_menu_and_enables_the_tray(
    qtbot: QtBot, controller: AppController, demo: Demo
) -> None:
    from app.store.roster import SqliteRosterStore  # noqa: PLC0415
    from app.task_browser import TaskBrowser  # noqa: PLC0415

    controller.attach(
        roster_store=SqliteRosterStore(store=demo.store, clock=demo.clock),
        task_browser=TaskBrowser(store=demo.store),
        store=demo.store,
    )
    assert controller.handoffs is not None
    tabs = controller.window.tabs
    titles = [tabs.tabText(i) for i in range(tabs.count())]
    assert "&Outbox" in titles
    qtbot.waitUntil(lambda: "&Inbox (1)" in [tabs.tabText(i) for i in range(tabs.count())])
    controller.tray.menu.aboutToShow.emit()
    assert controller.tray.new_handoff_action.isEnabled()
    assert controller.handoffs.new_action.shortcut().toString() == "Ctrl+N"
    menus = [a.text() for a in controller.window.menuBar().actions()]
    assert menus.index("&Handoff") == len(menus) - 2  # just before Help
    controller.apply_settings(replace(controller.settings, notifications_paused=True))
    controller.tray.menu.aboutToShow.emit()
    assert controller.tray.new_handoff_action.isEnabled()  # settings do not switch it off
    with qtbot.waitSignal(controller.handoffs.hub.form_opened) as opened:
        controller.tray.new_handoff_action.trigger()
    opened.args[0].close()
    if controller.sync is not None:
        controller.sync.shutdown()


def test_inbox_orders_by_urgency_then_time_and_passes_the_model_tester(
    qtbot: QtBot, shell: HandoffShell, demo: Demo, qtmodeltester: ModelTester
) -> None:
    _received(demo, "normal, old", Urgency.NORMAL.value, 5)
    _received(demo, "urgent, new", Urgency.URGENT.value, 0.5, escalation_contact="Tom Okafor")
    _received(demo, "high, newer", Urgency.HIGH.value, 0.25)
    with qtbot.waitSignal(shell.hub.refreshed):
        shell.hub.refresh()
    model = shell.inbox.model
    titles = [model.record(i).title for i in model.ids()]  # type: ignore[union-attr]
    assert titles == [
        "urgent, new",
        "Tokyo → Berlin: payments 502s, release 4.18",  # high, 1 h 50 min ago
        "high, newer",
        "normal, old",
    ]
    assert model.index(0, 0).data() == "Urgent"
    qtmodeltester.check(model)


def test_an_overdue_handoff_is_highlighted_not_by_colour_alone(
    qtbot: QtBot, shell: HandoffShell, demo: Demo
) -> None:
    demo.clock.set(datetime(2026, 11, 24, 9, 5, tzinfo=UTC))  # 60 working minutes into Lena's shift
    with qtbot.waitSignal(shell.hub.refreshed):
        shell.hub.refresh()
    index = shell.inbox.model.index(0, 4)
    assert index.data(HandoffRole.OverdueRole) is True
    assert index.data() == "⚠ Overdue: not acknowledged"
    assert index.data(Qt.ItemDataRole.BackgroundRole) is not None
    assert "unacknowledged:" + demo.workspace.handoff_id in shell.board.active


def test_acknowledge_with_a_read_back(qtbot: QtBot, shell: HandoffShell, demo: Demo) -> None:
    inbox = shell.inbox
    qtbot.waitUntil(lambda: "Rolled back the 14:00 payments deploy" in inbox.reader.toPlainText())
    text = inbox.reader.toPlainText()
    assert "Kenji Sato (Tokyo)" in text
    assert "Decision deadline: Tue 24 Nov, 13:40 Berlin (21:40 Tokyo)" in text  # mine, then the sender's
    assert inbox.acknowledge_button.isEnabled()
    qtbot.mouseClick(inbox.acknowledge_button, Qt.MouseButton.LeftButton)
    dialog = shell.ack_dialog
    assert [label.text()[:2] for label in dialog.action_labels] == ["1.", "2."]
    assert "Re-enable the payments deploy" in dialog.action_labels[0].text()
    qtbot.keyClicks(dialog.read_back_edit, "I re-enable the deploy after merge and watch EU errors 30 min")
    qtbot.keyClicks(dialog.question_edit, "Who owns the Acme call?")
    with qtbot.waitSignal(shell.hub.acknowledged):
        qtbot.mouseClick(dialog.buttons.buttons()[0], Qt.MouseButton.LeftButton)
    handoff_id = demo.workspace.handoff_id
    assert shell.hub.service.get(handoff_id).state == HandoffState.ACKNOWLEDGED
    [ack] = shell.hub.service.acknowledgements(handoff_id)
    assert (ack.by, ack.question) == ("Lena Fischer", "Who owns the Acme call?")
    assert ack.read_back is not None and ack.read_back.startswith("I re-enable")
    qtbot.waitUntil(lambda: inbox.ack_label.text().startswith("✓ Acknowledged by Lena Fischer."))
    assert not inbox.acknowledge_button.isEnabled()
    qtbot.waitUntil(lambda: inbox.model.index(0, 4).data() == "✓ Acknowledged")


def test_untrusted_text_is_shown_as_plain_text_and_bad_links_never_open(
    qtbot: QtBot, shell: HandoffShell, demo: Demo
) -> None:
    _received(
        demo,
        "<b>x</b> [click](javascript:alert(1))",
        Urgency.URGENT.value,
        0.1,
        escalation_contact="Tom Okafor",
        items=(
            HandoffItemData(
                section=Section.LINKS.value, text="<img src=x onerror=alert(1)>", ref="javascript:alert(1)"
            ),
            HandoffItemData(section=Section.LINKS.value, text="Status", ref="https://status.example.com/"),
        ),
    )
    with qtbot.waitSignal(shell.hub.refreshed):
        shell.hub.refresh()
    shell.inbox.select("00000000-0000-4000-8000-000000000010")
    reader = shell.inbox.reader
    qtbot.waitUntil(lambda: "<b>x</b>" in reader.toPlainText())
    assert "<img src=x onerror=alert(1)>" in reader.toPlainText()
    html = reader.toHtml()
    assert 'href="javascript' not in html and "javascript:alert(1)" in reader.toPlainText()
    assert 'href="https://status.example.com/"' in html
    title = shell.inbox.model.index(0, 2).data()
    assert title == "<b>x</b> [click](javascript:alert(1))"  # plain text in the list
    assert inert("<b>x</b> waits") == "‹b›x‹/b› waits"  # the tray balloon renders AutoText


def test_the_markdown_view_opens_only_web_links(qtbot: QtBot) -> None:
    opened: list[QUrl] = []
    view = SafeMarkdownView(open_url=opened.append)
    qtbot.addWidget(view)
    view.set_markdown("<b>raw</b> and [web](https://example.com/a) and [bad](javascript:alert(1))")
    assert "<b>raw</b>" in view.toPlainText()  # inline HTML is text, not markup
    with qtbot.waitSignal(view.link_refused) as refused:
        view.anchorClicked.emit(QUrl("javascript:alert(1)"))
    assert refused.args == ["javascript:alert(1)"]
    view.anchorClicked.emit(QUrl("file:///etc/passwd"))
    with qtbot.waitSignal(view.link_opened):
        view.anchorClicked.emit(QUrl("https://example.com/a"))
    assert opened == [QUrl("https://example.com/a")]


def test_discard_a_draft_and_undo_it(qtbot: QtBot, shell: HandoffShell) -> None:
    with qtbot.waitSignal(shell.hub.form_opened) as opened:
        shell.new_action.trigger()
    form = opened.args[0]
    qtbot.keyClicks(form.title_edit, "Keep me")
    qtbot.keyClick(form, Qt.Key.Key_Escape)
    outbox = shell.outbox
    qtbot.waitUntil(
        lambda: outbox.drafts_model.rowCount() == 1 and outbox.drafts_model.index(0, 0).data() == "Keep me"
    )
    outbox.drafts.selectRow(0)
    qtbot.mouseClick(outbox.discard_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: outbox.drafts_model.rowCount() == 0)
    assert shell.hub.service.drafts() == []
    assert outbox.notice_label.text() == "Discarded “Keep me”."
    qtbot.mouseClick(outbox.undo_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: outbox.drafts_model.rowCount() == 1)
    assert [d.title for d in shell.hub.service.drafts()] == ["Keep me"]
    assert outbox.notice_label.text() == "Draft restored."


def test_failed_handoffs_show_the_reason_and_can_be_retried(
    qtbot: QtBot, shell: HandoffShell, demo: Demo
) -> None:
    draft = shell.hub.service.new_draft(recipient="Ana Costa")
    draft = replace(draft, title="To LA", items=(HandoffItemData(section="completed", text="Done"),))
    shell.hub.service.save_draft(draft)
    shell.hub.service.submit(draft.id)
    demo.store.handoffs.mark_failed(
        draft.id, "The tracker refused the token: sign in again", at=demo.clock.now()
    )
    with qtbot.waitSignal(shell.hub.refreshed):
        shell.hub.refresh()
    outbox = shell.outbox
    assert outbox.sent_model.index(0, 3).data() == "⚠ Failed: The tracker refused the token: sign in again"
    outbox.sent.selectRow(0)
    assert outbox.retry_button.isEnabled()
    with qtbot.waitSignal(shell.hub.retried):
        outbox.retry_button.click()
    qtbot.waitUntil(lambda: outbox.sent_model.index(0, 3).data() == "Queued: waits for the tracker")


def test_cutoff_reminders_follow_the_injected_clock(qtbot: QtBot, shell: HandoffShell, demo: Demo) -> None:
    shown: list[Condition] = []
    withdrawn: list[str] = []
    shell.board.notification_shown.connect(shown.append)
    shell.board.notification_withdrawn.connect(withdrawn.append)

    def at(instant: datetime) -> None:
        demo.clock.set(instant)
        with qtbot.waitSignal(shell.hub.refreshed):
            shell.hub.refresh()

    shell.inbox.acknowledge_button.setEnabled(False)
    demo.store.handoffs.acknowledge(
        demo.workspace.handoff_id, by="Lena Fischer", at=WORKING, read_back=None, question=None
    )
    at(datetime(2026, 11, 24, 15, 20, tzinfo=UTC))  # 16:20 Berlin: 40 min before the 17:00 cutoff
    assert shown == []
    at(datetime(2026, 11, 24, 15, 35, tzinfo=UTC))  # 25 min before: the reminder pops up
    assert [c.key for c in shown] == ["cutoff-soon:2026-11-24T16:00Z"]
    assert shown[0].body.startswith("Your handoff is due in 25 min")
    at(datetime(2026, 11, 24, 15, 50, tzinfo=UTC))  # same key, new text: replaced
    assert [c.body[:30] for c in shown[1:]] == ["Your handoff is due in 10 min."]
    at(datetime(2026, 11, 24, 16, 5, tzinfo=UTC))  # cutoff passed, nothing sent: stronger
    assert withdrawn == ["cutoff-soon:2026-11-24T16:00Z"]
    assert shown[-1].key == "cutoff-missed:2026-11-24T16:00Z" and shown[-1].level == "warning"
    at(datetime(2026, 11, 24, 17, 31, tzinfo=UTC))  # an hour after my shift: withdrawn
    assert withdrawn[-1] == "cutoff-missed:2026-11-24T16:00Z"
    assert shell.board.active == {}


def test_quiet_outside_working_hours_unless_urgent_and_inbox_at_shift_start(
    qtbot: QtBot, shell: HandoffShell, demo: Demo
) -> None:
    shown: list[Condition] = []
    shell.board.notification_shown.connect(shown.append)
    draft = shell.hub.service.new_draft(recipient="Ana Costa")
    draft = replace(draft, items=(HandoffItemData(section="completed", text="Done"),))
    shell.hub.service.save_draft(draft)
    shell.hub.service.submit(draft.id)
    demo.store.handoffs.mark_failed(draft.id, "Offline for too long", at=demo.clock.now())
    storm = _received(
        demo,
        "Pager storm",
        Urgency.URGENT.value,
        -0.5,
        id="5707e000-0000-4000-8000-000000000001",
        escalation_contact="Tom Okafor",
    )  # arrived at 10:00 Berlin, not acknowledged by 11:00

    demo.clock.set(datetime(2026, 11, 24, 21, 0, tzinfo=UTC))  # 22:00 in Berlin: off shift
    with qtbot.waitSignal(shell.hub.refreshed):
        shell.hub.refresh()
    active = shell.board.active
    assert active[f"failed:{draft.id}"].quiet  # listed, not popped up
    assert active[f"unacknowledged:{demo.workspace.handoff_id}"].quiet
    keys = [c.key for c in shown]
    assert f"failed:{draft.id}" not in keys
    assert f"unacknowledged:{demo.workspace.handoff_id}" not in keys
    assert f"unacknowledged:{storm.id}" in keys  # urgent: even outside working hours

    demo.clock.set(datetime(2026, 11, 25, 8, 5, tzinfo=UTC))  # Wed 09:05 Berlin: shift start
    with qtbot.waitSignal(shell.board.inbox_requested):
        shell.hub.refresh()
    assert shell.controller.window.tabs.currentWidget() is shell.inbox
    keys = [c.key for c in shown]
    assert "shift-start:2026-11-25T08:00Z" in keys
    assert f"failed:{draft.id}" in keys  # on shift now: it pops up
    assert keys.count(f"unacknowledged:{storm.id}") == 1  # one notification per condition
