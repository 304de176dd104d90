"""One Baton per profile: a second start brings the first to the front and exits."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from pytestqt.qtbot import QtBot

from ui.profile_lock import ProfileLock
from ui.single_instance import SingleInstance, server_name


def test_the_name_depends_on_the_profile(tmp_path: Path) -> None:
    assert server_name(tmp_path / "a") == server_name(tmp_path / "a")
    assert server_name(tmp_path / "a") != server_name(tmp_path / "b")


def test_a_second_instance_activates_the_first(qtbot: QtBot, tmp_path: Path) -> None:
    name = server_name(tmp_path)
    first = SingleInstance(name=name)
    assert not first.activate_running()  # nobody runs yet
    assert first.listen()
    second = SingleInstance(name=name)
    with qtbot.waitSignal(first.activation_requested, timeout=5000):
        assert second.activate_running()


def test_a_stale_socket_from_a_crashed_instance_is_replaced(qtbot: QtBot, tmp_path: Path) -> None:
    name = server_name(tmp_path)
    crashed = SingleInstance(name=name)
    assert crashed.listen()
    crashed._server.close()  # what a SIGKILL leaves behind: nobody answers on the name
    fresh = SingleInstance(name=name)
    assert not fresh.activate_running()
    assert fresh.listen()


def test_two_real_processes_share_one_window(qtbot: QtBot, tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "BATON_DATA_DIR": str(tmp_path / "profile")}
    first = subprocess.Popen([sys.executable, "-m", "app.main"], env=env, stderr=subprocess.DEVNULL)
    try:
        probe = SingleInstance(name=server_name(tmp_path / "profile"))
        qtbot.waitUntil(probe.activate_running, timeout=30000)
        second = subprocess.run(
            [sys.executable, "-m", "app.main"],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert second.returncode == 0
        assert first.poll() is None, "the first Baton must keep running"
        log = (tmp_path / "profile" / "logs" / "baton.log").read_text(encoding="utf-8")
        assert "Baton already runs for" in log
        first.terminate()  # SIGTERM, as a session logout sends: Baton quits cleanly
        assert first.wait(timeout=30) == 0
        assert (tmp_path / "profile" / "config" / "ui-state.ini").read_text().count("geometry") == 1
    finally:
        if first.poll() is None:
            first.kill()
            first.wait(timeout=30)


def test_the_profile_lock_admits_one_process_and_names_it(tmp_path: Path) -> None:
    first, second = ProfileLock(tmp_path / "profile"), ProfileLock(tmp_path / "profile")
    assert first.acquire()  # creates the data directory too
    assert not second.acquire()
    assert second.holder() == os.getpid()
    first.release()
    assert second.acquire()
    second.release()


def test_a_lock_left_by_a_killed_baton_is_taken_over(tmp_path: Path) -> None:
    code = (
        "import sys, pathlib; from ui.profile_lock import ProfileLock\n"
        f"lock = ProfileLock(pathlib.Path({str(tmp_path)!r}))\n"
        "assert lock.acquire(); print('locked', flush=True); sys.stdin.read()"
    )
    with subprocess.Popen(
        [sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    ) as holder:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "locked"
        lock = ProfileLock(tmp_path)
        assert not lock.acquire()
        assert lock.holder() == holder.pid
        holder.kill()  # SIGKILL: the lock file stays behind with a dead process id
        holder.wait(timeout=30)
    assert (tmp_path / "baton.lock").exists()
    assert lock.acquire()
    lock.release()
