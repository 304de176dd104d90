"""Store benchmark: bulk insert of 100 000 tasks and FTS5 searches over them.

Each figure is a ratio against plain ``sqlite3`` doing the same work, in the same run, on a
database with the same migrated schema (same indexes, same FTS triggers), so the ratio
measures what Baton's layers (SQLAlchemy, type conversion, query building) add.
Targets: bulk insert ≤ 2×, search ≤ 1.5×.

Run: ``.venv/bin/python -m benchmarks.store [--tasks N] [--repeat R]``; prints one JSON object.
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from app.store import Store
from app.store.records import TaskData
from app.store.search import fts_query
from app.store.types import to_utc_text

WORDS = (
    "login crash billing export deploy rollback certificate timeout cache index queue worker "
    "payment invoice report dashboard latency memory leak migration schema token refresh retry "
    "webhook mobile android ios search filter upload download sync outbox handoff cutoff shift"
).split()
QUERIES = ["login", "cert", "payment invoice", "memory leak worker", "sync out", "zzz-nothing"]
BASE = datetime(2026, 1, 1, tzinfo=UTC)


def make_tasks(count: int, seed: int = 7) -> list[TaskData]:
    rng = random.Random(seed)
    return [
        TaskData(
            external_id=str(i),
            key=f"OPS-{i}",
            title=" ".join(rng.choices(WORDS, k=6)),
            status=rng.choice(["New", "In progress", "Resolved"]),
            assignee=rng.choice(["ana", "kenji", "priya", None]),
            priority=rng.choice(["low", "normal", "high"]),
            due_at=BASE + timedelta(hours=i % 5000),
            url=f"https://tracker.example/issues/{i}",
            remote_updated_at=BASE + timedelta(minutes=i),
        )
        for i in range(count)
    ]


def fresh_store(directory: Path, name: str) -> tuple[Store, int]:
    store = Store.open(directory / name / "baton.sqlite3")
    account = store.accounts.add(name="bench", kind="redmine", base_url="http://127.0.0.1", at=BASE)
    return store, account.id


def baton_insert(directory: Path, tasks: list[TaskData]) -> tuple[float, Store]:
    store, account_id = fresh_store(directory, "baton")
    start = time.perf_counter()
    store.tasks.upsert_many(account_id, tasks)
    return time.perf_counter() - start, store


def sqlite_insert(directory: Path, tasks: list[TaskData]) -> tuple[float, sqlite3.Connection]:
    fresh_store(directory, "plain")[0].close()  # same migrated schema, same triggers
    db = sqlite3.connect(directory / "plain" / "baton.sqlite3", isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")
    db.execute("PRAGMA foreign_keys=ON")
    sql = (
        "INSERT INTO task (account_id, external_id, key, title, status, assignee, priority, due_at, url, "
        "remote_updated_at, etag) VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (account_id, external_id) DO UPDATE SET key=excluded.key, title=excluded.title, "
        "status=excluded.status, assignee=excluded.assignee, priority=excluded.priority, "
        "due_at=excluded.due_at, url=excluded.url, remote_updated_at=excluded.remote_updated_at, "
        "etag=excluded.etag"
    )
    start = time.perf_counter()
    db.execute("BEGIN")
    db.executemany(
        sql,
        (
            (
                t.external_id,
                t.key,
                t.title,
                t.status,
                t.assignee,
                t.priority,
                to_utc_text(t.due_at) if t.due_at else None,
                t.url,
                to_utc_text(t.remote_updated_at) if t.remote_updated_at else None,
                t.etag,
            )
            for t in tasks
        ),
    )
    db.execute("COMMIT")
    return time.perf_counter() - start, db


def timed(fn: Callable[[], object], repeat: int) -> float:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--tasks", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    tasks = make_tasks(args.tasks)
    insert_ratios, baton_s, plain_s = [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        for round_ in range(args.repeat):
            directory = Path(tmp) / f"round{round_}"
            plain_time, db = sqlite_insert(directory, tasks)
            baton_time, store = baton_insert(directory, tasks)
            baton_s.append(baton_time)
            plain_s.append(plain_time)
            insert_ratios.append(baton_time / plain_time)
            if round_ < args.repeat - 1:
                store.close()
                db.close()
        assert store.tasks.count() == args.tasks
        sql = "SELECT rowid FROM task_fts WHERE task_fts MATCH ? ORDER BY rank LIMIT 1000"
        searches = {}
        for query in QUERIES:
            match = fts_query(query)
            expected = [r[0] for r in db.execute(sql, (match,))]
            assert store.search.task_ids(query) == expected, query
            plain = timed(lambda m=match: db.execute(sql, (m,)).fetchall(), 20)
            baton = timed(lambda q=query: store.search.task_ids(q), 20)
            searches[query] = {"baton_ms": baton * 1000, "sqlite3_ms": plain * 1000, "ratio": baton / plain}
        store.close()
        db.close()
    print(
        json.dumps(
            {
                "tasks": args.tasks,
                "insert": {
                    "baton_s": statistics.median(baton_s),
                    "sqlite3_s": statistics.median(plain_s),
                    "ratio": statistics.median(insert_ratios),
                    "target": 2.0,
                },
                "search": searches,
                "search_ratio_median": statistics.median(s["ratio"] for s in searches.values()),
                "search_target": 1.5,
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
