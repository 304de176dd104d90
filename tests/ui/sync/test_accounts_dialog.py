"""Tracker ▸ Accounts…: adding, testing, signing in again and removing accounts; where tokens go."""

from __future__ import annotations

from pathlib import Path

import pytest
from keyring.backend import KeyringBackend
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from app.store import Store
from sync.credentials import SERVICE
from tests.support.redmine import Redmine
from tests.ui.sync.conftest import FAST_RETRY, NOW, MakeSyncUi, MemoryKeyring
from tests.ui.sync.fake_redmine import API_KEY, BAD_KEY, BASE_URL, FakeRedmine
from ui.sync.accounts_dialog import AccountsDialog
from ui.sync.install import SyncUi


def _dialog(ui: SyncUi) -> AccountsDialog:
    ui.open_accounts()
    assert ui.accounts_dialog is not None
    return ui.accounts_dialog


def _fill(
    dialog: AccountsDialog, *, name: str = "ops", url: str = BASE_URL, project: str = "ops", token: str
) -> None:
    dialog.kind_box.setCurrentIndex(dialog.kind_box.findData("redmine"))
    dialog.name_edit.setText(name)
    dialog.url_edit.setText(url)
    dialog.project_edit.setText(project)
    dialog.token_edit.setText(token)


def _add(qtbot: QtBot, ui: SyncUi, dialog: AccountsDialog) -> None:
    with qtbot.waitSignal(ui.state_changed, check_params_cb=lambda state: bool(state.accounts)):
        dialog.add_button.click()


def _files_and_logs(store: Store, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> bytes:
    """Every byte the app wrote that could hold a token: database (+ WAL), settings, logs."""
    store.close()  # checkpoints the WAL into the database file
    everything = b"".join(p.read_bytes() for p in tmp_path.rglob("*") if p.is_file())
    return everything + caplog.text.encode()


def test_adding_an_account_keeps_the_token_only_in_the_keyring(
    qtbot: QtBot,
    make_sync_ui: MakeSyncUi,
    memory_keyring: MemoryKeyring,
    store: Store,
    fake_redmine: FakeRedmine,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    ui = make_sync_ui()
    dialog = _dialog(ui)
    assert dialog.token_edit.echoMode() == QLineEdit.EchoMode.Password
    assert not dialog.keyring_banner.isVisibleTo(dialog) and not dialog.session_only_check.isVisibleTo(dialog)
    _fill(dialog, token=API_KEY)
    _add(qtbot, ui, dialog)
    account = store.accounts.by_name("ops")
    assert account is not None and not account.session_only and account.username == "jsmith"
    assert memory_keyring.secrets == {(SERVICE, "ops"): API_KEY}
    assert dialog.token_edit.text() == ""
    assert dialog.result_label.text() == "Added ops: signed in as jsmith."
    assert dialog.account_list.topLevelItem(0).text(0) == "ops"  # type: ignore[union-attr]
    with qtbot.waitSignal(ui.sync_finished) as finished:
        ui.sync_now()  # a whole pass reads the token from the keyring and sends it in the header
    assert finished.args == [True]
    assert fake_redmine.seen_keys == {API_KEY}
    assert API_KEY.encode() not in _files_and_logs(store, tmp_path, caplog)


def test_problems_show_next_to_their_fields_and_nothing_is_sent(
    qtbot: QtBot, make_sync_ui: MakeSyncUi, memory_keyring: MemoryKeyring, fake_redmine: FakeRedmine
) -> None:
    dialog = _dialog(make_sync_ui())
    _fill(dialog, name="", url="ftp://redmine.test", project="Ops Team", token="")
    dialog.add_button.click()
    shown = {key: label.text() for key, label in dialog.errors.items() if label.isVisibleTo(dialog)}
    assert shown == {
        "name": "✖ Give the account a name, e.g. “ops”.",
        "base_url": "✖ Enter an http:// or https:// address.",
        "project": "✖ Use the project's identifier (lower case, digits, - and _).",
        "token": "✖ Paste the token.",
    }
    assert dialog.name_edit.hasFocus() or not dialog.isActiveWindow()
    assert dialog.name_edit.accessibleDescription() == "Give the account a name, e.g. “ops”."
    dialog.kind_box.setCurrentIndex(dialog.kind_box.findData("github"))
    assert dialog.url_edit.text() == "ftp://redmine.test"  # a typed address is kept
    assert dialog.titles["project"].text() == "&Repository:"
    dialog.url_edit.clear()
    dialog.kind_box.setCurrentIndex(dialog.kind_box.findData("redmine"))
    dialog.kind_box.setCurrentIndex(dialog.kind_box.findData("github"))
    assert dialog.url_edit.text() == "https://api.github.com"
    dialog.project_edit.setText("not-a-repo")
    dialog.test_button.click()
    assert dialog.errors["project"].text() == "✖ Enter the repository as OWNER/REPO."
    assert fake_redmine.requests == 0
    assert memory_keyring.secrets == {}


def test_test_connection_shows_who_the_token_belongs_to_or_the_trackers_refusal(
    qtbot: QtBot, make_sync_ui: MakeSyncUi, memory_keyring: MemoryKeyring, store: Store
) -> None:
    ui = make_sync_ui()
    dialog = _dialog(ui)
    _fill(dialog, token=API_KEY)
    qtbot.waitUntil(dialog.test_button.isEnabled)
    dialog.test_button.click()
    assert dialog.result_label.text() == "Testing the connection…" and not dialog.test_button.isEnabled()
    qtbot.waitUntil(lambda: dialog.result_label.text().startswith("Connected"))
    assert dialog.result_label.text() == "Connected: the token belongs to jsmith (John Smith)."
    dialog.token_edit.setText(BAD_KEY)
    dialog.test_button.click()
    qtbot.waitUntil(lambda: dialog.result_label.text().startswith("Connection failed"))
    assert dialog.result_label.text() == (
        "Connection failed: redmine.test refused the token (HTTP 401): sign in again"
    )
    assert dialog.errors["token"].text() == "✖ The tracker refused this token."
    assert store.accounts.list() == [] and memory_keyring.secrets == {}


def test_no_usable_keyring_offers_a_session_only_account(
    qtbot: QtBot,
    make_sync_ui: MakeSyncUi,
    fail_keyring: KeyringBackend,
    store: Store,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    ui = make_sync_ui()
    dialog = _dialog(ui)
    assert dialog.keyring_banner.isVisibleTo(dialog)
    assert dialog.keyring_banner.text().startswith("No usable keyring: tokens cannot be saved")
    assert "Baton never stores tokens in plain text" in dialog.keyring_banner.text()
    assert dialog.session_only_check.isVisibleTo(dialog)
    _fill(dialog, token=API_KEY)
    dialog.add_button.click()  # not without the user's say-so
    assert dialog.errors["token"].text().startswith("✖ No keyring can keep this token")
    assert store.accounts.list() == []
    dialog.session_only_check.setChecked(True)
    _add(qtbot, ui, dialog)
    account = store.accounts.by_name("ops")
    assert account is not None and account.session_only
    assert "Session only: sign in again after Baton restarts." in dialog.result_label.text()
    with qtbot.waitSignal(ui.sync_finished) as finished:
        ui.sync_now()  # the token in memory is used for this session
    assert finished.args == [True]
    assert API_KEY.encode() not in _files_and_logs(store, tmp_path, caplog)


def test_an_account_that_needs_sign_in_opens_its_sign_in_form(
    qtbot: QtBot, make_sync_ui: MakeSyncUi, memory_keyring: MemoryKeyring, store: Store
) -> None:
    account = store.accounts.add(name="ops", kind="redmine", base_url=BASE_URL, project="ops", at=NOW)
    store.accounts.set_status(account.id, "needs_sign_in", at=NOW, detail="redmine.test refused the token")
    ui = make_sync_ui()
    assert ui.status.texts() == ["ops: Needs sign-in"]
    ui.status.account_buttons[account.id].click()
    dialog = ui.accounts_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.form_box.title() == "Sign in to ops again"
    assert not dialog.name_edit.isEnabled() and dialog.add_button.text() == "Save &Token"
    assert dialog.list_message.text() == "redmine.test refused the token"
    dialog.token_edit.setText(API_KEY)
    with qtbot.waitSignal(ui.state_changed, check_params_cb=lambda s: s.accounts[0].status == "ok"):
        dialog.add_button.click()
    assert memory_keyring.secrets == {(SERVICE, "ops"): API_KEY}
    assert ui.status.texts() == ["ops: Not synced yet"]
    assert dialog.result_label.text() == "Signed in to ops again as jsmith."


def test_removing_an_account_deletes_its_token(
    qtbot: QtBot, make_sync_ui: MakeSyncUi, memory_keyring: MemoryKeyring, store: Store
) -> None:
    ui = make_sync_ui()
    dialog = _dialog(ui)
    _fill(dialog, token=API_KEY)
    _add(qtbot, ui, dialog)
    questions: list[str] = []
    dialog._confirm = lambda parent, question: questions.append(question) or True
    dialog.account_list.topLevelItem(0).setSelected(True)  # type: ignore[union-attr]
    with qtbot.waitSignal(ui.state_changed, check_params_cb=lambda state: not state.accounts):
        dialog.remove_button.click()
    assert questions and questions[0].startswith("Remove ops?")
    assert memory_keyring.secrets == {} and store.accounts.list() == []
    assert dialog.result_label.text() == "Removed ops."
    assert ui.status.texts() == ["No tracker connected"]


@pytest.mark.slow
def test_test_connection_against_the_real_redmine(
    qtbot: QtBot, make_sync_ui: MakeSyncUi, memory_keyring: MemoryKeyring, redmine: Redmine
) -> None:
    login, key, _user_id = redmine.new_user()
    ui = make_sync_ui(transport=None, retry=FAST_RETRY)
    dialog = _dialog(ui)
    _fill(dialog, url=redmine.url, project="", token=key)
    dialog.test_button.click()
    qtbot.waitUntil(lambda: dialog.result_label.text().startswith("Conn"), timeout=10_000)
    assert (
        dialog.result_label.text()
        == f"Connected: the token belongs to {login} ({login.capitalize()} Tester)."
    )
    dialog.token_edit.setText("f" * 40)
    dialog.test_button.click()
    qtbot.waitUntil(lambda: dialog.result_label.text().startswith("Connection failed"), timeout=10_000)
    assert "refused the token (HTTP 401)" in dialog.result_label.text()
