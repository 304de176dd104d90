"""Bad files get a clear error naming the file, what is wrong and what to do; nothing is lost."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from app.store import Store, StoreCorrupt, StoreUnwritable


def test_a_corrupt_file_is_reported_and_left_as_it_was(tmp_path: Path) -> None:
    path = tmp_path / "baton.sqlite3"
    garbage = b"this is not SQLite\x00" * 512
    path.write_bytes(garbage)
    with pytest.raises(StoreCorrupt) as error:
        Store.open(path)
    message = str(error.value)
    assert str(path) in message
    assert "not a Baton database or is damaged" in message
    assert "Move the file away" in message
    assert path.read_bytes() == garbage


def test_a_damaged_page_in_a_real_database_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "baton.sqlite3"
    Store.open(path).close()
    data = bytearray(path.read_bytes())
    data[0:16] = b"garbage-header!!"  # the SQLite header magic is gone
    path.write_bytes(bytes(data))
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    with pytest.raises(StoreCorrupt):
        Store.open(path)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == digest


def test_a_data_directory_that_cannot_be_created_is_reported(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("a file where the data directory should be")
    path = blocker / "profile" / "baton.sqlite3"
    with pytest.raises(StoreUnwritable) as error:
        Store.open(path)
    message = str(error.value)
    assert str(blocker / "profile") in message
    assert "--data-dir" in message
    assert blocker.read_text() == "a file where the data directory should be"
