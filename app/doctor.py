"""``baton doctor``: the facts a bug report needs, gathered without starting Qt.

Reports the profile's paths, the database's schema revision and health, SQLite and tzdata
versions, the Qt version and the platform plugin Qt would pick, and the keyring backend. The
Qt facts come from a child Python process, so this command never loads PySide6 itself.
"""

from __future__ import annotations

import importlib.metadata
import json
import os
import platform
import sqlite3
import subprocess
import sys
import zoneinfo
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from app import __version__
from app.paths import Paths
from app.store.database import create_sqlite_engine, schema_status
from app.store.errors import StoreError
from app.timeline.zones import TZDATA_VERSION

_QT_PROBE = (
    "import json, os\n"
    "from PySide6 import __version__ as pyside\n"
    "from PySide6.QtCore import QLibraryInfo, qVersion\n"
    "d = os.path.join(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath), 'platforms')\n"
    "files = os.listdir(d) if os.path.isdir(d) else []\n"
    "names = sorted(f.split('.')[0].removeprefix('libq') for f in files)\n"
    "print(json.dumps({'qt': qVersion(), 'pyside': pyside, 'plugins': names}))\n"
)


@dataclass
class DoctorReport:
    """Lines of ``(label, value)``; ``warnings`` the user should act on; ``problems`` that make
    Baton unusable (non-empty means exit code 1)."""

    facts: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def render(self) -> str:
        """Plain text, one ``label: value`` per line, aligned, then warnings and problems."""
        width = max(len(label) for label, _ in self.facts) + 1
        lines = [f"{label + ':':<{width}} {value}" for label, value in self.facts]
        lines += [f"WARNING: {w}" for w in self.warnings]
        lines += [f"PROBLEM: {p}" for p in self.problems]
        return "\n".join(lines)


def expected_platform_plugin(environ: Mapping[str, str]) -> str:
    """The Qt platform plugin Qt 6 would choose for this environment (QT_QPA_PLATFORM first,
    then Wayland, then X11), as documented in Qt's "Qt for Linux/X11" and QGuiApplication."""
    if environ.get("QT_QPA_PLATFORM"):
        return f"{environ['QT_QPA_PLATFORM']} (from QT_QPA_PLATFORM)"
    if sys.platform == "darwin":
        return "cocoa"
    if sys.platform == "win32":
        return "windows"
    if environ.get("WAYLAND_DISPLAY"):
        return "wayland"
    if environ.get("DISPLAY"):
        return "xcb"
    return "none: no display found (set DISPLAY, WAYLAND_DISPLAY or QT_QPA_PLATFORM=offscreen)"


def _tzdata_facts() -> str:
    try:
        package = importlib.metadata.version("tzdata")
    except importlib.metadata.PackageNotFoundError:
        package = "not installed"
    system = "none"
    for root in zoneinfo.TZPATH:
        zi = Path(root) / "tzdata.zi"
        if zi.is_file():
            with zi.open(encoding="utf-8") as handle:
                first = handle.readline().strip()
            system = f"{first.removeprefix('# version ').strip() or 'unknown'} at {root}"
            break
    return f"{TZDATA_VERSION} (tzdata package {package}, used for all time calculations); system {system}"


def _qt_facts(report: DoctorReport, environ: Mapping[str, str]) -> None:
    try:
        result = subprocess.run(  # noqa: S603 (our own interpreter, fixed code)
            [sys.executable, "-c", _QT_PROBE],
            capture_output=True,
            text=True,
            timeout=30,
            check=True,
            env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        )
        qt = json.loads(result.stdout)
        report.facts.append(("Qt", f"{qt['qt']} (PySide6 {qt['pyside']})"))
        report.facts.append(("Qt platform plugins", ", ".join(qt["plugins"]) or "none found"))
    except (OSError, subprocess.SubprocessError, ValueError, KeyError) as exc:
        detail = getattr(exc, "stderr", "") or str(exc)
        report.facts.append(("Qt", "unavailable"))
        report.problems.append(f"PySide6 cannot be loaded: {detail.strip().splitlines()[-1:]}")
    report.facts.append(("Qt platform", expected_platform_plugin(environ)))


def _database_facts(report: DoctorReport, database: Path) -> None:
    report.facts.append(("database", str(database)))
    if not database.exists():
        report.facts.append(("schema revision", "no database yet (created on first start)"))
        return
    engine = create_sqlite_engine(database)
    try:
        status = schema_status(engine)
        state = "up to date" if status.up_to_date else f"will be migrated to {status.head} on start"
        if status.too_new:
            state = f"newer than this Baton (knows up to {status.head})"
            report.problems.append(
                f"{database} was written by a newer Baton; install it again or use another --data-dir"
            )
        report.facts.append(("schema revision", f"{status.current or 'empty'} ({state})"))
        with engine.connect() as connection:
            check = connection.exec_driver_sql("PRAGMA quick_check").scalar()
        report.facts.append(("integrity", str(check)))
        if check != "ok":
            report.problems.append(f"{database} is damaged ({check}); restore a backup copy beside it")
    except StoreError as exc:
        report.facts.append(("schema revision", "unreadable"))
        report.problems.append(str(exc))
    finally:
        engine.dispose()


def run_doctor(
    paths: Paths, *, keyring_backend: str, keyring_warning: str | None, environ: Mapping[str, str]
) -> DoctorReport:
    """Gather the report. ``keyring_backend`` and ``keyring_warning`` come from
    :func:`sync.credentials.describe_backend` (passed in by the composition root)."""
    report = DoctorReport()
    report.facts += [
        ("Baton", __version__),
        ("Python", f"{platform.python_version()} ({sys.executable})"),
        ("OS", platform.platform()),
        ("data directory", str(paths.data_dir)),
        ("config directory", str(paths.config_dir)),
        ("log file", str(paths.log_file)),
    ]
    _database_facts(report, paths.database)
    report.facts.append(("SQLite", sqlite3.sqlite_version))
    report.facts.append(("tzdata", _tzdata_facts()))
    _qt_facts(report, environ)
    report.facts.append(("keyring backend", keyring_backend))
    if keyring_warning:
        report.warnings.append(f"keyring: {keyring_warning}")
    return report
