"""Builds adapters and the sync engine from stored accounts and the secret store.

Called by the composition root (``app/main.py`` → :mod:`sync.cli`) and by the UI's sync worker:

    engine, sessions = build_engine(store=store, secrets=secrets, clock=clock, me="Ana")
    summary = engine.run()          # on a worker thread
    close_sessions(sessions)

Tokens go from the secret store straight into the HTTP client's header; nothing else keeps them.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Collection, Sequence
from datetime import datetime

import httpx

from app.handoff.render import render_markdown
from app.ports import Clock
from app.store.records import AccountRecord, HandoffRecord
from app.store.store import Store
from sync.credentials import SecretStore, SecretStoreError
from sync.engine import SyncEngine
from sync.http import HttpSession, RetryPolicy
from sync.protocol import TrackerAdapter
from sync.redmine.adapter import RedmineAdapter
from sync.redmine.client import RedmineClient, redmine_http_client

log = logging.getLogger(__name__)

KINDS = ("redmine", "github")
"""Tracker kinds this build can sync."""


def handoff_renderer(*, locale: str = "en") -> Callable[[HandoffRecord], str]:
    """The tracker body renderer: every instant in the author's zone, then UTC."""

    def render(handoff: HandoffRecord) -> str:
        zones: Sequence[str] = [z for z in (handoff.author_zone, "UTC") if z]
        return render_markdown(handoff, zones=zones, locale=locale)

    return render


def build_adapter(
    account: AccountRecord,
    token: str,
    *,
    now: Callable[[], datetime],
    recipient_names: Collection[str] = (),
    transport: httpx.BaseTransport | None = None,
    retry: RetryPolicy | None = None,
) -> tuple[TrackerAdapter, HttpSession]:
    """The adapter for ``account`` authenticated with ``token``, and its HTTP session (close it
    when done). Raises ``ValueError`` for a kind this build cannot sync."""
    if account.kind == "redmine":
        session = HttpSession(
            redmine_http_client(account.base_url, token, transport=transport), retry=retry, now=now
        )
        adapter: TrackerAdapter = RedmineAdapter(
            client=RedmineClient(session),
            project=account.project,
            scope=account.scope,
            render=handoff_renderer(),
        )
        return adapter, session
    if account.kind == "github":
        from sync.github.adapter import GitHubAdapter  # noqa: PLC0415 (only when used)
        from sync.github.client import build_github_session  # noqa: PLC0415

        session = build_github_session(
            token=token, base_url=account.base_url, transport=transport, retry=retry, now=now
        )
        scope = "repository" if account.scope == "project" else account.scope
        adapter = GitHubAdapter(
            session=session,
            repo=account.project or "",
            scope=scope,
            login=account.username,
            recipient_names=recipient_names,
            now=now,
        )
        return adapter, session
    raise ValueError(f"Baton cannot sync {account.kind!r} trackers yet (supported: {', '.join(KINDS)})")


def build_engine(
    *,
    store: Store,
    secrets: SecretStore,
    clock: Clock,
    me: str | None,
    account: str | None = None,
    transport: httpx.BaseTransport | None = None,
    retry: RetryPolicy | None = None,
) -> tuple[SyncEngine, list[HttpSession]]:
    """A :class:`SyncEngine` over every account whose token is in ``secrets`` (or only
    ``account``), plus the HTTP sessions to close after the pass. ``me``: the user's roster
    name (their team is looked up in the roster)."""
    teams = [t for t in [store.accounts.team_of(me)] if t] if me else []
    adapters: dict[int, TrackerAdapter] = {}
    sessions: list[HttpSession] = []
    for record in store.accounts.list():
        if account is not None and record.name != account:
            continue
        try:
            token = secrets.get(record.name)
        except SecretStoreError as error:  # locked keyring: reported as "needs sign-in"
            log.info("%s: %s", record.name, error)
            continue
        if not token or record.kind not in KINDS:
            continue
        names = [n for n in [me, *teams] if n]
        adapter, session = build_adapter(
            record, token, now=clock.now, recipient_names=names, transport=transport, retry=retry
        )
        adapters[record.id] = adapter
        sessions.append(session)
    return SyncEngine(store=store, adapters=adapters, clock=clock, me=me, teams=teams), sessions


def close_sessions(sessions: Sequence[HttpSession]) -> None:
    """Close the HTTP sessions :func:`build_engine` opened."""
    for session in sessions:
        session.close()
