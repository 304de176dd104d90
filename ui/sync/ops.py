"""Account operations for the accounts and failed-writes dialogs, each run off the GUI thread.

Network calls (who-am-I) run on the shared job threads; every store or keyring write runs on
the single SQLite writer thread (STYLE §8). The rules are in :mod:`sync.account_setup`; this
module only schedules them and reports the outcome on the GUI thread.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import httpx
from PySide6.QtCore import QObject, Signal

from app.ports import Clock
from app.store.records import AccountRecord
from app.store.store import Store
from sync.account_setup import (
    INTERACTIVE_RETRY,
    AccountDraft,
    check_connection,
    remove_account,
    replace_token,
    retry_outbox_entry,
    save_account,
)
from sync.credentials import BackendStatus, SecretStore
from sync.http import RetryPolicy
from sync.protocol import Identity
from ui.jobs import Job, JobRunner

log = logging.getLogger(__name__)


class Outcome(QObject):
    """The result of one operation, delivered on the GUI thread; exactly one signal fires.

    Signals:
        succeeded(object): the operation's result.
        failed(object): the ``Exception`` it raised (a :mod:`sync.errors` type, a
            :class:`~sync.credentials.SecretStoreError`, ``ValueError`` …).
    """

    succeeded = Signal(object)
    failed = Signal(object)

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)

    def _finish(self, signal: Any, value: object) -> None:
        signal.emit(value)
        self.deleteLater()

    def follow(self, job: Job, then: Callable[[Any], Job | None] | None = None) -> None:
        """Report ``job``'s outcome; with ``then``, a success starts the next job instead."""

        def on_success(value: object) -> None:
            following = then(value) if then is not None else None
            if following is None:
                self._finish(self.succeeded, value)
            else:
                self.follow(following)

        job.succeeded.connect(on_success)
        job.failed.connect(lambda error: self._finish(self.failed, error))
        job.discarded.connect(lambda: self._finish(self.failed, RuntimeError("the operation was cancelled")))


class AccountOperations(QObject):
    """Test, add, sign in again, remove; retry refused writes.

    ``secrets`` is the OS keyring store, or a session-only store when ``backend`` is not usable
    (then :attr:`keyring_warning` says why and accounts are added session-only).

    Signals:
        accounts_changed(): an account was added, signed in again or removed, or a write was
            retried (the status should be read again).
    """

    accounts_changed = Signal()

    def __init__(
        self,
        *,
        store: Store,
        secrets: SecretStore,
        backend: BackendStatus,
        clock: Clock,
        jobs: JobRunner,
        writer: JobRunner,
        transport: httpx.BaseTransport | None = None,
        retry: RetryPolicy | None = INTERACTIVE_RETRY,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._store, self._secrets, self._backend, self._clock = store, secrets, backend, clock
        self._jobs, self._writer = jobs, writer
        self._transport, self._retry = transport, retry

    @property
    def session_only(self) -> bool:
        """True when tokens can only be kept in memory (no usable keyring)."""
        return not self._secrets.persistent

    @property
    def keyring_warning(self) -> str | None:
        """Why tokens cannot be saved (``None`` when the keyring is usable)."""
        if not self.session_only:
            return None
        return self._backend.warning or "no usable keyring"

    def _check(self, draft: AccountDraft, token: str) -> Job:
        clock, transport, retry = self._clock, self._transport, self._retry
        return self._jobs.run(
            lambda: check_connection(draft, token, now=clock.now, transport=transport, retry=retry)
        )

    def test_connection(self, draft: AccountDraft, token: str) -> Outcome:
        """Who-am-I with ``token``; succeeds with an :class:`~sync.protocol.Identity`."""
        outcome = Outcome(self)
        outcome.follow(self._check(draft, token))
        return outcome

    def add_account(self, draft: AccountDraft, token: str) -> Outcome:
        """Test, then save the account and its token; succeeds with a
        :class:`~sync.account_setup.SavedAccount`."""
        store, secrets, clock = self._store, self._secrets, self._clock
        outcome = Outcome(self)

        def save(identity: Identity) -> Job:
            return self._writer.run(
                lambda: save_account(store, secrets, draft, token, identity, at=clock.now())
            )

        outcome.follow(self._check(draft, token), save)
        outcome.succeeded.connect(self.accounts_changed)
        return outcome

    def sign_in_again(self, account: AccountRecord, token: str) -> Outcome:
        """Test ``token`` for ``account``, then replace its token and clear "needs sign-in"."""
        store, secrets, clock = self._store, self._secrets, self._clock
        draft = AccountDraft(
            name=account.name,
            kind=account.kind,
            base_url=account.base_url,
            project=account.project,
            scope=account.scope,
        )
        outcome = Outcome(self)

        def save(identity: Identity) -> Job:
            return self._writer.run(
                lambda: replace_token(store, secrets, account, token, identity, at=clock.now())
            )

        outcome.follow(self._check(draft, token), save)
        outcome.succeeded.connect(self.accounts_changed)
        return outcome

    def remove_account(self, account_id: int) -> Outcome:
        """Delete the account and its token; succeeds with the number of writes kept."""
        store, secrets = self._store, self._secrets
        outcome = Outcome(self)
        outcome.follow(self._writer.run(lambda: remove_account(store, secrets, account_id)))
        outcome.succeeded.connect(self.accounts_changed)
        outcome.failed.connect(self.accounts_changed)  # the row may be gone even if the keyring refused
        return outcome

    def retry_write(self, entry_id: int) -> Outcome:
        """Make a refused write due again (the next pass sends it)."""
        store, clock = self._store, self._clock
        outcome = Outcome(self)
        outcome.follow(self._writer.run(lambda: retry_outbox_entry(store, entry_id, at=clock.now())))
        outcome.succeeded.connect(self.accounts_changed)
        return outcome
