"""Migrations on real SQLite files: from empty, from every earlier revision, schema agreement
with the models, rollback of a revision that fails half way, and refusal of a newer schema."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlmodel import SQLModel

from app.store import MigrationFailed, Store, StoreTooNew
from app.store.database import create_sqlite_engine, migrate, migrations_location, schema_status
from app.store.records import TaskData

REVISIONS = [r.revision for r in ScriptDirectory(str(migrations_location())).walk_revisions()][::-1]


def _upgrade_to(path: Path, revision: str) -> None:
    engine = create_sqlite_engine(path)
    config = Config()
    config.set_main_option("script_location", str(migrations_location()))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
    engine.dispose()


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_empty_database_migrates_to_head_and_matches_the_models(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "baton.sqlite3")
    status = store.schema_status()
    assert status.current == status.head == REVISIONS[-1]
    engine = create_sqlite_engine(store.path)
    with engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), SQLModel.metadata)
        pragmas = {
            name: connection.exec_driver_sql(f"PRAGMA {name}").scalar()
            for name in ("journal_mode", "foreign_keys", "busy_timeout")
        }
    engine.dispose()
    store.close()
    # FTS5 shadow tables are not in the models; everything else must agree exactly.
    assert [d for d in diff if not (d[0] == "remove_table" and "_fts" in d[1].name)] == []
    assert pragmas == {"journal_mode": "wal", "foreign_keys": 1, "busy_timeout": 5000}


def test_new_database_needs_no_backup(tmp_path: Path) -> None:
    Store.open(tmp_path / "baton.sqlite3").close()
    assert list(tmp_path.glob("*.backup-*")) == []


@pytest.mark.parametrize("revision", REVISIONS)
def test_every_revision_upgrades_to_head_keeping_data(tmp_path: Path, revision: str) -> None:
    path = tmp_path / "baton.sqlite3"
    _upgrade_to(path, revision)
    with sqlite3.connect(path) as db:
        db.execute(
            "INSERT INTO tracker_account (name, kind, base_url, created_at) "
            "VALUES ('ops', 'redmine', 'http://127.0.0.1', '2026-01-01T00:00:00.000000Z')"
        )
        db.execute(
            "INSERT INTO task (account_id, external_id, key, title, status) "
            "VALUES (1, '7', '#7', 'Rotate keys', '')"
        )
    store = Store.open(path)
    try:
        assert store.schema_status().up_to_date
        assert [t.data.title for t in store.tasks.get([1])] == ["Rotate keys"]
        assert store.search.task_ids("rotate") == [1]
    finally:
        store.close()
    if revision != REVISIONS[-1]:
        assert len(list(tmp_path.glob("baton.sqlite3.backup-*"))) == 1


def _scripts_with_broken_head(tmp_path: Path) -> Path:
    scripts = tmp_path / "migrations"
    shutil.copytree(migrations_location(), scripts, ignore=shutil.ignore_patterns("__pycache__"))
    (scripts / "versions" / "9999_broken.py").write_text(
        f'''
import sqlalchemy as sa
from alembic import op

revision = "9999"
down_revision = "{REVISIONS[-1]}"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table("half_done", sa.Column("id", sa.Integer, primary_key=True))
    op.execute("UPDATE task SET title = 'clobbered'")
    with op.batch_alter_table("task") as batch:
        batch.drop_column("priority")
    raise RuntimeError("disk exploded half way")


def downgrade():
    pass
'''
    )
    return scripts


def test_a_migration_failing_half_way_leaves_the_previous_database_usable(tmp_path: Path) -> None:
    path = tmp_path / "baton.sqlite3"
    store = Store.open(path)
    account = store.accounts.add(
        name="ops", kind="redmine", base_url="http://127.0.0.1", at=datetime(2026, 11, 21, 12, 0, tzinfo=UTC)
    )
    store.tasks.upsert_many(
        account.id, [TaskData(external_id="1", key="#1", title="Renew the TLS certificate")]
    )
    store.close()

    broken = _scripts_with_broken_head(tmp_path)
    engine = create_sqlite_engine(path)
    with pytest.raises(MigrationFailed) as failure:
        migrate(engine, script_location=broken)
    engine.dispose()

    assert "disk exploded half way" in str(failure.value)
    assert failure.value.backup is not None and failure.value.backup.exists()
    reopened = Store.open(path)  # the shipped migrations: still at their head, data intact
    try:
        assert reopened.schema_status().current == REVISIONS[-1]
        assert [t.data.title for t in reopened.tasks.get([1])] == ["Renew the TLS certificate"]
        assert reopened.search.task_ids("certificate") == [1]
    finally:
        reopened.close()
    with sqlite3.connect(path) as db:
        tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        columns = {r[1] for r in db.execute("PRAGMA table_info(task)")}
    assert "half_done" not in tables
    assert "priority" in columns


def test_a_newer_schema_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "baton.sqlite3"
    Store.open(path).close()
    with sqlite3.connect(path) as db:
        db.execute("UPDATE alembic_version SET version_num = 'f00d'")
    before = _digest(path)
    with pytest.raises(StoreTooNew) as refused:
        Store.open(path)
    message = str(refused.value)
    assert str(path) in message and "f00d" in message and "newer Baton" in message
    assert _digest(path) == before
    assert list(tmp_path.glob("*.backup-*")) == []
    engine = create_sqlite_engine(path)
    assert schema_status(engine).too_new
    engine.dispose()


def test_every_revision_downgrades_cleanly_and_upgrades_again(tmp_path: Path) -> None:
    path = tmp_path / "baton.sqlite3"
    _upgrade_to(path, "head")
    engine = create_sqlite_engine(path)
    config = Config()
    config.set_main_option("script_location", str(migrations_location()))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "base")
    with engine.connect() as connection:
        left = {r[0] for r in connection.exec_driver_sql("SELECT name FROM sqlite_master WHERE type='table'")}
    engine.dispose()
    assert left == {"alembic_version"}
    Store.open(path).close()
