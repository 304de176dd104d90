"""What a handoff accepts as a link."""

from __future__ import annotations

import pytest

from app.handoff.links import LinkKind, link_kind


@pytest.mark.parametrize(
    ("ref", "kind"),
    [
        ("https://example.com/x", LinkKind.URL),
        ("http://localhost:8080/issues/3", LinkKind.URL),
        (" HTTPS://EXAMPLE.COM ", LinkKind.URL),
        ("#123", LinkKind.TRACKER_KEY),
        ("PROJ-42", LinkKind.TRACKER_KEY),
        ("A1_B-7", LinkKind.TRACKER_KEY),
        ("group/repo#9", LinkKind.TRACKER_KEY),
        ("ftp://example.com", None),
        ("javascript:alert(1)", None),
        ("https://", None),
        ("http://exa mple.com", None),
        ("http://example.com:0/", None),
        ("http://[::1", None),
        ("proj-42", None),
        ("#0", None),
        ("#", None),
        ("PROJ-", None),
        ("", None),
        ("see the wiki", None),
    ],
)
def test_link_kind(ref: str, kind: LinkKind | None) -> None:
    assert link_kind(ref) == kind
