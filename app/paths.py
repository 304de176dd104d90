"""Where Baton keeps its files.

Paths come from platformdirs (XDG on Linux, ``~/Library`` on macOS, ``%LOCALAPPDATA%`` on
Windows). The data directory can be overridden, in order of precedence, by ``--data-dir DIR``
and the ``BATON_DATA_DIR`` environment variable; when it is overridden, config and logs live
inside it too, so one directory holds a whole profile (useful for tests and for two profiles
side by side).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_NAME = "baton"
DATA_DIR_ENV = "BATON_DATA_DIR"
DATABASE_FILE = "baton.sqlite3"
LOG_FILE = "baton.log"


@dataclass(frozen=True)
class Paths:
    """The directories and files of one Baton profile (all absolute)."""

    data_dir: Path
    config_dir: Path
    log_dir: Path

    @property
    def database(self) -> Path:
        """The SQLite database file."""
        return self.data_dir / DATABASE_FILE

    @property
    def log_file(self) -> Path:
        """The current rotating log file."""
        return self.log_dir / LOG_FILE


def resolve_paths(
    data_dir: str | os.PathLike[str] | None = None, *, environ: Mapping[str, str] | None = None
) -> Paths:
    """Resolve the profile's paths.

    ``data_dir`` (from ``--data-dir``) wins over ``BATON_DATA_DIR`` in ``environ`` (default:
    ``os.environ``), which wins over the platformdirs user data directory. Nothing is created.
    """
    env = os.environ if environ is None else environ
    chosen = data_dir if data_dir is not None else env.get(DATA_DIR_ENV) or None
    if chosen is not None:
        root = Path(chosen).expanduser().resolve()
        return Paths(data_dir=root, config_dir=root / "config", log_dir=root / "logs")
    return Paths(
        data_dir=Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)),
        config_dir=Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)),
        log_dir=Path(platformdirs.user_log_dir(APP_NAME, appauthor=False)),
    )
