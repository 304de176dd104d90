"""What counts as a link in a handoff: an ``http``/``https`` URL or a tracker key.

Tracker keys follow the trackers' own forms: ``#123`` (GitHub, GitLab, Redmine issue numbers),
``PROJ-42`` (Jira and Linear issue keys: an upper-case project key of 1–10 letters, digits or
underscores starting with a letter, a dash, a number), and ``group/repo#123`` (GitHub/GitLab
cross-repository references).
"""

from __future__ import annotations

import re
from enum import StrEnum
from urllib.parse import urlsplit

_ISSUE_NUMBER = re.compile(r"#[1-9]\d{0,9}")
_PROJECT_KEY = re.compile(r"[A-Z][A-Z0-9_]{0,9}-[1-9]\d{0,9}")
_REPO_ISSUE = re.compile(r"[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)+#[1-9]\d{0,9}")


class LinkKind(StrEnum):
    """How a handoff reference was recognised."""

    URL = "url"
    TRACKER_KEY = "tracker_key"


def link_kind(ref: str) -> LinkKind | None:
    """``LinkKind.URL`` for an absolute http/https URL with a host and no white space,
    ``LinkKind.TRACKER_KEY`` for ``#123``, ``PROJ-42`` or ``group/repo#123``, else ``None``."""
    text = ref.strip()
    if not text or any(ch.isspace() for ch in text):
        return None
    if _ISSUE_NUMBER.fullmatch(text) or _PROJECT_KEY.fullmatch(text) or _REPO_ISSUE.fullmatch(text):
        return LinkKind.TRACKER_KEY
    try:
        parts = urlsplit(text)
        port_ok = parts.port is None or parts.port > 0
    except ValueError:
        return None
    if parts.scheme.lower() in {"http", "https"} and parts.hostname and port_ok:
        return LinkKind.URL
    return None
