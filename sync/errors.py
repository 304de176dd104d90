"""The typed errors every tracker adapter raises, and what each means for the user.

Tree (each class decides what the user sees and what the sync engine does)::

    SyncError                 base; ``str(error)`` is a calm sentence for the user
    ├── Transient             try again later, quietly
    │   ├── Offline           the tracker could not be reached (DNS, refused, TLS, timeout)
    │   └── Unavailable       the tracker answered 5xx after every retry
    ├── RateLimited           the tracker said "not now": ``.retry_at`` (aware UTC) is when
    ├── Unauthorized          401 (or 403 without rate-limit headers on a who-am-I call):
    │                         the account needs signing in again
    ├── Rejected              the tracker refused this one write (4xx validation, 404, 403):
    │                         ``.message`` is the tracker's own words, ``.status`` the HTTP code
    └── MalformedResponse     the answer was not what the tracker's API documents (truncated
                              JSON, a missing field): a bug or a proxy in the way, never skipped

No message ever contains a token: the HTTP layer sends it only in a header, and errors are built
from status codes, URLs without credentials and the tracker's JSON ``errors`` list.
"""

from __future__ import annotations

from datetime import datetime


class SyncError(Exception):
    """Base of every error an adapter raises. ``str()`` is readable by the user."""


class Transient(SyncError):
    """A failure that goes away by itself; the engine waits with backoff and retries."""


class Offline(Transient):
    """The tracker could not be reached (connection refused, DNS, TLS handshake, timeout)."""


class Unavailable(Transient):
    """The tracker answered with a server error (5xx) on every attempt."""


class RateLimited(SyncError):
    """The tracker asked us to wait until ``retry_at`` (aware UTC datetime), from
    ``Retry-After`` (RFC 9110 §10.2.3) or ``X-RateLimit-Reset`` (epoch seconds)."""

    def __init__(self, message: str, *, retry_at: datetime) -> None:
        super().__init__(message)
        self.retry_at = retry_at


class Unauthorized(SyncError):
    """The token was refused (HTTP 401): the account needs signing in again."""


class Rejected(SyncError):
    """The tracker refused one request; ``message`` is the tracker's own explanation (e.g.
    Redmine's 422 ``{"errors": [...]}`` joined) and ``status`` the HTTP status code."""

    def __init__(self, message: str, *, status: int) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


class MalformedResponse(SyncError):
    """The tracker's answer does not match its documented shape (invalid or truncated JSON,
    a missing or mistyped field)."""
