"""Handoffs in SQLite: the handoff and its items, its state transitions, acknowledgements and
the outbox entries written for it.

Every state change goes through :meth:`HandoffRepository.transition` (or a method built on it),
which checks the state machine of :mod:`app.handoff.states` and writes a timestamped
``handoff_transition`` row in the same transaction. Methods marked *sync engine* are the
contract with ``sync/``: they are idempotent so a retried pull or push never writes twice.
"""

from __future__ import annotations

import builtins
from collections.abc import Collection
from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlmodel import Session, col, delete, select

from app.domain import HandoffState, OutboxState
from app.handoff.states import IllegalTransition, check_transition
from app.store.models import Acknowledgement, Handoff, HandoffItem, HandoffTransition, OutboxEntry
from app.store.outbox import entry_record
from app.store.records import (
    AcknowledgementRecord,
    HandoffItemData,
    HandoffRecord,
    OutboxEntryRecord,
    TransitionRecord,
)
from app.store.types import to_utc_text

if TYPE_CHECKING:
    from app.store.store import Store

_HANDOFF_COLUMNS = (
    "author",
    "recipient",
    "recipient_kind",
    "urgency",
    "escalation_contact",
    "state",
    "failure_reason",
    "created_at",
    "updated_at",
    "due_at",
    "title",
    "author_zone",
    "account_id",
    "remote_id",
    "remote_url",
    "incoming",
    "discarded_at",
)

PUSH_OPERATION = "handoff.push"
"""Outbox operation that writes a handoff to its tracker; payload ``{"handoff": wire dict}``."""
ACK_OPERATION = "handoff.ack"
"""Outbox operation that writes an acknowledgement back to the sender's tracker item."""


def push_key(handoff_id: str) -> str:
    """Idempotency key of the push of handoff ``handoff_id``: ``handoff:{uuid}``."""
    return f"handoff:{handoff_id}"


def ack_key(handoff_id: str, by: str) -> str:
    """Idempotency key of ``by``'s acknowledgement of ``handoff_id``: ``ack:{uuid}:{by}``."""
    return f"ack:{handoff_id}:{by}"


class HandoffRepository:
    """Handoffs, their items, transitions, acknowledgements and outbox entries."""

    def __init__(self, store: Store) -> None:
        self._store = store

    # -- drafts and reading -------------------------------------------------------------

    def save(self, handoff: HandoffRecord) -> None:
        """Insert or replace a handoff and all its items in one transaction (no transition is
        recorded: use this for drafts and for fields that are not the state)."""
        with self._store.session() as session:
            _write(session, handoff)

    def get(self, handoff_id: str) -> HandoffRecord | None:
        """The handoff with this UUID, or ``None``."""
        with self._store.session() as session:
            row = session.get(Handoff, handoff_id)
            return None if row is None else _record(session, row)

    def list(
        self,
        *,
        incoming: bool | None = None,
        states: Collection[str] | None = None,
        discarded: bool | None = False,
    ) -> builtins.list[HandoffRecord]:
        """Handoffs, newest ``created_at`` first. ``incoming``: only received (True) or only
        mine (False), or both (None). ``states``: only these state values. ``discarded``:
        only discarded drafts (True), only live ones (False, the default) or both (None)."""
        statement = select(Handoff)
        if incoming is not None:
            statement = statement.where(col(Handoff.incoming) == incoming)
        if states is not None:
            statement = statement.where(col(Handoff.state).in_(list(states)))
        if discarded is True:
            statement = statement.where(col(Handoff.discarded_at).is_not(None))
        elif discarded is False:
            statement = statement.where(col(Handoff.discarded_at).is_(None))
        statement = statement.order_by(col(Handoff.created_at).desc(), col(Handoff.id))
        with self._store.session() as session:
            return [_record(session, row) for row in session.exec(statement).all()]

    def ids_starting_with(self, prefix: str) -> builtins.list[str]:
        """Full ids of the handoffs whose UUID starts with ``prefix`` (case-insensitive)."""
        pattern = prefix.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        with self._store.session() as session:
            rows = session.exec(select(Handoff.id).where(col(Handoff.id).like(pattern, escape="\\")))
            return sorted(rows.all())

    def set_discarded(self, handoff_id: str, at: datetime | None) -> HandoffRecord:
        """Mark a handoff discarded at ``at`` (aware UTC) or, with ``None``, restore it.
        Raises ``KeyError`` for an unknown id."""
        with self._store.session() as session:
            row = _row(session, handoff_id)
            row.discarded_at = at
            session.add(row)
            return _record(session, row)

    # -- state ------------------------------------------------------------------------

    def transition(
        self, handoff_id: str, state: str, *, at: datetime, reason: str | None = None
    ) -> HandoffRecord:
        """Move a handoff to ``state`` at ``at`` (aware UTC), recording the transition; a
        ``failed`` state keeps ``reason`` as ``failure_reason``, any other clears it.

        Raises ``KeyError`` for an unknown id and
        :class:`~app.handoff.states.IllegalTransition` for a change the state machine forbids.
        """
        with self._store.session() as session:
            row = _row(session, handoff_id)
            _transition(session, row, state, at=at, reason=reason)
            return _record(session, row)

    def transitions(self, handoff_id: str) -> builtins.list[TransitionRecord]:
        """Every recorded state change of a handoff, oldest first."""
        with self._store.session() as session:
            rows = session.exec(
                select(HandoffTransition)
                .where(col(HandoffTransition.handoff_id) == handoff_id)
                .order_by(col(HandoffTransition.at), col(HandoffTransition.id))
            ).all()
            return [TransitionRecord(r.handoff_id, r.state, r.at, r.reason) for r in rows]

    def submit(
        self, handoff: HandoffRecord, *, at: datetime, account_id: int | None, payload: dict[str, Any]
    ) -> HandoffRecord:
        """Save ``handoff`` (a draft), move it to ``queued`` at ``at`` and queue one
        ``handoff.push`` outbox entry with ``payload`` and key ``handoff:{uuid}`` — all in one
        transaction. Raises :class:`~app.handoff.states.IllegalTransition` unless the stored
        handoff is a draft (or new)."""
        with self._store.session() as session:
            stored = session.get(Handoff, handoff.id)
            current = stored.state if stored is not None else HandoffState.DRAFT.value
            check_transition(handoff.id, current, HandoffState.QUEUED.value)
            row = _write(session, replace(handoff, state=current, account_id=account_id))
            _transition(session, row, HandoffState.QUEUED.value, at=at)
            session.add(
                OutboxEntry(
                    operation=PUSH_OPERATION,
                    payload=payload,
                    idempotency_key=push_key(handoff.id),
                    account_id=account_id,
                    handoff_id=handoff.id,
                    state=OutboxState.PENDING.value,
                    created_at=at,
                    updated_at=at,
                )
            )
            return _record(session, row)

    def retry(self, handoff_id: str, *, at: datetime) -> HandoffRecord:
        """Move a ``failed`` handoff back to ``queued`` at ``at`` and make its push outbox
        entry pending again (due now, attempts and last error kept for the record).
        Raises ``KeyError`` / :class:`~app.handoff.states.IllegalTransition`."""
        with self._store.session() as session:
            row = _row(session, handoff_id)
            _transition(session, row, HandoffState.QUEUED.value, at=at)
            entry = session.exec(
                select(OutboxEntry).where(col(OutboxEntry.idempotency_key) == push_key(handoff_id))
            ).first()
            if entry is not None:
                entry.state = OutboxState.PENDING.value
                entry.next_attempt_at = at
                entry.updated_at = at
                session.add(entry)
            return _record(session, row)

    # -- sync engine contract -----------------------------------------------------------

    def mark_synced(
        self, handoff_id: str, *, remote_id: str, remote_url: str | None, account_id: int | None, at: datetime
    ) -> HandoffRecord:
        """*Sync engine*: the push of an outgoing handoff succeeded at ``at`` (aware UTC).
        Stores the tracker item's ``remote_id``/``remote_url`` and ``account_id``; a
        ``queued`` or ``failed`` (a late success report) handoff becomes ``synced``.
        Idempotent: an already ``synced`` or ``acknowledged`` handoff only gets the remote
        fields updated (no transition).
        Does not touch the outbox entry (the sync engine marks it done).

        Raises ``KeyError`` for an unknown id, :class:`~app.handoff.states.IllegalTransition`
        for a draft.
        """
        with self._store.session() as session:
            row = _row(session, handoff_id)
            row.remote_id, row.remote_url, row.account_id = remote_id, remote_url, account_id
            if row.state not in {HandoffState.SYNCED.value, HandoffState.ACKNOWLEDGED.value}:
                _transition(session, row, HandoffState.SYNCED.value, at=at)
            session.add(row)
            return _record(session, row)

    def mark_failed(self, handoff_id: str, reason: str, *, at: datetime) -> HandoffRecord:
        """*Sync engine*: the push failed for good at ``at`` (aware UTC); ``reason`` is shown to
        the user and should say what to do ("the tracker refused the token: sign in again").
        ``queued`` (or already ``failed``) → ``failed``.

        Raises ``KeyError`` / :class:`~app.handoff.states.IllegalTransition` (e.g. for a
        handoff that is already synced).
        """
        with self._store.session() as session:
            row = _row(session, handoff_id)
            _transition(session, row, HandoffState.FAILED.value, at=at, reason=reason)
            return _record(session, row)

    def receive(
        self,
        handoff: HandoffRecord,
        *,
        remote_id: str | None,
        remote_url: str | None,
        account_id: int | None,
        at: datetime,
    ) -> bool:
        """*Sync engine*: store a handoff pulled from a tracker (typically
        :func:`app.handoff.wire.from_wire` output) as ``incoming`` and ``synced``, received at
        ``at`` (aware UTC), with a ``synced`` transition. Returns ``False`` and changes nothing
        when a handoff with that UUID is already stored (so a re-pull never overwrites the
        local acknowledgement)."""
        with self._store.session() as session:
            if session.get(Handoff, handoff.id) is not None:
                return False
            record = replace(
                handoff,
                incoming=True,
                state=HandoffState.SYNCED.value,
                failure_reason=None,
                remote_id=remote_id,
                remote_url=remote_url,
                account_id=account_id,
                updated_at=at,
                discarded_at=None,
            )
            row = _write(session, record)
            session.add(HandoffTransition(handoff_id=row.id, state=row.state, at=at))
            return True

    def record_acknowledgement(
        self,
        handoff_id: str,
        *,
        by: str,
        at: datetime,
        read_back: str | None,
        question: str | None,
        remote_id: str | None,
    ) -> bool:
        """*Sync engine*: an acknowledgement pulled from the tracker. Stores it and, for an
        outgoing handoff, moves the state to ``acknowledged`` at ``at`` (aware UTC).

        Idempotent; returns ``False`` when it was already known: same ``remote_id``; or an
        acknowledgement by ``by`` without a remote id yet (the local one, which then gets
        ``remote_id``); or the same ``by`` and ``at``. Raises ``KeyError`` for an unknown id.
        """
        with self._store.session() as session:
            row = _row(session, handoff_id)
            known = session.exec(
                select(Acknowledgement).where(col(Acknowledgement.handoff_id) == handoff_id)
            ).all()
            duplicate = next(
                (
                    ack
                    for ack in known
                    if (remote_id is not None and ack.remote_id == remote_id)
                    or (ack.by == by and (ack.remote_id is None or ack.at == at))
                ),
                None,
            )
            if duplicate is not None:
                if duplicate.remote_id is None and remote_id is not None:
                    duplicate.remote_id = remote_id
                    session.add(duplicate)
                return False
            session.add(
                Acknowledgement(
                    handoff_id=handoff_id,
                    by=by,
                    at=at,
                    read_back=read_back,
                    question=question,
                    remote_id=remote_id,
                )
            )
            if not row.incoming and row.state != HandoffState.ACKNOWLEDGED.value:
                _transition(session, row, HandoffState.ACKNOWLEDGED.value, at=at)
            return True

    # -- acknowledgements ---------------------------------------------------------------

    def acknowledge(
        self, handoff_id: str, *, by: str, at: datetime, read_back: str | None, question: str | None
    ) -> AcknowledgementRecord:
        """Acknowledge an incoming handoff locally: ``acknowledgement`` row, state
        ``acknowledged`` at ``at`` (aware UTC), and one ``handoff.ack`` outbox entry (key
        ``ack:{uuid}:{by}``, payload ``{"handoff_id", "remote_id", "remote_url", "by", "at",
        "read_back", "question"}``, the handoff's account) — one transaction.

        Raises ``KeyError`` / :class:`~app.handoff.states.IllegalTransition` (already
        acknowledged, or not yet delivered).
        """
        with self._store.session() as session:
            row = _row(session, handoff_id)
            _transition(session, row, HandoffState.ACKNOWLEDGED.value, at=at)
            ack = Acknowledgement(handoff_id=handoff_id, by=by, at=at, read_back=read_back, question=question)
            session.add(ack)
            session.add(
                OutboxEntry(
                    operation=ACK_OPERATION,
                    payload={
                        "handoff_id": handoff_id,
                        "remote_id": row.remote_id,
                        "remote_url": row.remote_url,
                        "by": by,
                        "at": to_utc_text(at),
                        "read_back": read_back,
                        "question": question,
                    },
                    idempotency_key=ack_key(handoff_id, by),
                    account_id=row.account_id,
                    handoff_id=handoff_id,
                    state=OutboxState.PENDING.value,
                    created_at=at,
                    updated_at=at,
                )
            )
            return _ack_record(ack)

    def acknowledgements(self, handoff_id: str) -> builtins.list[AcknowledgementRecord]:
        """Acknowledgements of a handoff, oldest first."""
        with self._store.session() as session:
            rows = session.exec(
                select(Acknowledgement)
                .where(col(Acknowledgement.handoff_id) == handoff_id)
                .order_by(col(Acknowledgement.at), col(Acknowledgement.id))
            ).all()
            return [_ack_record(r) for r in rows]

    def outbox_entries(self, handoff_id: str) -> builtins.list[OutboxEntryRecord]:
        """The outbox entries written for a handoff, in creation order (read-only view)."""
        with self._store.session() as session:
            rows = session.exec(
                select(OutboxEntry)
                .where(col(OutboxEntry.handoff_id) == handoff_id)
                .order_by(col(OutboxEntry.id))
            ).all()
            return [entry_record(r) for r in rows]


def _row(session: Session, handoff_id: str) -> Handoff:
    row = session.get(Handoff, handoff_id)
    if row is None:
        raise KeyError(handoff_id)
    return row


def _transition(
    session: Session, row: Handoff, state: str, *, at: datetime, reason: str | None = None
) -> None:
    check_transition(row.id, row.state, state)
    if state == HandoffState.FAILED.value and not reason:
        raise IllegalTransition(row.id, row.state, f"{state} without a reason")
    row.state = state
    row.failure_reason = reason if state == HandoffState.FAILED.value else None
    row.updated_at = max(row.updated_at, at)
    session.add(row)
    session.add(HandoffTransition(handoff_id=row.id, state=state, at=at, reason=reason))


def _write(session: Session, handoff: HandoffRecord) -> Handoff:
    row = session.get(Handoff, handoff.id) or Handoff(
        id=handoff.id, author=handoff.author, recipient=handoff.recipient
    )
    for name in _HANDOFF_COLUMNS:
        setattr(row, name, getattr(handoff, name))
    session.add(row)
    session.exec(delete(HandoffItem).where(col(HandoffItem.handoff_id) == handoff.id))
    for position, item in enumerate(handoff.items):
        session.add(HandoffItem(handoff_id=handoff.id, position=position, **vars(item)))
    session.flush()
    return row


def _record(session: Session, row: Handoff) -> HandoffRecord:
    items = session.exec(
        select(HandoffItem).where(col(HandoffItem.handoff_id) == row.id).order_by(col(HandoffItem.position))
    ).all()
    return HandoffRecord(
        id=row.id,
        items=tuple(
            HandoffItemData(
                section=i.section,
                text=i.text,
                flag=i.flag,
                owner=i.owner,
                deadline_at=i.deadline_at,
                due_at=i.due_at,
                task_id=i.task_id,
                ref=i.ref,
            )
            for i in items
        ),
        **{name: getattr(row, name) for name in _HANDOFF_COLUMNS},
    )


def _ack_record(row: Acknowledgement) -> AcknowledgementRecord:
    return AcknowledgementRecord(
        handoff_id=row.handoff_id,
        by=row.by,
        at=row.at,
        read_back=row.read_back,
        question=row.question,
        remote_id=row.remote_id,
    )
