"""What a sync pass did, per account, as immutable values the UI and the CLI show.

:class:`SyncSummary` is returned by :meth:`sync.engine.SyncEngine.run`; it is safe to hand from a
worker thread to the GUI thread. ``lines()`` is the readable report ``baton sync`` prints.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class AccountSummary:
    """What one pass did for one account. ``status`` is the account's status afterwards
    (``ok``, ``offline``, ``rate_limited``, ``needs_sign_in``); ``since``/``retry_at`` are aware
    UTC; ``failed`` lists entries the tracker refused (one readable line each); ``problems``
    lists other things the user should know (unreadable remote items, unlinked tasks)."""

    account: str
    kind: str
    status: str = "ok"
    detail: str | None = None
    since: datetime | None = None
    retry_at: datetime | None = None
    skipped: bool = False
    pushed: int = 0
    acknowledgements_sent: int = 0
    tasks: int = 0
    received: int = 0
    acknowledgements_received: int = 0
    waiting: int = 0
    failed: tuple[str, ...] = ()
    problems: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        """True when the account is reachable and nothing failed."""
        return self.status == "ok" and not self.failed and not self.problems


@dataclass(frozen=True)
class SyncSummary:
    """One pass over every account (or the one asked for). ``unassigned`` counts queued
    entries that wait for a tracker account to be set up."""

    started_at: datetime
    finished_at: datetime
    accounts: tuple[AccountSummary, ...] = ()
    unassigned: int = 0
    cancelled: bool = False

    @property
    def ok(self) -> bool:
        """True when every account synced without failures."""
        return all(a.ok for a in self.accounts) and not self.cancelled

    def lines(self, *, zone: Callable[[datetime], datetime] | None = None) -> list[str]:
        """A readable report, one line per fact. ``zone`` converts aware instants for display
        (default: UTC)."""
        shown = zone or (lambda at: at)

        def clock(at: datetime | None) -> str:
            return shown(at).strftime("%H:%M") if at is not None else "?"

        lines = []
        for a in self.accounts:
            name = f"{a.account} ({a.kind})"
            if a.status == "offline":
                lines.append(
                    f"{name}: offline since {clock(a.since)}, next try {clock(a.retry_at)} — {a.detail}"
                )
            elif a.status == "rate_limited":
                lines.append(f"{name}: rate limited until {clock(a.retry_at)}")
            elif a.status == "needs_sign_in":
                lines.append(f"{name}: needs sign-in — {a.detail or 'the token was refused'}")
            done = [
                (a.pushed, "handoff sent", "handoffs sent"),
                (a.acknowledgements_sent, "acknowledgement sent", "acknowledgements sent"),
                (a.tasks, "task updated", "tasks updated"),
                (a.received, "handoff received", "handoffs received"),
                (a.acknowledgements_received, "acknowledgement received", "acknowledgements received"),
                (a.waiting, "write waiting", "writes waiting"),
            ]
            facts = [f"{n} {one if n == 1 else many}" for n, one, many in done if n]
            if not a.skipped:
                lines.append(f"{name}: {', '.join(facts) if facts else 'up to date'}")
            lines += [f"{name}: failed — {text}" for text in a.failed]
            lines += [f"{name}: problem — {text}" for text in a.problems]
        if self.unassigned:
            lines.append(
                f"{self.unassigned} queued write(s) wait for a tracker account (baton tracker add …)"
            )
        if self.cancelled:
            lines.append("sync was stopped before it finished")
        if not self.accounts:
            lines.append("no tracker accounts (add one with: baton tracker add …)")
        return lines
