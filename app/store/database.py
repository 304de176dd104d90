"""Opening, checking, backing up and migrating the SQLite database.

Connection settings (https://sqlite.org/pragma.html): WAL journal (readers never block the
writer), ``foreign_keys=ON``, ``busy_timeout`` of 5 s, ``synchronous=NORMAL`` (safe with WAL).
pysqlite's own transaction handling is switched off and SQLAlchemy's ``BEGIN`` is emitted
explicitly, so DDL runs inside transactions too; that is what lets a migration that fails half
way roll back completely (the SQLAlchemy "pysqlite transactional DDL" recipe).
"""

from __future__ import annotations

import logging
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import ConnectionPoolEntry

from app.store.errors import MigrationFailed, StoreCorrupt, StoreTooNew, StoreUnwritable

log = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 5000


def migrations_location() -> Path:
    """The alembic script directory shipped inside the package."""
    return Path(str(resources.files("app") / "migrations"))


def create_sqlite_engine(path: Path) -> Engine:
    """An engine on ``path`` with Baton's pragmas and transactional DDL (no checks, no migration)."""
    engine = create_engine(f"sqlite:///{path}", connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: sqlite3.Connection, record: ConnectionPoolEntry) -> None:
        dbapi_connection.isolation_level = None
        dbapi_connection.execute("PRAGMA foreign_keys=ON")
        dbapi_connection.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        dbapi_connection.execute("PRAGMA journal_mode=WAL")
        dbapi_connection.execute("PRAGMA synchronous=NORMAL")

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN")

    return engine


@dataclass(frozen=True)
class SchemaStatus:
    """Where a database stands against the migrations this Baton ships."""

    current: str | None
    head: str
    known: frozenset[str]

    @property
    def up_to_date(self) -> bool:
        """The database is at the shipped head revision."""
        return self.current == self.head

    @property
    def too_new(self) -> bool:
        """The database has a revision this Baton does not ship (a newer Baton wrote it)."""
        return self.current is not None and self.current not in self.known


def _alembic_config(script_location: Path) -> Config:
    config = Config()
    config.set_main_option("script_location", str(script_location))
    return config


def backup_database(path: Path, *, now: datetime | None = None) -> Path:
    """Copy ``path`` next to itself as ``<name>.backup-YYYYmmddTHHMMSSZ`` with SQLite's online
    backup API (consistent even while WAL holds uncommitted pages). Returns the copy's path.

    Raises :class:`StoreUnwritable` when the copy cannot be written.
    """
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%SZ")
    target = path.with_name(f"{path.name}.backup-{stamp}")
    n = 1
    while target.exists():
        n += 1
        target = path.with_name(f"{path.name}.backup-{stamp}-{n}")
    try:
        source = sqlite3.connect(path)
        try:
            copy = sqlite3.connect(target)
            try:
                source.backup(copy)
            finally:
                copy.close()
        finally:
            source.close()
    except sqlite3.Error as exc:
        raise StoreUnwritable(
            path,
            f"could not write a backup copy to {target} ({exc})",
            "Free some disk space or make the directory writable.",
        ) from exc
    log.info("backed up %s to %s", path, target)
    return target


def _classify(path: Path, exc: BaseException) -> StoreCorrupt | StoreUnwritable | None:
    """Map a SQLite error to the store error the user should see, or ``None`` if it is a bug."""
    text = str(exc).lower()
    if "not a database" in text or "malformed" in text or "corrupt" in text:
        return StoreCorrupt(
            path,
            f"the file is not a Baton database or is damaged ({exc})",
            "Nothing was changed or deleted. Move the file away (Baton starts a new one) or restore "
            "a backup copy from the same directory.",
        )
    if "readonly" in text or "read-only" in text or "unable to open" in text or "permission" in text:
        return StoreUnwritable(
            path,
            f"the database cannot be opened for writing ({exc})",
            "Make the file and its directory writable, or choose another directory with --data-dir "
            "or BATON_DATA_DIR.",
        )
    return None


def _reraise_classified(path: Path, exc: BaseException) -> None:
    problem = _classify(path, getattr(exc, "orig", None) or exc)
    if problem is not None:
        raise problem from exc


def schema_status(engine: Engine, *, script_location: Path | None = None) -> SchemaStatus:
    """Read the database's alembic revision and compare it with the shipped head.

    Raises :class:`StoreCorrupt` / :class:`StoreUnwritable` when SQLite cannot read the file.
    """
    script = ScriptDirectory.from_config(_alembic_config(script_location or migrations_location()))
    head = script.get_current_head()
    assert head is not None, "the shipped migrations have no head"
    path = Path(str(engine.url.database))
    try:
        with engine.connect() as connection:
            current = MigrationContext.configure(connection).get_current_revision()
    except (DBAPIError, sqlite3.Error) as exc:
        _reraise_classified(path, exc)
        raise
    known = frozenset(r.revision for r in script.walk_revisions())
    return SchemaStatus(current=current, head=head, known=known)


def migrate(engine: Engine, *, script_location: Path | None = None) -> Path | None:
    """Bring the database to the shipped head revision in one transaction.

    Returns the backup copy made before changing an existing schema (``None`` for a new, empty
    database or when nothing was to do). Raises :class:`StoreTooNew` for an unknown revision and
    :class:`MigrationFailed` (database rolled back) when a revision raises.
    """
    location = script_location or migrations_location()
    path = Path(str(engine.url.database))
    status = schema_status(engine, script_location=location)
    if status.too_new:
        assert status.current is not None
        raise StoreTooNew(path, status.current, status.head)
    if status.up_to_date:
        return None
    backup = backup_database(path) if status.current is not None else None
    config = _alembic_config(location)
    try:
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
    except (DBAPIError, sqlite3.Error) as exc:
        _reraise_classified(path, exc)
        raise MigrationFailed(path, status.current, exc, backup) from exc
    except Exception as exc:
        raise MigrationFailed(path, status.current, exc, backup) from exc
    log.info("migrated %s from %s to %s", path, status.current or "empty", status.head)
    return backup


def open_database(path: Path, *, script_location: Path | None = None) -> Engine:
    """Create the directory if needed, open the database, and migrate it to the head revision.

    Raises a :class:`~app.store.errors.StoreError` subclass with a message for the user.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreUnwritable(
            path,
            f"the data directory {path.parent} cannot be created ({exc.strerror or exc})",
            "Choose a writable directory with --data-dir or BATON_DATA_DIR.",
        ) from exc
    engine = create_sqlite_engine(path)
    try:
        migrate(engine, script_location=script_location)
    except BaseException:
        engine.dispose()
        raise
    return engine
