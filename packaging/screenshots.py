"""Screenshots of Baton's main window under Xvfb, in light and dark themes.

Starts a virtual X server with a real system tray (Debian ``trayer``), a throw-away profile
with the sample roster, and ``baton --now`` at a fixed instant, then grabs the whole screen.
Run: ``.venv/bin/python packaging/screenshots.py [OUTPUT_DIR]`` (default
``resources/screenshots``). Needs ``xvfb`` and ``trayer`` (``packaging/bootstrap --test``).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOW = "2026-11-24T07:40:00Z"  # a Tuesday: 08:40 in Berlin, 16:40 in Tokyo, 03:10 in St. John's
SIZE = (1440, 900)


def _wait_for(condition, seconds: float, what: str) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out waiting for {what}")
        time.sleep(0.1)


def _grab(display: str, target: Path) -> None:
    code = (
        "import sys\n"
        "from PySide6.QtWidgets import QApplication\n"
        "app = QApplication(sys.argv)\n"
        f"ok = app.primaryScreen().grabWindow(0).save({str(target)!r})\n"
        "sys.exit(0 if ok else 1)\n"
    )
    subprocess.run(
        [sys.executable, "-c", code], env={**os.environ, "DISPLAY": display}, check=True, timeout=60
    )


def shoot(output: Path, theme: str, display_number: int) -> Path:
    display = f":{display_number}"
    profile = Path(tempfile.mkdtemp(prefix="baton-shot-"))
    env = {
        **os.environ,
        "DISPLAY": display,
        "BATON_DATA_DIR": str(profile),
        "TZ": "Europe/Berlin",
        "LANG": "en_GB.UTF-8",
        "QT_QPA_PLATFORM": "xcb",
    }
    env.pop("WAYLAND_DISPLAY", None)
    baton = [sys.executable, "-m", "app.main", "--now", NOW]
    subprocess.run(
        [*baton, "team", "import", str(ROOT / "resources" / "sample" / "roster.toml")], env=env, check=True
    )
    (profile / "config").mkdir(exist_ok=True)
    (profile / "config" / "settings.toml").write_text(f'version = 1\ntheme = "{theme}"\n', encoding="utf-8")
    (profile / "config" / "ui-state.ini").write_text("", encoding="utf-8")
    processes = []
    try:
        xvfb = subprocess.Popen(
            ["Xvfb", display, "-screen", "0", f"{SIZE[0]}x{SIZE[1]}x24", "-nolisten", "tcp"]
        )
        processes.append(xvfb)
        _wait_for(lambda: Path(f"/tmp/.X11-unix/X{display_number}").exists(), 10, "Xvfb")
        if shutil.which("trayer"):
            processes.append(
                subprocess.Popen(
                    ["trayer", "--edge", "top", "--align", "right", "--widthtype", "request"], env=env
                )
            )
        app = subprocess.Popen(baton, env=env)
        processes.append(app)
        log = profile / "logs" / "baton.log"
        _wait_for(lambda: log.exists() and "starting" in log.read_text(encoding="utf-8"), 30, "Baton")
        time.sleep(3)  # let the window map and paint; a screenshot has no signal to wait on
        target = output / f"main-window-{theme}.png"
        _grab(display, target)
        return target
    finally:
        for process in reversed(processes):
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
        shutil.rmtree(profile, ignore_errors=True)


def main() -> None:
    output = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "resources" / "screenshots"
    output.mkdir(parents=True, exist_ok=True)
    for number, theme in enumerate(("light", "dark"), start=91):
        sys.stdout.write(f"{shoot(output, theme, number)}\n")


if __name__ == "__main__":
    main()
