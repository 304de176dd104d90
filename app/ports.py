"""Ports: the outside things the core talks to, as Protocols.

Each port has a real adapter and a fake for tests that pass one shared contract test
(``tests/test_ports.py``). Adapters that need third-party I/O live in ``sync/`` or ``ui/``;
the clock, being plain Python, lives in :mod:`app.clock`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Protocol


class Clock(Protocol):
    """Tells the time. ``now()`` returns an aware datetime in UTC."""

    def now(self) -> datetime: ...
