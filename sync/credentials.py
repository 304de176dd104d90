"""Credentials in the OS keyring (service ``baton``), and what the active backend is.

Tokens are stored only through ``keyring`` (:class:`KeyringSecretStore`), or, when no usable
backend exists, in memory for this session (:class:`SessionSecretStore`). A backend that
cannot keep a secret safely (``keyring.backends.fail.Keyring`` on a headless Linux, or a
plaintext store such as those in ``keyrings.alt``) is reported, never silently used.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import keyring
import keyring.backend
from keyring.backends.chainer import ChainerBackend
from keyring.errors import KeyringError, PasswordDeleteError

SERVICE = "baton"

_PLAINTEXT_MARKERS = ("plaintext", "keyrings.alt", "uncrypted", "null")


@dataclass(frozen=True)
class BackendStatus:
    """The active keyring backend: ``name`` is its class path; ``usable`` is False for the
    failing backend; ``warning`` explains any problem to the user (``None`` when fine)."""

    name: str
    usable: bool
    warning: str | None


def describe_backend(backend: keyring.backend.KeyringBackend | None = None) -> BackendStatus:
    """Describe ``backend`` (default: the one ``keyring`` selected)."""
    chosen = backend if backend is not None else keyring.get_keyring()
    cls = type(chosen)
    name = f"{cls.__module__}.{cls.__qualname__}"
    lowered = name.lower()
    if cls.__module__ == "keyring.backends.fail":
        return BackendStatus(
            name,
            usable=False,
            warning="no usable keyring: tokens cannot be saved; install and unlock a Secret Service "
            "(GNOME Keyring, KWallet) or use a session-only account",
        )
    if any(marker in lowered for marker in _PLAINTEXT_MARKERS):
        return BackendStatus(
            name,
            usable=False,
            warning="this keyring backend stores secrets in plain text; Baton will not use it",
        )
    if isinstance(chosen, ChainerBackend) and not chosen.backends:
        return BackendStatus(name, usable=False, warning="no keyring backend is available")
    return BackendStatus(name, usable=True, warning=None)


class SecretStoreError(Exception):
    """The keyring could not store, read or delete a token (locked, denied, D-Bus gone). The
    message names the account and the backend problem, never the token."""


class SecretStore(Protocol):
    """Tokens by account name. ``persistent`` is False for a session-only store (tokens are
    gone when Baton quits)."""

    persistent: bool

    def get(self, account: str) -> str | None:
        """The token of ``account``, or ``None``."""
        ...

    def set(self, account: str, token: str) -> None:
        """Store (or replace) the token of ``account``."""
        ...

    def delete(self, account: str) -> None:
        """Forget the token of ``account`` (no error when there is none)."""
        ...


class KeyringSecretStore:
    """Tokens in an OS keyring backend: service ``baton``, one entry per account (the entry's
    user name is the account name). Raises :class:`SecretStoreError`."""

    persistent = True

    def __init__(self, backend: keyring.backend.KeyringBackend) -> None:
        self._backend = backend

    def get(self, account: str) -> str | None:
        try:
            return self._backend.get_password(SERVICE, account)
        except KeyringError as error:
            raise SecretStoreError(f"cannot read the token of {account!r}: {type(error).__name__}") from None

    def set(self, account: str, token: str) -> None:
        try:
            self._backend.set_password(SERVICE, account, token)
        except KeyringError as error:
            raise SecretStoreError(f"cannot save the token of {account!r}: {type(error).__name__}") from None

    def delete(self, account: str) -> None:
        try:
            self._backend.delete_password(SERVICE, account)
        except PasswordDeleteError:
            return
        except KeyringError as error:
            raise SecretStoreError(
                f"cannot delete the token of {account!r}: {type(error).__name__}"
            ) from None


class SessionSecretStore:
    """Tokens kept in this process's memory only, for a machine without a usable keyring; never
    written anywhere. ``repr`` never shows them."""

    persistent = False

    def __init__(self) -> None:
        self._tokens: dict[str, str] = {}

    def __repr__(self) -> str:
        return f"SessionSecretStore(accounts={sorted(self._tokens)})"

    def get(self, account: str) -> str | None:
        return self._tokens.get(account)

    def set(self, account: str, token: str) -> None:
        self._tokens[account] = token

    def delete(self, account: str) -> None:
        self._tokens.pop(account, None)


def open_secret_store(
    backend: keyring.backend.KeyringBackend | None = None,
) -> tuple[SecretStore, BackendStatus]:
    """The secret store to use and the backend's status: the OS keyring when it is usable,
    else a :class:`SessionSecretStore` (the status's ``warning`` says why). Never plain text."""
    chosen = backend if backend is not None else keyring.get_keyring()
    status = describe_backend(chosen)
    if status.usable:
        return KeyringSecretStore(chosen), status
    return SessionSecretStore(), status
