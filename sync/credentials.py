"""Credentials in the OS keyring (service ``baton``), and what the active backend is.

Tokens are stored only through ``keyring``. A backend that cannot keep a secret safely
(``keyring.backends.fail.Keyring`` on a headless Linux, or a plaintext store such as those in
``keyrings.alt``) is reported, never silently used.
"""

from __future__ import annotations

from dataclasses import dataclass

import keyring
import keyring.backend
from keyring.backends.chainer import ChainerBackend

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
