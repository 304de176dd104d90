"""GUI stall while a sync pass pulls 10 000 issues: worker thread versus GUI thread.

A 5 ms ``QTimer`` on the GUI thread records when each tick arrives; the longest gap between two
ticks is the longest time the event loop could not paint or take input ("stall"). Measured:

* **worker**: the initial pull runs as the app runs it — :class:`ui.sync.runner.SyncRunner` on its
  own thread, the real :func:`ui.sync.state.run_pass` (engine, adapter, HTTP client, SQLite
  writes of 10 000 tasks into a fresh store), result delivered on the GUI thread.
  Target: max stall < 50 ms.
  ``--freeze`` freezes the heap during the pass (see :mod:`ui.sync.runner` on garbage
  collection: that is what the stall is made of).
* **gui-thread baseline**: the same pass called directly on the GUI thread (fresh store),
  what the app would do without the worker; its stall is the whole pass.

Tracker: the real Redmine testbed (``packaging/redmine-testbed``, state file
``$BATON_TESTBED_DIR/redmine.json``) when one of its projects holds at least ``--issues`` open
issues (``benchmarks/sync.py`` seeds such a project); otherwise ``httpx.MockTransport``
serving Redmine-shaped issues (:mod:`tests.ui.sync.fake_redmine`, shaped after the Redmine REST
API "Issues" page; page bodies are encoded once before timing so the fake's own JSON encoding
does not compete with the GUI thread — a real server does that in another process).
``--source mock|redmine`` forces one.

Run: ``QT_QPA_PLATFORM=offscreen .venv/bin/python -m benchmarks.ui_sync [--issues N]``; prints
one JSON object.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

STATE = Path(os.environ.get("BATON_TESTBED_DIR", "/tmp/baton-testbeds")) / "redmine.json"
TICK_MS = 5


def _redmine_project(count: int) -> tuple[str, str, str] | None:
    """(url, api key, project identifier) of a testbed project with ``count`` open issues."""
    try:
        state = json.loads(STATE.read_text(encoding="utf-8"))
        headers = {"X-Redmine-API-Key": state["api_key"]}
        with httpx.Client(base_url=state["url"], headers=headers, timeout=10) as client:
            projects = client.get("/projects.json", params={"limit": 100}).json()["projects"]
            for project in sorted(
                projects, key=lambda p: str(p["identifier"]).startswith("bench"), reverse=True
            ):
                total = client.get(
                    "/issues.json", params={"limit": 1, "status_id": "open", "project_id": project["id"]}
                ).json()["total_count"]
                if total >= count:
                    return state["url"], state["api_key"], project["identifier"]
    except (OSError, ValueError, KeyError, httpx.HTTPError):
        return None
    return None


class _CachedTransport(httpx.BaseTransport):
    """Replays the fake Redmine's answers, encoded once up front (see the module docstring)."""

    def __init__(self, fake: Any) -> None:
        self._fake = fake
        self._answers: dict[str, tuple[int, dict[str, str], bytes]] = {}

    def _key(self, request: httpx.Request) -> str:
        return "&".join(sorted(f"{k}={v}" for k, v in request.url.params.multi_items())) + request.url.path

    def warm(self, base_url: str, params_list: list[dict[str, Any]]) -> None:
        for params in params_list:
            request = httpx.Request("GET", base_url + "/issues.json", params=params)
            request.headers["X-Redmine-API-Key"] = self._fake.key
            response = self._fake.handle(request)
            self._answers[self._key(request)] = (
                response.status_code,
                dict(response.headers),
                response.read(),
            )

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        cached = self._answers.get(self._key(request))
        if cached is None:
            return self._fake.handle(request)  # type: ignore[no-any-return]
        status, headers, body = cached
        return httpx.Response(status, headers=headers, content=body)


def _mock(count: int) -> tuple[str, str, str, httpx.BaseTransport]:
    from tests.ui.sync.fake_redmine import API_KEY, BASE_URL, FakeRedmine, make_issues

    fake = FakeRedmine(issues=make_issues(count))
    transport = _CachedTransport(fake)
    pages = [
        {
            "status_id": "open",
            "attachment": "!~baton-handoff-",
            "project_id": "ops",
            "sort": "updated_on:desc,id:desc",
            "offset": offset,
            "limit": 100,
        }
        for offset in range(0, count, 100)
    ]
    transport.warm(BASE_URL, pages)
    return BASE_URL, API_KEY, "ops", transport


def _fresh_store(directory: Path, url: str, project: str) -> Any:
    from app.store.store import Store

    store = Store.open(directory / "baton.sqlite3")
    store.accounts.add(
        name="bench", kind="redmine", base_url=url, project=project, scope="project", at=datetime.now(UTC)
    )
    return store


def _gaps_ms(ticks: list[float]) -> list[float]:
    return [(b - a) * 1000 for a, b in itertools.pairwise(ticks)]


def _measure(run: Callable[[Callable[[], None]], None]) -> dict[str, float]:
    """Start a 5 ms tick recorder, call ``run(done)`` and spin the event loop until ``done()``."""
    from PySide6.QtCore import QEventLoop, QTimer

    ticks: list[float] = []
    timer = QTimer()
    timer.setInterval(TICK_MS)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    loop = QEventLoop()
    started = time.perf_counter()
    timer.start()
    QTimer.singleShot(50, lambda: run(loop.quit))  # some ticks first: a clean reference
    loop.exec()
    ticks.append(time.perf_counter())
    timer.stop()
    gaps = sorted(_gaps_ms(ticks))
    return {
        "max_stall_ms": round(gaps[-1], 1),
        "p99_gap_ms": round(gaps[int(len(gaps) * 0.99) - 1], 1),
        "median_gap_ms": round(statistics.median(gaps), 2),
        "ticks": len(ticks),
        "wall_s": round(time.perf_counter() - started, 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--issues", type=int, default=10_000)
    parser.add_argument("--source", choices=("auto", "mock", "redmine"), default="auto")
    parser.add_argument(
        "--freeze", action="store_true", help="freeze the heap during the pass (SyncRunner(freeze_heap=True))"
    )
    args = parser.parse_args()

    from PySide6.QtWidgets import QApplication

    from app.clock import SystemClock
    from sync.credentials import SessionSecretStore
    from ui.jobs import CancelToken
    from ui.sync.runner import SyncRunner
    from ui.sync.state import PassResult, run_pass

    app = QApplication([])
    found = _redmine_project(args.issues) if args.source != "mock" else None
    if args.source == "redmine" and found is None:
        raise SystemExit(f"no testbed project with {args.issues} open issues (run benchmarks/sync.py)")
    transport: httpx.BaseTransport | None = None
    if found is not None:
        url, key, project = found
        source = f"redmine testbed {url} project {project}"
    else:
        url, key, project, transport = _mock(args.issues)
        source = "httpx.MockTransport (tests/ui/sync/fake_redmine.py)"
    secrets = SessionSecretStore()
    secrets.set("bench", key)
    clock = SystemClock()
    results: dict[str, Any] = {
        "issues": args.issues,
        "source": source,
        "tick_ms": TICK_MS,
        "heap_frozen_during_pass": args.freeze,
    }

    with tempfile.TemporaryDirectory(prefix="baton-ui-sync-") as tmp:

        def pass_on(store: Any, token: CancelToken | None = None) -> PassResult:
            stop = token or CancelToken()
            return run_pass(
                store=store,
                secrets=secrets,
                clock=clock,
                me=None,
                force=True,
                should_stop=lambda: stop.cancelled,
                transport=transport,
            )

        outcome: dict[str, Any] = {}
        worker_store = _fresh_store(Path(tmp) / "worker", url, project)
        runner = SyncRunner(work=lambda force, token: pass_on(worker_store, token), freeze_heap=args.freeze)

        def on_worker(done: Callable[[], None]) -> None:
            runner.pass_finished.connect(lambda result: (outcome.update(worker=result), done()))
            runner.pass_failed.connect(lambda error: (outcome.update(error=error), done()))
            runner.sync_now(force=True)

        results["worker"] = _measure(on_worker)
        if "error" in outcome:
            raise SystemExit(f"the pass failed: {outcome['error']!r}")
        results["worker"]["tasks_stored"] = outcome["worker"].summary.accounts[0].tasks
        runner.shutdown()
        worker_store.close()

        gui_store = _fresh_store(Path(tmp) / "gui", url, project)

        def on_gui_thread(done: Callable[[], None]) -> None:
            outcome["gui"] = pass_on(gui_store)
            done()

        results["gui_thread"] = _measure(on_gui_thread)
        results["gui_thread"]["tasks_stored"] = outcome["gui"].summary.accounts[0].tasks
        gui_store.close()
    results["stall_ratio_worker_vs_gui_thread"] = round(
        results["worker"]["max_stall_ms"] / results["gui_thread"]["max_stall_ms"], 4
    )
    results["target_max_stall_ms"] = 50
    results["meets_target"] = results["worker"]["max_stall_ms"] < 50
    app.quit()
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
