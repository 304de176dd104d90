"""Argument parsers of ``baton tracker …`` and ``baton sync`` (plain argparse, no network).

The commands themselves live in :mod:`sync.cli`, which ``app/main.py`` imports lazily: ``app/``
never imports ``sync`` or httpx. Tokens are never arguments: ``tracker add`` reads them from a
hidden prompt, or from standard input when it is not a terminal (``… < token-file``).
"""

from __future__ import annotations

import argparse
from typing import Any

COMMANDS = frozenset({"tracker", "sync"})
"""Top-level commands this module registers."""
KINDS = ("redmine", "github")
GITHUB_API = "https://api.github.com"


def add_parsers(commands: Any) -> None:
    """Register ``tracker`` and ``sync`` on the ``baton`` sub-command parsers."""
    tracker: argparse.ArgumentParser = commands.add_parser(
        "tracker",
        help="add, list, test or remove tracker accounts",
        description="Tracker accounts Baton syncs handoffs and tasks with. Tokens live only in the "
        "OS keyring.",
    )
    actions = tracker.add_subparsers(dest="tracker_command", metavar="ACTION", required=True)
    add = actions.add_parser(
        "add",
        help="add an account (the token is read from a hidden prompt or standard input)",
        description="Add a tracker account. The token is read from a hidden prompt, or from "
        "standard input when it is not a terminal; it is checked with the tracker's who-am-I "
        "call and saved in the OS keyring (service 'baton').",
    )
    add.add_argument("kind", choices=KINDS, help="tracker kind")
    add.add_argument("--name", required=True, help="a name for this account, e.g. 'ops'")
    add.add_argument("--url", help=f"tracker address (Redmine: its root URL; GitHub: {GITHUB_API})")
    where = add.add_mutually_exclusive_group()
    where.add_argument("--project", metavar="P", help="Redmine project identifier for handoffs")
    where.add_argument("--repo", metavar="OWNER/NAME", help="GitHub repository for handoffs")
    add.add_argument(
        "--scope",
        choices=("assigned", "project"),
        default="assigned",
        help="tasks to pull: assigned to me (default) or every task of the project/repository",
    )
    actions.add_parser("list", help="list accounts with their sync status")
    test = actions.add_parser("test", help="check an account's token (who-am-I)")
    test.add_argument("name", help="account name")
    remove = actions.add_parser(
        "remove", help="remove an account and its token (queued writes are kept for another account)"
    )
    remove.add_argument("name", help="account name")
    sync = commands.add_parser(
        "sync",
        help="sync once: push the outbox, pull tasks, handoffs and acknowledgements",
        description="Run one sync pass. Exit status 1 when something failed (the summary says what).",
    )
    sync.add_argument("--account", metavar="NAME", help="only this account")
