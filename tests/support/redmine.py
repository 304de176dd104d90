"""The real Redmine started by ``packaging/redmine-testbed``, for every test that needs it.

The testbed writes ``$BATON_TESTBED_DIR/redmine.json`` (default ``/tmp/baton-testbeds``) with
the server URL and the admin's API key. When the server is missing, tests that need it fail
with a clear message under ``BATON_REQUIRE_REDMINE=1`` (set by ``tests/run``) and are skipped
otherwise.
"""

from __future__ import annotations

import json
import os
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

STATE_FILE = Path(os.environ.get("BATON_TESTBED_DIR", "/tmp/baton-testbeds")) / "redmine.json"


@dataclass(frozen=True)
class Redmine:
    """The running testbed: ``url`` and the admin's ``api_key``; :meth:`api` talks to it as
    admin (test set-up only — product code goes through :mod:`sync.redmine`)."""

    url: str
    api_key: str
    database: str

    def api(self, method: str, path: str, body: Any = None, *, key: str | None = None) -> Any:
        response = httpx.request(
            method,
            self.url + path,
            json=body,
            headers={"X-Redmine-API-Key": key or self.api_key},
            timeout=10,
        )
        response.raise_for_status()
        return response.json() if response.content.strip() else None

    def new_project(self) -> str:
        identifier = f"t{uuid.uuid4().hex[:12]}"
        self.api(
            "POST",
            "/projects.json",
            {"project": {"name": identifier, "identifier": identifier, "tracker_ids": [1, 2, 3]}},
        )
        return identifier

    def new_user(self, project: str | None = None, *, role_id: int = 3) -> tuple[str, str, int]:
        """A new user (login, API key, id), a member of ``project`` (role 3 = Manager)."""
        login = f"u{uuid.uuid4().hex[:10]}"
        user = self.api(
            "POST",
            "/users.json",
            {
                "user": {
                    "login": login,
                    "firstname": login.capitalize(),
                    "lastname": "Tester",
                    "mail": f"{login}@example.net",
                    "password": uuid.uuid4().hex,
                }
            },
        )["user"]
        if project is not None:
            self.api(
                "POST",
                f"/projects/{project}/memberships.json",
                {"membership": {"user_id": user["id"], "role_ids": [role_id]}},
            )
        return login, user["api_key"], user["id"]

    def issues(self, project: str, **params: str) -> list[dict[str, Any]]:
        """Every issue of ``project`` in any status (all pages)."""
        query = "&".join(
            f"{k}={v}" for k, v in {"status_id": "*", "limit": "100", "sort": "id", **params}.items()
        )
        found: list[dict[str, Any]] = []
        while True:
            page = self.api("GET", f"/issues.json?project_id={project}&{query}&offset={len(found)}")
            found += page["issues"]
            if not page["issues"] or len(found) >= page["total_count"]:
                return found

    def new_issue(self, project: str, subject: str, **fields: Any) -> int:
        issue = self.api(
            "POST", "/issues.json", {"issue": {"project_id": project, "subject": subject, **fields}}
        )
        return int(issue["issue"]["id"])


@pytest.fixture(scope="session", name="redmine")
def redmine_testbed() -> Redmine:
    """The running Redmine testbed (fails clearly under BATON_REQUIRE_REDMINE=1)."""
    required = os.environ.get("BATON_REQUIRE_REDMINE") == "1"
    problem = None
    try:
        state = json.loads(STATE_FILE.read_text(encoding="utf-8"))
        found = Redmine(url=state["url"], api_key=state["api_key"], database=state.get("database", ""))
        found.api("GET", "/users/current.json")
    except (OSError, ValueError, KeyError, httpx.HTTPError) as error:
        problem = f"{type(error).__name__}: {error}"
    if problem is None:
        return found
    message = (
        f"the Redmine testbed is not reachable ({problem}); start it with packaging/redmine-testbed "
        f"(state file {STATE_FILE})"
    )
    if required:
        pytest.fail(message)
    pytest.skip(message)
