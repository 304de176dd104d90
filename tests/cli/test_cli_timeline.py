"""``baton team`` and ``baton timeline`` through the real command and a real profile."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.user_locale import viewer_language

ROSTER = """\
version = 1
[[teammate]]
name = "Berlin lead"
zone = "Europe/Berlin"
team = "EMEA"
holidays = "DE-BE"
cutoff_minutes = 30
[teammate.hours]
mon = ["09:00-17:30"]
tue = ["09:00-17:30"]
wed = ["09:00-17:30"]
thu = ["09:00-17:30"]
fri = ["09:00-15:00"]

[[teammate]]
name = "Tokyo on-call"
zone = "Asia/Tokyo"
team = "APAC"
holidays = "JP"
[teammate.hours]
mon = ["09:00-18:00"]
tue = ["09:00-18:00"]
wed = ["09:00-18:00"]
thu = ["09:00-18:00"]
fri = ["09:00-18:00"]
"""


def _baton(*args: str, profile: Path, lang: str = "en_US.UTF-8") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "LANG": lang, "TZ": "Europe/Berlin"}
    env.pop("LANGUAGE", None)
    env.pop("LC_ALL", None)
    return subprocess.run(
        [sys.executable, "-m", "app.main", "--data-dir", str(profile), *args],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        check=False,
    )


@pytest.fixture
def roster_file(tmp_path: Path) -> Path:
    path = tmp_path / "team.toml"
    path.write_text(ROSTER, encoding="utf-8")
    return path


def test_check_and_timeline_from_a_file_never_create_a_database(tmp_path: Path, roster_file: Path) -> None:
    profile = tmp_path / "profile"
    check = _baton("team", "check", str(roster_file), profile=profile)
    assert check.returncode == 0, check.stderr
    assert check.stdout.strip() == f"{roster_file}: ok, 2 teammates"
    timeline = _baton(
        "timeline", "--team", str(roster_file), "--at", "2026-11-23T08:00:00Z", "--json", profile=profile
    )
    assert timeline.returncode == 0, timeline.stderr
    data = json.loads(timeline.stdout)
    assert data["viewer_zone"] == "Europe/Berlin"  # from TZ
    assert data["on_now"] == ["Berlin lead"]
    tokyo = next(t for t in data["teammates"] if t["name"] == "Tokyo on-call")
    # 2026-11-23 is Labor Thanksgiving Day in Japan (Japanese national holiday law, art. 2)
    assert (tokyo["status"], tokyo["status_detail"]) == ("holiday", "Labor Thanksgiving Day")
    assert not (profile / "baton.sqlite3").exists()


def test_import_list_and_export_go_through_the_store(tmp_path: Path, roster_file: Path) -> None:
    profile = tmp_path / "profile"
    assert (
        _baton("team", "import", str(roster_file), profile=profile).stdout.strip() == "imported 2 teammates"
    )
    listing = json.loads(_baton("team", "list", "--json", profile=profile).stdout)
    assert [t["name"] for t in listing["teammates"]] == ["Berlin lead", "Tokyo on-call"]
    exported = tmp_path / "exported.toml"
    assert _baton("team", "export", str(exported), profile=profile).returncode == 0
    again = _baton("team", "check", str(exported), profile=profile)
    assert again.returncode == 0 and "2 teammates" in again.stdout
    on_store = _baton("timeline", "--at", "2026-11-23T08:00:00Z", "--json", profile=profile)
    assert json.loads(on_store.stdout)["on_now"] == ["Berlin lead"]


def test_an_invalid_roster_exits_1_naming_file_teammate_and_field(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('version = 1\n[[teammate]]\nname = "Ops"\nzone = "GMT+5"\n', encoding="utf-8")
    result = _baton("team", "check", str(bad), profile=tmp_path / "p")
    assert result.returncode == 1
    assert f"{bad}: line 2, teammate 'Ops': zone: error:" in result.stdout


def test_a_damaged_store_is_reported_with_exit_2(tmp_path: Path) -> None:
    profile = tmp_path / "profile"
    profile.mkdir()
    (profile / "baton.sqlite3").write_bytes(b"junk" * 1000)
    result = _baton("team", "list", profile=profile)
    assert result.returncode == 2
    assert "not a Baton database" in result.stderr


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({"LANG": "de_DE.UTF-8"}, "de_DE"),
        ({"LANGUAGE": "fr_CA:fr", "LANG": "de_DE.UTF-8"}, "fr_CA"),
        ({"LC_ALL": "C.UTF-8", "LANG": "ja_JP.UTF-8"}, "ja_JP"),
        ({"LANG": "C"}, "en_US"),
        ({"LANG": "xx_INVALID"}, "en_US"),
        ({}, "en_US"),
    ],
)
def test_viewer_language_follows_posix_precedence(environ: dict[str, str], expected: str) -> None:
    assert viewer_language(environ) == expected


def test_now_moves_the_clock_and_refuses_a_naive_time(tmp_path: Path, roster_file: Path) -> None:
    result = _baton(
        "--now",
        "2026-11-23T08:00:00Z",
        "timeline",
        "--team",
        str(roster_file),
        "--json",
        profile=tmp_path / "p",
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["at"].startswith("2026-11-23T08:00:0")
    naive = _baton("--now", "2026-11-23T08:00", "doctor", profile=tmp_path / "p")
    assert naive.returncode == 2
    assert "has no UTC offset" in naive.stderr
    garbage = _baton("--now", "tomorrow", "doctor", profile=tmp_path / "p")
    assert "is not an ISO 8601 date and time" in garbage.stderr
