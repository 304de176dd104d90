"""One sync pass: drain each account's outbox in order, then pull tasks, handoffs and
acknowledgements with cursors.

Exactly once: every remote write carries the handoff's UUID and the engine asks the tracker for
an earlier write (``find_handoff``; ``link_task`` and ``acknowledge`` look for their own marker)
before writing, so a pass killed at any point (SIGKILL, power loss, a timeout whose request did
land) never writes twice when run again; local state changes after each remote write are single
SQLite transactions.

What each failure does (the account's ``status`` is what the UI shows):

======================  ==========================================================================
``Offline``/5xx         entry stays pending (``next_attempt_at``), account ``offline`` since the
                        first failure, next try after a backoff that grows with the outage
                        (half its length, 30 s … 15 min, plus jitter); the pass moves on
``RateLimited``         account ``rate_limited`` until the tracker's announced reset; entries wait
``Unauthorized`` (401)  account ``needs_sign_in``: nothing is pushed to it (its outbox is kept)
                        until the token is replaced and ``baton tracker test`` succeeds
``Rejected`` (4xx)      that entry ``failed`` with the tracker's message, the handoff ``failed``
                        with a reason the user can act on (fix, then retry); the queue goes on
``MalformedResponse``   entry waits (backoff) and the problem is reported; never skipped
======================  ==========================================================================

No Qt here: the UI runs :meth:`SyncEngine.run` on a worker thread (the store is safe for calls
from several threads), the CLI runs it directly.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from app.domain import RecipientKind
from app.handoff.states import IllegalTransition
from app.handoff.wire import WireFormatError, from_wire
from app.ports import Clock
from app.store.accounts import CursorRecord
from app.store.handoffs import ACK_OPERATION, PUSH_OPERATION
from app.store.records import AccountRecord, HandoffRecord, OutboxEntryRecord
from app.store.store import Store
from app.store.types import from_utc_text
from sync.errors import MalformedResponse, RateLimited, Rejected, SyncError, Transient, Unauthorized
from sync.protocol import Acknowledgement, Cursor, RemoteRef, TrackerAdapter
from sync.summary import AccountSummary, SyncSummary

log = logging.getLogger(__name__)

TASKS = "tasks"
HANDOFFS = "handoffs"
MIN_BACKOFF = timedelta(seconds=30)
MAX_BACKOFF = timedelta(minutes=15)


@dataclass
class _Tally:
    pushed: int = 0
    acks_sent: int = 0
    tasks: int = 0
    received: int = 0
    acks_received: int = 0
    failed: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


class SyncEngine:
    """Runs sync passes for the accounts of ``store``.

    ``adapters`` maps account id → adapter (accounts without one — no token in the keyring —
    are reported as needing sign-in). ``me`` is the user's roster name and ``teams`` their
    teams: incoming handoffs addressed to either are received. ``clock.now()`` is aware UTC;
    ``jitter`` returns a float in [0, 1) (tests pass a fixed one).
    """

    def __init__(
        self,
        *,
        store: Store,
        adapters: Mapping[int, TrackerAdapter],
        clock: Clock,
        me: str | None,
        teams: Collection[str] = (),
        jitter: Callable[[], float] = random.random,
    ) -> None:
        self._store = store
        self._adapters = adapters
        self._clock = clock
        self._me = me
        self._teams = frozenset(teams)
        self._jitter = jitter

    def run(
        self,
        *,
        account: str | None = None,
        force: bool = False,
        should_stop: Callable[[], bool] = lambda: False,
    ) -> SyncSummary:
        """One pass over every account (or only ``account``, by name). ``force`` (a pass the user
        asked for) ignores offline backoff and retries a needs-sign-in account once; a
        rate-limit reset announced by the tracker is always respected. ``should_stop`` is
        polled between writes and resources (a UI cancel button). Raises ``KeyError`` for an
        unknown ``account``; tracker failures never raise, they are in the summary."""
        started = self._clock.now()
        accounts = self._store.accounts.list()
        if account is not None:
            accounts = [a for a in accounts if a.name == account]
            if not accounts:
                raise KeyError(account)
        results = []
        cancelled = False
        for record in accounts:
            if should_stop():
                cancelled = True
                break
            results.append(self._sync_account(record, force=force, should_stop=should_stop))
        return SyncSummary(
            started_at=started,
            finished_at=self._clock.now(),
            accounts=tuple(results),
            unassigned=len(self._store.outbox.unassigned()),
            cancelled=cancelled or should_stop(),
        )

    # -- one account ------------------------------------------------------------------

    def _sync_account(
        self, account: AccountRecord, *, force: bool, should_stop: Callable[[], bool]
    ) -> AccountSummary:
        now = self._clock.now()
        adapter = self._adapters.get(account.id)
        if adapter is None:
            account = self._store.accounts.set_status(
                account.id, "needs_sign_in", at=now, detail="no token for this account: sign in again"
            )
            return self._summary(account, _Tally(), skipped=True)
        waiting_for = account.retry_at is not None and account.retry_at > now
        if account.status == "rate_limited" and waiting_for:
            return self._summary(account, _Tally(), skipped=True)
        if not force and (account.status == "needs_sign_in" or (account.status == "offline" and waiting_for)):
            return self._summary(account, _Tally(), skipped=True)
        tally = _Tally()
        try:
            self._push(account, adapter, tally, force=force, should_stop=should_stop)
            if not should_stop():
                self._pull(account, adapter, tally, should_stop=should_stop)
        except Transient as error:
            since = account.status_since if account.status == "offline" and account.status_since else now
            retry_at = now + self._backoff(now - since)
            self._defer_all(account, str(error), retry_at)
            account = self._store.accounts.set_status(
                account.id, "offline", at=now, retry_at=retry_at, detail=str(error)
            )
            log.info("%s is offline: %s (next try %s)", account.name, error, retry_at)
        except RateLimited as error:
            self._defer_all(account, str(error), error.retry_at)
            account = self._store.accounts.set_status(
                account.id, "rate_limited", at=now, retry_at=error.retry_at, detail=str(error)
            )
            log.info("%s is rate limited until %s", account.name, error.retry_at)
        except Unauthorized as error:
            account = self._store.accounts.set_status(account.id, "needs_sign_in", at=now, detail=str(error))
            log.info("%s needs sign-in: %s", account.name, error)
        except Rejected as error:  # a pull the tracker refused: 404 project, 403 no permission
            tally.problems.append(
                f"the tracker refused a pull: {error.message} (check the account's project)"
            )
            log.warning("%s refused a pull: %s", account.name, error.message)
        except MalformedResponse as error:
            retry_at = now + self._backoff(timedelta(0))
            self._defer_all(account, str(error), retry_at)
            tally.problems.append(str(error))
            log.warning("%s sent a malformed response: %s", account.name, error)
        else:
            if account.status != "ok" or account.retry_at is not None:
                account = self._store.accounts.set_status(account.id, "ok", at=now)
        return self._summary(account, tally)

    def _summary(self, account: AccountRecord, tally: _Tally, *, skipped: bool = False) -> AccountSummary:
        return AccountSummary(
            account=account.name,
            kind=account.kind,
            status=account.status,
            detail=account.status_detail,
            since=account.status_since,
            retry_at=account.retry_at,
            skipped=skipped,
            pushed=tally.pushed,
            acknowledgements_sent=tally.acks_sent,
            tasks=tally.tasks,
            received=tally.received,
            acknowledgements_received=tally.acks_received,
            waiting=len(self._store.outbox.pending(account.id)),
            failed=tuple(tally.failed),
            problems=tuple(tally.problems),
        )

    def _backoff(self, outage: timedelta) -> timedelta:
        base = min(max(outage / 2, MIN_BACKOFF), MAX_BACKOFF)
        return base + base * 0.2 * self._jitter()

    def _defer_all(self, account: AccountRecord, error: str, until: datetime) -> None:
        now = self._clock.now()
        for entry in self._store.outbox.pending(account.id, due_at=now):
            self._store.outbox.defer(entry.id, error, at=now, next_attempt_at=until)

    # -- push -------------------------------------------------------------------------

    def _push(
        self,
        account: AccountRecord,
        adapter: TrackerAdapter,
        tally: _Tally,
        *,
        force: bool,
        should_stop: Callable[[], bool],
    ) -> None:
        due = None if force else self._clock.now()
        for entry in self._store.outbox.pending(account.id, due_at=due):
            if should_stop():
                return
            try:
                if entry.operation == PUSH_OPERATION:
                    self._push_handoff(account, adapter, entry, tally)
                elif entry.operation == ACK_OPERATION:
                    self._push_acknowledgement(adapter, entry)
                    tally.acks_sent += 1
                else:
                    raise Rejected(f"unknown outbox operation {entry.operation!r}", status=0)
            except (Rejected, WireFormatError) as error:
                self._fail(entry, error, tally)
                continue
            self._store.outbox.mark_done(entry.id, at=self._clock.now())

    def _push_handoff(
        self, account: AccountRecord, adapter: TrackerAdapter, entry: OutboxEntryRecord, tally: _Tally
    ) -> None:
        handoff = from_wire(entry.payload.get("handoff"))
        ref = adapter.find_handoff(handoff.id)
        if ref is None:
            assignee = None
            if handoff.recipient_kind == RecipientKind.TEAMMATE.value:
                assignee = self._store.accounts.recipient_login(handoff.recipient, account.kind)
            ref = adapter.create_handoff(handoff, assignee=assignee)
            log.info("handoff %s written to %s as %s", handoff.id, account.name, ref.url)
        for key in self._task_keys(account, handoff.id):
            try:
                adapter.link_task(key, ref, handoff.id)
            except Rejected as error:
                tally.problems.append(
                    f"task {key} was not linked to handoff {handoff.title!r}: {error.message}"
                )
                log.warning("could not link task %s to handoff %s: %s", key, handoff.id, error.message)
        local = self._store.handoffs.get(handoff.id)
        if local is not None:
            try:
                self._store.handoffs.mark_synced(
                    handoff.id,
                    remote_id=ref.remote_id,
                    remote_url=ref.url,
                    account_id=account.id,
                    at=self._clock.now(),
                )
            except IllegalTransition as error:
                tally.problems.append(f"handoff {handoff.title!r}: {error}")
        tally.pushed += 1

    def _task_keys(self, account: AccountRecord, handoff_id: str) -> list[str]:
        local = self._store.handoffs.get(handoff_id)
        if local is None:
            return []
        ids = [item.task_id for item in local.items if item.task_id is not None]
        tasks = self._store.tasks.get(ids)
        return list(dict.fromkeys(t.data.key for t in tasks if t.account_id == account.id))

    def _push_acknowledgement(self, adapter: TrackerAdapter, entry: OutboxEntryRecord) -> None:
        payload = entry.payload
        handoff_id = str(payload.get("handoff_id") or entry.handoff_id or "")
        local = self._store.handoffs.get(handoff_id)
        remote_id = payload.get("remote_id") or (local.remote_id if local else None)
        remote_url = payload.get("remote_url") or (local.remote_url if local else None) or ""
        if not remote_id:
            raise Rejected("the handoff has no tracker item to acknowledge on", status=0)
        try:
            at = from_utc_text(str(payload["at"]))
            by = str(payload["by"])
        except (KeyError, ValueError):
            raise Rejected("the queued acknowledgement is incomplete", status=0) from None
        ack = Acknowledgement(
            handoff_id=handoff_id,
            by=by,
            at=at,
            read_back=payload.get("read_back"),
            question=payload.get("question"),
        )
        comment = adapter.acknowledge(RemoteRef(str(remote_id), str(remote_url)), ack)
        if local is not None:
            self._store.handoffs.record_acknowledgement(
                handoff_id, by=by, at=at, read_back=ack.read_back, question=ack.question, remote_id=comment
            )

    def _fail(self, entry: OutboxEntryRecord, error: Exception, tally: _Tally) -> None:
        now = self._clock.now()
        message = error.message if isinstance(error, Rejected) else str(error)
        self._store.outbox.mark_failed(entry.id, message, at=now)
        what = "acknowledgement" if entry.operation == ACK_OPERATION else "handoff"
        title = ""
        if entry.handoff_id:
            local = self._store.handoffs.get(entry.handoff_id)
            title = f" {local.title!r}" if local is not None and local.title else ""
            if entry.operation == PUSH_OPERATION and local is not None:
                try:
                    self._store.handoffs.mark_failed(
                        entry.handoff_id, f"the tracker refused it: {message} — fix it and send again", at=now
                    )
                except (IllegalTransition, KeyError) as problem:
                    log.info("handoff %s not marked failed: %s", entry.handoff_id, problem)
        tally.failed.append(f"{what}{title}: {message}")
        log.info("outbox entry %s failed: %s", entry.idempotency_key, message)

    # -- pull -------------------------------------------------------------------------

    def _pull(
        self,
        account: AccountRecord,
        adapter: TrackerAdapter,
        tally: _Tally,
        *,
        should_stop: Callable[[], bool],
    ) -> None:
        stored = self._store.cursors.get(account.id, TASKS)
        page = adapter.pull_tasks(Cursor(stored.updated_since, stored.etag))
        if not page.not_modified:
            tally.tasks += self._store.tasks.upsert_many(account.id, page.tasks)
            self._store.cursors.set(
                account.id, TASKS, CursorRecord(page.cursor.updated_since, page.cursor.etag)
            )
        if should_stop():
            return
        stored = self._store.cursors.get(account.id, HANDOFFS)
        handoffs = adapter.pull_handoffs(Cursor(stored.updated_since, stored.etag))
        if handoffs.not_modified:
            return
        now = self._clock.now()
        for remote in handoffs.handoffs:
            known = self._store.handoffs.get(remote.handoff.id)
            if known is None:
                if not self._addressed_to_me(remote.handoff):
                    continue
                if self._store.handoffs.receive(
                    remote.handoff,
                    remote_id=remote.ref.remote_id,
                    remote_url=remote.ref.url,
                    account_id=account.id,
                    at=now,
                ):
                    tally.received += 1
                    log.info("handoff %s received from %s", remote.handoff.id, remote.handoff.author)
            for ack in remote.acknowledgements:
                try:
                    new = self._store.handoffs.record_acknowledgement(
                        ack.handoff_id,
                        by=ack.by,
                        at=ack.at,
                        read_back=ack.read_back,
                        question=ack.question,
                        remote_id=ack.remote_id,
                    )
                except IllegalTransition as error:
                    tally.problems.append(f"acknowledgement by {ack.by}: {error}")
                    continue
                tally.acks_received += int(new)
        tally.problems.extend(handoffs.skipped)
        for reason in handoffs.skipped:
            log.warning("%s: unreadable handoff item: %s", account.name, reason)
        self._store.cursors.set(
            account.id, HANDOFFS, CursorRecord(handoffs.cursor.updated_since, handoffs.cursor.etag)
        )

    def _addressed_to_me(self, handoff: HandoffRecord) -> bool:
        if handoff.recipient_kind == RecipientKind.TEAM.value:
            return handoff.recipient in self._teams
        return self._me is not None and handoff.recipient == self._me


__all__ = ["AccountSummary", "SyncEngine", "SyncError", "SyncSummary"]
