"""``baton tracker add|list|test|remove`` and ``baton sync`` (parsers: :mod:`app.cli_args`).

Run by the composition root (``app/main.py``), which hands over the parsed arguments, the
profile's paths and the clock. Exit status: 0 fine, 1 something failed (the output says what
and what to do), 2 usage or local problems (unknown account, unreadable database).
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Callable
from datetime import datetime
from typing import TextIO

import httpx

from app.cli_args import GITHUB_API
from app.paths import Paths
from app.ports import Clock
from app.settings import SETTINGS_FILE, load_settings
from app.store import StoreError
from app.store.records import AccountRecord
from app.store.store import Store
from app.timeline.zones import system_zone_name, zone
from sync.credentials import SecretStore, SecretStoreError, open_secret_store
from sync.errors import SyncError
from sync.factory import KINDS, build_adapter, build_engine, close_sessions
from sync.http import RetryPolicy
from sync.protocol import Identity


def run(
    args: argparse.Namespace,
    *,
    paths: Paths,
    clock: Clock,
    stdin: TextIO | None = None,
    out: TextIO | None = None,
    err: TextIO | None = None,
    secrets: SecretStore | None = None,
    transport: httpx.BaseTransport | None = None,
    retry: RetryPolicy | None = None,
) -> int:
    """Run ``baton tracker …`` or ``baton sync``. ``secrets`` defaults to the OS keyring
    (:func:`sync.credentials.open_secret_store`); ``transport``/``retry`` are for tests."""
    stdin, out, err = stdin or sys.stdin, out or sys.stdout, err or sys.stderr
    warning = None
    if secrets is None:
        secrets, status = open_secret_store()
        warning = status.warning
    try:
        store = Store.open(paths.database)
    except StoreError as error:
        err.write(f"baton: {error}\n")
        return 2
    commands = _Commands(
        store=store, secrets=secrets, clock=clock, out=out, err=err, transport=transport, retry=retry
    )
    try:
        if args.command == "sync":
            return commands.sync(args.account, me=_me(paths, err))
        if args.tracker_command == "add" and (warning is not None or not secrets.persistent):
            err.write(
                f"baton: {warning or 'no usable keyring'}.\nThe token cannot be saved, and Baton never "
                "stores it in plain text. In the Baton window you can add a session-only account "
                "instead (the token is kept in memory until Baton quits).\n"
            )
            return 1
        actions: dict[str, Callable[[], int]] = {
            "add": lambda: commands.add(args, read_token=lambda: _read_token(args.name, stdin)),
            "list": commands.list,
            "test": lambda: commands.test(args.name),
            "remove": lambda: commands.remove(args.name),
        }
        return actions[args.tracker_command]()
    finally:
        store.close()


def _me(paths: Paths, err: TextIO) -> str | None:
    settings, problems = load_settings(paths.config_dir / SETTINGS_FILE)
    for problem in problems:
        err.write(f"baton: {problem}\n")
    return settings.me


def _add_problem(args: argparse.Namespace, url: str, project: str | None) -> str | None:
    if not url:
        return "--url is required for redmine (the Redmine root address)"
    if not url.startswith(("https://", "http://")):
        return f"{url!r} is not an http(s) address"
    if args.kind == "github" and args.project:
        return "use --repo OWNER/NAME for github"
    if args.kind == "redmine" and args.repo:
        return "use --project for redmine"
    if args.scope == "project" and not project:
        return "--scope project needs --project (redmine) or --repo (github)"
    return None


def _read_token(name: str, stdin: TextIO) -> str:
    if stdin.isatty():
        return getpass.getpass(f"Token for {name} (input is hidden): ").strip()
    return stdin.readline().strip()


class _Commands:
    def __init__(
        self,
        *,
        store: Store,
        secrets: SecretStore,
        clock: Clock,
        out: TextIO,
        err: TextIO,
        transport: httpx.BaseTransport | None,
        retry: RetryPolicy | None,
    ) -> None:
        self.store, self.secrets, self.clock = store, secrets, clock
        self.out, self.err = out, err
        self.transport, self.retry = transport, retry

    def _local(self, at: datetime | None) -> str:
        if at is None:
            return "?"
        return at.astimezone(zone(system_zone_name(environ=os.environ))).strftime("%H:%M")

    def add(self, args: argparse.Namespace, *, read_token: Callable[[], str]) -> int:
        """``tracker add``: check the token with who-am-I, then save account and token."""
        kind: str = args.kind
        url = args.url or (GITHUB_API if kind == "github" else "")
        project = args.repo if kind == "github" else args.project
        problem = _add_problem(args, url, project)
        if problem is None and self.store.accounts.by_name(args.name) is not None:
            problem = f"an account named {args.name!r} already exists"
        token = read_token() if problem is None else ""
        if problem is None and not token:
            problem = "no token given"
        if problem is not None:
            self.err.write(f"baton: {problem}\n")
            return 2
        now = self.clock.now()
        draft = AccountRecord(
            id=0, name=args.name, kind=kind, base_url=url, created_at=now, project=project, scope=args.scope
        )
        try:
            identity = self._whoami(draft, token)
        except SyncError as error:
            self.err.write(f"baton: {args.name}: {error}\nNothing was saved.\n")
            return 1
        account = self.store.accounts.add(
            name=args.name, kind=kind, base_url=url, project=project, scope=args.scope, at=now
        )
        try:
            self.secrets.set(account.name, token)
        except SecretStoreError as error:
            self.store.accounts.remove(account.id)
            self.err.write(f"baton: {error}\nNothing was saved.\n")
            return 1
        self.store.accounts.set_identity(account.id, username=identity.login, remote_user_id=identity.user_id)
        routed = self.store.outbox.route_unassigned(account.id, at=now)
        self.out.write(f"Added {account.name} ({kind}) — signed in as {identity.login} ({identity.name}).\n")
        if routed:
            self.out.write(f"{routed} queued write(s) will be sent to {account.name} on the next sync.\n")
        return 0

    def _whoami(self, account: AccountRecord, token: str) -> Identity:
        adapter, session = build_adapter(
            account, token, now=self.clock.now, transport=self.transport, retry=self.retry
        )
        try:
            return adapter.whoami()
        finally:
            session.close()

    def list(self) -> int:
        """``tracker list``: one line per account with its status."""
        accounts = self.store.accounts.list()
        if not accounts:
            self.out.write("No tracker accounts. Add one with: baton tracker add redmine|github …\n")
            return 0
        for a in accounts:
            where = f" {a.project}" if a.project else ""
            status = a.status.replace("_", " ")
            if a.status == "offline":
                status += f" since {self._local(a.status_since)}"
            elif a.status == "rate_limited":
                status += f" until {self._local(a.retry_at)}"
            try:
                key_state = "token in keyring" if self.secrets.get(a.name) else "no token"
            except SecretStoreError:
                key_state = "keyring locked"
            user = f" as {a.username}" if a.username else ""
            pending = self.store.outbox.counts(a.id)
            self.out.write(
                f"{a.name}\t{a.kind}\t{a.base_url}{where}\tscope {a.scope}{user}\t{status}\t{key_state}\t"
                f"{pending['pending']} waiting, {pending['failed']} failed\n"
            )
        return 0

    def test(self, name: str) -> int:
        """``tracker test``: who-am-I with the stored token; clears "needs sign-in" on success."""
        account = self.store.accounts.by_name(name)
        if account is None:
            self.err.write(f"baton: no tracker account named {name!r}\n")
            return 2
        token = self.secrets.get(name)
        if not token:
            self.err.write(f"baton: {name}: no token in the keyring; remove and add the account again\n")
            return 1
        try:
            identity = self._whoami(account, token)
        except SyncError as error:
            self.err.write(f"baton: {name}: {error}\n")
            return 1
        self.store.accounts.set_identity(account.id, username=identity.login, remote_user_id=identity.user_id)
        if account.status != "ok":
            self.store.accounts.set_status(account.id, "ok", at=self.clock.now())
        self.out.write(f"{name}: signed in as {identity.login} ({identity.name}).\n")
        return 0

    def remove(self, name: str) -> int:
        """``tracker remove``: delete the account and its token; keep queued writes."""
        account = self.store.accounts.by_name(name)
        if account is None:
            self.err.write(f"baton: no tracker account named {name!r}\n")
            return 2
        detached = self.store.accounts.remove(account.id)
        try:
            self.secrets.delete(name)
        except SecretStoreError as error:
            self.err.write(f"baton: {error}\n")
        self.out.write(f"Removed {name}.\n")
        if detached:
            self.out.write(f"{detached} queued write(s) kept; they wait for another tracker account.\n")
        return 0

    def sync(self, account: str | None, *, me: str | None) -> int:
        """``sync``: one pass; exit 1 when anything failed."""
        if account is not None and self.store.accounts.by_name(account) is None:
            self.err.write(f"baton: no tracker account named {account!r}\n")
            return 2
        engine, sessions = build_engine(
            store=self.store,
            secrets=self.secrets,
            clock=self.clock,
            me=me,
            account=account,
            transport=self.transport,
            retry=self.retry,
        )
        try:
            summary = engine.run(account=account, force=True)
        finally:
            close_sessions(sessions)
        local = zone(system_zone_name(environ=os.environ))
        for line in summary.lines(zone=lambda at: at.astimezone(local)):
            self.out.write(line + "\n")
        if me is None:
            self.out.write("Note: set who you are (Settings ▸ me) to receive handoffs addressed to you.\n")
        return 0 if summary.ok else 1


__all__ = ["KINDS", "run"]
