"""An in-process GitHub REST API (version 2022-11-28) for one repository, for adapter tests.

Served through ``httpx.MockTransport``: :meth:`FakeGitHub.handle` keeps users, issues, labels
and comments in memory, and checks **every request it is sent and every response it gives**
against GitHub's OpenAPI description (:class:`tests.sync.github.openapi_contract.Contract`).
Each break is appended to :attr:`FakeGitHub.violations`; the ``github`` fixture fails the test
when any is left at teardown, so validation can never pass silently.

Behaviour follows GitHub's documentation; each method names the page it implements. What the
description cannot express (ETag/304 on list endpoints, rate-limit answers, pagination links)
is written from the REST guides, not guessed from the description.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import parse_qs, urlencode

import httpx

from tests.sync.github.openapi_contract import Contract

API = "https://api.github.com"
DOCS = "https://docs.github.com/rest"
API_VERSION = "2022-11-28"
MEDIA_TYPE = "application/vnd.github+json"


@dataclass
class User:
    """A GitHub account the fake knows, with its token and whether it has push access."""

    id: int
    login: str
    name: str | None
    token: str
    push_access: bool = True


@dataclass
class _Comment:
    id: int
    body: str
    user: str
    created_at: datetime
    updated_at: datetime


@dataclass
class _Issue:
    id: int
    number: int
    title: str
    body: str | None
    user: str
    created_at: datetime
    updated_at: datetime
    state: str = "open"
    state_reason: str | None = None
    closed_at: datetime | None = None
    closed_by: str | None = None
    labels: list[str] = field(default_factory=list)
    assignees: list[str] = field(default_factory=list)
    comments: list[_Comment] = field(default_factory=list)
    pull_request: bool = False
    milestone_due: datetime | None = None


class _Reply(Exception):
    """Raised inside a route to answer with an error status."""

    def __init__(self, code: int, message: str, **extra: Any) -> None:
        super().__init__(message)
        self.status = code
        self.body = {"message": message, "documentation_url": DOCS, **extra}


class FakeGitHub:
    """One repository ``owner/repo`` on a fake ``api.github.com``.

    Counters and switches tests use: :attr:`requests` (every request received),
    :attr:`violations` (contract breaks), :attr:`rate_limit_remaining` per login,
    :meth:`secondary_rate_limit`, :meth:`time_out_after_next_write`,
    :meth:`truncate_next_response`. The clock starts at ``start`` and moves one second per
    write (GitHub timestamps have whole seconds), or by :meth:`advance`.
    """

    def __init__(
        self,
        contract: Contract,
        *,
        users: list[User],
        owner: str = "octo-org",
        repo: str = "handoffs",
        repo_id: int = 1300192,
        start: datetime = datetime(2026, 11, 21, 9, 0, tzinfo=UTC),
        rate_limit: int = 5000,
    ) -> None:
        self.contract = contract
        self.owner, self.repo, self.repo_id = owner, repo, repo_id
        contract.repository_paths[str(repo_id)] = f"/repos/{owner}/{repo}"
        self.users = {user.login: user for user in users}
        self.now = start
        self.rate_limit = rate_limit
        self.rate_limit_remaining = {user.login: rate_limit for user in users}
        self.rate_limit_reset = int((start + timedelta(hours=1)).timestamp())
        self.requests: list[httpx.Request] = []
        self.violations: list[str] = []
        self.issues: dict[int, _Issue] = {}
        self.labels: set[str] = set()
        self._next_id = 1000
        self._secondary_retry_after: int | None = None
        self._timeout_after_write = False
        self._truncate_next = False
        self._fail_next: tuple[str, int, str] | None = None

    # --- switches for tests ------------------------------------------------------------

    def transport(self) -> httpx.MockTransport:
        """The transport an ``httpx.Client`` sends through to reach this fake."""
        return httpx.MockTransport(self.handle)

    def advance(self, seconds: int) -> None:
        """Move the clock forward."""
        self.now += timedelta(seconds=seconds)

    def secondary_rate_limit(self, retry_after: int | None) -> None:
        """Answer the next request as a secondary rate limit (403 + ``Retry-After`` seconds;
        ``None`` sends no ``Retry-After``)."""
        self._secondary_retry_after = -1 if retry_after is None else retry_after

    def time_out_after_next_write(self) -> None:
        """Perform the next POST/PATCH, then raise ``httpx.ReadTimeout`` instead of answering:
        the write happened, the client never learns it."""
        self._timeout_after_write = True

    def fail_next(self, method: str, status: int, message: str) -> None:
        """Answer the next ``method`` request with ``status`` and GitHub's error body (e.g. 403
        "Must have admin rights to Repository."), checked like any other answer."""
        self._fail_next = (method, status, message)

    def truncate_next_response(self) -> None:
        """Cut the next response body in half (a connection dropped mid-body)."""
        self._truncate_next = True

    def add_issue(
        self,
        title: str,
        *,
        by: str,
        body: str | None = None,
        labels: tuple[str, ...] = (),
        assignees: tuple[str, ...] = (),
        pull_request: bool = False,
        milestone_due: datetime | None = None,
    ) -> int:
        """Create an issue (or pull request) directly, as if through the web UI; its number."""
        issue = self._new_issue(title, body, by)
        issue.labels = list(labels)
        issue.assignees = list(assignees)
        issue.pull_request = pull_request
        issue.milestone_due = milestone_due
        self.labels.update(labels)
        return issue.number

    def add_comment(self, number: int, body: str, *, by: str) -> int:
        """Comment on an issue directly, as if through the web UI; the comment id."""
        now = self._tick()
        comment = _Comment(self._new_id(), body, by, now, now)
        self.issues[number].comments.append(comment)
        self.issues[number].updated_at = now
        return comment.id

    def touch(self, number: int) -> None:
        """Edit an issue through the web UI (its ``updated_at`` moves)."""
        self.issues[number].updated_at = self._tick()

    def requests_to(self, method: str, path_suffix: str = "") -> list[httpx.Request]:
        """Requests received with ``method`` whose path ends with ``path_suffix``."""
        return [r for r in self.requests if r.method == method and r.url.path.endswith(path_suffix)]

    # --- the transport handler ---------------------------------------------------------

    def handle(self, request: httpx.Request) -> httpx.Response:
        """Answer one request; record every contract break in :attr:`violations`."""
        self.requests.append(request)
        problems = self.contract.request_errors(request)
        problems += self._header_problems(request)
        self.violations += [f"{request.method} {request.url.path}: {p}" for p in problems]
        user = self._user(request)
        try:
            if user is None:
                raise _Reply(401, "Bad credentials", status="401")
            self._check_rate_limit(request, user)
            if self._fail_next and self._fail_next[0] == request.method:
                (_method, code, message), self._fail_next = self._fail_next, None
                raise _Reply(code, message)
            if problems:
                # GitHub answers a body that breaks the schema with 422 "Invalid request."
                raise _Reply(422, "Invalid request.\n\n" + "\n".join(problems))
            status, body, headers = self._route(request, user)
        except _Reply as reply:
            status, body, headers = reply.status, reply.body, {}
        response = self._respond(request, user, status, body, headers)
        self.violations += [
            f"response to {request.method} {request.url.path}: {p}"
            for p in self.contract.response_errors(request, response)
        ]
        if self._timeout_after_write and request.method in {"POST", "PATCH"}:
            self._timeout_after_write = False
            raise httpx.ReadTimeout("The read operation timed out", request=request)
        if self._truncate_next:
            self._truncate_next = False
            headers = {k: v for k, v in response.headers.items() if k != "content-length"}
            return httpx.Response(response.status_code, headers=headers, content=response.content[:-20])
        return response

    def _header_problems(self, request: httpx.Request) -> list[str]:
        """Headers every call must carry: ``Accept: application/vnd.github+json``
        (https://docs.github.com/rest/using-the-rest-api/getting-started-with-the-rest-api#media-types),
        ``X-GitHub-Api-Version`` (https://docs.github.com/rest/about-the-rest-api/api-versions)
        and a ``User-Agent`` (https://docs.github.com/rest/using-the-rest-api/getting-started-with-the-rest-api#user-agent)."""
        problems = []
        if request.headers.get("accept") != MEDIA_TYPE:
            problems.append(f"Accept is {request.headers.get('accept')!r}, expected {MEDIA_TYPE}")
        if request.headers.get("x-github-api-version") != API_VERSION:
            problems.append(f"X-GitHub-Api-Version is not {API_VERSION}")
        if not request.headers.get("user-agent"):
            problems.append("no User-Agent")
        return problems

    def _user(self, request: httpx.Request) -> User | None:
        """``Authorization: Bearer TOKEN`` (or ``token TOKEN``) → the user; bad or missing
        credentials are answered 401 "Bad credentials"
        (https://docs.github.com/rest/authentication/authenticating-to-the-rest-api)."""
        scheme, _, token = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() not in {"bearer", "token"}:
            return None
        return next((u for u in self.users.values() if u.token == token), None)

    def _check_rate_limit(self, request: httpx.Request, user: User) -> None:
        """Primary limit: with none left, 403 with ``x-ratelimit-remaining: 0`` and the reset in
        UTC epoch seconds; secondary limit: 403 with ``retry-after`` and a message naming it
        (https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api#exceeding-the-rate-limit)."""
        if self._secondary_retry_after is not None:
            retry_after, self._secondary_retry_after = self._secondary_retry_after, None
            reply = _Reply(
                403,
                "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.",
            )
            if retry_after >= 0:
                reply.body["_retry_after"] = retry_after
            raise reply
        if self.rate_limit_remaining[user.login] <= 0:
            raise _Reply(403, f"API rate limit exceeded for user ID {user.id}.")

    def _respond(
        self, request: httpx.Request, user: User | None, status: int, body: Any, headers: dict[str, str]
    ) -> httpx.Response:
        """Add rate-limit headers, ETags and conditional answers.

        ``x-ratelimit-*`` on every answer; a 304 to an authorized conditional request does not
        count against the primary limit
        (https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api#checking-the-status-of-your-rate-limit,
        https://docs.github.com/rest/using-the-rest-api/best-practices-for-using-the-rest-api#use-conditional-requests-if-appropriate).
        A GET answered 200 carries an ``etag`` (weak, over the body and the caller, as
        GitHub's vary on ``Authorization``); ``If-None-Match`` with a matching tag is answered
        304 with no body.
        """
        out = dict(headers)
        retry_after = body.pop("_retry_after", None) if isinstance(body, dict) else None
        if retry_after is not None:
            out["retry-after"] = str(retry_after)
        content = b"" if body is None else json.dumps(body).encode()
        if request.method == "GET" and status == 200 and user is not None:
            etag = 'W/"' + hashlib.sha256(content + user.login.encode()).hexdigest()[:32] + '"'
            out["etag"] = etag
            if _opaque(etag) in {_opaque(t) for t in request.headers.get("if-none-match", "").split(",")}:
                status, content = 304, b""
        if user is not None:
            if status != 304 and self.rate_limit_remaining[user.login] > 0:
                self.rate_limit_remaining[user.login] -= 1
            remaining = self.rate_limit_remaining[user.login]
            out.update(
                {
                    "x-ratelimit-limit": str(self.rate_limit),
                    "x-ratelimit-remaining": str(remaining),
                    "x-ratelimit-used": str(self.rate_limit - remaining),
                    "x-ratelimit-reset": str(self.rate_limit_reset),
                    "x-ratelimit-resource": "core",
                }
            )
        if content:
            out["content-type"] = "application/json; charset=utf-8"
        return httpx.Response(status, headers=out, content=content, request=request)

    # --- routes ------------------------------------------------------------------------

    def _route(self, request: httpx.Request, user: User) -> tuple[int, Any, dict[str, str]]:
        path = self.contract.operation_path(request)
        parts = path.strip("/").split("/")
        method = request.method
        if parts == ["user"] and method == "GET":
            return 200, self._private_user(user), {}
        repo_prefix = ["repos", self.owner, self.repo, "issues"]
        if [p.lower() for p in parts[:4]] != [p.lower() for p in repo_prefix]:
            raise _Reply(404, "Not Found", status="404")
        rest = parts[4:]
        query = {k: v[-1] for k, v in parse_qs(request.url.query.decode()).items()}
        payload = json.loads(request.content) if request.content else {}
        if rest == [] and method == "GET":
            return self._list_issues(user, query)
        if rest == [] and method == "POST":
            return self._create_issue(user, payload)
        if len(rest) >= 1 and rest[0].isdigit():
            issue = self.issues.get(int(rest[0]))
            if issue is None:
                raise _Reply(404, "Not Found", status="404")
            if rest[1:] == [] and method == "GET":
                return 200, self._issue_json(issue), {}
            if rest[1:] == [] and method == "PATCH":
                return self._update_issue(user, issue, payload)
            if rest[1:] == ["comments"] and method == "GET":
                return self._list_comments(issue, query)
            if rest[1:] == ["comments"] and method == "POST":
                return self._create_comment(user, issue, payload)
        self.violations.append(f"{method} {path}: not implemented by the fake")
        raise _Reply(404, "Not Found", status="404")

    def _list_issues(self, user: User, query: dict[str, str]) -> tuple[int, Any, dict[str, str]]:
        """List repository issues (https://docs.github.com/rest/issues/issues#list-repository-issues):
        pull requests included (they have a ``pull_request`` key); filters ``state`` (default
        ``open``), ``labels`` (comma-separated, all must match), ``assignee`` (login, ``none``,
        ``*``), ``creator``, ``mentioned``, ``since`` (updated at or after); ``sort``
        created/updated/comments (default created), ``direction`` (default desc); paginated."""
        state = query.get("state", "open")
        found = [i for i in self.issues.values() if state == "all" or i.state == state]
        if "labels" in query:
            wanted = {name.strip().lower() for name in query["labels"].split(",") if name.strip()}
            found = [i for i in found if wanted <= {label.lower() for label in i.labels}]
        assignee = query.get("assignee")
        if assignee == "none":
            found = [i for i in found if not i.assignees]
        elif assignee == "*":
            found = [i for i in found if i.assignees]
        elif assignee is not None:
            found = [i for i in found if assignee.lower() in {a.lower() for a in i.assignees}]
        if "creator" in query:
            found = [i for i in found if i.user.lower() == query["creator"].lower()]
        if "mentioned" in query:
            found = [i for i in found if f"@{query['mentioned']}".lower() in (i.body or "").lower()]
        if "since" in query:
            since = datetime.fromisoformat(query["since"].replace("Z", "+00:00"))
            found = [i for i in found if i.updated_at >= since]
        sort = query.get("sort", "created")
        keys = {
            "created": lambda i: (i.created_at, i.number),
            "updated": lambda i: (i.updated_at, i.number),
            "comments": lambda i: (len(i.comments), i.number),
        }
        found.sort(key=keys[sort], reverse=query.get("direction", "desc") == "desc")
        items = [self._issue_json(i) for i in found]
        return self._page(items, query, "/issues")

    def _page(self, items: list[Any], query: dict[str, str], tail: str) -> tuple[int, Any, dict[str, str]]:
        """One page of ``items`` and a ``link`` header with ``first``/``prev``/``next``/``last``,
        omitted when everything fits on one page; link URLs address the repository by id, as
        GitHub's do (https://docs.github.com/rest/using-the-rest-api/using-pagination-in-the-rest-api).
        ``per_page`` defaults to 30, at most 100."""
        per_page = min(int(query.get("per_page", 30)), 100)
        page = max(int(query.get("page", 1)), 1)
        last = max((len(items) + per_page - 1) // per_page, 1)
        chunk = items[(page - 1) * per_page : page * per_page]
        if last == 1:
            return 200, chunk, {}

        def url(number: int) -> str:
            params = {**query, "page": str(number)}
            return f"{API}/repositories/{self.repo_id}{tail}?{urlencode(params)}"

        links = []
        if page > 1:
            links.append(f'<{url(page - 1)}>; rel="prev"')
        if page < last:
            links.append(f'<{url(page + 1)}>; rel="next"')
        links.append(f'<{url(last)}>; rel="last"')
        links.append(f'<{url(1)}>; rel="first"')
        return 200, chunk, {"link": ", ".join(links)}

    def _create_issue(self, user: User, payload: dict[str, Any]) -> tuple[int, Any, dict[str, str]]:
        """Create an issue (https://docs.github.com/rest/issues/issues#create-an-issue): 201
        with the issue and a ``location``; labels that do not exist yet are created; labels
        and assignees are silently dropped for users without push access; an unknown
        assignee or a blank title is 422 "Validation Failed"
        (https://docs.github.com/rest/using-the-rest-api/troubleshooting-the-rest-api)."""
        title = str(payload["title"])
        if not title.strip():
            raise _Reply(
                422,
                "Validation Failed",
                errors=[{"resource": "Issue", "code": "missing_field", "field": "title"}],
            )
        labels = [lbl if isinstance(lbl, str) else lbl["name"] for lbl in payload.get("labels", [])]
        assignees = list(payload.get("assignees", []))
        for login in assignees:
            if login not in self.users:
                raise _Reply(
                    422,
                    "Validation Failed",
                    errors=[{"value": login, "resource": "Issue", "field": "assignees", "code": "invalid"}],
                )
        issue = self._new_issue(title, payload.get("body"), user.login)
        if user.push_access:
            issue.labels, issue.assignees = labels, assignees
            self.labels.update(labels)
        url = f"{API}/repos/{self.owner}/{self.repo}/issues/{issue.number}"
        return 201, self._issue_json(issue), {"location": url}

    def _update_issue(
        self, user: User, issue: _Issue, payload: dict[str, Any]
    ) -> tuple[int, Any, dict[str, str]]:
        """Update an issue (https://docs.github.com/rest/issues/issues#update-an-issue): ``state``
        with ``state_reason`` (closing sets ``closed_at``/``closed_by``; reopening clears them),
        ``title``, ``body``, ``labels``, ``assignees``."""
        now = self._tick()
        if "title" in payload:
            issue.title = str(payload["title"])
        if "body" in payload:
            issue.body = payload["body"]
        if "labels" in payload:
            issue.labels = [lbl if isinstance(lbl, str) else lbl["name"] for lbl in payload["labels"]]
        if "assignees" in payload:
            issue.assignees = list(payload["assignees"])
        if payload.get("state") == "closed" and issue.state != "closed":
            issue.state, issue.closed_at, issue.closed_by = "closed", now, user.login
            issue.state_reason = payload.get("state_reason") or "completed"
        elif payload.get("state") == "open" and issue.state != "open":
            issue.state, issue.closed_at, issue.closed_by = "open", None, None
            issue.state_reason = "reopened"
        issue.updated_at = now
        return 200, self._issue_json(issue), {}

    def _list_comments(self, issue: _Issue, query: dict[str, str]) -> tuple[int, Any, dict[str, str]]:
        """List issue comments, oldest first, ``since`` filtering on ``updated_at``; paginated
        (https://docs.github.com/rest/issues/comments#list-issue-comments)."""
        comments = issue.comments
        if "since" in query:
            since = datetime.fromisoformat(query["since"].replace("Z", "+00:00"))
            comments = [c for c in comments if c.updated_at >= since]
        items = [self._comment_json(issue, c) for c in comments]
        return self._page(items, query, f"/issues/{issue.number}/comments")

    def _create_comment(
        self, user: User, issue: _Issue, payload: dict[str, Any]
    ) -> tuple[int, Any, dict[str, str]]:
        """Create an issue comment (https://docs.github.com/rest/issues/comments#create-an-issue-comment):
        201 with the comment; the issue's ``updated_at`` moves with it."""
        now = self._tick()
        comment = _Comment(self._new_id(), str(payload["body"]), user.login, now, now)
        issue.comments.append(comment)
        issue.updated_at = now
        location = f"{API}/repos/{self.owner}/{self.repo}/issues/comments/{comment.id}"
        return 201, self._comment_json(issue, comment), {"location": location}

    # --- state and JSON ----------------------------------------------------------------

    def _tick(self) -> datetime:
        self.now += timedelta(seconds=1)
        return self.now

    def _new_id(self) -> int:
        self._next_id += 1
        return self._next_id

    def _new_issue(self, title: str, body: str | None, by: str) -> _Issue:
        now = self._tick()
        number = len(self.issues) + 1
        issue = _Issue(self._new_id(), number, title, body, by, now, now)
        self.issues[number] = issue
        return issue

    def _simple_user(self, login: str) -> dict[str, Any]:
        user = self.users[login]
        base = f"{API}/users/{login}"
        return {
            "login": login,
            "id": user.id,
            "node_id": f"U_{user.id}",
            "avatar_url": f"https://avatars.githubusercontent.com/u/{user.id}",
            "gravatar_id": "",
            "url": base,
            "html_url": f"https://github.com/{login}",
            "followers_url": f"{base}/followers",
            "following_url": f"{base}/following{{/other_user}}",
            "gists_url": f"{base}/gists{{/gist_id}}",
            "starred_url": f"{base}/starred{{/owner}}{{/repo}}",
            "subscriptions_url": f"{base}/subscriptions",
            "organizations_url": f"{base}/orgs",
            "repos_url": f"{base}/repos",
            "events_url": f"{base}/events{{/privacy}}",
            "received_events_url": f"{base}/received_events",
            "type": "User",
            "site_admin": False,
        }

    def _private_user(self, user: User) -> dict[str, Any]:
        """``GET /user`` (https://docs.github.com/rest/users/users#get-the-authenticated-user)."""
        stamp = _iso(datetime(2020, 1, 1, tzinfo=UTC))
        return {
            **self._simple_user(user.login),
            "name": user.name,
            "company": None,
            "blog": None,
            "location": None,
            "email": None,
            "hireable": None,
            "bio": None,
            "public_repos": 1,
            "public_gists": 0,
            "followers": 0,
            "following": 0,
            "created_at": stamp,
            "updated_at": stamp,
            "private_gists": 0,
            "total_private_repos": 0,
            "owned_private_repos": 0,
            "disk_usage": 0,
            "collaborators": 0,
            "two_factor_authentication": True,
            "user_view_type": "private",  # the discriminator of the 200 response's oneOf
            "plan": {"collaborators": 0, "name": "free", "space": 976562499, "private_repos": 10000},
        }

    def _label_json(self, name: str) -> dict[str, Any]:
        label_id = int(hashlib.sha256(name.encode()).hexdigest()[:8], 16)
        return {
            "id": label_id,
            "node_id": f"LA_{label_id}",
            "url": f"{API}/repos/{self.owner}/{self.repo}/labels/{name}",
            "name": name,
            "description": None,
            "color": "ededed",
            "default": False,
        }

    def _issue_json(self, issue: _Issue) -> dict[str, Any]:
        base = f"{API}/repos/{self.owner}/{self.repo}/issues/{issue.number}"
        kind = "pull" if issue.pull_request else "issues"
        html = f"https://github.com/{self.owner}/{self.repo}/{kind}/{issue.number}"
        data: dict[str, Any] = {
            "id": issue.id,
            "node_id": f"I_{issue.id}",
            "url": base,
            "repository_url": f"{API}/repos/{self.owner}/{self.repo}",
            "labels_url": f"{base}/labels{{/name}}",
            "comments_url": f"{base}/comments",
            "events_url": f"{base}/events",
            "html_url": html,
            "number": issue.number,
            "state": issue.state,
            "state_reason": issue.state_reason,
            "title": issue.title,
            "body": issue.body,
            "user": self._simple_user(issue.user),
            "labels": [self._label_json(name) for name in issue.labels],
            "assignee": self._simple_user(issue.assignees[0]) if issue.assignees else None,
            "assignees": [self._simple_user(login) for login in issue.assignees],
            "milestone": None,
            "locked": False,
            "active_lock_reason": None,
            "comments": len(issue.comments),
            "closed_at": _iso(issue.closed_at) if issue.closed_at else None,
            "created_at": _iso(issue.created_at),
            "updated_at": _iso(issue.updated_at),
            "closed_by": self._simple_user(issue.closed_by) if issue.closed_by else None,
            "author_association": "MEMBER",
        }
        if issue.milestone_due is not None:
            data["milestone"] = self._milestone_json(issue)
        if issue.pull_request:
            pulls = f"{API}/repos/{self.owner}/{self.repo}/pulls/{issue.number}"
            data["pull_request"] = {
                "url": pulls,
                "html_url": html,
                "diff_url": f"{html}.diff",
                "patch_url": f"{html}.patch",
                "merged_at": None,
            }
        return data

    def _milestone_json(self, issue: _Issue) -> dict[str, Any]:
        assert issue.milestone_due is not None
        base = f"{API}/repos/{self.owner}/{self.repo}/milestones/1"
        return {
            "url": base,
            "html_url": f"https://github.com/{self.owner}/{self.repo}/milestone/1",
            "labels_url": f"{base}/labels",
            "id": 1,
            "node_id": "MI_1",
            "number": 1,
            "state": "open",
            "title": "Release",
            "description": None,
            "creator": self._simple_user(issue.user),
            "open_issues": 1,
            "closed_issues": 0,
            "created_at": _iso(issue.created_at),
            "updated_at": _iso(issue.updated_at),
            "closed_at": None,
            "due_on": _iso(issue.milestone_due),
        }

    def _comment_json(self, issue: _Issue, comment: _Comment) -> dict[str, Any]:
        repo = f"{API}/repos/{self.owner}/{self.repo}"
        return {
            "id": comment.id,
            "node_id": f"IC_{comment.id}",
            "url": f"{repo}/issues/comments/{comment.id}",
            "html_url": f"https://github.com/{self.owner}/{self.repo}/issues/{issue.number}"
            f"#issuecomment-{comment.id}",
            "body": comment.body,
            "user": self._simple_user(comment.user),
            "created_at": _iso(comment.created_at),
            "updated_at": _iso(comment.updated_at),
            "issue_url": f"{repo}/issues/{issue.number}",
            "author_association": "MEMBER",
        }


def _iso(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _opaque(tag: str) -> str:
    """The opaque part of an entity tag, for the weak comparison ``If-None-Match`` uses
    (RFC 9110 §13.1.2)."""
    tag = tag.strip()
    return tag[2:] if tag.startswith("W/") else tag
