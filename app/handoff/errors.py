"""Errors of the handoff workflow, one class per thing the user can do something about.

::

    HandoffError
    ├── HandoffNotFound      no handoff with that id (or id prefix)
    ├── AmbiguousHandoffId   an id prefix matches several handoffs (.matches)
    ├── HandoffInvalid       submit refused; .problems lists every validation problem
    ├── MeNotSet             the user's roster name is unknown (Settings.me)
    ├── NotAllowed           the action does not fit the handoff (ack my own handoff, edit a
    │                        submitted one, acknowledge twice …)
    └── NoWorkingTime        a deadline cannot be proposed: the decider has no shifts ahead

:class:`app.handoff.states.IllegalTransition` (a ``ValueError``) is raised by the store for a
state change the state machine forbids; the service checks first, so seeing it means a bug or a
race with the sync engine.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.handoff.validation import Problem


class HandoffError(Exception):
    """Base of the handoff workflow errors; ``str(error)`` is a message for the user."""


class HandoffNotFound(HandoffError, LookupError):
    """No handoff has this id (or id prefix)."""

    def __init__(self, handoff_id: str) -> None:
        super().__init__(f"no handoff {handoff_id!r}")
        self.handoff_id = handoff_id


class AmbiguousHandoffId(HandoffError, LookupError):
    """An id prefix matches more than one handoff; ``matches`` holds their full ids."""

    def __init__(self, prefix: str, matches: Sequence[str]) -> None:
        shown = ", ".join(sorted(matches)[:5])
        super().__init__(f"{prefix!r} matches {len(matches)} handoffs ({shown}); type more of the id")
        self.prefix = prefix
        self.matches = tuple(matches)


class HandoffInvalid(HandoffError, ValueError):
    """Submit refused. ``problems`` is the full list from validation, in handoff order."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        lines = "\n".join(f"- {problem}" for problem in problems)
        super().__init__(f"the handoff is not ready to send:\n{lines}")
        self.problems = tuple(problems)


class MeNotSet(HandoffError):
    """Baton does not know who the user is on the roster."""

    def __init__(self) -> None:
        super().__init__(
            'Baton does not know who you are: set your roster name with `me = "Your Name"` in '
            "settings.toml (in the profile's config directory) or pass --as NAME"
        )


class NotAllowed(HandoffError):
    """The action does not fit this handoff (its state, direction or author)."""


class NoWorkingTime(HandoffError):
    """The decider has no (or not enough) working time in the engine's search window."""
