"""Which keyring backends Baton accepts for tokens."""

from __future__ import annotations

from keyring.backend import KeyringBackend
from keyring.backends import chainer, fail

from sync.credentials import describe_backend


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
