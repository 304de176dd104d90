"""Sync benchmark against the local Redmine testbed (``packaging/redmine-testbed``).

1. A fresh project gets 10 000 issues written straight into Redmine's SQLite database (one
   ``INSERT … WITH RECURSIVE`` statement, ~0.1 s, instead of 10 000 POSTs).
2. Initial pull (``RedmineAdapter.pull_tasks``, 100 pages): the client's CPU time per 1 000
   issues (HTTP, JSON, mapping into ``TaskData``), as a ratio against ``json.loads`` alone over the
   very same page bodies; plus the wall time of a full engine pass that also stores them.
3. Requests a sync makes when nothing changed: with a long-lived engine (the UI's worker keeps
   its adapters) and with a fresh one (``baton sync``: one who-am-I first, see
   :meth:`RedmineAdapter._signed_in`).

Run: ``.venv/bin/python -m benchmarks.sync [--issues N]``; prints one JSON object.
The GUI stall figure is measured by the UI benchmark.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx

from app.clock import SystemClock
from app.store.store import Store
from sync.credentials import SessionSecretStore
from sync.factory import build_adapter, build_engine, close_sessions
from sync.protocol import Cursor
from sync.redmine.adapter import RedmineAdapter

STATE = Path("/tmp/baton-testbeds/redmine.json")


def _api(state: dict[str, Any], method: str, path: str, body: Any = None) -> Any:
    response = httpx.request(
        method, state["url"] + path, json=body, headers={"X-Redmine-API-Key": state["api_key"]}, timeout=30
    )
    response.raise_for_status()
    return response.json() if response.content.strip() else None


def _seed(state: dict[str, Any], count: int) -> str:
    identifier = f"bench{uuid.uuid4().hex[:10]}"
    project = _api(
        state,
        "POST",
        "/projects.json",
        {"project": {"name": identifier, "identifier": identifier, "tracker_ids": [1]}},
    )["project"]
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
    with sqlite3.connect(state["database"], timeout=30) as db:
        first = (db.execute("SELECT COALESCE(MAX(id), 0) FROM issues").fetchone()[0]) + 1
        db.execute(
            """
            WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < ?)
            INSERT INTO issues (id, tracker_id, project_id, subject, description, status_id, priority_id,
                                author_id, lock_version, created_on, updated_on, start_date, done_ratio,
                                root_id, lft, rgt, is_private, due_date)
            SELECT ? + i, 1, ?, 'Benchmark issue ' || i || ' about replication lag and certificates',
                   'Body ' || i, 1 + (i % 2), 2, 1, 0, ?, ?, date('now'), 0, ? + i, 1, 2, 0,
                   CASE WHEN i % 3 = 0 THEN date('now', '+7 days') END
            FROM n
            """,
            (count, first, project["id"], stamp, stamp, first),
        )
    return identifier


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--issues", type=int, default=10_000)
    args = parser.parse_args()
    state = json.loads(STATE.read_text(encoding="utf-8"))
    started = time.perf_counter()
    project = _seed(state, args.issues)
    seed_s = time.perf_counter() - started

    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(Path(tmp) / "baton.sqlite3")
        now = datetime.now(UTC)
        account = store.accounts.add(
            name="bench", kind="redmine", base_url=state["url"], project=project, scope="project", at=now
        )
        adapter, session = build_adapter(account, state["api_key"], now=lambda: datetime.now(UTC))
        assert isinstance(adapter, RedmineAdapter)
        adapter.whoami()

        cpu, wall = time.process_time(), time.perf_counter()
        page = adapter.pull_tasks(Cursor())
        client_cpu, pull_wall = time.process_time() - cpu, time.perf_counter() - wall
        pull_requests = session.requests - 1
        assert len(page.tasks) == args.issues, len(page.tasks)

        params = {"project_id": project, "status_id": "open", "attachment": "!~baton-handoff-"}
        bodies = [
            session.client.get("/issues.json", params={**params, "offset": offset, "limit": 100}).content
            for offset in range(0, args.issues, 100)
        ]
        cpu = time.process_time()
        for body in bodies:
            json.loads(body)
        json_cpu = time.process_time() - cpu
        session.close()

        secrets = SessionSecretStore()
        secrets.set("bench", state["api_key"])
        engine, sessions = build_engine(store=store, secrets=secrets, clock=SystemClock(), me="Ana")
        wall = time.perf_counter()
        first = engine.run(force=True)
        engine_wall = time.perf_counter() - wall
        engine.run(force=True)
        before = sessions[0].requests
        quiet = engine.run(force=True)
        quiet_long_lived = sessions[0].requests - before
        close_sessions(sessions)
        fresh, fresh_sessions = build_engine(store=store, secrets=secrets, clock=SystemClock(), me="Ana")
        fresh.run(force=True)
        quiet_fresh = fresh_sessions[0].requests
        close_sessions(fresh_sessions)
        cached = store.tasks.count()
        store.close()

    per_thousand = 1000 / args.issues
    print(
        json.dumps(
            {
                "issues": args.issues,
                "seed_s": round(seed_s, 2),
                "pull_requests": pull_requests,
                "pull_wall_s": round(pull_wall, 2),
                "client_cpu_s_per_1000": round(client_cpu * per_thousand, 4),
                "json_loads_cpu_s_per_1000": round(json_cpu * per_thousand, 4),
                "cpu_ratio_vs_json_loads": round(client_cpu / json_cpu, 2) if json_cpu else None,
                "engine_initial_pass_wall_s": round(engine_wall, 2),
                "engine_initial_tasks": first.accounts[0].tasks,
                "cached_tasks": cached,
                "requests_when_nothing_changed_long_lived": quiet_long_lived,
                "requests_when_nothing_changed_fresh_engine": quiet_fresh,
                "nothing_changed_ok": quiet.ok,
            }
        )
    )


if __name__ == "__main__":
    main()
