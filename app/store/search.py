"""Turning what a user types into a safe FTS5 query.

User text is never passed to ``MATCH`` as is: FTS5 has its own syntax (``AND``, ``NEAR``,
``"``, ``*``, ``column:``), and a stray quote is a syntax error. Each word becomes a quoted
string (https://sqlite.org/fts5.html, section 3.1 "FTS5 Strings") matched as a prefix
(section 3.3), so results follow typing: ``logi cras`` finds "login crash".
"""

from __future__ import annotations

import re

_WORD = re.compile(r"\w+", re.UNICODE)


def fts_query(text: str) -> str | None:
    """An FTS5 query matching rows that contain, in any order, a word starting with each word
    of ``text``.

    Returns ``None`` when ``text`` has no word characters (nothing to search for).
    """
    words = _WORD.findall(text)
    if not words:
        return None
    return " ".join(f'"{w}"*' for w in words)
