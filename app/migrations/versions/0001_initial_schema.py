"""Initial schema: roster, tasks, notes, handoffs, outbox, cursors, and FTS5 search.

Instants are stored as UTC ISO 8601 text (``app.store.types.UTCDateTime``); the full-text
indexes are FTS5 external-content tables kept in step by triggers (https://sqlite.org/fts5.html,
section 4.4.3 "External Content Tables").

Revision ID: 0001
Revises:
Create Date: 2026-11-21 11:29:49.521272
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


# FTS5 external-content indexes: the text lives once, in its own table; triggers keep the
# index in step on insert, update and delete (the pattern from the SQLite FTS5 documentation).
_FTS = {
    # index name: (content table, indexed columns)
    "task_fts": ("task", ("key", "title")),
    "note_fts": ("note", ("body",)),
    "handoff_item_fts": ("handoff_item", ("text",)),
}


def _create_fts() -> None:
    for index, (table, columns) in _FTS.items():
        cols = ", ".join(columns)
        new = ", ".join(f"new.{c}" for c in columns)
        old = ", ".join(f"old.{c}" for c in columns)
        op.execute(
            f"CREATE VIRTUAL TABLE {index} USING fts5({cols}, content='{table}', content_rowid='id', "
            "tokenize='unicode61 remove_diacritics 2', prefix='2 3')"
        )
        op.execute(
            f"CREATE TRIGGER {index}_ai AFTER INSERT ON {table} BEGIN "
            f"INSERT INTO {index}(rowid, {cols}) VALUES (new.id, {new}); END"
        )
        op.execute(
            f"CREATE TRIGGER {index}_ad AFTER DELETE ON {table} BEGIN "
            f"INSERT INTO {index}({index}, rowid, {cols}) VALUES ('delete', old.id, {old}); END"
        )
        op.execute(
            f"CREATE TRIGGER {index}_au AFTER UPDATE OF {cols} ON {table} BEGIN "
            f"INSERT INTO {index}({index}, rowid, {cols}) VALUES ('delete', old.id, {old}); "
            f"INSERT INTO {index}(rowid, {cols}) VALUES (new.id, {new}); END"
        )


def _drop_fts() -> None:
    for index in _FTS:
        for suffix in ("ai", "ad", "au"):
            op.execute(f"DROP TRIGGER IF EXISTS {index}_{suffix}")
        op.execute(f"DROP TABLE IF EXISTS {index}")


def upgrade() -> None:
    op.create_table(
        "teammate",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("zone", sa.String(), nullable=False),
        sa.Column("locale", sa.String(), nullable=False),
        sa.Column("team", sa.String(), nullable=False),
        sa.Column("holiday_country", sa.String(), nullable=True),
        sa.Column("holiday_subdivision", sa.String(), nullable=True),
        sa.Column("weekend", sa.JSON(), nullable=False),
        sa.Column("working_hours", sa.JSON(), nullable=False),
        sa.Column("cutoff_minutes", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.String(length=27), nullable=False),
        sa.Column("updated_at", sa.String(length=27), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name"),
    )
    op.create_table(
        "tracker_account",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("base_url", sa.String(), nullable=False),
        sa.Column("project", sa.String(), nullable=True),
        sa.Column("username", sa.String(), nullable=True),
        sa.Column("created_at", sa.String(length=27), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name"),
    )
    op.create_table(
        "handoff",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("author", sa.String(), nullable=False),
        sa.Column("recipient_kind", sa.String(), nullable=False),
        sa.Column("recipient", sa.String(), nullable=False),
        sa.Column("urgency", sa.String(), nullable=False),
        sa.Column("escalation_contact", sa.String(), nullable=True),
        sa.Column("state", sa.String(), nullable=False),
        sa.Column("failure_reason", sa.String(), nullable=True),
        sa.Column("created_at", sa.String(length=27), nullable=False),
        sa.Column("updated_at", sa.String(length=27), nullable=False),
        sa.Column("due_at", sa.String(length=27), nullable=True),
        sa.Column("account_id", sa.Integer(), nullable=True),
        sa.Column("remote_id", sa.String(), nullable=True),
        sa.ForeignKeyConstraint(["account_id"], ["tracker_account.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("handoff", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_handoff_state"), ["state"], unique=False)

    op.create_table(
        "out_of_office",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("teammate_id", sa.Integer(), nullable=False),
        sa.Column("starts_on", sa.String(length=10), nullable=False),
        sa.Column("ends_on", sa.String(length=10), nullable=False),
        sa.Column("note", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(["teammate_id"], ["teammate.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("out_of_office", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_out_of_office_teammate_id"), ["teammate_id"], unique=False)

    op.create_table(
        "outbox_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("operation", sa.String(), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("idempotency_key", sa.String(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=True),
        sa.Column("state", sa.String(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.String(length=27), nullable=True),
        sa.Column("last_error", sa.String(), nullable=True),
        sa.Column("created_at", sa.String(length=27), nullable=False),
        sa.ForeignKeyConstraint(["account_id"], ["tracker_account.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("idempotency_key"),
    )
    with op.batch_alter_table("outbox_entry", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_outbox_entry_state"), ["state"], unique=False)

    op.create_table(
        "relocation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("teammate_id", sa.Integer(), nullable=False),
        sa.Column("starts_on", sa.String(length=10), nullable=False),
        sa.Column("zone", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(["teammate_id"], ["teammate.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("relocation", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_relocation_teammate_id"), ["teammate_id"], unique=False)

    op.create_table(
        "sync_cursor",
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("resource", sa.String(), nullable=False),
        sa.Column("updated_since", sa.String(length=27), nullable=True),
        sa.Column("etag", sa.String(), nullable=True),
        sa.ForeignKeyConstraint(["account_id"], ["tracker_account.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("account_id", "resource"),
    )
    op.create_table(
        "task",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("external_id", sa.String(), nullable=False),
        sa.Column("key", sa.String(), nullable=False),
        sa.Column("title", sa.String(), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("assignee", sa.String(), nullable=True),
        sa.Column("priority", sa.String(), nullable=True),
        sa.Column("due_at", sa.String(length=27), nullable=True),
        sa.Column("url", sa.String(), nullable=True),
        sa.Column("remote_updated_at", sa.String(length=27), nullable=True),
        sa.Column("etag", sa.String(), nullable=True),
        sa.ForeignKeyConstraint(["account_id"], ["tracker_account.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("account_id", "external_id", name="uq_task_account_external"),
    )
    op.create_table(
        "acknowledgement",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("handoff_id", sa.String(length=36), nullable=False),
        sa.Column("by", sa.String(), nullable=False),
        sa.Column("at", sa.String(length=27), nullable=False),
        sa.Column("read_back", sa.String(), nullable=True),
        sa.Column("question", sa.String(), nullable=True),
        sa.ForeignKeyConstraint(["handoff_id"], ["handoff.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("acknowledgement", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_acknowledgement_handoff_id"), ["handoff_id"], unique=False)

    op.create_table(
        "handoff_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("handoff_id", sa.String(length=36), nullable=False),
        sa.Column("section", sa.String(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("text", sa.String(), nullable=False),
        sa.Column("flag", sa.String(), nullable=False),
        sa.Column("owner", sa.String(), nullable=True),
        sa.Column("deadline_at", sa.String(length=27), nullable=True),
        sa.Column("due_at", sa.String(length=27), nullable=True),
        sa.Column("task_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["handoff_id"], ["handoff.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["task_id"], ["task.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("handoff_item", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_handoff_item_handoff_id"), ["handoff_id"], unique=False)

    op.create_table(
        "note",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("task_id", sa.Integer(), nullable=True),
        sa.Column("handoff_id", sa.String(length=36), nullable=True),
        sa.Column("body", sa.String(), nullable=False),
        sa.Column("created_at", sa.String(length=27), nullable=False),
        sa.Column("updated_at", sa.String(length=27), nullable=False),
        sa.ForeignKeyConstraint(["handoff_id"], ["handoff.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["task_id"], ["task.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("note", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_note_handoff_id"), ["handoff_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_note_task_id"), ["task_id"], unique=False)

    _create_fts()


def downgrade() -> None:
    _drop_fts()
    with op.batch_alter_table("note", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_note_task_id"))
        batch_op.drop_index(batch_op.f("ix_note_handoff_id"))

    op.drop_table("note")
    with op.batch_alter_table("handoff_item", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_handoff_item_handoff_id"))

    op.drop_table("handoff_item")
    with op.batch_alter_table("acknowledgement", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_acknowledgement_handoff_id"))

    op.drop_table("acknowledgement")
    op.drop_table("task")
    op.drop_table("sync_cursor")
    with op.batch_alter_table("relocation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_relocation_teammate_id"))

    op.drop_table("relocation")
    with op.batch_alter_table("outbox_entry", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_outbox_entry_state"))

    op.drop_table("outbox_entry")
    with op.batch_alter_table("out_of_office", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_out_of_office_teammate_id"))

    op.drop_table("out_of_office")
    with op.batch_alter_table("handoff", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_handoff_state"))

    op.drop_table("handoff")
    op.drop_table("tracker_account")
    op.drop_table("teammate")
