"""The local SQLite store: tables, migrations, repositories. Sessions never leave this package."""

from app.store.errors import MigrationFailed, StoreCorrupt, StoreError, StoreTooNew, StoreUnwritable
from app.store.store import Store

__all__ = ["MigrationFailed", "Store", "StoreCorrupt", "StoreError", "StoreTooNew", "StoreUnwritable"]
