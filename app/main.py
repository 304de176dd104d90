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
from collections.abc import Sequence

from app import __version__
from app.logs import configure_logging
from app.paths import DATA_DIR_ENV, Paths, resolve_paths

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
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.add_parser(
        "doctor",
        help="print paths, versions and health facts for a bug report",
        description="Print the facts a bug report needs. Exit status 1 when a problem makes Baton unusable.",
    )
    return parser


def _doctor(paths: Paths) -> int:
    from app.doctor import run_doctor  # noqa: PLC0415 (lazy: keeps start-up light)
    from sync.credentials import describe_backend  # noqa: PLC0415

    backend = describe_backend()
    report = run_doctor(
        paths, keyring_backend=backend.name, keyring_warning=backend.warning, environ=os.environ
    )
    sys.stdout.write(report.render() + "\n")
    return 1 if report.problems else 0


def _gui(paths: Paths, log_file: str | None) -> int:
    from app.store import Store  # noqa: PLC0415
    from ui.application import run_gui  # noqa: PLC0415 (only the GUI loads Qt)

    return run_gui(
        paths=paths,
        open_store=lambda: Store.open(paths.database),
        argv=sys.argv[:1],
        log_file=log_file,
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``baton`` console script; returns the exit status."""
    args = build_parser().parse_args(argv)
    paths = resolve_paths(args.data_dir)
    log_file = configure_logging(paths.log_dir)
    log.info("baton %s starting (%s)", __version__, args.command or "gui")
    if args.command == "doctor":
        return _doctor(paths)
    return _gui(paths, str(log_file) if log_file else None)


if __name__ == "__main__":
    sys.exit(main())
