"""The ``baton`` command as a user runs it: a real process, a real profile directory."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from app import __version__
from app.store import Store


def _baton(*args: str, data_dir: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    environ = {
        k: v for k, v in os.environ.items() if k not in {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"}
    }
    environ.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "app.main", "--data-dir", str(data_dir), *args],
        capture_output=True,
        text=True,
        timeout=60,
        env=environ,
        check=False,
    )


def test_version() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "app.main", "--version"], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == f"baton {__version__}"


def test_doctor_reports_paths_versions_and_keyring(tmp_path: Path) -> None:
    profile = tmp_path / "profile"
    Store.open(profile / "baton.sqlite3").close()
    result = _baton(
        "doctor", data_dir=profile, env={"PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
    )
    assert result.returncode == 0, result.stderr
    facts = dict(line.split(":", 1) for line in result.stdout.splitlines() if not line.startswith("WARNING"))
    facts = {k.strip(): v.strip() for k, v in facts.items()}
    assert facts["data directory"] == str(profile)
    assert facts["database"] == str(profile / "baton.sqlite3")
    assert facts["log file"] == str(profile / "logs" / "baton.log")
    assert facts["schema revision"].endswith("(up to date)")
    assert facts["integrity"] == "ok"
    assert facts["Qt"].startswith("6.")
    assert "offscreen" in facts["Qt platform plugins"]
    assert facts["Qt platform"].startswith("none: no display found")
    assert facts["keyring backend"] == "keyring.backends.fail.Keyring"
    assert "WARNING: keyring: no usable keyring" in result.stdout


def test_doctor_names_a_corrupt_database_and_fails(tmp_path: Path) -> None:
    profile = tmp_path / "profile"
    profile.mkdir()
    (profile / "baton.sqlite3").write_bytes(b"not a database at all" * 100)
    result = _baton("doctor", data_dir=profile)
    assert result.returncode == 1
    assert f"PROBLEM: {profile / 'baton.sqlite3'}: the file is not a Baton database" in result.stdout


def test_doctor_on_a_new_profile_says_the_database_comes_later(tmp_path: Path) -> None:
    result = _baton("doctor", data_dir=tmp_path / "new", env={"QT_QPA_PLATFORM": "xcb"})
    assert result.returncode == 0
    assert "no database yet (created on first start)" in result.stdout
    assert "xcb (from QT_QPA_PLATFORM)" in result.stdout
    assert not (tmp_path / "new" / "baton.sqlite3").exists()


def test_subcommands_never_load_qt(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from app.main import main\n"
        f"rc = main(['--data-dir', {str(tmp_path)!r}, 'doctor'])\n"
        "loaded = {m.split('.')[0] for m in sys.modules}\n"
        "assert not loaded & {'PySide6', 'shiboken6', 'ui'}, 'Qt loaded'\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr


def test_environment_variable_chooses_the_profile(tmp_path: Path) -> None:
    environ = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}
    environ["BATON_DATA_DIR"] = str(tmp_path / "from-env")
    result = subprocess.run(
        [sys.executable, "-m", "app.main", "doctor"], capture_output=True, text=True, env=environ, check=False
    )
    assert f"data directory:      {tmp_path / 'from-env'}" in result.stdout
