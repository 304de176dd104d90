"""The Redmine :class:`~sync.protocol.TrackerAdapter`: orchestrates the client and the mapping.

Incremental pulls ask for ``updated_on=>=<cursor>`` sorted newest first
(``sort=updated_on:desc,id:desc``), so any change puts an issue on the first page: the first
page's ETag then answers "nothing changed" with one ``304`` (one request per resource). The new
cursor is the newest ``updated_on`` seen. That is safe while pages are read: an issue updated
meanwhile jumps to the first page (already read) with an ``updated_on`` no older than anything
read after it, so the next pull (``>=``, second precision; re-reads are harmless upserts) gets it.
Only server timestamps are compared, so client clock skew does not matter.

Redmine cannot report deletions (no deletion feed in its REST API): a deleted issue stays cached.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from app.handoff.wire import WireFormatError, dumps, loads
from app.store.records import HandoffRecord, TaskData
from sync.errors import MalformedResponse, Rejected
from sync.protocol import (
    Acknowledgement,
    Cursor,
    HandoffPage,
    Identity,
    RemoteHandoff,
    RemoteRef,
    TaskPage,
)
from sync.redmine import mapping
from sync.redmine.client import RedmineClient

log = logging.getLogger(__name__)

ACK_STATUSES = ("Resolved", "Feedback")
"""Status names an acknowledged handoff issue moves to, in order of preference (Redmine's
default statuses; an instance without any of them keeps the status unchanged)."""
URGENCY_PRIORITIES = {"normal": ("Normal",), "high": ("High",), "urgent": ("Urgent", "Immediate")}


class RedmineAdapter:
    """One Redmine account.

    ``project``: identifier (or numeric id) of the project handoff issues are written to and,
    with ``scope="project"``, tasks are pulled from; ``scope="assigned"`` pulls issues assigned
    to the token's user in every project. ``render`` turns a handoff into the CommonMark
    description (:func:`app.handoff.render.render_markdown` bound to zones and locale).
    """

    def __init__(
        self,
        *,
        client: RedmineClient,
        project: str | None,
        scope: str,
        render: Callable[[HandoffRecord], str],
    ) -> None:
        if scope not in {"assigned", "project"}:
            raise ValueError(f"unknown scope {scope!r}: use 'assigned' or 'project'")
        if scope == "project" and not project:
            raise ValueError("scope 'project' needs a project")
        self.client = client
        self._project = project
        self._scope = scope
        self._render = render
        self._me: Identity | None = None
        self._ids: dict[tuple[str, str], int | None] = {}

    # -- identity ---------------------------------------------------------------------

    def whoami(self) -> Identity:
        """``GET /users/current.json`` (Users API)."""
        self._me = mapping.identity_from(self.client.get("/users/current.json"))
        return self._me

    def _signed_in(self) -> None:
        """Redmine treats an unknown API key as the *anonymous* user (``find_current_user`` falls
        back to ``User.anonymous``), so a revoked key still reads public projects with 200. The
        first call of each adapter therefore asks who-am-I, which answers 401 for it."""
        if self._me is None:
            self.whoami()

    # -- pull -------------------------------------------------------------------------

    def pull_tasks(self, cursor: Cursor) -> TaskPage:
        """Issues in scope changed since ``cursor``; the first pull takes open issues only,
        later pulls every status (``status_id=*``) so closing an issue reaches the cache."""
        self._signed_in()
        params: dict[str, str | int] = {
            "status_id": "*" if cursor.updated_since else "open",
            "attachment": f"!~{mapping.ATTACHMENT_PREFIX}",  # handoff issues are not tasks
        }
        if self._scope == "project":
            assert self._project is not None
            params["project_id"] = self._project
        else:
            params["assigned_to_id"] = "me"
        tasks: list[TaskData] = []
        result = self._pull(params, cursor, lambda issue: tasks.append(self._task(issue)))
        if result is None:
            return TaskPage(tasks=(), cursor=cursor, not_modified=True)
        return TaskPage(tasks=tuple(tasks), cursor=result)

    def pull_handoffs(self, cursor: Cursor) -> HandoffPage:
        """Handoff issues of the project (those with a ``baton-handoff-*.json`` attachment) changed
        since ``cursor``, each read with its journals (acknowledgements) and its copy. An issue
        whose copy cannot be read is reported in ``skipped`` with the reason, never dropped
        silently."""
        self._signed_in()
        if not self._project:
            return HandoffPage(handoffs=(), cursor=cursor)
        params: dict[str, str | int] = {
            "status_id": "*",
            "project_id": self._project,
            "attachment": f"~{mapping.ATTACHMENT_PREFIX}",
        }
        issue_ids: list[int] = []
        result = self._pull(params, cursor, lambda issue: issue_ids.append(int(issue["id"])))
        if result is None:
            return HandoffPage(handoffs=(), cursor=cursor, not_modified=True)
        found: list[RemoteHandoff] = []
        skipped: list[str] = []
        for issue_id in dict.fromkeys(issue_ids):
            try:
                found.append(self._remote_handoff(issue_id))
            except (WireFormatError, MalformedResponse) as error:
                skipped.append(f"issue #{issue_id}: {error}")
        return HandoffPage(handoffs=tuple(found), cursor=result, skipped=tuple(skipped))

    def _pull(
        self, params: dict[str, str | int], cursor: Cursor, take: Callable[[dict[str, Any]], None]
    ) -> Cursor | None:
        params = {**params, "sort": "updated_on:desc,id:desc"}
        if cursor.updated_since is not None:
            params["updated_on"] = ">=" + mapping.filter_time(cursor.updated_since)
        newest_text = ""
        first_etag: str | None = None
        for number, page in enumerate(self.client.issue_pages(params, etag=cursor.etag)):
            if page is None:
                return None
            if number == 0:
                first_etag = page.etag
            for issue in page.issues:
                updated = issue.get("updated_on")
                if not isinstance(updated, str):
                    raise MalformedResponse(f"Redmine sent issue {issue.get('id')} without updated_on")
                # Redmine writes every instant as "YYYY-MM-DDTHH:MM:SSZ": text order is time order.
                newest_text = max(newest_text, updated)
                take(issue)
        newest = mapping.parse_time(newest_text) if newest_text else None
        if newest is None:
            return Cursor(updated_since=cursor.updated_since, etag=first_etag)
        safe = newest.replace(microsecond=0)
        if cursor.updated_since is not None:
            safe = max(safe, cursor.updated_since)
        # A moved cursor changes the URL, so the ETag only holds for an unchanged cursor.
        etag = first_etag if safe == cursor.updated_since else None
        return Cursor(updated_since=safe, etag=etag)

    def _task(self, issue: dict[str, Any]) -> TaskData:
        return mapping.task_from(issue, base_url=self.client.base_url)

    def _remote_handoff(self, issue_id: int) -> RemoteHandoff:
        issue = mapping.issue_of(
            self.client.get(f"/issues/{issue_id}.json", {"include": "journals,attachments"})
        )
        attachment = mapping.handoff_attachment(issue)
        if attachment is None:
            raise MalformedResponse("its baton-handoff attachment disappeared")
        uuid, attachment_id = attachment
        try:
            text = self.client.download(attachment_id).decode("utf-8")
        except UnicodeDecodeError:
            raise MalformedResponse("the handoff copy is not UTF-8 text") from None
        handoff = loads(text, received_at=mapping.parse_time(issue.get("created_on"), field="created_on"))
        if handoff.id.lower() != uuid:
            raise MalformedResponse(f"the copy's id {handoff.id} does not match its file name")
        acks = []
        for journal in mapping.journals_of(issue):
            ack = mapping.ack_from(journal)
            if ack is not None and ack.handoff_id == handoff.id:
                acks.append(ack)
        ref = RemoteRef(str(issue_id), mapping.issue_url(self.client.base_url, issue_id))
        return RemoteHandoff(handoff=handoff, ref=ref, acknowledgements=tuple(acks))

    # -- push -------------------------------------------------------------------------

    def find_handoff(self, handoff_id: str) -> RemoteRef | None:
        """The issue carrying ``baton-handoff-<uuid>.json`` in any project the token sees, in any
        status (``attachment=~`` filter, Redmine ≥ 4.2)."""
        self._signed_in()
        params: dict[str, str | int] = {
            "status_id": "*",
            "attachment": f"~{mapping.attachment_name(handoff_id)}",
            "include": "attachments",
            "sort": "id",
        }
        for page in self.client.issue_pages(params, limit=5):
            assert page is not None
            for issue in page.issues:
                if _carries(issue, handoff_id):
                    issue_id = int(issue["id"])
                    return RemoteRef(str(issue_id), mapping.issue_url(self.client.base_url, issue_id))
        return None

    def create_handoff(self, handoff: HandoffRecord, *, assignee: str | None) -> RemoteRef:
        """Upload the copy, then ``POST /issues.json`` in the project, assigned to ``assignee``
        (a login, or a numeric user id). When Redmine refuses the assignee (422 "Assignee is
        invalid": not a member) or the login cannot be resolved (listing users needs admin
        rights), the issue mentions ``@login`` instead."""
        self._signed_in()
        if not self._project:
            raise Rejected("this Redmine account has no project to write handoffs to", status=400)
        assignee_id = self._user_id(assignee) if assignee else None
        body = self._render(handoff)
        try:
            return self._create(
                handoff, body, assignee_id=assignee_id, mention=None if assignee_id else assignee
            )
        except Rejected as error:
            if assignee_id is None or error.status != 422:
                raise
            log.info("Redmine refused assignee %s (%s); mentioning instead", assignee, error.message)
            return self._create(handoff, body, assignee_id=None, mention=assignee)

    def _create(
        self, handoff: HandoffRecord, body: str, *, assignee_id: int | None, mention: str | None
    ) -> RemoteRef:
        filename = mapping.attachment_name(handoff.id)
        token = self.client.upload(filename, dumps(handoff).encode("utf-8"))
        issue: dict[str, Any] = {
            "project_id": self._project,
            "subject": mapping.subject_for(handoff),
            "description": mapping.description_for(body, handoff.id, mention=mention),
            "uploads": [
                {
                    "token": token,
                    "filename": filename,
                    "content_type": "application/json",
                    "description": "Baton handoff (machine-readable copy)",
                }
            ],
        }
        if assignee_id is not None:
            issue["assigned_to_id"] = assignee_id
        priority = self._lookup("/enumerations/issue_priorities.json", "issue_priorities", handoff.urgency)
        if priority is not None:
            issue["priority_id"] = priority
        created = mapping.issue_of(self.client.post("/issues.json", {"issue": issue}))
        issue_id = created.get("id")
        if not isinstance(issue_id, int):
            raise MalformedResponse("Redmine created an issue without an id")
        return RemoteRef(str(issue_id), mapping.issue_url(self.client.base_url, issue_id))

    def link_task(self, task_key: str, target: RemoteRef, handoff_id: str) -> None:
        """A one-line journal note on issue ``#N`` linking back to ``target``, unless a note
        naming ``handoff_id`` is already there."""
        self._signed_in()
        issue_id = task_key.lstrip("#")
        if not issue_id.isdigit():
            raise Rejected(f"{task_key!r} is not a Redmine issue number", status=400)
        journals = self._journals(issue_id)
        if mapping.notes_carrying(journals, mapping.handoff_marker(handoff_id)) is not None:
            return
        self.client.put(
            f"/issues/{issue_id}.json", {"issue": {"notes": mapping.link_note(target, handoff_id)}}
        )

    def acknowledge(self, target: RemoteRef, acknowledgement: Acknowledgement) -> str:
        """A journal note with the read-back, question and ``baton-ack`` line, plus a status
        change to "Resolved" (:data:`ACK_STATUSES`) in the same ``PUT``. Redmine's ``PUT``
        answers 204 without the journal, so the journal id is read back afterwards."""
        self._signed_in()
        existing = self._ack_journal(target.remote_id, acknowledgement)
        if existing is not None:
            return existing
        update: dict[str, Any] = {"notes": mapping.ack_note(acknowledgement)}
        status = self._lookup("/issue_statuses.json", "issue_statuses", "ack")
        if status is not None:
            update["status_id"] = status
        try:
            self.client.put(f"/issues/{target.remote_id}.json", {"issue": update})
        except Rejected as error:
            if "status_id" not in update or error.status != 422:
                raise
            log.info("Redmine refused the status change (%s); writing the note only", error.message)
            self.client.put(f"/issues/{target.remote_id}.json", {"issue": {"notes": update["notes"]}})
        written = self._ack_journal(target.remote_id, acknowledgement)
        if written is None:
            raise MalformedResponse(f"the acknowledgement note on #{target.remote_id} is not readable back")
        return written

    def _ack_journal(self, issue_id: str, acknowledgement: Acknowledgement) -> str | None:
        for journal in self._journals(issue_id):
            ack = mapping.ack_from(journal)
            if ack and ack.handoff_id == acknowledgement.handoff_id and ack.by == acknowledgement.by:
                return str(journal.get("id"))
        return None

    def _journals(self, issue_id: str) -> list[dict[str, Any]]:
        data = self.client.get(f"/issues/{issue_id}.json", {"include": "journals"})
        return mapping.journals_of(mapping.issue_of(data))

    def _user_id(self, login: str) -> int | None:
        if login.isdigit():
            return int(login)
        key = ("user", login)
        if key not in self._ids:
            try:
                data = self.client.get("/users.json", {"name": login, "status": 1})
            except Rejected:  # 403: only administrators may list users (Users API)
                self._ids[key] = None
            else:
                users = data.get("users") if isinstance(data, dict) else None
                if not isinstance(users, list):
                    raise MalformedResponse("Redmine's user list has no 'users' array")
                match = [u.get("id") for u in users if isinstance(u, dict) and u.get("login") == login]
                self._ids[key] = match[0] if match and isinstance(match[0], int) else None
        return self._ids[key]

    def _lookup(self, path: str, key: str, wanted: str) -> int | None:
        cache_key = (key, wanted)
        if cache_key not in self._ids:
            names = ACK_STATUSES if wanted == "ack" else URGENCY_PRIORITIES.get(wanted, ())
            try:
                self._ids[cache_key] = mapping.named_id(self.client.get(path), key, names)
            except Rejected:  # some instances hide enumerations from non-admins
                self._ids[cache_key] = None
        return self._ids[cache_key]


def _carries(issue: dict[str, Any], handoff_id: str) -> bool:
    found = mapping.handoff_attachment(issue)
    return found is not None and found[0] == handoff_id.lower()
