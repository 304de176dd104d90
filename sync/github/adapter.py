"""The GitHub Issues adapter: :class:`sync.protocol.TrackerAdapter` for one repository.

A handoff becomes an issue labelled ``handoff`` whose body is the human rendering plus the
hidden machine-readable copy (:mod:`sync.github.mapping`); acknowledgements are comments that
close the issue as completed; attached tasks get a short linking comment. Every write carries
the handoff's UUID, so :meth:`GitHubAdapter.find_handoff` discovers an earlier write after a
crash or a timeout.

REST pages used (API version 2022-11-28):

* ``GET /user`` — https://docs.github.com/rest/users/users#get-the-authenticated-user
* ``GET/POST /repos/{owner}/{repo}/issues``, ``GET/PATCH …/issues/{n}`` —
  https://docs.github.com/rest/issues/issues
* ``GET/POST …/issues/{n}/comments`` — https://docs.github.com/rest/issues/comments
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable, Collection, Iterator, Sequence
from datetime import datetime
from typing import Any, TypeVar

from app.handoff.render import render_markdown
from app.store.records import HandoffRecord
from app.timeline.zones import UnknownZone
from sync.errors import Rejected, Unauthorized
from sync.github import mapping
from sync.github.client import GitHubClient, malformed
from sync.github.mapping import HANDOFF_LABEL, GitHubDataError
from sync.http import HttpSession
from sync.protocol import (
    Acknowledgement,
    Cursor,
    HandoffPage,
    Identity,
    RemoteHandoff,
    RemoteRef,
    TaskPage,
)

log = logging.getLogger(__name__)

SCOPES = ("assigned", "project")
"""Pull scopes, as stored on the account (:class:`app.store.records.AccountRecord.scope`):
``project`` is the whole repository."""
MAX_BODY = 65536
"""GitHub refuses issue and comment bodies longer than 65 536 characters (422 "body is too
long"); Baton checks before sending."""

_T = TypeVar("_T")


class GitHubAdapter:
    """One GitHub account on one repository.

    ``session``: an :class:`HttpSession` for the API root, normally from
    :func:`sync.github.client.build_github_session` (carries the token). ``repo``:
    ``"OWNER/NAME"``. ``scope``: the account's pull scope, ``"assigned"`` (issues assigned to
    the token's user) or ``"project"`` (every issue of the repository). ``login``: the token's
    GitHub login if already known (else one ``GET /user`` on first need). ``recipient_names``:
    roster names (and team names) under which this user receives handoffs. ``zones`` /
    ``locale``: how instants are written in the human rendering (default: the author's zone,
    then UTC). ``now``: aware UTC clock for rate-limit deadlines.

    Raises ``ValueError`` for a malformed ``repo`` or an unknown ``scope``; every method raises
    :mod:`sync.errors` types only.
    """

    def __init__(
        self,
        *,
        session: HttpSession,
        repo: str,
        scope: str = "assigned",
        login: str | None = None,
        recipient_names: Collection[str] = (),
        zones: Sequence[str] = (),
        locale: str = "en",
        now: Callable[[], datetime] | None = None,
    ) -> None:
        owner, _, name = repo.partition("/")
        if not owner or not name or "/" in name:
            raise ValueError(f"repository must be OWNER/NAME, not {repo!r}")
        if scope not in SCOPES:
            raise ValueError(f"scope must be one of {', '.join(SCOPES)}, not {scope!r}")
        self.client = GitHubClient(session, now=now)
        self.owner, self.repo, self.scope = owner, name, scope
        self._login = login
        self._recipient_names = frozenset(recipient_names)
        self._zones = tuple(zones)
        self._locale = locale

    @property
    def _issues(self) -> str:
        return f"/repos/{self.owner}/{self.repo}/issues"

    # --- protocol ----------------------------------------------------------------------

    def whoami(self) -> Identity:
        """``GET /user``; remembers the login. A 403 there means the token cannot act as a
        user (Unauthorized)."""
        try:
            identity = _read(lambda: mapping.identity_from_user(self.client.get("/user")))
        except Rejected as rejected:
            if rejected.status == 403:
                raise Unauthorized(
                    f"GitHub refused this token for the account ({rejected.message})"
                ) from None
            raise
        self._login = identity.login
        return identity

    def pull_tasks(self, cursor: Cursor) -> TaskPage:
        """Issues in scope updated since ``cursor`` (pull requests and handoff issues left out),
        all pages, newest first; the first page is conditional on ``cursor.etag``.

        Sorted by ``updated`` descending so that any change lands on the first page — a 304
        there proves nothing in scope changed — and an issue updated while paging moves to a
        page already read but past the new cursor, to be picked up next time. ``since`` is
        inclusive, so the newest issue of the last pull comes back once more (callers upsert).
        """
        params: dict[str, str | int] = {"state": "all", "sort": "updated", "direction": "desc"}
        if self.scope == "assigned":
            params["assignee"] = self.login()
        if cursor.updated_since is not None:
            params["since"] = mapping.format_time(cursor.updated_since)
        listing = self.client.list_all(self._issues, params, etag=cursor.etag)
        if listing.not_modified:
            return TaskPage((), cursor, not_modified=True)

        def tasks() -> TaskPage:
            seen: dict[str, Any] = {}
            for issue in listing.items:
                if mapping.is_pull_request(issue) or HANDOFF_LABEL in mapping.label_names(issue):
                    continue
                task = mapping.task_from_issue(issue)
                seen.setdefault(task.external_id, task)
            newest = _newest(listing.items, cursor.updated_since)
            return TaskPage(
                tuple(seen.values()), dataclasses.replace(cursor, updated_since=newest, etag=listing.etag)
            )

        return _read(tasks)

    def pull_handoffs(self, cursor: Cursor) -> HandoffPage:
        """Handoff issues updated since ``cursor`` that concern this user, with their
        acknowledgements, all pages; the first page is conditional on ``cursor.etag``.

        Returned: handoffs addressed to me (I am an assignee, the copy's ``to=`` is my login, or
        its recipient is one of ``recipient_names``) with ``handoff.incoming`` True; and my own
        handoffs (I opened the issue) with ``incoming`` False, so their acknowledgements reach
        me. An issue whose Baton copy is damaged is logged at WARNING and skipped; one without a
        copy (labelled by hand) is ignored.
        """
        params: dict[str, str | int] = {
            "labels": HANDOFF_LABEL,
            "state": "all",
            "sort": "updated",
            "direction": "desc",
        }
        if cursor.updated_since is not None:
            params["since"] = mapping.format_time(cursor.updated_since)
        listing = self.client.list_all(self._issues, params, etag=cursor.etag)
        if listing.not_modified:
            return HandoffPage((), cursor, not_modified=True)
        me = self.login()
        found: dict[int, RemoteHandoff] = {}
        for issue in listing.items:
            number = _read(mapping.issue_number, issue)
            if number in found or mapping.is_pull_request(issue):
                continue
            remote = self._remote_handoff(issue, me)
            if remote is not None:
                found[number] = remote
        newest = _read(_newest, listing.items, cursor.updated_since)
        return HandoffPage(
            tuple(found.values()), dataclasses.replace(cursor, updated_since=newest, etag=listing.etag)
        )

    def find_handoff(self, handoff_id: str) -> RemoteRef | None:
        """The issue this user already opened for ``handoff_id``, or ``None``.

        Lists issues labelled ``handoff`` created by me (all states, newest first) and reads
        each copy's UUID — exact and read-after-write, unlike the search API, whose index lags
        behind writes (https://docs.github.com/rest/search/search). Filtering on ``creator``
        also means nobody else can plant an issue that would stop our write. Stops at the first
        match; costs one request per 100 of my handoff issues when there is none.
        """
        params: dict[str, str | int] = {
            "labels": HANDOFF_LABEL,
            "creator": self.login(),
            "state": "all",
            "sort": "created",
            "direction": "desc",
        }
        for page, _etag, _not_modified in self.client.pages(self._issues, params):
            for issue in page:
                if mapping.carries_handoff(issue.get("body"), handoff_id):
                    return _read(mapping.remote_ref, issue)
        return None

    def create_handoff(self, handoff: HandoffRecord, *, assignee: str | None) -> RemoteRef:
        """Open the handoff issue: title, body (rendering + ``@assignee`` + hidden copy), label
        ``handoff``, assigned to ``assignee`` when given (https://docs.github.com/rest/issues/issues#create-an-issue).

        GitHub silently drops labels and assignees when the token's user has no push access;
        that is logged at WARNING (the recipient would not find the issue by its label). Raises
        Rejected for a body over :data:`MAX_BODY` characters without sending it.
        """
        rendering = self._render(handoff)
        body = mapping.handoff_body(handoff, rendering=rendering, assignee=assignee)
        if len(body) > MAX_BODY:
            raise Rejected(
                f"this handoff is too long for a GitHub issue ({len(body)} characters; GitHub allows "
                f"{MAX_BODY}): shorten or split it",
                status=422,
            )
        payload: dict[str, Any] = {
            "title": mapping.handoff_title(handoff),
            "body": body,
            "labels": [HANDOFF_LABEL],
        }
        if assignee:
            payload["assignees"] = [assignee]
        issue = self.client.post(self._issues, payload)
        ref = _read(mapping.remote_ref, issue)
        if HANDOFF_LABEL not in _read(mapping.label_names, issue):
            log.warning(
                "GitHub dropped the %r label of %s (no push access to %s/%s?): the recipient's Baton "
                "will not find it",
                HANDOFF_LABEL,
                ref.url,
                self.owner,
                self.repo,
            )
        return ref

    def link_task(self, task_key: str, target: RemoteRef, handoff_id: str) -> None:
        """Comment on issue ``task_key`` (``#12`` or ``OWNER/REPO#12``) linking to ``target``,
        unless a comment carrying ``handoff_id`` is already there. Raises Rejected for a key
        that is not a GitHub issue."""
        try:
            owner, repo, number = mapping.parse_task_key(task_key, owner=self.owner, repo=self.repo)
        except ValueError as exc:
            raise Rejected(str(exc), status=400) from None
        path = f"/repos/{owner}/{repo}/issues/{number}/comments"
        for comment in self._all(path):
            if mapping.has_link_marker(comment, handoff_id):
                return
        self.client.post(path, {"body": mapping.link_comment_body(handoff_id, target)})

    def acknowledge(self, target: RemoteRef, acknowledgement: Acknowledgement) -> str:
        """Comment the acknowledgement on issue ``target`` (unless one with the same handoff UUID
        and author is there), then close it with ``state_reason: completed`` if still open
        (https://docs.github.com/rest/issues/issues#update-an-issue). Returns the comment id.

        Closing needs triage access or authorship; when GitHub refuses it (403/404) the comment
        still stands as the acknowledgement, and the refusal is logged at WARNING.
        """
        number = _issue_number(target)
        path = f"{self._issues}/{number}"
        existing = None
        for comment in self._all(f"{path}/comments"):
            ack = self._ack(comment)
            if ack and ack.handoff_id == acknowledgement.handoff_id and ack.by == acknowledgement.by:
                existing = ack.remote_id
                break
        if existing is None:
            body = mapping.ack_comment_body(acknowledgement)
            comment = self.client.post(f"{path}/comments", {"body": body})
            existing = _read(mapping.comment_id, comment)
        issue = self.client.get(path)
        if not isinstance(issue, dict) or issue.get("state") not in {"open", "closed"}:
            raise malformed(GitHubDataError("issue.state is missing"))
        if issue["state"] == "open":
            try:
                self.client.patch(path, {"state": "closed", "state_reason": "completed"})
            except Rejected as rejected:
                if rejected.status not in {403, 404}:
                    raise
                log.warning("GitHub did not let Baton close %s: %s", target.url, rejected.message)
        assert existing is not None
        return existing

    # --- helpers -----------------------------------------------------------------------

    def login(self) -> str:
        """The token's login (one ``GET /user`` the first time if not given)."""
        if self._login is None:
            self.whoami()
        assert self._login is not None
        return self._login

    def _render(self, handoff: HandoffRecord) -> str:
        zones = list(self._zones) or [z for z in (handoff.author_zone, "UTC") if z]
        try:
            return render_markdown(handoff, zones=zones, locale=self._locale)
        except UnknownZone:  # a zone this machine's tzdata lacks: show UTC (the copy keeps it)
            return render_markdown(
                dataclasses.replace(handoff, author_zone=None), zones=["UTC"], locale=self._locale
            )

    def _remote_handoff(self, issue: dict[str, Any], me: str) -> RemoteHandoff | None:
        try:
            found = mapping.read_handoff(issue.get("body"))
        except GitHubDataError as exc:
            log.warning("skipping handoff issue %s: %s", issue.get("html_url"), exc)
            return None
        if found is None:
            return None
        handoff, to = found

        def addressed() -> tuple[bool, bool]:
            to_me = (
                me in mapping.assignee_logins(issue) or to == me or handoff.recipient in self._recipient_names
            )
            return to_me, mapping.creator_login(issue) == me

        to_me, mine = _read(addressed)
        if not (to_me or mine):
            return None
        ref = _read(mapping.remote_ref, issue)
        acks: list[Acknowledgement] = []
        if _read(mapping.comment_count, issue) > 0:
            for comment in self._all(f"{self._issues}/{ref.remote_id}/comments"):
                ack = self._ack(comment)
                if ack is not None and ack.handoff_id == handoff.id:
                    acks.append(ack)
        record = handoff if to_me else dataclasses.replace(handoff, incoming=False)
        return RemoteHandoff(record, ref, tuple(acks))

    def _ack(self, comment: dict[str, Any]) -> Acknowledgement | None:
        try:
            return mapping.acknowledgement_from_comment(comment)
        except GitHubDataError as exc:
            log.warning("skipping acknowledgement comment %s: %s", comment.get("html_url"), exc)
            return None

    def _all(self, path: str) -> Iterator[dict[str, Any]]:
        for page, _etag, _not_modified in self.client.pages(path, {}):
            yield from page


def _read(build: Callable[..., _T], *args: Any) -> _T:
    """``build(*args)``, a mapping step, with :class:`GitHubDataError` turned into
    MalformedResponse."""
    try:
        return build(*args)
    except GitHubDataError as exc:
        raise malformed(exc) from None


def _newest(items: Sequence[dict[str, Any]], since: datetime | None) -> datetime | None:
    stamps = [mapping.updated_at(item) for item in items]
    if since is not None:
        stamps.append(since)
    return max(stamps, default=None)


def _issue_number(target: RemoteRef) -> int:
    if not target.remote_id.isdigit():
        raise Rejected(f"{target.remote_id!r} is not a GitHub issue number", status=400)
    return int(target.remote_id)
