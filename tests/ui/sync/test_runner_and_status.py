"""The sync runner (one pass at a time, results on the GUI thread) and the status indicator."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from PySide6.QtCore import QThread
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.store import Store
from app.store.handoffs import PUSH_OPERATION
from app.store.records import AccountRecord
from sync.engine import AccountSummary, SyncSummary
from tests.ui.sync.conftest import NOW, MakeSyncUi, MemoryKeyring, berlin_clock
from tests.ui.sync.fake_redmine import API_KEY, BASE_URL, FakeRedmine, make_issues
from ui.jobs import CancelToken
from ui.sync.runner import SyncRunner
from ui.sync.state import PassResult, ReceivedHandoff, SyncState
from ui.sync.status import SyncStatusWidget, account_status_text


def _account(status: str = "ok", **fields: object) -> AccountRecord:
    values: dict[str, object] = {"id": 1, "name": "ops", "kind": "redmine", "base_url": BASE_URL}
    values.update(created_at=NOW, status=status, **fields)
    return AccountRecord(**values)  # type: ignore[arg-type]


def _result(*received: ReceivedHandoff) -> PassResult:
    summary = SyncSummary(
        started_at=NOW, finished_at=NOW, accounts=(AccountSummary("ops", "redmine", received=len(received)),)
    )
    return PassResult(summary=summary, received=received, state=SyncState(accounts=(_account(),)))


def test_one_pass_at_a_time_and_results_arrive_on_the_gui_thread(qtbot: QtBot, qapp: QApplication) -> None:
    release = threading.Event()
    worker_threads: list[str] = []

    def work(force: bool, token: CancelToken) -> PassResult:
        worker_threads.append(threading.current_thread().name)
        release.wait(10)
        return _result(ReceivedHandoff("7b0c…", "Kenji Sato", "Night shift"))

    runner = SyncRunner(work=work)
    delivered_on: list[bool] = []
    arrived: list[list[str]] = []
    runner.pass_finished.connect(
        lambda _result: delivered_on.append(QThread.currentThread() == qapp.thread())
    )
    runner.handoffs_received.connect(arrived.append)
    with qtbot.waitSignal(runner.pass_started) as started:
        assert runner.sync_now(force=True)
    assert started.args == [True] and runner.running
    assert not runner.sync_now(force=False)  # refused while the first runs
    with qtbot.waitSignals([runner.pass_finished, runner.handoffs_received]):
        release.set()
    assert arrived == [["7b0c…"]]
    assert delivered_on == [True]
    assert len(worker_threads) == 1 and worker_threads[0].startswith("baton-sync")
    assert not runner.running
    with qtbot.waitSignal(runner.pass_finished):
        assert runner.sync_now(force=False)  # free again
    runner.shutdown()


def test_a_failing_pass_is_reported_and_the_runner_is_free_again(qtbot: QtBot) -> None:
    def work(force: bool, token: CancelToken) -> PassResult:
        raise OSError("disk full")

    runner = SyncRunner(work=work)
    with qtbot.waitSignal(runner.pass_failed) as failed:
        runner.sync_now()
    assert isinstance(failed.args[0], OSError) and not runner.running
    runner.shutdown()


def test_a_queued_handoff_brings_a_pass_soon(qtbot: QtBot) -> None:
    runner = SyncRunner(work=lambda force, token: _result(), soon_ms=1)
    with qtbot.waitSignal(runner.pass_started) as started:
        runner.sync_soon()
    assert started.args == [False]  # not forced: offline backoff is respected
    qtbot.waitUntil(lambda: not runner.running)
    runner.shutdown()


@pytest.mark.parametrize(
    ("account", "syncing", "text"),
    [
        (_account(), False, "Synced 11:30"),
        (_account(), True, "Syncing…"),
        (_account("offline", status_since=NOW + timedelta(minutes=2)), False, "Offline since 11:32"),
        (_account("rate_limited", retry_at=NOW + timedelta(minutes=45)), False, "Rate limited until 12:15"),
        (_account("needs_sign_in"), True, "Needs sign-in"),
    ],
)
def test_status_texts(account: AccountRecord, syncing: bool, text: str) -> None:
    assert account_status_text(account, syncing=syncing, last_synced=NOW, clock=berlin_clock) == text
    assert (
        account_status_text(_account(), syncing=False, last_synced=None, clock=berlin_clock)
        == "Not synced yet"
    )


def test_the_indicator_spells_out_each_account_and_escapes_tracker_text(qtbot: QtBot) -> None:
    widget = SyncStatusWidget()
    qtbot.addWidget(widget)
    assert widget.texts() == ["No tracker connected"]
    state = SyncState(
        accounts=(
            _account("offline", status_since=NOW, status_detail="<img src=x> cannot reach redmine.test"),
            _account("needs_sign_in", id=2, name="gh"),
        ),
    )
    widget.show_state(state, syncing=False, last_synced={}, clock=berlin_clock)
    assert widget.texts() == ["ops: Offline since 11:30", "gh: Needs sign-in"]
    assert "&lt;img src=x&gt;" in widget.account_buttons[1].toolTip()
    assert widget.account_buttons[2].accessibleName() == "Sync status of gh"
    with qtbot.waitSignal(widget.account_activated) as activated:
        widget.account_buttons[2].click()
    assert activated.args == [2]


def _ops_account(store: Store) -> None:
    store.accounts.add(name="ops", kind="redmine", base_url=BASE_URL, project="ops", scope="project", at=NOW)


def test_a_pass_shows_synced_offline_and_rate_limited(
    qtbot: QtBot,
    make_sync_ui: MakeSyncUi,
    memory_keyring: MemoryKeyring,
    store: Store,
    fake_redmine: FakeRedmine,
) -> None:
    fake_redmine.issues = make_issues(150)
    _ops_account(store)
    memory_keyring.set_password("baton", "ops", API_KEY)
    ui = make_sync_ui()
    assert ui.status.texts() == ["ops: Not synced yet"]
    with qtbot.waitSignal(ui.runner.pass_started):
        ui.sync_now()
    assert ui.status.texts() == ["ops: Syncing…"]
    with qtbot.waitSignal(ui.sync_finished) as finished:
        pass
    assert finished.args == [True]
    assert ui.status.texts() == ["ops: Synced 11:30"]
    assert ui.status.window().statusBar().currentMessage() == "Sync finished: 150 tasks updated"
    assert len(store.tasks.get(list(range(1, 200)))) == 150
    fake_redmine.mode = "offline"
    with qtbot.waitSignal(ui.sync_finished):
        ui.sync_now()
    assert ui.status.texts() == ["ops: Offline since 11:30"]
    fake_redmine.mode = "rate_limited"
    with qtbot.waitSignal(ui.sync_finished):
        ui.sync_now()
    assert ui.status.texts() == ["ops: Rate limited until 11:40"]  # Retry-After: 600 s


def test_a_refused_token_shows_needs_sign_in(
    qtbot: QtBot, make_sync_ui: MakeSyncUi, memory_keyring: MemoryKeyring, store: Store
) -> None:
    _ops_account(store)
    memory_keyring.set_password("baton", "ops", "f" * 40)
    ui = make_sync_ui()
    with qtbot.waitSignal(ui.sync_finished) as finished:
        ui.sync_now()
    assert finished.args == [False]
    assert ui.status.texts() == ["ops: Needs sign-in"]
    assert "needs attention: ops" in ui.status.window().statusBar().currentMessage()


def test_refused_writes_show_the_trackers_message_and_can_be_retried(
    qtbot: QtBot, make_sync_ui: MakeSyncUi, memory_keyring: MemoryKeyring, store: Store
) -> None:
    _ops_account(store)
    entry = store.outbox.enqueue(
        operation=PUSH_OPERATION, payload={}, idempotency_key="handoff:x", at=NOW, account_id=1
    )
    store.outbox.mark_failed(entry.id, "<b>Subject</b> cannot be blank", at=NOW)
    ui = make_sync_ui()
    assert ui.status.texts() == ["ops: Not synced yet", "1 failed write"]
    with qtbot.waitSignal(ui.status.failed_activated):
        ui.status.failed_button.click()
    dialog = ui.failed_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.message_view.toPlainText() == "<b>Subject</b> cannot be blank"  # plain text, not HTML
    item = dialog.entry_list.topLevelItem(0)
    assert item is not None and [item.text(c) for c in range(3)] == ["Handoff", "ops", "11:30"]
    with qtbot.waitSignal(ui.state_changed, check_params_cb=lambda state: not state.failed):
        dialog.retry_button.click()
    retried = store.outbox.get(entry.id)
    assert retried is not None and retried.state == "pending"
    assert ui.status.texts() == ["ops: Not synced yet"]
    assert ui.runner.soon.isActive()  # the retried write goes out with the next pass, soon


def test_new_handoffs_are_announced(
    qtbot: QtBot, make_sync_ui: MakeSyncUi, memory_keyring: MemoryKeyring
) -> None:
    received = (
        ReceivedHandoff("a1", "Kenji Sato", "Tokyo → Berlin"),
        ReceivedHandoff("b2", "Priya Nair", "Pager rotation"),
    )
    ui = make_sync_ui(work=lambda force, token: _result(*received))
    shown: list[tuple[str, str]] = []
    ui._tray.available = True
    ui._tray.notify = lambda title, message: shown.append((title, message))  # type: ignore[method-assign]
    ui.state = SyncState(accounts=(_account(),))
    with qtbot.waitSignal(ui.handoffs_received) as arrived:
        ui.sync_now()
    assert arrived.args == [["a1", "b2"]]
    assert shown == [("2 new handoffs", "From Kenji Sato, Priya Nair")]
    ui.runner._work = lambda force, token: _result(received[0])
    with qtbot.waitSignal(ui.handoffs_received):
        ui.sync_now()
    assert shown[-1] == ("New handoff from Kenji Sato", "Tokyo → Berlin")
