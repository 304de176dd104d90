"""A virtual X display with a real system tray, for end-to-end tests and screenshots.

Xvfb serves the display; Debian's ``trayer`` provides the freedesktop system tray, so
``QSystemTrayIcon.isSystemTrayAvailable()`` is True and Qt's balloon messages are drawn on the
screen (TESTBEDS.md, "System tray and notifications").
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path


def wait_for(condition: Callable[[], bool], seconds: float, what: str) -> None:
    """Poll ``condition`` every 50 ms until it holds; ``TimeoutError`` naming ``what`` after
    ``seconds``. For external processes, which have no signal to wait on."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out after {seconds:g} s waiting for {what}")
        time.sleep(0.05)


@dataclass(frozen=True)
class Display:
    """A running virtual display: ``name`` for ``DISPLAY`` (``":93"``) and whether a tray runs."""

    name: str
    tray: bool

    def environment(self) -> dict[str, str]:
        """Environment variables for a Qt program that should open real windows on it."""
        return {"DISPLAY": self.name, "QT_QPA_PLATFORM": "xcb"}


def _free_display_number(start: int = 90) -> int:
    for number in range(start, start + 100):
        if not Path(f"/tmp/.X11-unix/X{number}").exists() and not Path(f"/tmp/.X{number}-lock").exists():
            return number
    raise RuntimeError("no free X display number between :90 and :189")


@contextmanager
def virtual_display(size: tuple[int, int] = (1440, 900), *, tray: bool = True) -> Iterator[Display]:
    """Start Xvfb (and trayer when ``tray`` and installed) and stop both on exit.

    Raises ``FileNotFoundError`` when Xvfb is not installed (``packaging/bootstrap --test``
    installs it) and ``TimeoutError`` when it does not come up within 10 s.
    """
    if shutil.which("Xvfb") is None:
        raise FileNotFoundError("Xvfb is not installed; run packaging/bootstrap --test")
    number = _free_display_number()
    name = f":{number}"
    processes: list[subprocess.Popen[bytes]] = []
    try:
        processes.append(
            subprocess.Popen(
                ["Xvfb", name, "-screen", "0", f"{size[0]}x{size[1]}x24", "-nolisten", "tcp"],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        )
        wait_for(lambda: Path(f"/tmp/.X11-unix/X{number}").exists(), 10, f"Xvfb on {name}")
        has_tray = tray and shutil.which("trayer") is not None
        if has_tray:
            processes.append(
                subprocess.Popen(
                    [
                        "trayer",
                        "--edge",
                        "top",
                        "--align",
                        "right",
                        "--widthtype",
                        "request",
                        "--height",
                        "28",
                    ],
                    env={**os.environ, "DISPLAY": name},
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
            )
        yield Display(name=name, tray=has_tray)
    finally:
        for process in reversed(processes):
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
