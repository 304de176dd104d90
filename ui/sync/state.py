"""What the sync indicator shows, read from the store, and the one sync pass the runner runs.

Plain Python (no Qt): the functions here run on worker threads and return frozen values that
cross to the GUI thread as they are.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

import httpx

from app.domain import OutboxState
from app.ports import Clock
from app.store.handoffs import ACK_OPERATION
from app.store.records import AccountRecord
from app.store.store import Store
from sync.credentials import SecretStore
from sync.engine import SyncSummary
from sync.factory import build_engine, close_sessions
from sync.http import RetryPolicy


@dataclass(frozen=True)
class FailedWrite:
    """An outbox entry the tracker refused: what it was (``"Handoff “Night shift”"``), the
    account it was for (``None`` when it waits for one), the tracker's own ``message``
    (untrusted text) and when it last failed (aware UTC)."""

    entry_id: int
    what: str
    account: str | None
    message: str
    at: datetime


@dataclass(frozen=True)
class SyncState:
    """Accounts with their status, refused writes, and how many writes wait (pending)."""

    accounts: tuple[AccountRecord, ...] = ()
    failed: tuple[FailedWrite, ...] = ()
    waiting: int = 0


@dataclass(frozen=True)
class ReceivedHandoff:
    """A handoff that arrived in a pass: its UUID, author and title (tracker text)."""

    id: str
    author: str
    title: str


@dataclass(frozen=True)
class PassResult:
    """One finished pass: the engine's summary, handoffs that arrived, and the state after."""

    summary: SyncSummary
    received: tuple[ReceivedHandoff, ...]
    state: SyncState


def read_state(store: Store) -> SyncState:
    """The accounts, the refused writes and the number of waiting writes (worker thread)."""
    accounts = tuple(store.accounts.list())
    names = {a.id: a.name for a in accounts}
    failed = []
    for entry in store.outbox.list(state=OutboxState.FAILED.value):
        what = "Acknowledgement" if entry.operation == ACK_OPERATION else "Handoff"
        if entry.handoff_id:
            handoff = store.handoffs.get(entry.handoff_id)
            if handoff is not None and handoff.title:
                what = f"{what} “{handoff.title}”"
        failed.append(
            FailedWrite(
                entry_id=entry.id,
                what=what,
                account=names.get(entry.account_id) if entry.account_id is not None else None,
                message=entry.last_error or "",
                at=entry.updated_at or entry.created_at,
            )
        )
    waiting = len(store.outbox.list(state=OutboxState.PENDING.value))
    return SyncState(accounts=accounts, failed=tuple(failed), waiting=waiting)


def run_pass(
    *,
    store: Store,
    secrets: SecretStore,
    clock: Clock,
    me: str | None,
    force: bool,
    should_stop: Callable[[], bool],
    transport: httpx.BaseTransport | None = None,
    retry: RetryPolicy | None = None,
) -> PassResult:
    """One :class:`~sync.engine.SyncEngine` pass over every account (worker thread).

    ``force``: the user asked (ignores offline backoff). New incoming handoffs are found by
    comparing the stored ids before and after the pass. Raises
    :class:`~sync.credentials.SecretStoreError` when the keyring cannot be read."""
    before = set(store.handoffs.ids_starting_with(""))
    engine, sessions = build_engine(
        store=store, secrets=secrets, clock=clock, me=me, transport=transport, retry=retry
    )
    try:
        summary = engine.run(force=force, should_stop=should_stop)
    finally:
        close_sessions(sessions)
    received: list[ReceivedHandoff] = []
    if any(a.received for a in summary.accounts):
        for handoff_id in sorted(set(store.handoffs.ids_starting_with("")) - before):
            handoff = store.handoffs.get(handoff_id)
            if handoff is not None and handoff.incoming:
                received.append(ReceivedHandoff(handoff.id, handoff.author, handoff.title))
    return PassResult(summary=summary, received=tuple(received), state=read_state(store))
