"""Alembic environment for Baton's store.

Baton runs migrations programmatically (see :func:`app.store.database.migrate`): the caller
passes an open SQLAlchemy connection in ``config.attributes["connection"]``, and every
revision runs inside that connection's single transaction, so a revision that fails half way
leaves the database exactly as it was. ``render_as_batch`` makes ALTERs work on SQLite by
copying tables (alembic's batch mode).
"""

from __future__ import annotations

from alembic import context
from sqlmodel import SQLModel

import app.store.models  # noqa: F401  (registers the tables on SQLModel.metadata)

config = context.config
connection = config.attributes.get("connection")
if connection is None:  # pragma: no cover - only reached by running the alembic CLI by hand
    raise RuntimeError("Baton's migrations run through app.store.database.migrate(), not the alembic CLI")

context.configure(
    connection=connection,
    target_metadata=SQLModel.metadata,
    render_as_batch=True,
    transaction_per_migration=False,
)
with context.begin_transaction():
    context.run_migrations()
