"""Handoff workflow and sync state.

- ``handoff``: ``title`` (the one-line subject a tracker shows), ``author_zone`` (the sender's
  IANA zone when it was written, so a reader without the sender in the roster can still show
  the sender's local time), ``remote_url``, ``incoming`` (pulled from a tracker rather than
  written here) and ``discarded_at`` (a discarded draft is hidden, not deleted, so the discard
  can be undone).
- ``handoff_transition``: every state change with its UTC instant.
- ``handoff_item.ref``: a link item's URL or tracker key, or an attached task's key.
- ``acknowledgement.remote_id``: the tracker comment that carries it.
- ``outbox_entry``: ``handoff_id`` and ``updated_at``.
- ``tracker_account``: pull ``scope``, ``session_only`` (token kept in memory only),
  ``remote_user_id`` (from the who-am-I call), and the account's sync ``status`` with
  ``status_since`` (offline since), ``retry_at`` (rate limited until) and ``status_detail``.
- ``teammate.tracker_logins``: tracker kind → login, to assign or mention a recipient.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-21 12:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

_UTC = sa.String(length=27)


def upgrade() -> None:
    # Plain ADD COLUMN only (SQLite supports it for nullable or constant-default columns); a
    # batch "move and copy" of these tables would trip over the FTS triggers and open cursors.
    for name, column in (
        ("handoff", sa.Column("title", sa.String(), nullable=False, server_default="")),
        ("handoff", sa.Column("author_zone", sa.String(), nullable=True)),
        ("handoff", sa.Column("remote_url", sa.String(), nullable=True)),
        ("handoff", sa.Column("incoming", sa.Boolean(), nullable=False, server_default=sa.false())),
        ("handoff", sa.Column("discarded_at", _UTC, nullable=True)),
        # handoff_item has FTS triggers on "text" only; adding a column keeps them valid.
        ("handoff_item", sa.Column("ref", sa.String(), nullable=True)),
        ("acknowledgement", sa.Column("remote_id", sa.String(), nullable=True)),
        ("outbox_entry", sa.Column("updated_at", _UTC, nullable=True)),
        ("tracker_account", sa.Column("scope", sa.String(), nullable=False, server_default="assigned")),
        (
            "tracker_account",
            sa.Column("session_only", sa.Boolean(), nullable=False, server_default=sa.false()),
        ),
        ("tracker_account", sa.Column("remote_user_id", sa.String(), nullable=True)),
        ("tracker_account", sa.Column("status", sa.String(), nullable=False, server_default="ok")),
        ("tracker_account", sa.Column("status_since", _UTC, nullable=True)),
        ("tracker_account", sa.Column("retry_at", _UTC, nullable=True)),
        ("tracker_account", sa.Column("status_detail", sa.String(), nullable=True)),
        ("teammate", sa.Column("tracker_logins", sa.JSON(), nullable=False, server_default="{}")),
    ):
        op.add_column(name, column)
    # A new foreign key needs a table rebuild on SQLite; outbox_entry is referenced by nothing.
    with op.batch_alter_table("outbox_entry") as batch:
        batch.add_column(sa.Column("handoff_id", sa.String(length=36), nullable=True))
        batch.create_foreign_key(
            "fk_outbox_entry_handoff_id_handoff", "handoff", ["handoff_id"], ["id"], ondelete="CASCADE"
        )
        batch.create_index("ix_outbox_entry_handoff_id", ["handoff_id"], unique=False)
    op.create_table(
        "handoff_transition",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("handoff_id", sa.String(length=36), nullable=False),
        sa.Column("state", sa.String(), nullable=False),
        sa.Column("at", _UTC, nullable=False),
        sa.Column("reason", sa.String(), nullable=True),
        sa.ForeignKeyConstraint(["handoff_id"], ["handoff.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_handoff_transition_handoff_id", "handoff_transition", ["handoff_id"], unique=False)


def downgrade() -> None:
    op.drop_table("handoff_transition")
    with op.batch_alter_table("outbox_entry") as batch:
        batch.drop_index("ix_outbox_entry_handoff_id")
        batch.drop_constraint("fk_outbox_entry_handoff_id_handoff", type_="foreignkey")
        batch.drop_column("handoff_id")
    for name, columns in (
        ("teammate", ("tracker_logins",)),
        ("tracker_account", ("status_detail", "retry_at", "status_since", "status", "remote_user_id")),
        ("tracker_account", ("session_only", "scope")),
        ("outbox_entry", ("updated_at",)),
        ("acknowledgement", ("remote_id",)),
        ("handoff_item", ("ref",)),
        ("handoff", ("discarded_at", "incoming", "remote_url", "author_zone", "title")),
    ):
        for column in columns:
            op.drop_column(name, column)
