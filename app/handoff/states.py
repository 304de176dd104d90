"""The handoff state machine.

::

    draft ──submit──▶ queued ──push ok──▶ synced ──ack──▶ acknowledged
                        │  ▲                 │
               push failed  retry            └─ (an incoming handoff arrives as ``synced``)
                        ▼  │
                       failed

* ``draft → queued``: the author submits; an outbox entry is written in the same transaction.
* ``queued → synced``: the sync engine wrote the handoff to the tracker.
* ``queued → failed``: the sync engine gave up; ``failed`` always carries a reason the user can
  act on. ``failed → failed`` replaces the reason (a later attempt failed differently).
* ``failed → queued``: the user retries. ``failed → synced``: a late success report (the
  write went through after all; the idempotency key made sure it happened once).
* ``synced → acknowledged``: the recipient acknowledged. An acknowledgement also proves
  delivery, so ``queued → acknowledged`` and ``failed → acknowledged`` are allowed too (the ack
  can be pulled before the push result was recorded, e.g. after a crash mid-push).

Every transition is timestamped in ``handoff_transition`` (the source of handoff-latency
metrics). Anything else raises :class:`IllegalTransition`.
"""

from __future__ import annotations

from collections.abc import Mapping

from app.domain import HandoffState

_DRAFT, _QUEUED, _SYNCED, _ACK, _FAILED = (
    HandoffState.DRAFT,
    HandoffState.QUEUED,
    HandoffState.SYNCED,
    HandoffState.ACKNOWLEDGED,
    HandoffState.FAILED,
)

TRANSITIONS: Mapping[HandoffState, frozenset[HandoffState]] = {
    _DRAFT: frozenset({_QUEUED}),
    _QUEUED: frozenset({_SYNCED, _FAILED, _ACK}),
    _SYNCED: frozenset({_ACK}),
    _FAILED: frozenset({_QUEUED, _FAILED, _SYNCED, _ACK}),
    _ACK: frozenset(),
}
"""For each state, the states it may move to."""


class IllegalTransition(ValueError):
    """A state change the state machine does not allow. ``handoff_id``, ``current`` and
    ``wanted`` name it; the message says so in words."""

    def __init__(self, handoff_id: str, current: str, wanted: str) -> None:
        super().__init__(f"handoff {handoff_id} is {current}; it cannot become {wanted}")
        self.handoff_id = handoff_id
        self.current = current
        self.wanted = wanted


def can_transition(current: str, wanted: str) -> bool:
    """True when a handoff in state ``current`` may move to ``wanted`` (state values as
    stored). Unknown states are never allowed."""
    try:
        return HandoffState(wanted) in TRANSITIONS[HandoffState(current)]
    except ValueError:
        return False


def check_transition(handoff_id: str, current: str, wanted: str) -> None:
    """Raise :class:`IllegalTransition` unless ``current → wanted`` is allowed."""
    if not can_transition(current, wanted):
        raise IllegalTransition(handoff_id, current, wanted)
