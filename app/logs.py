"""Logging: a rotating file in the profile's log directory, with secrets redacted.

Records at INFO and above go to ``baton.log`` (1 MiB, 5 old files kept); WARNING and above
also go to standard error. :class:`RedactingFilter` masks values that look like credentials
(``Authorization`` headers, ``token=``/``api_key=`` pairs, ``X-Redmine-API-Key``, GitHub and
GitLab token prefixes) in the message and its arguments, as a second line of defence: code
must still never log a secret.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(threadName)s] %(message)s"
MAX_BYTES = 1024 * 1024
BACKUP_COUNT = 5

_SECRET_PATTERNS = (
    re.compile(r"(?i)(authorization\s*[:=]\s*)(?:(?:bearer|basic|token)\s+)?[^\s,;'\"]+"),
    re.compile(r"(?i)(x-redmine-api-key\s*[:=]\s*)[^\s,;'\"]+"),
    re.compile(
        r"(?i)((?:api[_-]?key|access[_-]?token|token|password|secret|private[_-]?token)"
        r"['\"]?\s*[:=]\s*['\"]?)[^\s,;'\"&]+"
    ),
    re.compile(r"()\b(?:gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,}|glpat-[A-Za-z0-9_-]{20,})"),
)
REDACTED = "[redacted]"


def redact(text: str) -> str:
    """``text`` with anything that looks like a credential replaced by ``[redacted]``."""
    for pattern in _SECRET_PATTERNS:
        text = pattern.sub(lambda m: m.group(1) + REDACTED, text)
    return text


class RedactingFilter(logging.Filter):
    """Formats each record's message once, redacts it, and drops the arguments."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message or record.args:
            record.msg = cleaned
            record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = redact(logging.Formatter().formatException(record.exc_info))
        elif record.exc_text:
            record.exc_text = redact(record.exc_text)
        return True


BACKLOG_LIMIT = 10_000
"""Records kept at most while the log file waits (see ``configure_logging(defer_file=True)``)."""


class _Backlog(logging.Handler):
    """Keeps records in memory until :func:`open_log_file` writes them to the file."""

    def __init__(self) -> None:
        super().__init__()
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        if len(self.records) < BACKLOG_LIMIT:
            self.records.append(record)


def configure_logging(log_dir: Path, *, level: int = logging.INFO, defer_file: bool = False) -> Path | None:
    """Send the root logger to ``log_dir/baton.log`` (rotating) and standard error (WARNING+).

    Returns the log file, or ``None`` when the directory cannot be written (then only standard
    error is used, and a warning says so). Safe to call more than once.

    ``defer_file``: records are kept in memory and written when :func:`open_log_file` is called
    (the window calls it after its first paint: ``logging.handlers`` and what it imports cost a
    few milliseconds of start-up); the returned path is where they will go.
    """
    root = logging.getLogger()
    root.setLevel(level)
    for handler in list(root.handlers):
        if getattr(handler, "_baton", False):
            root.removeHandler(handler)
            handler.close()
    stderr = logging.StreamHandler()
    stderr.setLevel(logging.WARNING)
    stderr.setFormatter(logging.Formatter("baton: %(levelname)s: %(message)s"))
    stderr.addFilter(RedactingFilter())
    stderr._baton = True  # type: ignore[attr-defined]
    root.addHandler(stderr)
    if defer_file:
        backlog = _Backlog()
        backlog._baton = True  # type: ignore[attr-defined]
        root.addHandler(backlog)
        return log_dir / "baton.log"
    return open_log_file(log_dir)


def open_log_file(log_dir: Path) -> Path | None:
    """Add the rotating ``log_dir/baton.log`` handler to the root logger and write the records
    kept since ``configure_logging(defer_file=True)``. Returns the file, or ``None`` when it
    cannot be written. Does nothing more when the file is already open."""
    import logging.handlers  # noqa: PLC0415 (see configure_logging's defer_file)

    root = logging.getLogger()
    backlog = next((h for h in root.handlers if isinstance(h, _Backlog)), None)
    if backlog is not None:
        root.removeHandler(backlog)
    log_file = log_dir / "baton.log"
    opened = next((h for h in root.handlers if isinstance(h, logging.handlers.RotatingFileHandler)), None)
    if opened is not None and getattr(opened, "_baton", False):
        return Path(opened.baseFilename)
    try:
        log_dir.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(
            log_file, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT, encoding="utf-8"
        )
    except OSError as exc:
        logging.getLogger(__name__).warning("cannot write the log file %s (%s)", log_file, exc)
        return None
    handler.setFormatter(logging.Formatter(LOG_FORMAT))
    handler.addFilter(RedactingFilter())
    handler._baton = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    for record in backlog.records if backlog is not None else ():
        if record.levelno >= root.level:
            handler.handle(record)
    return log_file
