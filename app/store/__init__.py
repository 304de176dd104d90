"""The local SQLite store: tables, migrations, repositories. Sessions never leave this package.

``Store`` is imported on first use (PEP 562 module ``__getattr__``): SQLAlchemy, SQLModel and
alembic take about half a second to import, and the window should paint before that.
"""

from typing import TYPE_CHECKING, Any

from app.store.errors import MigrationFailed, StoreCorrupt, StoreError, StoreTooNew, StoreUnwritable

if TYPE_CHECKING:
    from app.store.store import Store
else:

    def __getattr__(name: str) -> Any:
        if name == "Store":
            from app.store.store import Store  # noqa: PLC0415

            return Store
        raise AttributeError(f"module 'app.store' has no attribute {name!r}")


__all__ = ["MigrationFailed", "Store", "StoreCorrupt", "StoreError", "StoreTooNew", "StoreUnwritable"]
