"""Setting up tracker accounts: check a draft, test its token, save it, sign in again, remove.

Plain Python shared by the GUI's account dialog (run on worker threads) and usable by the CLI
(:mod:`sync.cli` has the same rules inline today). Added by the Qt side of issue 6 as a minimal
addition; it only composes :mod:`sync.factory`, :mod:`sync.credentials` and the store.

Rules:

- a draft is checked field by field (:func:`draft_problems`) so a form can show each problem
  next to its field; nothing is sent before the draft is valid;
- the token is checked with the tracker's who-am-I call before anything is saved
  (:func:`check_connection`);
- the token goes only to the :class:`~sync.credentials.SecretStore` (OS keyring, or memory for
  a session-only account), never to SQLite; if the keyring refuses it, the account row is
  removed again, so no account exists without its token by our doing;
- queued writes waiting for a tracker go to the first account added (as ``baton tracker add``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import datetime

import httpx

from app.domain import HandoffState, OutboxState
from app.store.handoffs import PUSH_OPERATION
from app.store.records import AccountRecord
from app.store.store import Store
from sync.credentials import SecretStore, SecretStoreError
from sync.factory import KINDS, build_adapter
from sync.http import RetryPolicy
from sync.protocol import Identity

GITHUB_API = "https://api.github.com"
SCOPES = ("assigned", "project")
INTERACTIVE_RETRY = RetryPolicy(attempts=2, timeout=15.0, max_inline_wait=2.0)
"""A short retry policy for calls a person waits for (test connection): fail within seconds."""
_REPO = re.compile(r"^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$")
_PROJECT = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
_NAME = re.compile(r"^[^\s/\\][^/\\]{0,62}$")


@dataclass(frozen=True)
class AccountDraft:
    """An account as typed in a form: ``kind`` (``redmine``/``github``), ``name``, ``base_url``,
    ``project`` (Redmine project identifier, or GitHub ``OWNER/REPO``) and ``scope``
    (``assigned`` or ``project``)."""

    name: str
    kind: str
    base_url: str
    project: str | None = None
    scope: str = "assigned"

    def as_record(self, *, at: datetime) -> AccountRecord:
        """An unsaved :class:`AccountRecord` (id 0) for building an adapter."""
        return AccountRecord(
            id=0,
            name=self.name,
            kind=self.kind,
            base_url=self.base_url,
            created_at=at,
            project=self.project,
            scope=self.scope,
        )


@dataclass(frozen=True)
class SavedAccount:
    """The stored account, who the token belongs to, and how many queued writes were routed
    to it."""

    account: AccountRecord
    identity: Identity
    routed: int = 0


def default_url(kind: str) -> str:
    """The address to prefill for ``kind`` (GitHub's API; Redmine has none)."""
    return GITHUB_API if kind == "github" else ""


def draft_problems(draft: AccountDraft, *, taken: Collection[str] = ()) -> dict[str, str]:
    """Problems of ``draft`` by field (``name``, ``kind``, ``base_url``, ``project``,
    ``scope``); empty when it can be tested. ``taken``: names of existing accounts."""
    problems: dict[str, str] = {}
    name = draft.name.strip()
    if not name:
        problems["name"] = "Give the account a name, e.g. “ops”."
    elif not _NAME.match(name):
        problems["name"] = "Use up to 63 characters, without slashes or leading spaces."
    elif name in taken:
        problems["name"] = f"An account named “{name}” already exists."
    if draft.kind not in KINDS:
        problems["kind"] = f"Choose one of: {', '.join(KINDS)}."
    url = httpx.URL(draft.base_url.strip()) if _parses(draft.base_url.strip()) else None
    if not draft.base_url.strip():
        problems["base_url"] = "Enter the tracker's address, e.g. https://redmine.example.com."
    elif url is None or url.scheme not in {"http", "https"} or not url.host:
        problems["base_url"] = "Enter an http:// or https:// address."
    elif url.userinfo:
        problems["base_url"] = "Leave user name and password out of the address; use the token field."
    elif url.query or url.fragment:
        problems["base_url"] = "Enter the tracker's root address, without ? or #."
    project = _project_problem(draft)
    if project is not None:
        problems["project"] = project
    if draft.scope not in SCOPES:
        problems["scope"] = f"Choose one of: {', '.join(SCOPES)}."
    return problems


def _project_problem(draft: AccountDraft) -> str | None:
    project = (draft.project or "").strip()
    if draft.kind == "github":
        if not project:
            return "Enter the repository handoffs are written to, as OWNER/REPO."
        return None if _REPO.match(project) else "Enter the repository as OWNER/REPO."
    if project and not _PROJECT.match(project):
        return "Use the project's identifier (lower case, digits, - and _)."
    if draft.scope == "project" and not project:
        return "Pulling a whole project needs the project."
    return None


def _parses(text: str) -> bool:
    try:
        httpx.URL(text)
    except (httpx.InvalidURL, ValueError):
        return False
    return True


def cleaned(draft: AccountDraft) -> AccountDraft:
    """``draft`` with surrounding spaces removed and an empty project as ``None``."""
    return AccountDraft(
        name=draft.name.strip(),
        kind=draft.kind,
        base_url=draft.base_url.strip().rstrip("/"),
        project=(draft.project or "").strip() or None,
        scope=draft.scope,
    )


def check_connection(
    draft: AccountDraft,
    token: str,
    *,
    now: Callable[[], datetime],
    transport: httpx.BaseTransport | None = None,
    retry: RetryPolicy | None = INTERACTIVE_RETRY,
) -> Identity:
    """Who the token belongs to, asked with the tracker's who-am-I call (Redmine
    ``GET /users/current.json``, GitHub ``GET /user``). Raises :mod:`sync.errors` types
    (``Unauthorized`` for a refused token, ``Offline`` …), ``ValueError`` for an unknown kind."""
    adapter, session = build_adapter(
        draft.as_record(at=now()), token, now=now, transport=transport, retry=retry
    )
    try:
        return adapter.whoami()
    finally:
        session.close()


def save_account(
    store: Store, secrets: SecretStore, draft: AccountDraft, token: str, identity: Identity, *, at: datetime
) -> SavedAccount:
    """Store ``draft`` (session-only when ``secrets`` is not persistent) and its token, remember
    ``identity`` and route waiting writes to it. Raises ``ValueError`` (name taken, bad scope) or
    :class:`SecretStoreError` (the keyring refused; nothing stays saved)."""
    account = store.accounts.add(
        name=draft.name,
        kind=draft.kind,
        base_url=draft.base_url,
        project=draft.project,
        scope=draft.scope,
        at=at,
        session_only=not secrets.persistent,
    )
    try:
        secrets.set(account.name, token)
    except SecretStoreError:
        store.accounts.remove(account.id)
        raise
    store.accounts.set_identity(account.id, username=identity.login, remote_user_id=identity.user_id)
    routed = store.outbox.route_unassigned(account.id, at=at)
    saved = store.accounts.get(account.id)
    assert saved is not None
    return SavedAccount(account=saved, identity=identity, routed=routed)


def replace_token(
    store: Store,
    secrets: SecretStore,
    account: AccountRecord,
    token: str,
    identity: Identity,
    *,
    at: datetime,
) -> SavedAccount:
    """Sign in again: keep the new token, remember ``identity`` and clear "needs sign-in".
    Raises :class:`SecretStoreError` (the old token, if any, stays)."""
    secrets.set(account.name, token)
    store.accounts.set_identity(account.id, username=identity.login, remote_user_id=identity.user_id)
    updated = store.accounts.set_status(account.id, "ok", at=at)
    return SavedAccount(account=updated, identity=identity)


def remove_account(store: Store, secrets: SecretStore, account_id: int) -> int:
    """Delete the account, its cache and its token; its waiting writes are kept for another
    account. Returns how many writes were kept. Raises ``KeyError`` for an unknown id and
    :class:`SecretStoreError` when the keyring refused to delete (the account is gone anyway)."""
    account = store.accounts.get(account_id)
    if account is None:
        raise KeyError(account_id)
    kept = store.accounts.remove(account_id)
    secrets.delete(account.name)
    return kept


def retry_outbox_entry(store: Store, entry_id: int, *, at: datetime) -> None:
    """Make a failed write due again: a refused handoff goes back to ``queued`` with its push
    entry (:meth:`~app.store.handoffs.HandoffRepository.retry`); any other entry is made pending.
    Raises ``KeyError`` for an unknown entry."""
    entry = store.outbox.get(entry_id)
    if entry is None:
        raise KeyError(entry_id)
    if entry.operation == PUSH_OPERATION and entry.handoff_id:
        handoff = store.handoffs.get(entry.handoff_id)
        if handoff is not None and handoff.state == HandoffState.FAILED.value:
            store.handoffs.retry(entry.handoff_id, at=at)
            return
    if entry.state != OutboxState.DONE.value:
        store.outbox.retry(entry_id, at=at)
