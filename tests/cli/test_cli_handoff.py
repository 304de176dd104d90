"""``baton handoff new|list|show|ack``: in-process against a real store, and once through the
real ``baton`` command and profile."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest

from app import cli_handoff
from app.clock import FixedClock
from app.handoff import wire
from app.main import build_parser
from app.settings import SETTINGS_FILE, Settings, save_settings
from app.store import Store
from app.store.records import HandoffItemData, HandoffRecord
from app.store.roster import SqliteRosterStore
from tests.handoff.conftest import TEAM

NOW = datetime(2026, 11, 24, 7, 0, tzinfo=UTC)  # Tue 16:00 Tokyo

GOOD = """\
title = "Tuesday handoff"
to = "Ben"
urgency = "urgent"
escalation_contact = "Cara"

[[completed]]
text = "Rotated the TLS certificates"

[[risks]]
text = "Disk at 85 %"
input_needed = true

[[decisions]]
text = "Roll back 2.3 unless someone objects"
deadline_working_minutes = 90

[[next_actions]]
text = "Resize the disk"
owner = "Ben"
due = 2026-11-25T12:00:00+01:00

[[links]]
text = "Runbook"
link = "https://wiki.example.com/runbook"
"""


@dataclass
class Result:
    status: int
    out: str
    err: str


Run = Callable[..., Result]
"""``cli("show", ID, me="Aiko")``: run ``baton handoff ...`` in-process."""


@pytest.fixture
def cli(store: Store) -> Run:
    clock = FixedClock(NOW)
    SqliteRosterStore(store=store, clock=clock).replace(TEAM)

    def run(*argv: str, me: str | None = "Aiko") -> Result:
        args = build_parser().parse_args(["handoff", *argv])
        out, err = io.StringIO(), io.StringIO()
        status = cli_handoff.run(
            args,
            store=store,
            clock=clock,
            roster=SqliteRosterStore(store=store, clock=clock).load,
            settings=Settings(me=me),
            out=out,
            err=err,
            viewer_zone="Europe/Berlin",
        )
        return Result(status, out.getvalue(), err.getvalue())

    return run


def write(tmp_path: Path, text: str, name: str = "handoff.toml") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_new_from_file_queues_a_complete_handoff(cli: Run, tmp_path: Path, store: Store) -> None:
    result = cli("new", "--from-file", write(tmp_path, GOOD))
    assert result.status == 0, result.err
    assert result.out.startswith("queued handoff ")
    (sent,) = store.handoffs.list()
    assert (sent.state, sent.recipient, sent.urgency, sent.escalation_contact) == (
        "queued",
        "Ben",
        "urgent",
        "Cara",
    )
    assert [i.section for i in sent.items] == ["completed", "risks", "decisions", "next_actions", "links"]
    assert sent.items[1].flag == "input_needed"
    # 90 of Ben's working minutes from 08:00 CET (his shift start) → 09:30 UTC
    assert sent.items[2].deadline_at == datetime(2026, 11, 24, 9, 30, tzinfo=UTC)
    assert sent.items[3].due_at == datetime(2026, 11, 25, 11, 0, tzinfo=UTC)
    (entry,) = store.handoffs.outbox_entries(sent.id)
    assert entry.payload == {"handoff": wire.to_wire(sent)}


def test_problems_name_the_line_and_field_and_nothing_is_stored(
    cli: Run, tmp_path: Path, store: Store
) -> None:
    text = GOOD.replace('owner = "Ben"\n', "").replace('escalation_contact = "Cara"\n', "")
    text = text.replace("deadline_working_minutes = 90\n", "")
    path = write(tmp_path, text)
    result = cli("new", "--from-file", path)
    assert result.status == 1
    assert result.err.splitlines() == [
        f"{path}: escalation_contact: An urgent handoff needs an escalation contact: who should be called "
        "if the recipient does not acknowledge in time?",
        f"{path}:12: decisions[1].deadline: Decision 1 has no decision deadline: say when you will proceed "
        "if nobody objects.",
        f"{path}:15: next_actions[1].owner: Next action 1 has no owner: who will do it?",
    ]
    assert store.handoffs.list(discarded=None) == []
    kept = cli("new", "--from-file", path, "--draft")
    assert kept.status == 0 and kept.out.startswith("saved draft ")
    assert [h.state for h in store.handoffs.list()] == ["draft"]


def test_file_errors_name_the_line(cli: Run, tmp_path: Path) -> None:
    path = write(
        tmp_path,
        'to = "Ben"\ncolour = "red"\n[[next_actions]]\ntext = 3\nowner = "Ben"\ndue = 2026-11-25T12:00:00\n'
        'deadline_working_minutes = 0\n[[risks]]\ninput_needed = "yes"\n',
    )
    result = cli("new", "--from-file", path)
    assert result.status == 1
    assert result.err.splitlines() == [
        f"{path}:2: colour: unknown key; expected one of carry_over, completed, decisions, due, "
        "escalation_contact, in_progress, links, next_actions, risks, team, title, to, urgency, version",
        f"{path}:4: next_actions[1].text: must be a string (in double quotes)",
        f"{path}:4: next_actions[1].text: every item needs text",
        f"{path}:6: next_actions[1].due: needs an offset or Z, e.g. 2026-11-24T18:00:00+09:00",
        f"{path}:7: next_actions[1].deadline_working_minutes: must be a whole number of minutes, at least 1",
        f"{path}:8: risks[1].text: every item needs text",
        f"{path}:9: risks[1].input_needed: must be true or false",
    ]
    broken = write(tmp_path, 'title = "x"\n[[risks]\n', "broken.toml")
    result = cli("new", "--from-file", broken)
    assert result.status == 1 and result.err.startswith(f"{broken}:2: not valid TOML")
    missing = cli("new", "--from-file", str(tmp_path / "nope.toml"))
    assert missing.status == 2 and "cannot read" in missing.err


def test_without_me_the_error_says_how_to_set_it(cli: Run, tmp_path: Path) -> None:
    result = cli("new", "--from-file", write(tmp_path, GOOD), me=None)
    assert result.status == 2
    assert 'me = "Your Name"' in result.err and "--as NAME" in result.err
    assert cli("new", "--from-file", write(tmp_path, GOOD), "--as", "Aiko", me=None).status == 0


def receive(store: Store, handoff_id: str, **fields: object) -> None:
    values: dict[str, object] = {
        "id": handoff_id,
        "author": "Cara",
        "author_zone": "America/New_York",
        "recipient": "Aiko",
        "title": "Overnight",
        "created_at": NOW,
        "updated_at": NOW,
        "items": (HandoffItemData("next_actions", "Watch *errors*", owner="Aiko", due_at=NOW),),
    }
    values.update(fields)
    assert store.handoffs.receive(
        HandoffRecord(**values),  # type: ignore[arg-type]
        remote_id="7",
        remote_url="https://t/7",
        account_id=None,
        at=NOW,
    )


def test_list_show_and_ack(cli: Run, store: Store) -> None:
    receive(store, "c0ffee00-0000-4000-8000-000000000001")
    receive(store, "c0ffee00-0000-4000-8000-000000000002", urgency="urgent", title="Outage")
    listing = cli("list")
    assert listing.out.splitlines()[0].startswith("c0ffee00  in   synced         urgent  Cara → Aiko")
    rows = json.loads(cli("list", "--json").out)
    assert [(r["direction"], r["title"], r["urgency"]) for r in rows] == [
        ("incoming", "Outage", "urgent"),
        ("incoming", "Overnight", "normal"),
    ]
    assert rows[0]["created_at"] == "2026-11-24T07:00:00.000000Z"
    ambiguous = cli("show", "c0ffee")
    assert ambiguous.status == 2 and "matches 2 handoffs" in ambiguous.err
    markdown = cli("show", "c0ffee00-0000-4000-8000-000000000001", "--markdown").out
    assert markdown.startswith("# Overnight\n")
    assert "Watch \\*errors\\*" in markdown
    assert "Due: Tue, Nov 24, 8:00\u202fAM Berlin (4:00\u202fPM Tokyo; 2:00\u202fAM New York)" in markdown
    shown = cli("show", "C0FFEE00-0000-4000-8000-000000000001").out
    assert "acknowledge with: baton handoff ack c0ffee00" in shown
    acked = cli(
        "ack", "c0ffee00-0000-4000-8000-000000000001", "--read-back", "Watch errors", "--question", "Which?"
    )
    assert acked.status == 0 and acked.out.startswith(
        "acknowledged c0ffee00-0000-4000-8000-000000000001 from Cara"
    )
    again = cli("ack", "c0ffee00-0000-4000-8000-000000000001")
    assert again.status == 2 and "already acknowledged" in again.err
    data = json.loads(cli("show", "c0ffee00-0000-4000-8000-000000000001", "--json").out)
    assert data["format"] == "baton.handoff"
    assert data["local"]["state"] == "acknowledged"
    assert data["local"]["acknowledgements"] == [
        {"by": "Aiko", "at": "2026-11-24T07:00:00.000000Z", "read_back": "Watch errors", "question": "Which?"}
    ]
    assert [t["state"] for t in data["local"]["transitions"]] == ["synced", "acknowledged"]
    shown = cli("show", "c0ffee00-0000-4000-8000-000000000001").out
    assert "read-back: Watch errors" in shown and "question: Which?" in shown
    assert cli("show", "ffff").status == 2


def test_list_shows_drafts_and_failures(cli: Run, tmp_path: Path, store: Store) -> None:
    assert cli("list").out == "no handoffs\n"
    cli("new", "--from-file", write(tmp_path, GOOD))
    (sent,) = store.handoffs.list()
    store.handoffs.mark_failed(sent.id, "sign in again", at=NOW)
    assert "failed (sign in again)" in cli("list").out
    assert "failed: sign in again" in cli("show", sent.id[:8]).out


def test_the_real_command_uses_the_profile_settings_and_roster(tmp_path: Path) -> None:
    profile = tmp_path / "profile"
    team = tmp_path / "team.toml"
    team.write_text(
        'version = 1\n[[teammate]]\nname = "Aiko"\nzone = "Asia/Tokyo"\n'
        '[teammate.hours]\ntue = ["09:00-18:00"]\n'
        '[[teammate]]\nname = "Ben"\nzone = "Europe/Berlin"\n[teammate.hours]\ntue = ["09:00-17:00"]\n',
        encoding="utf-8",
    )
    env = {**os.environ, "LANG": "en_US.UTF-8", "TZ": "Europe/Berlin"}
    env.pop("LANGUAGE", None)
    env.pop("LC_ALL", None)

    def baton(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [
                sys.executable,
                "-m",
                "app.main",
                "--data-dir",
                str(profile),
                "--now",
                "2026-11-24T07:00:00Z",
                *args,
            ],
            capture_output=True,
            text=True,
            timeout=60,
            env=env,
            check=False,
        )

    assert baton("team", "import", str(team)).returncode == 0
    no_me = baton("handoff", "new", "--from-file", write(tmp_path, GOOD))
    assert no_me.returncode == 2 and "settings.toml" in no_me.stderr
    save_settings(Settings(me="Aiko"), profile / "config" / SETTINGS_FILE)
    simple = 'to = "Ben"\n[[next_actions]]\ntext = "Resize"\nowner = "Ben"\n'
    created = baton("handoff", "new", "--from-file", write(tmp_path, simple, "simple.toml"))
    assert created.returncode == 0, created.stderr
    handoff_id = created.stdout.split()[2]
    shown = baton("handoff", "show", handoff_id[:6], "--json")
    assert shown.returncode == 0, shown.stderr
    data = json.loads(shown.stdout)
    assert (data["id"], data["recipient"], data["local"]["state"]) == (handoff_id, "Ben", "queued")
    assert data["due_at"] == "2026-11-24T08:30:00.000000Z"  # Aiko's cutoff, 17:30 Tokyo
