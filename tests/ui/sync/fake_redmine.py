"""An ``httpx.MockTransport`` answering the Redmine REST calls a sync pass and "test connection"
make, shaped as the Redmine REST API wiki documents them (Redmine 5.0), for UI tests and the
GUI stall benchmark where the real testbed (``packaging/redmine-testbed``) is not wanted:

- ``GET /users/current.json`` ("Users" page): ``{"user": {id, login, admin, firstname,
  lastname, mail, created_on, last_login_on, api_key}}`` — note that Redmine echoes the key
  here; 401 with an empty body and ``WWW-Authenticate`` when ``X-Redmine-API-Key`` is wrong
  ("Authentication" page);
- ``GET /issues.json`` ("Issues" page): ``{"issues": [...], "total_count", "offset",
  "limit"}``, ``offset``/``limit`` paging (``limit`` at most 100), ``updated_on=>=`` filter,
  issues newest first; the ``attachment`` filter on ``baton-handoff-`` names matches nothing
  here (no handoff issues); weak ``ETag`` and ``304`` to ``If-None-Match`` (Rails'
  ``Rack::ETag``/``ConditionalGet``, measured on the testbed — TESTBEDS.md).

Failure modes for status tests: ``offline`` (connection refused), ``rate_limited`` (429 with
``Retry-After`` seconds, RFC 6585 §4 / RFC 9110 §10.2.3).
"""

from __future__ import annotations

import hashlib
import json
import threading
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

BASE_URL = "http://redmine.test"
API_KEY = "d0c5e1f2a3b4c5d6e7f8091a2b3c4d5e6f708192"  # 40 hex digits, like Redmine's keys
BAD_KEY = "0" * 40


def make_issues(count: int, *, project: str = "ops", newest: datetime | None = None) -> list[dict[str, Any]]:
    """``count`` issues as ``/issues.json`` lists them, newest ``updated_on`` first."""
    top = newest or datetime(2026, 11, 21, 9, 0, tzinfo=UTC)
    issues = []
    for n in range(count, 0, -1):
        updated = (top - timedelta(seconds=count - n)).strftime("%Y-%m-%dT%H:%M:%SZ")
        issues.append(
            {
                "id": n,
                "project": {"id": 1, "name": project},
                "tracker": {"id": 2, "name": "Feature"},
                "status": {"id": 1, "name": "New", "is_closed": False},
                "priority": {"id": 2, "name": "Normal"},
                "author": {"id": 1, "name": "Redmine Admin"},
                "assigned_to": {"id": 5, "name": "John Smith"},
                "subject": f"Rotate the on-call pager for region {n % 7} (#{n})",
                "description": "Steps: check the runbook, rotate, confirm with the next shift. " * 3,
                "start_date": "2026-11-01",
                "due_date": "2026-12-01" if n % 3 else None,
                "done_ratio": 0,
                "is_private": False,
                "estimated_hours": None,
                "created_on": "2026-11-01T08:00:00Z",
                "updated_on": updated,
                "closed_on": None,
            }
        )
    return issues


class FakeRedmine:
    """Serves ``issues`` (see the module docstring). ``mode``: ``"ok"``, ``"offline"``,
    ``"rate_limited"``; ``requests`` counts requests (thread-safe)."""

    def __init__(self, *, issues: list[dict[str, Any]] | None = None, key: str = API_KEY) -> None:
        self.issues = issues or []
        self.key = key
        self.mode = "ok"
        self.retry_after = 600
        self.requests = 0
        self.seen_keys: set[str] = set()
        self._lock = threading.Lock()
        self.transport = httpx.MockTransport(self.handle)

    def handle(self, request: httpx.Request) -> httpx.Response:
        with self._lock:
            self.requests += 1
            self.seen_keys.add(request.headers.get("X-Redmine-API-Key", ""))
        if self.mode == "offline":
            raise httpx.ConnectError("[Errno 111] Connection refused", request=request)
        if self.mode == "rate_limited":
            return httpx.Response(429, headers={"Retry-After": str(self.retry_after)}, json={"errors": []})
        if request.headers.get("X-Redmine-API-Key") != self.key:
            return httpx.Response(401, headers={"WWW-Authenticate": 'Basic realm="Redmine API"'})
        if request.url.path == "/users/current.json":
            return httpx.Response(200, json={"user": self._user()})
        if request.url.path == "/issues.json":
            return self._issues(request)
        return httpx.Response(404)

    def _user(self) -> dict[str, Any]:
        return {
            "id": 5,
            "login": "jsmith",
            "admin": False,
            "firstname": "John",
            "lastname": "Smith",
            "mail": "jsmith@example.net",
            "created_on": "2026-01-05T09:00:00Z",
            "last_login_on": "2026-11-20T17:45:00Z",
            "api_key": self.key,
        }

    def _issues(self, request: httpx.Request) -> httpx.Response:
        params = request.url.params
        if params.get("attachment", "").startswith("~"):
            selected: list[dict[str, Any]] = []  # no handoff issues on this fake
        else:
            selected = self.issues
            since = params.get("updated_on", "")
            if since.startswith(">="):
                selected = [i for i in selected if i["updated_on"] >= since[2:]]
        offset = int(params.get("offset", "0"))
        limit = min(int(params.get("limit", "25")), 100)
        page = selected[offset : offset + limit]
        body = json.dumps({"issues": page, "total_count": len(selected), "offset": offset, "limit": limit})
        etag = 'W/"' + hashlib.md5(body.encode(), usedforsecurity=False).hexdigest() + '"'
        if request.headers.get("If-None-Match") == etag:
            return httpx.Response(304, headers={"ETag": etag})
        return httpx.Response(
            200, content=body.encode(), headers={"ETag": etag, "Content-Type": "application/json"}
        )
