"""Redmine REST transport: auth header, JSON in and out, uploads, offset/limit paging, ETags.

Sources (Redmine REST API wiki): "Authentication" (``X-Redmine-API-Key`` header), "Issues"
(``offset``/``limit`` paging, at most 100 per page; ``sort``; ``updated_on=>=`` filters),
"Attachments" (``POST /uploads.json`` with ``Content-Type: application/octet-stream`` answers
``{"upload": {"token"}}``; ``GET /attachments/download/:id``). Conditional requests: Rails'
``Rack::ETag`` sends a weak ``ETag`` on every JSON answer and ``Rack::ConditionalGet`` answers
``304 Not Modified`` to a matching ``If-None-Match`` (measured on Redmine 5.0.4, TESTBEDS.md).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import httpx

from sync.errors import MalformedResponse
from sync.http import HttpSession, build_client, json_of
from sync.redmine import mapping

PAGE_LIMIT = 100
"""Redmine's largest page (``limit`` above 100 is cut to 100 by default settings)."""
API_KEY_HEADER = "X-Redmine-API-Key"


def redmine_http_client(
    base_url: str, api_key: str, *, transport: httpx.BaseTransport | None = None
) -> httpx.Client:
    """The shared client factory with Redmine's auth header (the key is never put in a URL)."""
    return build_client(base_url=base_url, headers={API_KEY_HEADER: api_key}, transport=transport)


@dataclass(frozen=True)
class IssuePage:
    """One page of ``/issues.json``: the issues, ``total_count``, and the response ETag."""

    issues: list[dict[str, Any]]
    total: int
    etag: str | None


class RedmineClient:
    """Typed requests to one Redmine. Raises :mod:`sync.errors` types only."""

    def __init__(self, session: HttpSession) -> None:
        self.session = session
        self.base_url = str(session.client.base_url).rstrip("/")
        """The Redmine root URL, without a trailing slash."""

    def get(self, path: str, params: Mapping[str, str | int] | None = None) -> Any:
        """``GET path`` → parsed JSON."""
        return json_of(self.session.request("GET", path, params=params))

    def post(self, path: str, body: Any) -> Any:
        """``POST path`` with a JSON body → parsed JSON answer (201)."""
        return json_of(self.session.request("POST", path, json_body=body))

    def put(self, path: str, body: Any) -> None:
        """``PUT path`` with a JSON body (Redmine answers 204 No Content)."""
        self.session.request("PUT", path, json_body=body)

    def upload(self, filename: str, content: bytes) -> str:
        """Upload a file for a later issue write; returns the upload token."""
        response = self.session.request(
            "POST",
            "/uploads.json",
            params={"filename": filename},
            content=content,
            headers={"Content-Type": "application/octet-stream"},
        )
        return mapping.upload_token(json_of(response))

    def download(self, attachment_id: int) -> bytes:
        """The content of attachment ``attachment_id`` (always fetched from this Redmine's own
        origin, never from a ``content_url`` the server sent, so the key cannot leak)."""
        return self.session.request("GET", f"/attachments/download/{attachment_id}").content

    def issue_pages(
        self, params: Mapping[str, str | int], *, etag: str | None = None, limit: int = PAGE_LIMIT
    ) -> Iterator[IssuePage | None]:
        """Every page of ``/issues.json`` with ``params`` (offset/limit paging). When ``etag`` is
        given the first request carries ``If-None-Match``; a 304 yields ``None`` and stops."""
        offset = 0
        while True:
            query = {**params, "offset": offset, "limit": limit}
            headers = {"If-None-Match": etag} if etag and offset == 0 else None
            response = self.session.request("GET", "/issues.json", params=query, headers=headers)
            if response.status_code == 304:
                yield None
                return
            issues, total = mapping.issues_of(json_of(response))
            yield IssuePage(issues=issues, total=total, etag=response.headers.get("ETag"))
            offset += len(issues)
            if not issues or offset >= total:
                return
            if len(issues) > limit:
                raise MalformedResponse("Redmine sent more issues than the page limit")
