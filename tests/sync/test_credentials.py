"""Which keyring backends Baton accepts for tokens."""

from __future__ import annotations

import pytest
from keyring.backend import KeyringBackend
from keyring.backends import chainer, fail
from keyring.errors import KeyringLocked, PasswordDeleteError

from sync.credentials import (
    KeyringSecretStore,
    SecretStoreError,
    SessionSecretStore,
    describe_backend,
    open_secret_store,
)


class _Backend(KeyringBackend):
    priority = 1  # type: ignore[assignment]

    def get_password(self, service: str, username: str) -> str | None:
        return None

    def set_password(self, service: str, username: str, password: str) -> None:
        return None

    def delete_password(self, service: str, username: str) -> None:
        return None


class PlaintextKeyring(_Backend):
    """Named like keyrings.alt's plaintext file store (which is never installed here)."""


class SecretService(_Backend):
    """Named like a real encrypted backend."""


class EmptyChain(chainer.ChainerBackend):
    backends = ()  # type: ignore[assignment]  # what keyring builds when nothing is viable


def test_the_failing_backend_is_reported_as_unusable() -> None:
    status = describe_backend(fail.Keyring())
    assert status.name == "keyring.backends.fail.Keyring"
    assert not status.usable
    assert status.warning is not None and "session-only" in status.warning


def test_a_plaintext_backend_is_refused() -> None:
    status = describe_backend(PlaintextKeyring())
    assert not status.usable
    assert status.warning is not None and "plain text" in status.warning


def test_an_empty_chain_is_unusable() -> None:
    assert not describe_backend(EmptyChain()).usable


def test_a_real_backend_is_accepted() -> None:
    status = describe_backend(SecretService())
    assert status.usable and status.warning is None
    assert status.name.endswith("SecretService")


class MemoryBackend(_Backend):
    """Named like a real encrypted backend; keeps entries in memory."""

    def __init__(self) -> None:
        super().__init__()
        self.entries: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.entries.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.entries[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if (service, username) not in self.entries:
            raise PasswordDeleteError(username)
        del self.entries[(service, username)]


class LockedBackend(_Backend):
    def get_password(self, service: str, username: str) -> str | None:
        raise KeyringLocked("the collection is locked")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise KeyringLocked("the collection is locked")

    def delete_password(self, service: str, username: str) -> None:
        raise KeyringLocked("the collection is locked")


def test_a_usable_keyring_stores_one_entry_per_account_under_service_baton() -> None:
    backend = MemoryBackend()
    secrets, status = open_secret_store(backend)
    assert status.usable and secrets.persistent
    secrets.set("ops", "tok-1")
    secrets.set("gh", "tok-2")
    assert backend.entries == {("baton", "ops"): "tok-1", ("baton", "gh"): "tok-2"}
    assert secrets.get("ops") == "tok-1" and secrets.get("nope") is None
    secrets.delete("ops")
    secrets.delete("ops")
    assert secrets.get("ops") is None


def test_without_a_usable_keyring_tokens_stay_in_memory_for_the_session() -> None:
    secrets, status = open_secret_store(fail.Keyring())
    assert not status.usable and not secrets.persistent
    secrets.set("ops", "tok-1")
    assert secrets.get("ops") == "tok-1" and "tok-1" not in repr(secrets)
    secrets.delete("ops")
    assert secrets.get("ops") is None
    assert isinstance(open_secret_store(PlaintextKeyring())[0], SessionSecretStore)


def test_keyring_failures_name_the_account_never_the_token() -> None:
    secrets = KeyringSecretStore(LockedBackend())
    for call in (
        lambda: secrets.get("ops"),
        lambda: secrets.set("ops", "tok-1"),
        lambda: secrets.delete("ops"),
    ):
        with pytest.raises(SecretStoreError) as error:
            call()
        assert "'ops'" in str(error.value) and "KeyringLocked" in str(error.value)
        assert "tok-1" not in str(error.value)
