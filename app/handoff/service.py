"""The handoff workflow as the form, the inbox, the tray and the CLI use it.

:class:`HandoffService` writes drafts as the user types, submits them to the outbox (never
touching the network), lists the inbox and the outgoing handoffs and acknowledges incoming ones.
The rules live in :mod:`app.handoff.validation`, :mod:`app.handoff.planning`,
:mod:`app.handoff.states`; storage in :class:`app.store.handoffs.HandoffRepository`.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import datetime

from app.domain import HandoffState, RecipientKind, Urgency
from app.handoff import planning, wire
from app.handoff.errors import AmbiguousHandoffId, HandoffInvalid, HandoffNotFound, MeNotSet, NotAllowed
from app.handoff.planning import Recipient
from app.handoff.render import render_markdown
from app.handoff.templates import BUILT_IN, Template, apply_template
from app.handoff.validation import Problem, validate
from app.ports import Clock
from app.store.records import AcknowledgementRecord, HandoffRecord, TransitionRecord
from app.store.store import Store
from app.timeline.engine import next_cutoff
from app.timeline.holiday_calendar import HolidayCalendar
from app.timeline.roster import Roster, Teammate

_URGENCY_RANK = {Urgency.URGENT.value: 0, Urgency.HIGH.value: 1, Urgency.NORMAL.value: 2}


class HandoffService:
    """Drafts, submission, inbox and acknowledgement for the user ``me``.

    ``store``: the open profile store. ``clock``: the time (aware UTC). ``roster``: returns the
    current roster (called on every use, so edits show at once). ``me``: returns the user's
    roster name or ``None`` (``Settings.me``). ``calendar``: public holidays (default: English
    names).

    Errors: :class:`~app.handoff.errors.HandoffNotFound`, :class:`~app.handoff.errors.MeNotSet`,
    :class:`~app.handoff.errors.NotAllowed`, :class:`~app.handoff.errors.HandoffInvalid`,
    :class:`~app.handoff.errors.NoWorkingTime` (all :class:`~app.handoff.errors.HandoffError`).
    """

    def __init__(
        self,
        store: Store,
        clock: Clock,
        roster: Callable[[], Roster],
        me: Callable[[], str | None],
        *,
        calendar: HolidayCalendar | None = None,
    ) -> None:
        self._store = store
        self._clock = clock
        self._roster = roster
        self._me = me
        self._calendar = calendar or HolidayCalendar(language="en_US")

    # -- who and when -------------------------------------------------------------------

    def me(self) -> str:
        """The user's roster name. Raises :class:`MeNotSet` when it is not configured."""
        name = (self._me() or "").strip()
        if not name:
            raise MeNotSet
        return name

    def _teammate(self, name: str) -> Teammate | None:
        return next((t for t in self._roster().teammates if t.name == name), None)

    def suggest_recipient(self, kind: str = RecipientKind.TEAMMATE.value) -> Recipient | None:
        """The next teammate (or, with ``kind="team"``, team) coming online after my shift;
        see :func:`app.handoff.planning.suggest_recipient`."""
        return planning.suggest_recipient(
            self._roster(), self.me(), self._clock.now(), calendar=self._calendar, kind=kind
        )

    def propose_deadline(self, decider: str, after: datetime, working_minutes: int) -> datetime:
        """When ``decider`` will have worked ``working_minutes`` minutes after aware ``after``
        (aware UTC), counting only their working hours. Raises :class:`NotAllowed` when the
        decider is not on the roster, :class:`NoWorkingTime` / ``ValueError`` as
        :func:`app.handoff.planning.propose_deadline`."""
        teammate = self._teammate(decider)
        if teammate is None:
            raise NotAllowed(f"{decider!r} is not on the roster, so Baton cannot count their working hours")
        return planning.propose_deadline(teammate, after, working_minutes, calendar=self._calendar)

    def last_received(self) -> HandoffRecord | None:
        """The newest incoming handoff addressed to me or my team (the carry-over source)."""
        me = self.me()
        teammate = self._teammate(me)
        team = teammate.team if teammate is not None else ""
        return planning.last_received(self._store.handoffs.list(incoming=True), me, team)

    # -- drafts -------------------------------------------------------------------------

    def new_draft(
        self, recipient: str | None = None, recipient_kind: str | None = None, *, save: bool = True
    ) -> HandoffRecord:
        """Create and store a new draft by me.

        ``recipient``/``recipient_kind`` default to :meth:`suggest_recipient` (empty recipient
        when nobody else is on the roster); ``due_at`` is my next handoff cutoff; unresolved
        risks, decisions and next actions of :meth:`last_received` are carried over.
        ``save=False`` returns it without storing it (pass it to :meth:`save_draft` later).
        Raises :class:`MeNotSet`.
        """
        me = self.me()
        now = self._clock.now()
        kind = recipient_kind or RecipientKind.TEAMMATE.value
        if recipient is None:
            suggestion = self.suggest_recipient(kind)
            recipient = suggestion.name if suggestion is not None else ""
        teammate = self._teammate(me)
        draft = HandoffRecord(
            id=str(uuid.uuid4()),
            author=me,
            author_zone=teammate.zone if teammate is not None else None,
            recipient=recipient,
            recipient_kind=kind,
            created_at=now,
            updated_at=now,
            due_at=next_cutoff(teammate, now, calendar=self._calendar) if teammate is not None else None,
            items=planning.carry_over(self.last_received()),
        )
        if save:
            self._store.handoffs.save(draft)
        return draft

    def save_draft(self, handoff: HandoffRecord) -> HandoffRecord:
        """Store ``handoff`` as a draft (new or existing), with ``updated_at`` = now. Returns
        what was stored. Raises :class:`NotAllowed` for a handoff that is no longer a draft or
        that was received."""
        stored = self._store.handoffs.get(handoff.id)
        if handoff.incoming or (
            stored is not None and (stored.incoming or stored.state != HandoffState.DRAFT)
        ):
            raise NotAllowed("only your own drafts can be edited; this handoff was already sent or received")
        saved = replace(handoff, state=HandoffState.DRAFT.value, updated_at=self._clock.now())
        self._store.handoffs.save(saved)
        return saved

    def drafts(self) -> list[HandoffRecord]:
        """My drafts that are not discarded, most recently edited first."""
        found = self._store.handoffs.list(incoming=False, states=[HandoffState.DRAFT.value])
        return sorted(found, key=lambda h: h.updated_at, reverse=True)

    def discarded(self) -> list[HandoffRecord]:
        """Discarded drafts (restorable with :meth:`restore`), most recently discarded first."""
        found = self._store.handoffs.list(incoming=False, states=[HandoffState.DRAFT.value], discarded=True)
        return sorted(found, key=lambda h: h.discarded_at or h.updated_at, reverse=True)

    def discard(self, handoff_id: str) -> HandoffRecord:
        """Discard a draft (soft: :meth:`restore` undoes it). Raises :class:`NotAllowed` for a
        handoff that is not one of my drafts."""
        self._own_draft(handoff_id)
        return self._store.handoffs.set_discarded(handoff_id, self._clock.now())

    def restore(self, handoff_id: str) -> HandoffRecord:
        """Undo :meth:`discard`. Raises :class:`NotAllowed` for a handoff that is not a draft."""
        self._own_draft(handoff_id)
        return self._store.handoffs.set_discarded(handoff_id, None)

    def _own_draft(self, handoff_id: str) -> HandoffRecord:
        handoff = self.get(handoff_id)
        if handoff.incoming or handoff.state != HandoffState.DRAFT:
            raise NotAllowed(f"handoff {handoff_id} is not a draft ({handoff.state})")
        return handoff

    # -- reading ------------------------------------------------------------------------

    def get(self, handoff_id: str) -> HandoffRecord:
        """The handoff with this UUID. Raises :class:`HandoffNotFound`."""
        handoff = self._store.handoffs.get(handoff_id)
        if handoff is None:
            raise HandoffNotFound(handoff_id)
        return handoff

    def resolve_id(self, prefix: str) -> str:
        """The full UUID of the one handoff whose id starts with ``prefix``. Raises
        :class:`HandoffNotFound` or :class:`AmbiguousHandoffId`."""
        text = prefix.strip()
        matches = self._store.handoffs.ids_starting_with(text) if text else []
        if not matches:
            raise HandoffNotFound(prefix)
        if len(matches) > 1 and text.lower() not in matches:
            raise AmbiguousHandoffId(prefix, matches)
        return text.lower() if text.lower() in matches else matches[0]

    def inbox(self) -> list[HandoffRecord]:
        """Received handoffs: not yet acknowledged first, by urgency (urgent, high, normal) and
        then oldest first (it has waited longest); acknowledged ones after, newest first."""
        received = self._store.handoffs.list(incoming=True)
        waiting = [h for h in received if h.state != HandoffState.ACKNOWLEDGED]
        done = [h for h in received if h.state == HandoffState.ACKNOWLEDGED]
        waiting.sort(key=lambda h: (_URGENCY_RANK.get(h.urgency, 3), h.created_at))
        done.sort(key=lambda h: h.created_at, reverse=True)
        return waiting + done

    def outgoing(self) -> list[HandoffRecord]:
        """My submitted handoffs (queued, synced, failed, acknowledged), newest first."""
        return [h for h in self._store.handoffs.list(incoming=False) if h.state != HandoffState.DRAFT]

    def transitions(self, handoff_id: str) -> list[TransitionRecord]:
        """The timestamped state changes of a handoff, oldest first."""
        self.get(handoff_id)
        return self._store.handoffs.transitions(handoff_id)

    def acknowledgements(self, handoff_id: str) -> list[AcknowledgementRecord]:
        """Acknowledgements of a handoff, oldest first."""
        self.get(handoff_id)
        return self._store.handoffs.acknowledgements(handoff_id)

    def task_titles(self, handoff: HandoffRecord) -> dict[str, str]:
        """Titles of the cached tasks attached to ``handoff``, keyed by ``str(task_id)`` and by
        the task's key (the shape :func:`app.handoff.render.render_markdown` takes)."""
        ids = sorted({item.task_id for item in handoff.items if item.task_id is not None})
        titles: dict[str, str] = {}
        for task in self._store.tasks.get(ids):
            titles[str(task.id)] = task.data.title
            titles[task.data.key] = task.data.title
        # items that travelled from another Baton carry only the key (local ids do not travel)
        keys = {item.ref for item in handoff.items if item.ref and item.ref not in titles}
        for task in self._store.tasks.with_keys(keys):
            titles.setdefault(task.data.key, task.data.title)
        return titles

    def render(self, handoff: HandoffRecord, *, zones: Sequence[str] = (), locale: str = "en") -> str:
        """:func:`app.handoff.render.render_markdown` with the attached tasks' titles; ``zones``
        defaults to mine, the author's and the recipient's zones (where known)."""
        chosen = list(zones) or self.zones_for(handoff)
        return render_markdown(handoff, zones=chosen, locale=locale, task_titles=self.task_titles(handoff))

    def zones_for(self, handoff: HandoffRecord) -> list[str]:
        """My zone, the author's, a teammate recipient's and every item owner's (deciders,
        action owners) zone, without repeats (``UTC`` when none is known), so each participant
        reads deadlines in their own local time."""
        zones: list[str] = []
        me = self._teammate((self._me() or "").strip())
        recipient = (
            self._teammate(handoff.recipient) if handoff.recipient_kind == RecipientKind.TEAMMATE else None
        )
        owners = [self._teammate(item.owner) for item in handoff.items if item.owner]
        for name in (
            me.zone if me else None,
            handoff.author_zone,
            recipient.zone if recipient else None,
            *(owner.zone for owner in owners if owner is not None),
        ):
            if name and name not in zones:
                zones.append(name)
        return zones or ["UTC"]

    # -- validation and submission --------------------------------------------------------

    def validate(self, handoff: HandoffRecord) -> list[Problem]:
        """Every reason ``handoff`` cannot be sent yet (see :mod:`app.handoff.validation`)."""
        return validate(handoff, roster=self._roster())

    def submit(self, handoff_id: str, *, account_id: int | None = None) -> HandoffRecord:
        """Queue my draft for sending: state ``queued`` and one ``handoff.push`` outbox entry
        (payload ``{"handoff": wire.to_wire(h)}``, key ``handoff:{uuid}``) in one transaction.
        Works offline. Attached tasks without ``ref`` get their tracker key as ``ref`` (so the
        recipient sees them). ``account_id``: the tracker account to push to; default the only
        account, else none (the sync engine decides).

        Raises :class:`HandoffInvalid` with every problem, :class:`NotAllowed` for a handoff
        that is not a live draft of mine or an unknown account, :class:`HandoffNotFound`.
        """
        handoff = self.get(handoff_id)
        if handoff.incoming or handoff.state != HandoffState.DRAFT:
            raise NotAllowed(f"handoff {handoff_id} was already submitted ({handoff.state})")
        if handoff.discarded_at is not None:
            raise NotAllowed(f"handoff {handoff_id} was discarded; restore it before sending")
        problems = self.validate(handoff)
        if problems:
            raise HandoffInvalid(problems)
        accounts = [account.id for account in self._store.accounts.list()]
        if account_id is not None and account_id not in accounts:
            raise NotAllowed(f"there is no tracker account with id {account_id}")
        if account_id is None and len(accounts) == 1:
            account_id = accounts[0]
        handoff = self._with_task_refs(handoff)
        now = self._clock.now()
        return self._store.handoffs.submit(
            handoff, at=now, account_id=account_id, payload={"handoff": wire.to_wire(handoff)}
        )

    def _with_task_refs(self, handoff: HandoffRecord) -> HandoffRecord:
        ids = [item.task_id for item in handoff.items if item.task_id is not None and item.ref is None]
        keys = {task.id: task.data.key for task in self._store.tasks.get(ids)}
        items = tuple(
            replace(item, ref=keys[item.task_id])
            if item.ref is None and item.task_id is not None and item.task_id in keys
            else item
            for item in handoff.items
        )
        return replace(handoff, items=items)

    def retry(self, handoff_id: str) -> HandoffRecord:
        """Send a ``failed`` handoff again (``failed → queued``; its outbox entry is pending
        again). Raises :class:`NotAllowed` for any other state."""
        handoff = self.get(handoff_id)
        if handoff.incoming or handoff.state != HandoffState.FAILED:
            raise NotAllowed(f"only a failed handoff can be retried; {handoff_id} is {handoff.state}")
        return self._store.handoffs.retry(handoff_id, at=self._clock.now())

    # -- receiving ----------------------------------------------------------------------

    def acknowledge(
        self, handoff_id: str, *, read_back: str | None = None, question: str | None = None
    ) -> HandoffRecord:
        """Acknowledge a received handoff as me, with an optional ``read_back`` of the top next
        actions and a ``question`` back to the sender (blank text counts as none). State
        ``acknowledged`` locally at once; a ``handoff.ack`` outbox entry (key
        ``ack:{uuid}:{me}``) carries it to the sender's tracker item.

        Raises :class:`MeNotSet`, :class:`HandoffNotFound`, :class:`NotAllowed` (my own
        handoff, or already acknowledged).
        """
        me = self.me()
        handoff = self.get(handoff_id)
        if not handoff.incoming:
            raise NotAllowed("you cannot acknowledge a handoff you sent; the recipient does")
        if handoff.state == HandoffState.ACKNOWLEDGED:
            raise NotAllowed(f"handoff {handoff_id} is already acknowledged")
        self._store.handoffs.acknowledge(
            handoff_id,
            by=me,
            at=self._clock.now(),
            read_back=(read_back or "").strip() or None,
            question=(question or "").strip() or None,
        )
        return self.get(handoff_id)

    # -- templates ----------------------------------------------------------------------

    def templates(self) -> tuple[Template, ...]:
        """The team templates, in menu order (built-in ones; see :mod:`app.handoff.templates`)."""
        return BUILT_IN

    def apply_template(self, handoff: HandoffRecord, key: str) -> HandoffRecord:
        """``handoff`` with template ``key`` applied (not saved; pass it to :meth:`save_draft`).
        Raises :class:`NotAllowed` for an unknown key."""
        template = next((t for t in self.templates() if t.key == key), None)
        if template is None:
            raise NotAllowed(f"there is no template {key!r}")
        return apply_template(handoff, template)
