"""Time engine and team roster: who is working, who is next, and when each handoff is due.

Pure Python (stdlib, zoneinfo with the bundled ``tzdata``, holidays, babel, tomllib/tomli-w).
Modules: ``roster`` (values), ``roster_file``/``roster_csv`` (TOML v1 and CSV with validation),
``zones`` (the one source of ``ZoneInfo``), ``local_time`` (DST rules), ``engine`` (per teammate),
``team`` (team answers), ``holiday_calendar`` (holidays cache owned by the caller), ``format``
(babel display).  The clock is never read: every function takes the instant.
"""

from typing import Protocol

from app.timeline.roster import Roster


class RosterStore(Protocol):
    """Where the current roster lives (the local SQLite store in the app, a fake in tests)."""

    def load(self) -> Roster:
        """The stored roster (an empty ``Roster`` when none was imported yet)."""
        ...

    def replace(self, roster: Roster) -> None:
        """Replace the stored roster with ``roster`` as one transaction."""
        ...
