"""Errors the store raises when it cannot open or migrate a database.

Each error carries the file, what is wrong and what the user can do; the GUI and
``baton doctor`` show ``str(error)`` as it is. Nothing in the store deletes a user's file:
before a migration a timestamped backup is written next to the database.

    StoreError
    ├── StoreUnwritable   directory or file cannot be created or written
    ├── StoreCorrupt      the file is not a SQLite database or is damaged
    ├── StoreTooNew       written by a newer Baton (unknown schema revision)
    └── MigrationFailed   a migration raised; the database is left at its previous revision
"""

from __future__ import annotations

from pathlib import Path


class StoreError(Exception):
    """The database at :attr:`path` cannot be used; ``str()`` says why and what to do."""

    def __init__(self, path: Path, problem: str, remedy: str) -> None:
        super().__init__(f"{path}: {problem}. {remedy}")
        self.path = path
        self.problem = problem
        self.remedy = remedy


class StoreUnwritable(StoreError):
    """The data directory or database file cannot be created or written."""


class StoreCorrupt(StoreError):
    """The file is not a SQLite database, or SQLite reports it damaged."""


class StoreTooNew(StoreError):
    """The database has a schema revision this Baton does not know (a newer Baton wrote it)."""

    def __init__(self, path: Path, revision: str, known_head: str) -> None:
        super().__init__(
            path,
            f"written by a newer Baton (schema revision {revision}; this Baton knows up to {known_head})",
            "Nothing was changed. Install the newer Baton again, or start this one with another --data-dir.",
        )
        self.revision = revision


class MigrationFailed(StoreError):
    """A schema migration failed; the database was rolled back to its previous revision."""

    def __init__(self, path: Path, revision: str | None, cause: BaseException, backup: Path | None) -> None:
        where = f"a backup copy is at {backup}" if backup else "no backup was needed (new database)"
        super().__init__(
            path,
            f"upgrading the schema failed ({type(cause).__name__}: {cause}); the database is still at "
            f"revision {revision or 'empty'}",
            f"Your data is unchanged and {where}. Please report this with the output of 'baton doctor'.",
        )
        self.backup = backup
