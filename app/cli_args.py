"""Argument parsers of every ``baton`` command: plain argparse, nothing else imported.

``baton`` builds its parser at every start, the window's included, so this module must stay
light. The commands live where their work is, imported by ``app/main.py`` only when chosen:
``team``/``timeline`` in :mod:`app.cli_timeline`, ``handoff`` in :mod:`app.cli_handoff`,
``tracker``/``sync`` in :mod:`sync.cli` (``app/`` never imports ``sync`` or httpx). Tokens are
never arguments: ``tracker add`` reads them from a hidden prompt, or from standard input when it
is not a terminal (``… < token-file``).
"""

from __future__ import annotations

import argparse
from typing import Any

TIMELINE_COMMANDS = frozenset({"team", "timeline"})
"""Values of ``args.command`` that :func:`app.cli_timeline.run` handles."""
HANDOFF_COMMAND = "handoff"
"""The value of ``args.command`` that :func:`app.cli_handoff.run_command` handles."""
SYNC_COMMANDS = frozenset({"tracker", "sync"})
"""Values of ``args.command`` that :func:`sync.cli.run` handles."""
KINDS = ("redmine", "github")
GITHUB_API = "https://api.github.com"


def add_sync_parsers(commands: Any) -> None:
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


def add_timeline_parsers(subparsers: Any) -> None:
    """Add the ``team`` and ``timeline`` commands to the ``baton`` sub-parsers (dest ``command``)."""
    team = subparsers.add_parser("team", help="check, import, export or list the team roster")
    actions = team.add_subparsers(dest="team_command", metavar="ACTION", required=True)
    actions.add_parser("check", help="validate a roster file (exit 1 on problems)").add_argument("file")
    actions.add_parser("import", help="replace the stored roster with a TOML or CSV file").add_argument(
        "file"
    )
    actions.add_parser("export", help="write the stored roster as TOML").add_argument("file")
    listing = actions.add_parser("list", help="show the stored roster")
    listing.add_argument("--json", action="store_true", help="machine-readable output")
    timeline = subparsers.add_parser("timeline", help="who is working now, who is next, coverage gaps")
    timeline.add_argument("--team", metavar="FILE", help="read this roster file instead of the store")
    timeline.add_argument("--at", metavar="ISO-8601", help="instant with offset or Z (default: now)")
    timeline.add_argument("--hours", type=float, default=24.0, metavar="N", help="look-ahead (default 24)")
    timeline.add_argument("--zone", metavar="IANA", help="viewer's IANA time zone (default: this computer's)")
    timeline.add_argument("--json", action="store_true", help="machine-readable output")


def add_handoff_parsers(subparsers: Any) -> None:
    """Add ``handoff new|list|show|ack`` to the ``baton`` sub-parsers (dest ``command``)."""
    handoff = subparsers.add_parser(HANDOFF_COMMAND, help="write, list, read and acknowledge handoffs")
    actions = handoff.add_subparsers(dest="handoff_command", metavar="ACTION", required=True)
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--as", dest="as_name", metavar="NAME", help="your roster name (default: me in settings)"
    )
    new = actions.add_parser("new", parents=[common], help="write a handoff from a TOML file and queue it")
    new.add_argument(
        "--from-file", required=True, metavar="FILE", help="handoff file (see docs/handoff-file.md)"
    )
    new.add_argument("--draft", action="store_true", help="keep it as a draft instead of queueing it")
    listing = actions.add_parser("list", parents=[common], help="drafts, outgoing and incoming handoffs")
    listing.add_argument("--json", action="store_true", help="machine-readable output")
    show = actions.add_parser("show", parents=[common], help="show one handoff")
    show.add_argument("id", metavar="ID", help="handoff id or a unique prefix of it")
    form = show.add_mutually_exclusive_group()
    form.add_argument("--json", action="store_true", help="wire copy plus local state, as JSON")
    form.add_argument("--markdown", action="store_true", help="the Markdown rendering only")
    ack = actions.add_parser("ack", parents=[common], help="acknowledge a handoff you received")
    ack.add_argument("id", metavar="ID", help="handoff id or a unique prefix of it")
    ack.add_argument("--read-back", metavar="TEXT", help="restate the top next actions in your words")
    ack.add_argument("--question", metavar="TEXT", help="a question back to the sender")
