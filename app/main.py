"""The ``baton`` command: the composition root.

Parses arguments, resolves the profile's paths, sets up logging, builds the concrete objects
(store, keyring, later adapters and clock) and either starts the GUI or runs a headless
subcommand. It is the only module that imports ``ui`` and ``sync``, and it imports them lazily,
so ``baton doctor`` never loads PySide6.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app import __version__, cli_args
from app.clock import ShiftedClock, SystemClock
from app.logs import configure_logging
from app.paths import DATA_DIR_ENV, Paths, resolve_paths
from app.ports import Clock

if TYPE_CHECKING:
    from app.store import Store
    from app.store.roster import SqliteRosterStore
    from app.timeline.roster import Roster

log = logging.getLogger(__name__)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (also the source of ``baton --help``)."""
    parser = argparse.ArgumentParser(
        prog="baton",
        description="Follow-the-sun handoffs: who is working now, who is next, and when your handoff is due. "
        "Without a command, opens the Baton window.",
    )
    parser.add_argument("--version", action="version", version=f"baton {__version__}")
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help=f"profile directory for the database, settings and logs (default: ${DATA_DIR_ENV} "
        "or the platform's user data directory)",
    )
    parser.add_argument(
        "--now",
        metavar="ISO-8601",
        type=_instant,
        help="pretend the clock starts at this instant, e.g. 2026-11-24T07:40:00Z (demos, screenshots)",
    )
    parser.add_argument(
        "--demo",
        action="store_true",
        help="open a throw-away demo workspace (sample team, tasks and one incoming handoff); "
        "your own data is never touched and the workspace is deleted on exit",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    cli_args.add_timeline_parsers(commands)
    cli_args.add_sync_parsers(commands)
    cli_args.add_handoff_parsers(commands)
    commands.add_parser(
        "doctor",
        help="print paths, versions and health facts for a bug report",
        description="Print the facts a bug report needs. Exit status 1 when a problem makes Baton unusable.",
    )
    return parser


def _instant(text: str) -> datetime:
    """An aware instant from ISO 8601; a time without offset or ``Z`` is refused, not guessed."""
    try:
        value = datetime.fromisoformat(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"{text!r} is not an ISO 8601 date and time") from error
    if value.tzinfo is None:
        raise argparse.ArgumentTypeError(f"{text!r} has no UTC offset; add Z or +HH:MM")
    return value


def _doctor(paths: Paths) -> int:
    from app.doctor import run_doctor  # noqa: PLC0415 (lazy: keeps start-up light)
    from sync.credentials import describe_backend  # noqa: PLC0415

    backend = describe_backend()
    report = run_doctor(
        paths, keyring_backend=backend.name, keyring_warning=backend.warning, environ=os.environ
    )
    sys.stdout.write(report.render() + "\n")
    return 1 if report.problems else 0


class _LazyRosterStore:
    """Opens the store only when a command really reads or writes the roster, so ``team check``
    and ``timeline --team FILE`` never create or migrate a database."""

    def __init__(self, paths: Paths, clock: Clock) -> None:
        self._paths = paths
        self._clock = clock
        self._store: Store | None = None

    def _open(self) -> SqliteRosterStore:
        from app.store import Store  # noqa: PLC0415 (SQLAlchemy loads only when needed)
        from app.store.roster import SqliteRosterStore  # noqa: PLC0415

        if self._store is None:
            self._store = Store.open(self._paths.database)
        return SqliteRosterStore(store=self._store, clock=self._clock)

    def load(self) -> Roster:
        return self._open().load()

    def replace(self, roster: Roster) -> None:
        self._open().replace(roster)

    def close(self) -> None:
        if self._store is not None:
            self._store.close()


def _timeline_commands(args: argparse.Namespace, paths: Paths, clock: Clock) -> int:
    from app import cli_timeline  # noqa: PLC0415
    from app.store import StoreError  # noqa: PLC0415
    from app.timeline.zones import system_zone_name  # noqa: PLC0415
    from app.user_locale import viewer_language  # noqa: PLC0415

    roster_store = _LazyRosterStore(paths, clock)
    try:
        return cli_timeline.run(
            args,
            roster_store=roster_store,
            now=clock.now(),
            out=sys.stdout,
            viewer_zone=system_zone_name(environ=os.environ),
            language=viewer_language(os.environ),
        )
    except StoreError as error:
        sys.stderr.write(f"baton: {error}\n")
        return 2
    finally:
        roster_store.close()


def _open_store(paths: Paths) -> Store:
    from app.store import Store  # noqa: PLC0415 (after the window shows: SQLAlchemy is slow to import)

    return Store.open(paths.database)


def _gui(
    paths: Paths, log_file: str | None, clock: Clock, on_attached: Callable[[Any], None] | None = None
) -> int:
    from ui.application import run_gui  # noqa: PLC0415 (only the GUI loads Qt)
    from ui.controller import Environment  # noqa: PLC0415

    return run_gui(
        paths=paths,
        open_store=lambda: _open_store(paths),
        on_attached=on_attached,
        argv=sys.argv[:1],
        log_file=log_file,
        clock=clock,
        environment=Environment(environ=os.environ),  # resolved after the first paint
    )


def main(argv: Sequence[str] | None = None, *, on_gui_attached: Callable[[Any], None] | None = None) -> int:
    """Entry point of the ``baton`` console script; returns the exit status.

    ``on_gui_attached`` receives the GUI's ``ui.controller.AppController`` once the store is
    open (end-to-end test drivers only)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.demo:
        if args.data_dir is not None:
            parser.error("--demo opens its own throw-away workspace; leave out --data-dir")
        return _demo(args, argv)
    paths = resolve_paths(args.data_dir)
    # the window opens its log file after the first paint; commands write to it at once
    log_file = configure_logging(paths.log_dir, defer_file=args.command is None)
    log.info("baton %s starting (%s)", __version__, args.command or "gui")
    if args.command == "doctor":
        return _doctor(paths)
    clock: Clock = ShiftedClock(args.now) if args.now else SystemClock()
    if args.command in cli_args.TIMELINE_COMMANDS:
        return _timeline_commands(args, paths, clock)
    if args.command == cli_args.HANDOFF_COMMAND:
        from app.cli_handoff import run_command  # noqa: PLC0415 (the store loads only when needed)

        return run_command(args, paths=paths, clock=clock)
    if args.command in cli_args.SYNC_COMMANDS:
        from sync.cli import run as run_sync  # noqa: PLC0415 (only sync commands load httpx)

        return run_sync(args, paths=paths, clock=clock)
    return _gui(paths, str(log_file) if log_file else None, clock, on_gui_attached)


def _demo(args: argparse.Namespace, argv: Sequence[str] | None) -> int:
    """Run Baton (GUI or command) in a fresh demo profile in a temporary directory, then
    delete it."""
    import shutil  # noqa: PLC0415
    import tempfile  # noqa: PLC0415

    from app.demo import create_demo_workspace  # noqa: PLC0415

    directory = Path(tempfile.mkdtemp(prefix="baton-demo-"))
    try:
        clock: Clock = ShiftedClock(args.now) if args.now else SystemClock()
        create_demo_workspace(directory, clock=clock)
        rest = [a for a in (sys.argv[1:] if argv is None else argv) if a != "--demo"]
        return main(["--data-dir", str(directory), *rest])
    finally:
        shutil.rmtree(directory, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
