"""GitHub REST transport: headers, pagination, conditional requests and GitHub's error shapes.

Built on the shared :class:`sync.http.HttpSession` (timeouts, retries with backoff and jitter,
``Retry-After`` / ``X-RateLimit-*``, 401 → Unauthorized, 4xx → Rejected). What is GitHub's own
lives here:

* every request sends ``Accept: application/vnd.github+json`` and ``X-GitHub-Api-Version:
  2022-11-28`` (https://docs.github.com/rest/about-the-rest-api/api-versions); the token goes
  only into the client's ``Authorization: Bearer`` header (:func:`github_headers`), never into a
  URL, a message or a log record
  (https://docs.github.com/rest/authentication/authenticating-to-the-rest-api);
* lists are followed through the ``link`` header's ``rel="next"`` URL, used as given (GitHub
  writes repository links by id: ``/repositories/1300192/issues?page=2``) but only on the same
  scheme, host and port as the base URL, so the token never leaves for another host
  (https://docs.github.com/rest/using-the-rest-api/using-pagination-in-the-rest-api);
* the first page of a list may be conditional: ``If-None-Match`` with the ETag seen last time;
  304 means nothing changed and does not count against the primary rate limit
  (https://docs.github.com/rest/using-the-rest-api/best-practices-for-using-the-rest-api#use-conditional-requests-if-appropriate);
* a secondary rate limit answered 403/429 *without* ``retry-after`` or
  ``x-ratelimit-remaining: 0`` still means "wait": at least one minute
  (https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api#exceeding-the-rate-limit).
  The shared session handles the forms with headers.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from sync.errors import MalformedResponse, RateLimited, Rejected
from sync.github.mapping import GitHubDataError
from sync.http import HttpSession, RetryPolicy, build_client, json_of

API_URL = "https://api.github.com"
"""GitHub.com's REST root; GitHub Enterprise Server uses ``https://HOST/api/v3``."""
API_VERSION = "2022-11-28"
MEDIA_TYPE = "application/vnd.github+json"
PER_PAGE = 100
"""The largest page GitHub serves (``per_page`` max 100)."""
SECONDARY_LIMIT_WAIT = timedelta(minutes=1)

_REQUEST_HEADERS = {"Accept": MEDIA_TYPE, "X-GitHub-Api-Version": API_VERSION}


def github_headers(token: str) -> dict[str, str]:
    """The client-wide headers for a GitHub token (for :func:`sync.http.build_client`)."""
    return {"Authorization": f"Bearer {token}", **_REQUEST_HEADERS}


def build_github_session(
    *,
    token: str,
    base_url: str = API_URL,
    transport: httpx.BaseTransport | None = None,
    retry: RetryPolicy | None = None,
    now: Callable[[], datetime] | None = None,
) -> HttpSession:
    """An :class:`HttpSession` for GitHub at ``base_url`` authenticated with ``token``
    (``transport`` is for tests)."""
    client = build_client(base_url=base_url, headers=github_headers(token), transport=transport)
    return HttpSession(client, retry=retry, now=now)


@dataclass(frozen=True)
class Listing:
    """All items of a paginated list, the first page's ``etag``, and whether the conditional
    first request was answered 304 (then ``items`` is empty)."""

    items: tuple[dict[str, Any], ...]
    etag: str | None
    not_modified: bool = False


class GitHubClient:
    """JSON calls to one GitHub host. Every method raises :mod:`sync.errors` types only
    (Offline, Unavailable, RateLimited, Unauthorized, Rejected, MalformedResponse).

    ``now`` returns an aware UTC datetime (for the secondary-limit deadline).
    """

    def __init__(self, session: HttpSession, *, now: Callable[[], datetime] | None = None) -> None:
        self.session = session
        self._now = now or (lambda: datetime.now(UTC))

    @property
    def requests(self) -> int:
        """Requests sent so far (retries included)."""
        return self.session.requests

    def get(self, path: str, params: Mapping[str, str | int] | None = None) -> Any:
        """``GET path`` → parsed JSON."""
        return json_of(self._send("GET", path, params=params))

    def post(self, path: str, body: Mapping[str, Any]) -> dict[str, Any]:
        """``POST path`` with a JSON body → the created object (201)."""
        return _object(json_of(self._send("POST", path, json_body=dict(body))), path)

    def patch(self, path: str, body: Mapping[str, Any]) -> dict[str, Any]:
        """``PATCH path`` with a JSON body → the updated object."""
        return _object(json_of(self._send("PATCH", path, json_body=dict(body))), path)

    def pages(
        self, path: str, params: Mapping[str, str | int], *, etag: str | None = None
    ) -> Iterator[tuple[list[dict[str, Any]], str | None, bool]]:
        """Yield ``(items, etag, not_modified)`` per page of a list, following ``rel="next"``.

        Only the first request is conditional (``If-None-Match: etag``); on 304 a single
        ``([], etag, True)`` is yielded. Raises MalformedResponse for a page that is not a JSON
        array or a ``next`` link to another origin.
        """
        headers = {"If-None-Match": etag} if etag else None
        response = self._send("GET", path, params={**params, "per_page": PER_PAGE}, headers=headers)
        if response.status_code == 304:
            yield [], response.headers.get("ETag") or etag, True
            return
        first_etag = response.headers.get("ETag")
        while True:
            items = json_of(response)
            if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
                raise MalformedResponse(f"GitHub sent something other than a list for {path}")
            yield items, first_etag, False
            next_url = self._next_url(response)
            if next_url is None:
                return
            response = self._send("GET", next_url)

    def list_all(self, path: str, params: Mapping[str, str | int], *, etag: str | None = None) -> Listing:
        """Every page of a list (see :meth:`pages`) as one :class:`Listing`."""
        items: list[dict[str, Any]] = []
        first_etag = etag
        for page, page_etag, not_modified in self.pages(path, params, etag=etag):
            if not_modified:
                return Listing((), page_etag, not_modified=True)
            first_etag = page_etag
            items += page
        return Listing(tuple(items), first_etag)

    def _next_url(self, response: httpx.Response) -> str | None:
        link = response.links.get("next")
        if link is None or not link.get("url"):
            return None
        target = httpx.URL(link["url"])
        base = self.session.client.base_url
        if (target.scheme, target.host, target.port) != (base.scheme, base.host, base.port):
            raise MalformedResponse(f"GitHub's next-page link leads to another host ({target.host})")
        return str(target)

    def _send(
        self,
        method: str,
        url: str,
        *,
        params: Mapping[str, str | int] | None = None,
        json_body: Any = None,
        headers: Mapping[str, str] | None = None,
    ) -> httpx.Response:
        try:
            return self.session.request(
                method,
                url,
                params=params,
                json_body=json_body,
                headers={**_REQUEST_HEADERS, **(headers or {})},
            )
        except Rejected as rejected:
            if rejected.status in {403, 429} and "rate limit" in rejected.message.lower():
                until = self._now() + SECONDARY_LIMIT_WAIT
                raise RateLimited(
                    f"GitHub is rate limiting Baton until {until:%H:%M} UTC ({rejected.message})",
                    retry_at=until,
                ) from None
            raise


def malformed(error: GitHubDataError) -> MalformedResponse:
    """A mapping error as the typed error adapters raise."""
    return MalformedResponse(f"GitHub sent data Baton cannot read: {error}")


def _object(value: Any, path: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise MalformedResponse(f"GitHub sent something other than an object for {path}")
    return value
