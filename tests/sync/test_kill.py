"""The kill test: SIGKILL a syncing process at random points, then sync to completion against
the real Redmine — zero duplicates, zero lost handoffs, no duplicate task comments.

Each of the 50 runs queues one to three new handoffs (each attaching the same task), starts a
process that runs one sync pass, waits until it is about to talk to Redmine, sleeps a random
0–450 ms (seeded RNG) and SIGKILLs it. Queued work accumulates across runs, so kills land in
every phase: finding, uploading, creating, commenting, marking done, pulling.
"""

from __future__ import annotations

import logging
import multiprocessing
import random
import signal
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import pytest

from app.clock import SystemClock
from app.domain import HandoffState, Section
from app.store.records import HandoffItemData, TaskData
from app.store.store import Store
from sync.credentials import SessionSecretStore
from sync.factory import build_engine, close_sessions
from tests.sync import kill_worker
from tests.sync.conftest import FAST_RETRY, Redmine, make_handoff, submit

pytestmark = pytest.mark.slow
log = logging.getLogger(__name__)

RUNS = 50
SEED = 6_2026


def test_sigkill_at_random_points_never_duplicates_or_loses_a_handoff(
    tmp_path: Path, redmine: Redmine, project: str
) -> None:
    rng = random.Random(SEED)
    database = tmp_path / "kill" / "baton.sqlite3"
    store = Store.open(database)
    now = datetime.now(UTC)
    account = store.accounts.add(
        name="ops", kind="redmine", base_url=redmine.url, project=project, scope="project", at=now
    )
    task_number = redmine.new_issue(project, "The shared task every handoff attaches")
    store.tasks.upsert_many(
        account.id, [TaskData(external_id=str(task_number), key=f"#{task_number}", title="shared")]
    )
    [task] = store.tasks.get([1])
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["tests.sync.kill_worker"])
    queued: list[str] = []
    outcomes: Counter[str] = Counter()
    started = time.monotonic()
    try:
        for _ in range(RUNS):
            for _ in range(rng.randint(1, 3)):
                handoff = make_handoff(
                    items=(
                        HandoffItemData(
                            section=Section.IN_PROGRESS.value, text="shared task", task_id=task.id
                        ),
                    )
                )
                submit(store, handoff, account_id=account.id, at=datetime.now(UTC))
                queued.append(handoff.id)
            ready = context.Event()
            worker = context.Process(
                target=kill_worker.sync_once, args=(database, "ops", redmine.api_key, ready)
            )
            worker.start()
            assert ready.wait(30), "the sync process did not start"
            time.sleep(rng.uniform(0.0, 0.45))
            worker.kill()
            worker.join(10)
            outcomes["killed" if worker.exitcode == -signal.SIGKILL else f"exited {worker.exitcode}"] += 1
        kill_seconds = time.monotonic() - started

        secrets = SessionSecretStore()
        secrets.set("ops", redmine.api_key)
        engine, sessions = build_engine(
            store=store, secrets=secrets, clock=SystemClock(), me="Ana", retry=FAST_RETRY
        )
        summary = engine.run(force=True)
        close_sessions(sessions)
    finally:
        store.close()

    log.info(
        "kill test: %d runs, %d handoffs, %s, %.1f s of kills; the final pass sent %d",
        RUNS,
        len(queued),
        dict(outcomes),
        kill_seconds,
        summary.accounts[0].pushed,
    )
    assert summary.ok, summary.lines()
    assert outcomes["killed"] >= RUNS * 0.6, f"most runs must be killed mid-sync: {dict(outcomes)}"
    reopened = Store.open(database)
    try:
        states = Counter(h.state for h in (reopened.handoffs.get(i) for i in queued) if h is not None)
        assert states == {HandoffState.SYNCED.value: len(queued)}, "zero lost handoffs"
        assert reopened.outbox.counts() == {"pending": 0, "done": len(queued), "failed": 0}
        remote_ids = {reopened.handoffs.get(i).remote_id for i in queued}  # type: ignore[union-attr]
    finally:
        reopened.close()
    issues = [i for i in redmine.issues(project, include="attachments") if i["id"] != task_number]
    copies = Counter(a["filename"] for i in issues for a in i["attachments"])
    assert len(issues) == len(queued), "zero duplicate issues"
    assert copies == {f"baton-handoff-{i}.json": 1 for i in queued}
    assert {str(i["id"]) for i in issues} == remote_ids
    journals = redmine.api("GET", f"/issues/{task_number}.json?include=journals")["issue"]["journals"]
    comments = Counter(j["notes"].rsplit("Baton handoff ", 1)[-1].rstrip(")") for j in journals if j["notes"])
    assert comments == dict.fromkeys(queued, 1), "one link comment per handoff on the attached task"
