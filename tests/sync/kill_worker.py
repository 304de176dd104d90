"""The process the kill test starts and SIGKILLs: one sync pass over a profile's database.

Started through a ``forkserver`` context that has already imported this module (and with it
SQLAlchemy, httpx and Baton), so each run costs milliseconds instead of a second of imports.
The token arrives through the pickled arguments (a pipe), never through argv or a file.
"""

from __future__ import annotations

from multiprocessing.synchronize import Event
from pathlib import Path

from app.clock import SystemClock
from app.store.store import Store
from sync.credentials import SessionSecretStore
from sync.factory import build_engine, close_sessions
from sync.http import RetryPolicy


def sync_once(database: Path, account: str, token: str, ready: Event) -> None:
    """Open the store, build the engine, say ready, run one forced pass."""
    store = Store.open(database)
    secrets = SessionSecretStore()
    secrets.set(account, token)
    engine, sessions = build_engine(
        store=store,
        secrets=secrets,
        clock=SystemClock(),
        me="Ana",
        retry=RetryPolicy(attempts=2, wait_initial=0.01, wait_max=0.05, wait_jitter=0.01),
    )
    ready.set()
    try:
        engine.run(force=True)
    finally:
        close_sessions(sessions)
        store.close()
