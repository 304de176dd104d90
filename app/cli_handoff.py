"""``baton handoff ...``: write, list, read and acknowledge handoffs from the command line.

Commands (exit status 0 success, 1 invalid handoff or file, 2 unusable input: missing file,
unknown or ambiguous id, "me" not set, a store that cannot be opened):

* ``baton handoff new --from-file FILE.toml [--draft]`` — build a handoff from a handoff file
  (format: :mod:`app.handoff.handoff_file`, ``docs/handoff-file.md``) and queue it for sending
  (``--draft``: keep it as a draft). Problems are listed as ``FILE:LINE: FIELD: message``.
* ``baton handoff list [--json]`` — drafts, outgoing and incoming handoffs. JSON: a list of
  ``{"id", "direction": "incoming"|"outgoing", "state", "urgency", "title", "author",
  "recipient", "recipient_kind", "created_at", "due_at", "failure_reason", "discarded"}``.
* ``baton handoff show ID [--json|--markdown]`` — one handoff (``ID`` may be a unique prefix).
  ``--markdown``: the rendering that goes into trackers. ``--json``: the wire copy
  (:mod:`app.handoff.wire`) plus ``"local": {"state", "incoming", "failure_reason",
  "remote_url", "transitions": [{"state", "at", "reason"}], "acknowledgements": [{"by", "at",
  "read_back", "question"}]}``.
* ``baton handoff ack ID [--read-back TEXT] [--question TEXT]`` — acknowledge a received one.

Every command takes ``--as NAME`` (who "me" is; default ``me`` in settings.toml). Instants in
JSON are UTC ISO 8601 with ``Z``.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any, TextIO

from app.domain import HandoffState
from app.handoff import wire
from app.handoff.errors import HandoffError
from app.handoff.handoff_file import HandoffFileInvalid, locate_problems, parse_handoff_file
from app.handoff.service import HandoffService
from app.paths import Paths
from app.ports import Clock
from app.settings import SETTINGS_FILE, Settings, load_settings
from app.store.records import HandoffRecord
from app.store.store import Store
from app.store.types import to_utc_text
from app.timeline.holiday_calendar import HolidayCalendar
from app.timeline.roster import Roster


def run_command(args: argparse.Namespace, *, paths: Paths, clock: Clock) -> int:
    """Open the profile at ``paths`` (store, settings, roster) and :func:`run` the command
    (parsers: :func:`app.cli_args.add_handoff_parsers`). The reader's zone and locale come from
    settings, else from this computer. Store errors go to stderr with exit status 2."""
    import os  # noqa: PLC0415 (the process environment is the composition root's; kept local)
    import sys  # noqa: PLC0415

    from app.store import StoreError  # noqa: PLC0415
    from app.store.roster import SqliteRosterStore  # noqa: PLC0415
    from app.timeline.zones import system_zone_name  # noqa: PLC0415
    from app.user_locale import viewer_language  # noqa: PLC0415

    settings, problems = load_settings(paths.config_dir / SETTINGS_FILE)
    for problem in problems:
        sys.stderr.write(f"baton: {problem}\n")
    try:
        store = Store.open(paths.database)
    except StoreError as error:
        sys.stderr.write(f"baton: {error}\n")
        return 2
    try:
        roster_store = SqliteRosterStore(store=store, clock=clock)
        return run(
            args,
            store=store,
            clock=clock,
            roster=roster_store.load,
            settings=settings,
            out=sys.stdout,
            err=sys.stderr,
            viewer_zone=settings.viewer_zone or system_zone_name(environ=os.environ),
            language=settings.locale or viewer_language(os.environ),
        )
    finally:
        store.close()


def run(
    args: argparse.Namespace,
    *,
    store: Store,
    clock: Clock,
    roster: Callable[[], Roster],
    settings: Settings,
    out: TextIO,
    err: TextIO,
    viewer_zone: str = "Etc/UTC",
    language: str = "en_US",
) -> int:
    """Run a ``handoff`` command; returns the exit status (0, 1 or 2).

    ``roster``: a callable returning the current :class:`~app.timeline.roster.Roster`.
    ``viewer_zone``/``language``: the reader's IANA zone and locale for the Markdown view.
    """
    me = args.as_name or settings.me
    service = HandoffService(store, clock, roster, lambda: me, calendar=HolidayCalendar(language=language))
    try:
        action = args.handoff_command
        if action == "new":
            return _new(args, service, now=clock.now(), out=out, err=err)
        if action == "list":
            return _list(service, out, as_json=args.json)
        handoff = service.get(service.resolve_id(args.id))
        if action == "show":
            return _show(args, service, handoff, out=out, viewer_zone=viewer_zone, language=language)
        acked = service.acknowledge(handoff.id, read_back=args.read_back, question=args.question)
        out.write(f"acknowledged {acked.id} from {acked.author}; the sender is told at the next sync\n")
        return 0
    except HandoffError as error:
        err.write(f"baton handoff: {error}\n")
        return 2


def _new(
    args: argparse.Namespace, service: HandoffService, *, now: datetime, out: TextIO, err: TextIO
) -> int:
    path = Path(args.from_file)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        err.write(f"baton handoff: cannot read {path}: {error}\n")
        return 2
    try:
        spec = parse_handoff_file(text, source=str(path))
    except HandoffFileInvalid as invalid:
        for problem in invalid.problems:
            err.write(f"{problem}\n")
        return 1
    draft = service.new_draft(recipient=spec.recipient, recipient_kind=spec.recipient_kind, save=False)
    carried = draft.items if spec.carry_over else ()
    items = []
    for item_spec in spec.items:
        item = item_spec.item
        if item_spec.deadline_working_minutes is not None:
            decider = item_spec.decider or draft.recipient
            deadline = service.propose_deadline(decider, now, item_spec.deadline_working_minutes)
            item = replace(item, deadline_at=deadline)
        items.append(item)
    draft = replace(
        draft,
        title=spec.title,
        urgency=spec.urgency,
        escalation_contact=spec.escalation_contact,
        due_at=spec.due_at or draft.due_at,
        items=carried + tuple(items),
    )
    located = locate_problems(
        service.validate(draft), draft.items, text, source=str(path), carried=len(carried)
    )
    for problem in located:
        err.write(f"{problem}\n")
    if located and not args.draft:
        return 1
    draft = service.save_draft(draft)
    if args.draft:
        out.write(f"saved draft {draft.id} to {draft.recipient or 'nobody yet'}\n")
        return 0
    sent = service.submit(draft.id)
    out.write(f"queued handoff {sent.id} to {sent.recipient}; it is sent at the next sync\n")
    return 0


def _instant(value: datetime | None) -> str | None:
    return None if value is None else to_utc_text(value)


def _summary(handoff: HandoffRecord) -> dict[str, Any]:
    return {
        "id": handoff.id,
        "direction": "incoming" if handoff.incoming else "outgoing",
        "state": handoff.state,
        "urgency": handoff.urgency,
        "title": handoff.title,
        "author": handoff.author,
        "recipient": handoff.recipient,
        "recipient_kind": handoff.recipient_kind,
        "created_at": _instant(handoff.created_at),
        "due_at": _instant(handoff.due_at),
        "failure_reason": handoff.failure_reason,
        "discarded": handoff.discarded_at is not None,
    }


def _list(service: HandoffService, out: TextIO, *, as_json: bool) -> int:
    handoffs = service.inbox() + service.drafts() + service.outgoing()
    if as_json:
        out.write(json.dumps([_summary(h) for h in handoffs], ensure_ascii=False) + "\n")
        return 0
    if not handoffs:
        out.write("no handoffs\n")
    for handoff in handoffs:
        direction = "in " if handoff.incoming else "out"
        people = f"{handoff.author} → {handoff.recipient}"
        reason = f" ({handoff.failure_reason})" if handoff.failure_reason else ""
        out.write(
            f"{handoff.id[:8]}  {direction}  {handoff.state + reason:<14} {handoff.urgency:<7} "
            f"{people:<24} {handoff.title}".rstrip()
            + "\n"
        )
    return 0


def _show(
    args: argparse.Namespace,
    service: HandoffService,
    handoff: HandoffRecord,
    *,
    out: TextIO,
    viewer_zone: str,
    language: str,
) -> int:
    if args.json:
        data = wire.to_wire(handoff)
        data["local"] = {
            "state": handoff.state,
            "incoming": handoff.incoming,
            "failure_reason": handoff.failure_reason,
            "remote_url": handoff.remote_url,
            "transitions": [
                {"state": t.state, "at": _instant(t.at), "reason": t.reason}
                for t in service.transitions(handoff.id)
            ],
            "acknowledgements": [
                {"by": a.by, "at": _instant(a.at), "read_back": a.read_back, "question": a.question}
                for a in service.acknowledgements(handoff.id)
            ],
        }
        out.write(json.dumps(data, ensure_ascii=False) + "\n")
        return 0
    zones = [viewer_zone, *service.zones_for(handoff)]
    out.write(service.render(handoff, zones=zones, locale=language))
    if args.markdown:
        return 0
    state = handoff.state + (f": {handoff.failure_reason}" if handoff.failure_reason else "")
    out.write(f"\nid {handoff.id} · {'incoming' if handoff.incoming else 'outgoing'} · {state}\n")
    for ack in service.acknowledgements(handoff.id):
        out.write(f"acknowledged by {ack.by} at {_instant(ack.at)}\n")
        if ack.read_back:
            out.write(f"  read-back: {ack.read_back}\n")
        if ack.question:
            out.write(f"  question: {ack.question}\n")
    if handoff.incoming and handoff.state != HandoffState.ACKNOWLEDGED:
        out.write(f"acknowledge with: baton handoff ack {handoff.id[:8]}\n")
    return 0
