"""Profile paths and the log file (rotation, redaction)."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.logs import configure_logging, open_log_file, redact
from app.paths import resolve_paths


def test_flag_beats_environment_beats_platform_default(tmp_path: Path) -> None:
    env = {"BATON_DATA_DIR": str(tmp_path / "env")}
    assert resolve_paths(tmp_path / "flag", environ=env).data_dir == tmp_path / "flag"
    assert resolve_paths(None, environ=env).database == tmp_path / "env" / "baton.sqlite3"
    default = resolve_paths(None, environ={})
    assert default.data_dir.name == "baton"
    assert default.data_dir != tmp_path / "env"


def test_an_overridden_profile_keeps_config_and_logs_inside(tmp_path: Path) -> None:
    paths = resolve_paths(tmp_path / "p", environ={})
    assert paths.config_dir == tmp_path / "p" / "config"
    assert paths.log_file == tmp_path / "p" / "logs" / "baton.log"


@pytest.mark.parametrize(
    ("line", "secret"),
    [
        ("Authorization: Bearer abc123def456", "abc123def456"),
        ('{"X-Redmine-API-Key": "0123456789abcdef"}', "0123456789abcdef"),
        ("GET /issues.json?key=1&api_key=s3cr3tvalue&x=1", "s3cr3tvalue"),
        ("token ghp_abcdefghijklmnopqrstuvwxyz123456", "ghp_abcdefghijklmnopqrstuvwxyz123456"),
        ("glpat-abcdefghijklmnopqrst1", "glpat-abcdefghijklmnopqrst1"),
        ("password='hunter2'", "hunter2"),
    ],
)
def test_redact_masks_credentials(line: str, secret: str) -> None:
    cleaned = redact(line)
    assert secret not in cleaned
    assert "[redacted]" in cleaned


def test_redact_keeps_ordinary_text() -> None:
    assert redact("synced 12 tasks from ops in 0.4 s") == "synced 12 tasks from ops in 0.4 s"


@pytest.fixture
def restore_root_logger() -> Iterator[None]:
    """configure_logging() changes the process's root logger; put it back afterwards."""
    root = logging.getLogger()
    saved = list(root.handlers), root.level
    yield
    for handler in list(root.handlers):
        if getattr(handler, "_baton", False):
            root.removeHandler(handler)
            handler.close()
    root.handlers[:] = saved[0]
    root.setLevel(saved[1])


@pytest.mark.usefixtures("restore_root_logger")
def test_the_log_file_never_receives_a_secret(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    log_file = configure_logging(tmp_path / "logs")
    assert log_file == tmp_path / "logs" / "baton.log"
    logger = logging.getLogger("baton.test")
    logger.info("request headers %s", {"Authorization": "token ghp_abcdefghijklmnopqrstuvwxyz123456"})
    try:
        raise ValueError("api_key=topsecretvalue rejected")
    except ValueError:
        logger.exception("sync failed")
    for handler in logging.getLogger().handlers:
        handler.flush()
    text = log_file.read_text(encoding="utf-8")
    assert "request headers" in text and "sync failed" in text
    assert "ghp_abcdefghijklmnopqrstuvwxyz123456" not in text
    assert "topsecretvalue" not in text
    caplog.clear()  # the ERROR record above was expected


def test_an_unwritable_log_directory_falls_back_to_stderr(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    root = logging.getLogger()
    saved = list(root.handlers), root.level
    try:
        assert configure_logging(blocker / "logs") is None
    finally:
        for handler in list(root.handlers):
            if getattr(handler, "_baton", False):
                root.removeHandler(handler)
                handler.close()
        root.handlers[:] = saved[0]
        root.setLevel(saved[1])
    assert any("cannot write the log file" in r.getMessage() for r in caplog.records)
    caplog.clear()


@pytest.mark.usefixtures("restore_root_logger")
def test_a_deferred_log_file_receives_the_records_kept_before_it_opened(tmp_path: Path) -> None:
    log_file = configure_logging(tmp_path / "logs", defer_file=True)
    assert log_file == tmp_path / "logs" / "baton.log"
    logging.getLogger("baton.test").info("before the first paint, token=abc123")
    assert not log_file.exists()  # nothing written yet: the window has not painted
    assert open_log_file(tmp_path / "logs") == log_file
    assert open_log_file(tmp_path / "logs") == log_file  # a second call changes nothing
    logging.getLogger("baton.test").info("after")
    for handler in logging.getLogger().handlers:
        handler.flush()
    text = log_file.read_text(encoding="utf-8")
    assert "before the first paint, token=[redacted]" in text
    assert text.count("before the first paint") == 1
    assert text.index("before the first paint") < text.index("after")
