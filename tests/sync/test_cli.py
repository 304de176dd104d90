"""``baton tracker …`` and ``baton sync`` end to end against the real Redmine, with an in-memory
keyring backend; and the token never reaches the database, config, logs or output."""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import keyring
import keyring.backend
import pytest
from keyring.backends import fail

from app.main import main
from app.paths import resolve_paths
from app.settings import SETTINGS_FILE, Settings, save_settings
from app.store.store import Store
from sync.credentials import SERVICE
from tests.sync.conftest import Redmine, make_handoff, submit

pytestmark = pytest.mark.slow


class MemoryKeyring(keyring.backend.KeyringBackend):
    """An in-memory keyring backend (what unit tests use instead of a Secret Service)."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.entries: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.entries.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.entries[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.entries.pop((service, username), None)


@pytest.fixture
def vault() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    memory = MemoryKeyring()
    keyring.set_keyring(memory)
    yield memory
    keyring.set_keyring(previous)


def _baton(
    args: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, stdin: str = ""
) -> tuple[int, str]:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = main(args)
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def test_add_sync_list_test_remove_and_no_token_anywhere(
    vault: MemoryKeyring,
    redmine: Redmine,
    project: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    login, token, _id = redmine.new_user(project)
    paths = resolve_paths()
    add = [
        "tracker",
        "add",
        "redmine",
        "--name",
        "ops",
        "--url",
        redmine.url,
        "--project",
        project,
        "--scope",
        "project",
    ]

    code, output = _baton(add, capsys, monkeypatch, stdin=token + "\n")

    assert code == 0, output
    assert f"signed in as {login}" in output
    assert vault.entries == {(SERVICE, "ops"): token}
    save_settings(Settings(me="Ana"), paths.config_dir / SETTINGS_FILE)
    store = Store.open(paths.database)
    account = store.accounts.list()[0]
    handoff = make_handoff()
    submit(store, handoff, account_id=account.id, at=datetime.now(UTC))
    redmine.new_issue(project, "a task in the project")
    store.close()

    code, output = _baton(["sync"], capsys, monkeypatch)
    assert code == 0, output
    assert "1 handoff sent" in output and "1 task updated" in output
    code, output = _baton(["tracker", "list"], capsys, monkeypatch)
    assert code == 0 and "ops\tredmine" in output and "\tok\ttoken in keyring\t0 waiting, 0 failed" in output
    code, output = _baton(["tracker", "test", "ops"], capsys, monkeypatch)
    assert code == 0 and f"signed in as {login}" in output
    code, output = _baton(["sync", "--account", "ops"], capsys, monkeypatch)
    assert code == 0 and "handoff sent" not in output

    leaks = [
        str(p)
        for p in Path(os.environ["BATON_DATA_DIR"]).rglob("*")
        if p.is_file() and token.encode() in p.read_bytes()
    ]
    assert leaks == [], "the token is in these files"
    assert paths.log_file.exists() and paths.database.exists()
    assert not any(token in record.getMessage() for record in caplog.records)

    code, output = _baton(["tracker", "remove", "ops"], capsys, monkeypatch)
    assert code == 0 and vault.entries == {}
    code, output = _baton(["tracker", "list"], capsys, monkeypatch)
    assert "No tracker accounts" in output


def test_a_wrong_token_is_refused_and_nothing_is_saved(
    vault: MemoryKeyring,
    redmine: Redmine,
    project: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    wrong = "f" * 40
    add = ["tracker", "add", "redmine", "--name", "ops", "--url", redmine.url, "--project", project]

    code, output = _baton(add, capsys, monkeypatch, stdin=wrong)

    assert code == 1 and "refused the token" in output and "Nothing was saved" in output
    assert wrong not in output and vault.entries == {}
    assert _baton(["tracker", "list"], capsys, monkeypatch)[1].startswith("No tracker accounts")


def test_sync_exits_non_zero_with_a_readable_summary_when_the_token_is_refused(
    vault: MemoryKeyring,
    redmine: Redmine,
    project: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    add = ["tracker", "add", "redmine", "--name", "ops", "--url", redmine.url, "--project", project]
    assert _baton(add, capsys, monkeypatch, stdin=redmine.api_key)[0] == 0
    vault.entries[(SERVICE, "ops")] = "0" * 40  # the token was revoked in Redmine

    code, output = _baton(["sync"], capsys, monkeypatch)

    assert "ops (redmine): needs sign-in" in output, output
    assert code == 1
    code, output = _baton(["tracker", "list"], capsys, monkeypatch)
    assert "needs sign in" in output


def test_without_a_usable_keyring_add_refuses_and_explains(
    redmine: Redmine, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        code, output = _baton(
            ["tracker", "add", "redmine", "--name", "ops", "--url", redmine.url],
            capsys,
            monkeypatch,
            stdin="secret-token",
        )
    finally:
        keyring.set_keyring(previous)
    assert code == 1
    assert "no usable keyring" in output and "session-only" in output and "plain text" in output
    assert "secret-token" not in output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["tracker", "add", "redmine", "--name", "x"], "--url is required"),
        (["tracker", "add", "redmine", "--name", "x", "--url", "ftp://h"], "not an http(s) address"),
        (["tracker", "add", "redmine", "--name", "x", "--url", "http://h", "--repo", "a/b"], "use --project"),
        (["tracker", "add", "github", "--name", "x", "--project", "p"], "use --repo"),
        (
            ["tracker", "add", "redmine", "--name", "x", "--url", "http://h", "--scope", "project"],
            "needs --project",
        ),
        (["tracker", "add", "redmine", "--name", "x", "--url", "http://h"], "no token given"),
        (["tracker", "test", "nope"], "no tracker account named 'nope'"),
        (["tracker", "remove", "nope"], "no tracker account named 'nope'"),
        (["sync", "--account", "nope"], "no tracker account named 'nope'"),
    ],
)
def test_usage_problems_exit_2(
    vault: MemoryKeyring,
    args: list[str],
    message: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    code, output = _baton(args, capsys, monkeypatch)
    assert code == 2 and message in output


def test_sync_with_no_accounts_says_how_to_add_one(
    vault: MemoryKeyring, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, output = _baton(["sync"], capsys, monkeypatch)
    assert code == 0 and "baton tracker add" in output
