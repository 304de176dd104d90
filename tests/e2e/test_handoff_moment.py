"""The moment Baton exists for, on real parts: Berlin ends her shift, Tokyo starts his.

Real Redmine on 127.0.0.1 (``packaging/redmine-testbed``), a real X server (Xvfb) with a real
system tray (``trayer``), two Baton processes with separate data directories and separate
Secret Service keyrings (each its own ``dbus-run-session`` + gnome-keyring), and injected
clocks (``baton --now``) so the shift moments are deterministic:

- Lena Fischer, Europe/Berlin, Tue 24 Nov 2026 16:50 (10 minutes before her 17:00 cutoff);
- Kenji Sato, Asia/Tokyo, Wed 25 Nov 2026 09:05 (five minutes into his shift).

Berlin reaches Redmine through a :class:`~tests.support.port_gate.PortGate`, so the tracker
can be unreachable for her alone (its port refuses connections) while Tokyo's stays up.
Screenshots of the whole screen for each step go to ``$BATON_E2E_SCREENSHOTS`` (default: a
``screenshots`` folder in the test's temporary directory).
"""

from __future__ import annotations

import contextlib
import json
import os
import queue
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest

from app.handoff.render import format_instant
from app.store import Store
from tests.support.port_gate import PortGate
from tests.support.redmine import Redmine
from tests.support.xdisplay import Display, virtual_display

ROOT = Path(__file__).resolve().parents[2]
ROSTER = ROOT / "resources" / "sample" / "roster.toml"
BERLIN_NOW = "2026-11-24T15:50:00Z"
TOKYO_NOW = "2026-11-25T00:05:00Z"

HANDOFF = {
    "title": "Berlin to Tokyo: payments 502s, release 4.18",
    "recipient": "Kenji Sato",
    "items": [
        {"section": "completed", "text": "Rolled back the payments deploy; EU errors at 0.4 %"},
        {"section": "in_progress", "text": "TLS pool fix is in review"},
        {"section": "risks", "text": "Acme export still times out", "input_needed": True},
        {
            "section": "decisions",
            "text": "Ship 4.18 with the fix, or hold a day?",
            "input_needed": True,
            "owner": "Kenji Sato",
            "propose_deadline": True,
        },
        {
            "section": "next_actions",
            "text": "Watch the EU error rate after the deploy",
            "owner": "Kenji Sato",
        },
        {"section": "links", "text": "Incident timeline", "ref": "https://status.example.com/incidents/4711"},
    ],
}

_TOOLS = ("Xvfb", "trayer", "dbus-run-session", "gnome-keyring-daemon")
_MISSING = [tool for tool in _TOOLS if not shutil.which(tool)]


@pytest.fixture(autouse=True)
def _desktop_tools() -> None:
    """The scenario needs a real desktop's parts; under ``tests/run`` (CI) their absence fails."""
    if _MISSING:
        message = f"missing {', '.join(_MISSING)}; packaging/bootstrap --test installs them"
        if os.environ.get("BATON_REQUIRE_REDMINE") == "1":
            pytest.fail(message)
        pytest.skip(message)


class Baton:
    """One teammate's Baton, run by ``tests/e2e/driver.py`` (see its docstring)."""

    def __init__(self, name: str, *, home: Path, display: Display, zone: str) -> None:
        self.name = name
        home.mkdir(parents=True)
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("DBUS_", "QT_", "XDG_"))
            and key not in {"WAYLAND_DISPLAY", "BATON_DATA_DIR"}
        }
        env.update(display.environment())
        env.update({"HOME": str(home), "TZ": zone, "LANG": "en_GB.UTF-8", "PYTHONPATH": str(ROOT)})
        self.stderr_path = home / "driver.err"
        self._stderr = self.stderr_path.open("w")
        self.process = subprocess.Popen(
            ["dbus-run-session", "--", sys.executable, "-m", "tests.e2e.driver"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._stderr,
            text=True,
            cwd=ROOT,
            env=env,
            start_new_session=True,  # one process group: the session bus, keyring and Baton
        )
        self._lines: queue.Queue[str] = queue.Queue()
        self._pump_thread = threading.Thread(target=self._pump, daemon=True)
        self._pump_thread.start()

    def _pump(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self._lines.put(line)

    def _next(self, timeout: float) -> dict[str, Any]:
        try:
            line = self._lines.get(timeout=timeout)
        except queue.Empty:
            raise AssertionError(
                f"{self.name}: no answer within {timeout:g} s\n{self.stderr_path.read_text()[-4000:]}"
            ) from None
        try:
            return dict(json.loads(line))
        except ValueError:
            return {"noise": line}

    def expect(self, key: str, timeout: float = 120) -> dict[str, Any]:
        """Wait for a message carrying ``key`` (start-up messages)."""
        deadline = time.monotonic() + timeout
        while True:
            message = self._next(max(0.1, deadline - time.monotonic()))
            if key in message:
                return message

    def send(self, command: str, timeout: float = 120, **arguments: Any) -> Any:
        """Run a driver command; its result, or fail the test with the driver's traceback."""
        assert self.process.stdin is not None
        self.process.stdin.write(json.dumps({"command": command, **arguments}) + "\n")
        self.process.stdin.flush()
        answer = self.expect("ok", timeout)
        assert answer["ok"], f"{self.name} {command}: {answer['error']}\n{answer.get('trace', '')}"
        return answer["result"]

    def stop(self) -> None:
        if self.process.poll() is None:
            try:
                self.send("quit", timeout=10)
                self.process.wait(timeout=20)
            except (AssertionError, OSError, subprocess.TimeoutExpired):
                pass
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)  # whatever is left of the session
        self.process.wait()
        self._pump_thread.join(timeout=10)  # EOF once every writer of the pipe is gone
        for stream in (self.process.stdin, self.process.stdout):
            if stream is not None:
                with contextlib.suppress(OSError):
                    stream.close()
        self._stderr.close()


@pytest.fixture
def screenshots(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("BATON_E2E_SCREENSHOTS", tmp_path / "screenshots"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def display() -> Iterator[Display]:
    with virtual_display((1440, 900)) as running:
        yield running


def _start(name: str, tmp_path: Path, display: Display, setup: dict[str, str]) -> Baton:
    baton = Baton(name, home=tmp_path / f"home-{name}", display=display, zone=setup["zone"])
    assert baton.process.stdin is not None
    baton.process.stdin.write(json.dumps(setup) + "\n")
    baton.process.stdin.flush()
    baton.expect("cli")
    baton.expect("ready")
    return baton


def test_berlin_hands_off_to_tokyo_through_redmine(
    tmp_path: Path, redmine: Redmine, display: Display, screenshots: Path
) -> None:
    started = time.monotonic()
    project = redmine.new_project()
    _, berlin_key, _ = redmine.new_user(project)
    _, tokyo_key, _ = redmine.new_user(project)
    port = urlsplit(redmine.url).port
    assert port is not None
    gate = PortGate(("127.0.0.1", port))
    gate.open()  # open while `baton tracker add` checks the token
    berlin = tokyo = None
    try:
        berlin = _start(
            "berlin",
            tmp_path,
            display,
            {
                "data_dir": str(tmp_path / "berlin"),
                "now": BERLIN_NOW,
                "me": "Lena Fischer",
                "zone": "Europe/Berlin",
                "roster": str(ROSTER),
                "tracker_url": gate.url,
                "project": project,
                "token": berlin_key,
            },
        )
        # 1. The tracker is unreachable: the draft and then the queued handoff survive.
        gate.close()
        handoff_id = berlin.send("draft", spec=HANDOFF)
        berlin.send("screenshot", path=str(screenshots / "01-berlin-drafts-offline.png"))
        preview = berlin.send("preview")
        assert HANDOFF["title"] in preview and "Decision deadline" in preview
        berlin.send("screenshot", path=str(screenshots / "02-berlin-preview.png"))
        assert berlin.send("submit") == "queued"
        offline = berlin.send("sync")
        assert not offline["ok"]
        state = berlin.send("state", handoff_id=handoff_id)
        assert state["state"] == "queued"
        assert state["accounts"] == [{"name": "ops", "status": "offline"}]
        assert "Offline since" in state["status_text"], state["status_text"]
        berlin.send("screenshot", path=str(screenshots / "03-berlin-queued-offline.png"))

        # 2. The tracker comes back: the outbox syncs the handoff to Redmine exactly once.
        gate.open()
        assert berlin.send("sync")["ok"]
        assert berlin.send("sync")["ok"]  # a second pass writes nothing more
        state = berlin.send("state", handoff_id=handoff_id)
        assert state["state"] == "synced"
        issues = [i for i in redmine.issues(project) if handoff_id in (i.get("description") or "")]
        assert len(issues) == 1, issues
        issue_id = issues[0]["id"]
        assert str(issue_id) == state["remote_id"]
        berlin.send("screenshot", path=str(screenshots / "04-berlin-synced.png"))

        # 3. Tokyo pulls it, gets a tray notification, reads every section in Tokyo time.
        tokyo = _start(
            "tokyo",
            tmp_path,
            display,
            {
                "data_dir": str(tmp_path / "tokyo"),
                "now": TOKYO_NOW,
                "me": "Kenji Sato",
                "zone": "Asia/Tokyo",
                "roster": str(ROSTER),
                "tracker_url": redmine.url,
                "project": project,
                "token": tokyo_key,
            },
        )
        pulled = tokyo.send("sync")
        assert pulled["ok"] and pulled["received"] == [handoff_id]
        assert any("Lena Fischer" in f"{title} {body}" for title, body in pulled["notifications"])
        tokyo.send("screenshot", path=str(screenshots / "05-tokyo-tray-notification.png"))
        reading = tokyo.send("read", handoff_id=handoff_id)
        for item in HANDOFF["items"]:
            assert str(item["text"]) in reading["text"], item
        assert reading["text"].count("Input needed") >= 2
        assert "Owner: Kenji Sato" in reading["text"] and "Decider: Kenji Sato" in reading["text"]
        with _opened(tmp_path / "tokyo" / "baton.sqlite3") as store:
            received = store.handoffs.get(handoff_id)
        assert received is not None
        decision = next(i for i in received.items if i.section == "decisions")
        assert decision.deadline_at is not None and decision.owner == "Kenji Sato"
        sent = {
            (i["section"], i["text"], bool(i.get("input_needed")), i.get("owner"), i.get("ref"))
            for i in HANDOFF["items"]
        }
        got = {(i.section, i.text, i.flag == "input_needed", i.owner, i.ref) for i in received.items}
        assert got == sent  # every section, flag, owner and link intact
        assert format_instant(decision.deadline_at, ["Asia/Tokyo"], reading["locale"]) in reading["text"]
        tokyo.send("screenshot", path=str(screenshots / "06-tokyo-inbox.png"))

        # 4. Tokyo acknowledges with a read-back; Berlin sees it acknowledged.
        read_back = "I watch the EU error rate after the deploy and decide on 4.18 before the deadline"
        assert tokyo.send("acknowledge", handoff_id=handoff_id, read_back=read_back) == "acknowledged"
        assert tokyo.send("sync")["ok"]
        tokyo.send("screenshot", path=str(screenshots / "07-tokyo-acknowledged.png"))
        assert berlin.send("sync")["ok"]
        state = berlin.send("state", handoff_id=handoff_id)
        assert state["state"] == "acknowledged"
        assert [a["read_back"] for a in state["acks"]] == [read_back]
        berlin.send("show_outbox")
        berlin.send("screenshot", path=str(screenshots / "08-berlin-sees-acknowledgement.png"))

        # 5. Someone without Baton opens the Redmine issue in a browser: a clean, complete handoff.
        page = httpx.get(f"{redmine.url}/issues/{issue_id}", timeout=10)
        assert page.status_code == 200
        body = _visible_text(page.text)
        for item in HANDOFF["items"]:
            assert str(item["text"]) in body, item
        for heading in ("Completed", "In progress", "Risks", "Decisions", "Next actions", "Links"):
            assert heading.lower() in body.lower(), heading
        assert read_back in body  # the acknowledgement travelled as a comment
        assert '"format"' not in body and "baton.handoff" not in body  # the machine copy stays out of sight
    finally:
        for baton in (tokyo, berlin):
            if baton is not None:
                baton.stop()
        gate.close()
    wall = time.monotonic() - started
    (screenshots / "scenario.txt").write_text(f"wall time {wall:.1f} s\n", encoding="utf-8")


class _opened:  # noqa: N801 (a context manager used like a function)
    def __init__(self, path: Path) -> None:
        self.store = Store.open(path)

    def __enter__(self) -> Store:
        return self.store

    def __exit__(self, *exc: object) -> None:
        self.store.close()


def _visible_text(html: str) -> str:
    """The text a browser shows for Redmine's issue page's main content (no scripts/markup)."""
    content = html.split('<div id="content">', 1)[-1]
    content = re.sub(r"(?is)<(script|style)\b.*?</\1>", " ", content)
    content = re.sub(r"(?s)<[^>]+>", " ", content)
    for entity, char in (("&amp;", "&"), ("&lt;", "<"), ("&gt;", ">"), ("&quot;", '"'), ("&#39;", "'")):
        content = content.replace(entity, char)
    return " ".join(content.split())
