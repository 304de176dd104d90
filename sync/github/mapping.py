"""Pure mapping between GitHub REST JSON and Baton's sync values. No network, no I/O.

Shapes follow GitHub's REST reference (API version 2022-11-28):

* a user (``GET /user``, https://docs.github.com/rest/users/users#get-the-authenticated-user):
  ``{"id": int, "login": str, "name": str | null, ...}``;
* an issue (https://docs.github.com/rest/issues/issues#list-repository-issues):
  ``{"id": int, "number": int, "title": str, "state": "open" | "closed", "state_reason": str |
  null, "body": str | null, "html_url": str, "assignees": [user], "user": user, "labels":
  [label], "milestone": {"due_on": ISO | null} | null, "comments": int, "created_at": ISO,
  "updated_at": ISO, "pull_request"?: {...}}`` — an item with a ``pull_request`` key is a pull
  request, which the issue endpoints also return;
* a comment (https://docs.github.com/rest/issues/comments#list-issue-comments):
  ``{"id": int, "body": str, "user": user, "created_at": ISO, "updated_at": ISO, ...}``.

GitHub writes instants as ``YYYY-MM-DDTHH:MM:SSZ`` (UTC, whole seconds). Every function here
raises :class:`GitHubDataError` for JSON that does not have the documented shape; the client
turns it into :class:`sync.errors.MalformedResponse`.

What Baton writes into GitHub:

* a handoff issue body = the human rendering (:func:`app.handoff.render.render_markdown`), an
  addressing line, and the machine-readable copy (:func:`app.handoff.wire.dumps`) base64-encoded
  inside an HTML comment, which GitHub's Markdown renderer hides from readers:
  ``<!-- baton:handoff v1 to=LOGIN BASE64 -->`` (``to=`` only when the recipient's login is
  known). User text in the rendering has ``<``/``>`` escaped, so it cannot open or close a
  comment, and base64 never contains ``-->``;
* an acknowledgement comment: human text plus ``<!-- baton:ack v1 BASE64 -->`` whose JSON is
  ``{"handoff_id", "by", "at" (UTC ISO …Z), "read_back", "question"}``;
* a link comment on an attached task: human text plus ``<!-- baton:link UUID -->``.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from app.handoff import wire
from app.handoff.render import escape_markdown
from app.store.records import HandoffRecord, TaskData
from app.store.types import from_utc_text, to_utc_text
from sync.protocol import Acknowledgement, Identity, RemoteRef

HANDOFF_LABEL = "handoff"
"""The label every handoff issue carries (and pulls filter on)."""

_GITHUB_TIME = "%Y-%m-%dT%H:%M:%SZ"
_LOGIN = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})"
_B64 = r"[A-Za-z0-9+/=]+"
_HANDOFF_MARKER = re.compile(rf"<!-- baton:handoff v(\d+)(?: to=({_LOGIN}))? ({_B64}) -->")
_ACK_MARKER = re.compile(rf"<!-- baton:ack v(\d+) ({_B64}) -->")
_LINK_MARKER = "<!-- baton:link {} -->"
_TASK_KEY = re.compile(rf"(?:({_LOGIN})/([A-Za-z0-9_.-]+))?#([1-9]\d{{0,9}})")
_LOGIN_ONLY = re.compile(_LOGIN)


class GitHubDataError(ValueError):
    """GitHub JSON (or a Baton marker inside it) that does not have the documented shape; the
    message names the field, never a token."""


# --- reading GitHub JSON ---------------------------------------------------------------


def parse_time(value: Any, field: str = "time") -> datetime:
    """A GitHub ISO 8601 instant (``2026-11-21T09:30:00Z``; offsets also accepted) as an aware
    UTC datetime. Raises :class:`GitHubDataError` naming ``field``."""
    if not isinstance(value, str):
        raise GitHubDataError(f"{field} is missing or not a string")
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError as exc:
        raise GitHubDataError(f"{field} is not an ISO 8601 instant: {value!r}") from exc
    if parsed.tzinfo is None:
        raise GitHubDataError(f"{field} has no UTC offset: {value!r}")
    return parsed.astimezone(UTC)


def format_time(value: datetime) -> str:
    """An aware datetime as GitHub's ``since`` parameter text (UTC, whole seconds, ``Z``);
    sub-second parts are dropped, which widens the window (``since`` is inclusive). Raises
    ``ValueError`` for a naive datetime."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError("since must be an aware datetime")
    return value.astimezone(UTC).strftime(_GITHUB_TIME)


def identity_from_user(user: Any) -> Identity:
    """``GET /user`` JSON → :class:`Identity` (``name`` falls back to the login)."""
    data = _object(user, "user")
    login = _str(data, "login", "user")
    name = data.get("name")
    return Identity(
        user_id=str(_int(data, "id", "user")),
        login=login,
        name=name if isinstance(name, str) and name else login,
    )


def is_pull_request(issue: Mapping[str, Any]) -> bool:
    """True for a pull request returned by an issue endpoint (it has a ``pull_request`` key;
    https://docs.github.com/rest/issues/issues#list-repository-issues)."""
    return "pull_request" in issue


def label_names(issue: Mapping[str, Any]) -> frozenset[str]:
    """Names of an issue's labels (GitHub returns label objects, or strings in some media
    types)."""
    labels = issue.get("labels")
    if not isinstance(labels, list):
        raise GitHubDataError("issue.labels is missing or not a list")
    names = set()
    for label in labels:
        if isinstance(label, str):
            names.add(label)
        elif isinstance(label, dict) and isinstance(label.get("name"), str):
            names.add(label["name"])
        else:
            raise GitHubDataError("issue.labels holds an item without a name")
    return frozenset(names)


def assignee_logins(issue: Mapping[str, Any]) -> frozenset[str]:
    """Logins of an issue's assignees (``assignees``, or the legacy single ``assignee``)."""
    logins = set()
    assignees = issue.get("assignees")
    if assignees is not None and not isinstance(assignees, list):
        raise GitHubDataError("issue.assignees is not a list")
    for user in [*(assignees or []), issue.get("assignee")]:
        if user is not None:
            logins.add(_str(_object(user, "issue.assignees[]"), "login", "issue.assignees[]"))
    return frozenset(logins)


def creator_login(item: Mapping[str, Any]) -> str | None:
    """Login of whoever created an issue or comment (``user`` is null for a deleted account,
    shown by GitHub as "ghost")."""
    user = item.get("user")
    if user is None:
        return None
    return _str(_object(user, "user"), "login", "user")


def issue_number(issue: Mapping[str, Any]) -> int:
    """The issue's number in its repository."""
    return _int(issue, "number", "issue")


def comment_count(issue: Mapping[str, Any]) -> int:
    """How many comments an issue has (``comments``)."""
    return _int(issue, "comments", "issue")


def comment_id(comment: Mapping[str, Any]) -> str:
    """A comment's id as text."""
    return str(_int(comment, "id", "comment"))


def task_from_issue(issue: Any) -> TaskData:
    """A GitHub issue → :class:`TaskData`: ``external_id`` is GitHub's issue id (stable, unique
    per host), ``key`` is ``#number``, ``status`` is ``open``/``closed`` (``closed`` gets the
    ``state_reason``, e.g. ``closed: not_planned``), ``assignee`` the first assignee's login,
    ``priority`` None (GitHub issues have none), ``due_at`` the milestone's ``due_on``."""
    data = _object(issue, "issue")
    number = issue_number(data)
    state = _str(data, "state", "issue")
    reason = data.get("state_reason")
    status = f"{state}: {reason}" if state == "closed" and isinstance(reason, str) else state
    assignees = data.get("assignees")
    first = data.get("assignee")
    if isinstance(assignees, list) and assignees:
        first = assignees[0]
    assignee = None if first is None else _str(_object(first, "issue.assignee"), "login", "assignee")
    milestone = data.get("milestone")
    due_at = None
    if milestone is not None:
        due_on = _object(milestone, "issue.milestone").get("due_on")
        due_at = None if due_on is None else parse_time(due_on, "issue.milestone.due_on")
    return TaskData(
        external_id=str(_int(data, "id", "issue")),
        key=f"#{number}",
        title=_str(data, "title", "issue", empty_ok=True),
        status=status,
        assignee=assignee,
        priority=None,
        due_at=due_at,
        url=_str(data, "html_url", "issue"),
        remote_updated_at=parse_time(data.get("updated_at"), "issue.updated_at"),
    )


def remote_ref(issue: Any) -> RemoteRef:
    """A handoff issue → :class:`RemoteRef` (``remote_id`` is the issue number as text)."""
    data = _object(issue, "issue")
    return RemoteRef(remote_id=str(issue_number(data)), url=_str(data, "html_url", "issue"))


def updated_at(item: Mapping[str, Any]) -> datetime:
    """An issue's or comment's ``updated_at`` as an aware UTC datetime."""
    return parse_time(item.get("updated_at"), "updated_at")


# --- the handoff issue -----------------------------------------------------------------


def handoff_title(handoff: HandoffRecord) -> str:
    """The issue title: the handoff's title, or ``Handoff from AUTHOR to RECIPIENT``."""
    title = " ".join(handoff.title.split())
    return title or f"Handoff from {handoff.author} to {handoff.recipient}"


def handoff_marker(handoff: HandoffRecord, *, to: str | None = None) -> str:
    """The hidden machine-readable copy: ``<!-- baton:handoff v1 [to=LOGIN ]BASE64 -->`` where
    BASE64 is :func:`app.handoff.wire.dumps` in UTF-8. Raises ``ValueError`` for a ``to`` that
    is not a GitHub login."""
    payload = base64.b64encode(wire.dumps(handoff).encode("utf-8")).decode("ascii")
    if to is not None and not _LOGIN_ONLY.fullmatch(to):
        raise ValueError(f"not a GitHub login: {to!r}")
    addressed = f" to={to}" if to else ""
    return f"<!-- baton:handoff v{wire.VERSION}{addressed} {payload} -->"


def handoff_body(handoff: HandoffRecord, *, rendering: str, assignee: str | None) -> str:
    """The whole issue body: ``rendering`` (Markdown from :func:`render_markdown`), a line
    mentioning ``@assignee`` when the login is known (so the recipient is notified even where
    GitHub silently drops the assignment), and :func:`handoff_marker`."""
    lines = [rendering.rstrip("\n"), ""]
    if assignee:
        lines += [f"Handed over to @{assignee} with Baton.", ""]
    else:
        lines += [f"Handed over to {escape_markdown(handoff.recipient)} with Baton.", ""]
    lines.append(handoff_marker(handoff, to=assignee))
    return "\n".join(lines) + "\n"


def read_handoff(body: Any) -> tuple[HandoffRecord, str | None] | None:
    """The handoff carried by an issue body and the ``to=`` login, or ``None`` when the body
    has no Baton marker. Raises :class:`GitHubDataError` for a marker whose copy is damaged or
    not a valid handoff (the message says why; a newer format asks to update Baton)."""
    if body is None:
        return None
    if not isinstance(body, str):
        raise GitHubDataError("issue.body is not a string")
    match = _HANDOFF_MARKER.search(body)
    if match is None:
        return None
    text = _decode(match.group(3), "handoff copy")
    try:
        handoff = wire.loads(text)
    except wire.WireFormatError as exc:
        raise GitHubDataError(f"handoff copy: {exc}") from exc
    return handoff, match.group(2)


def carries_handoff(body: Any, handoff_id: str) -> bool:
    """True when an issue body holds the machine-readable copy of handoff ``handoff_id``
    (damaged copies never match)."""
    try:
        found = read_handoff(body)
    except GitHubDataError:
        return False
    return found is not None and found[0].id == handoff_id


# --- acknowledgement and link comments -------------------------------------------------


def ack_comment_body(acknowledgement: Acknowledgement) -> str:
    """An acknowledgement comment: human-readable read-back and question, then the hidden
    ``<!-- baton:ack v1 BASE64 -->`` copy."""
    ack = acknowledgement
    payload = {
        "handoff_id": ack.handoff_id,
        "by": ack.by,
        "at": to_utc_text(ack.at),
        "read_back": ack.read_back,
        "question": ack.question,
    }
    encoded = base64.b64encode(
        json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")
    ).decode("ascii")
    lines = [f"**Acknowledged** by {escape_markdown(ack.by)} with Baton.", ""]
    if ack.read_back:
        lines += [
            "Read-back:",
            "",
            *(f"> {line}" for line in escape_markdown(ack.read_back).splitlines()),
            "",
        ]
    if ack.question:
        lines += ["Question:", "", *(f"> {line}" for line in escape_markdown(ack.question).splitlines()), ""]
    lines.append(f"<!-- baton:ack v1 {encoded} -->")
    return "\n".join(lines) + "\n"


def acknowledgement_from_comment(comment: Any) -> Acknowledgement | None:
    """An acknowledgement comment → :class:`Acknowledgement` (``remote_id`` = comment id), or
    ``None`` for any other comment. Raises :class:`GitHubDataError` for a damaged copy."""
    data = _object(comment, "comment")
    body = data.get("body")
    if body is None:
        return None
    if not isinstance(body, str):
        raise GitHubDataError("comment.body is not a string")
    match = _ACK_MARKER.search(body)
    if match is None:
        return None
    if match.group(1) != "1":
        raise GitHubDataError(
            f"acknowledgement format v{match.group(1)} is newer than this Baton; update Baton"
        )
    try:
        payload = json.loads(_decode(match.group(2), "acknowledgement copy"))
    except ValueError as exc:
        raise GitHubDataError(f"acknowledgement copy is not JSON ({exc})") from exc
    ack = _object(payload, "acknowledgement")
    try:
        at = from_utc_text(_str(ack, "at", "acknowledgement"))
    except ValueError as exc:
        raise GitHubDataError(f"acknowledgement.at is not a UTC instant ({exc})") from exc
    return Acknowledgement(
        handoff_id=_str(ack, "handoff_id", "acknowledgement"),
        by=_str(ack, "by", "acknowledgement"),
        at=at,
        read_back=_optional_str(ack, "read_back", "acknowledgement"),
        question=_optional_str(ack, "question", "acknowledgement"),
        remote_id=str(_int(data, "id", "comment")),
    )


def link_comment_body(handoff_id: str, target: RemoteRef, *, title: str | None = None) -> str:
    """The short comment left on an attached task: a link to the handoff issue and the hidden
    ``<!-- baton:link UUID -->`` marker."""
    label = escape_markdown(title) if title else f"#{escape_markdown(target.remote_id)}"
    return f"Mentioned in handoff {label}: {target.url}\n\n{_LINK_MARKER.format(handoff_id)}\n"


def has_link_marker(comment: Mapping[str, Any], handoff_id: str) -> bool:
    """True when a comment is Baton's link comment for ``handoff_id``."""
    body = comment.get("body")
    return isinstance(body, str) and _LINK_MARKER.format(handoff_id) in body


def parse_task_key(key: str, *, owner: str, repo: str) -> tuple[str, str, int]:
    """``#12`` or ``owner/repo#12`` → ``(owner, repo, 12)`` (a bare ``#12`` is in the account's
    repository). Raises ``ValueError`` for any other form."""
    match = _TASK_KEY.fullmatch(key.strip())
    if match is None:
        raise ValueError(f"not a GitHub issue key: {key!r}")
    if match.group(1):
        return match.group(1), match.group(2), int(match.group(3))
    return owner, repo, int(match.group(3))


# --- helpers ---------------------------------------------------------------------------


def _decode(payload: str, what: str) -> str:
    try:
        return base64.b64decode(payload, validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError) as exc:
        raise GitHubDataError(f"{what} is damaged (not base64 UTF-8)") from exc


def _object(value: Any, what: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise GitHubDataError(f"{what} is not a JSON object")
    return value


def _str(data: Mapping[str, Any], key: str, what: str, *, empty_ok: bool = False) -> str:
    value = data.get(key)
    if not isinstance(value, str) or (not value and not empty_ok):
        raise GitHubDataError(f"{what}.{key} is missing or not a string")
    return value


def _optional_str(data: Mapping[str, Any], key: str, what: str) -> str | None:
    value = data.get(key)
    if value is not None and not isinstance(value, str):
        raise GitHubDataError(f"{what}.{key} is not a string")
    return value


def _int(data: Mapping[str, Any], key: str, what: str) -> int:
    value = data.get(key)
    if not isinstance(value, int) or isinstance(value, bool):
        raise GitHubDataError(f"{what}.{key} is missing or not an integer")
    return value
