"""The state machine: the allowed paths and nothing else."""

from __future__ import annotations

import itertools

import pytest

from app.domain import HandoffState
from app.handoff.states import TRANSITIONS, IllegalTransition, can_transition, check_transition

ALLOWED = {
    ("draft", "queued"),
    ("queued", "synced"),
    ("queued", "failed"),
    ("queued", "acknowledged"),
    ("synced", "acknowledged"),
    ("failed", "queued"),
    ("failed", "failed"),
    ("failed", "synced"),
    ("failed", "acknowledged"),
}


@pytest.mark.parametrize(("current", "wanted"), list(itertools.product(HandoffState, repeat=2)))
def test_exactly_the_documented_transitions_are_allowed(current: HandoffState, wanted: HandoffState) -> None:
    allowed = (current.value, wanted.value) in ALLOWED
    assert can_transition(current, wanted) is allowed
    if allowed:
        check_transition("h1", current, wanted)
    else:
        with pytest.raises(IllegalTransition) as raised:
            check_transition("h1", current, wanted)
        assert (raised.value.handoff_id, raised.value.current, raised.value.wanted) == ("h1", current, wanted)
        assert str(raised.value) == f"handoff h1 is {current}; it cannot become {wanted}"


def test_acknowledged_is_final_and_unknown_states_are_refused() -> None:
    assert TRANSITIONS[HandoffState.ACKNOWLEDGED] == frozenset()
    assert not can_transition("draft", "sent")
    assert not can_transition("lost", "queued")
