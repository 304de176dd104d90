"""Drives one real Baton process for the end-to-end scenario, like a user at the keyboard.

Run by ``tests/e2e/test_handoff_moment.py`` inside its own ``dbus-run-session`` with its own
``HOME``, so each teammate has a separate, real Secret Service keyring (gnome-keyring), on a
real X display with a real tray. The first line on standard input is the set-up (JSON:
``data_dir``, ``now``, ``me``, ``roster``, ``tracker_url``, ``project``, ``token``): the
driver unlocks its keyring, then uses the real ``baton`` command to import the team and add the
tracker (token on the command's standard input), and starts the real GUI with an injected clock
(``baton --now``). After that it reads one JSON command per line and answers one JSON line
each, acting through the widgets a user would use (menus, form fields, buttons, dialogs).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]


def _emit(message: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


def _baton(data_dir: str, *args: str, stdin: str | None = None) -> None:
    subprocess.run(
        [sys.executable, "-m", "app.main", "--data-dir", data_dir, *args],
        input=stdin,
        text=True,
        check=True,
        capture_output=True,
        cwd=ROOT,
        timeout=120,
    )


def _unlock_keyring() -> None:
    """Start this session's gnome-keyring with the Secret Service component, unlocked."""
    subprocess.run(
        ["gnome-keyring-daemon", "--unlock", "--components=secrets", "--daemonize"],
        input="e2e-keyring-password",
        text=True,
        check=True,
        capture_output=True,
        timeout=30,
    )


class Driver:
    """Executes commands on the GUI thread of the running Baton (see the module docstring)."""

    def __init__(self, controller: Any) -> None:
        from PySide6.QtCore import QObject, Signal  # noqa: PLC0415 (Qt only once the GUI runs)

        class _Inbox(QObject):
            arrived = Signal(str)

        self.controller = controller
        self.notifications: list[tuple[str, str]] = []
        original = controller.tray.notify

        def notify(title: str, message: str) -> None:
            self.notifications.append((title, message))
            original(title, message)

        controller.tray.notify = notify
        self._inbox = _Inbox()
        self._inbox.arrived.connect(self._run)
        threading.Thread(target=self._read_commands, daemon=True).start()
        _emit({"ready": True})

    # -- plumbing -------------------------------------------------------------------------

    def _read_commands(self) -> None:
        for line in sys.stdin:
            if line.strip():
                self._inbox.arrived.emit(line)

    def _run(self, line: str) -> None:
        command = json.loads(line)
        name = command.pop("command")
        sys.stderr.write(f"driver: {name} {sorted(command)}\n")
        sys.stderr.flush()
        try:
            result = getattr(self, f"do_{name}")(**command)
            _emit({"ok": True, "result": result})
        except Exception as error:
            import traceback  # noqa: PLC0415

            _emit({"ok": False, "error": f"{type(error).__name__}: {error}", "trace": traceback.format_exc()})

    @staticmethod
    def wait_until(condition: Callable[[], object], timeout: float = 30.0, what: str = "condition") -> None:
        """Let the event loop run until ``condition()`` is truthy (the driver's waitUntil)."""
        from PySide6.QtCore import QCoreApplication, QEventLoop  # noqa: PLC0415

        deadline = time.monotonic() + timeout
        while not condition():
            if time.monotonic() > deadline:
                raise TimeoutError(f"timed out after {timeout:g} s waiting for {what}")
            QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)

    def _store(self) -> Any:
        from app.store import Store  # noqa: PLC0415

        return Store.open(Path(os.environ["BATON_DATA_DIR"]) / "baton.sqlite3")

    # -- commands -------------------------------------------------------------------------

    def do_screenshot(self, path: str) -> str:
        """The whole X screen, tray included."""
        from PySide6.QtWidgets import QApplication  # noqa: PLC0415

        self.wait_until(lambda: True)
        if not QApplication.primaryScreen().grabWindow(0).save(path):
            raise OSError(f"could not save {path}")
        return path

    def do_draft(self, spec: dict[str, Any]) -> str:
        """Open New Handoff (Ctrl+N) and fill it in like a user; returns the draft's UUID once
        autosave has stored the last keystroke."""
        from PySide6.QtCore import Qt  # noqa: PLC0415
        from PySide6.QtTest import QTest  # noqa: PLC0415

        from app.domain import Section  # noqa: PLC0415

        shell = self.controller.handoffs
        forms: list[Any] = []
        shell.hub.form_opened.connect(forms.append)
        window = self.controller.window
        window.bring_to_front()
        shell.new_action.trigger()  # Handoff ▸ New Handoff… (Ctrl+N)
        self.wait_until(lambda: forms, what="the handoff form")
        form = forms[0]
        self.form = form
        self.wait_until(form.isVisible, what="the form to show")
        for editor in list(form.editors()):  # nothing carried over in this scenario
            QTest.mouseClick(editor.remove_button, Qt.MouseButton.LeftButton)
        box = form.recipient_box
        wanted = ("teammate", spec["recipient"])
        box.setCurrentIndex(next(i for i in range(box.count()) if tuple(box.itemData(i)) == wanted))
        QTest.keyClicks(form.title_edit, spec["title"])
        for item in spec["items"]:
            page = form.section_page(Section(item["section"]))
            QTest.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
            editor = page.editors[-1]
            QTest.keyClicks(editor.text_edit, item["text"])
            if item.get("input_needed"):
                editor.flag_box.click()
            if item.get("owner"):
                box = editor.owner_box
                box.setCurrentIndex(box.findText(item["owner"]))
            if item.get("propose_deadline"):
                QTest.mouseClick(editor.propose_button, Qt.MouseButton.LeftButton)
                self.wait_until(lambda e=editor: e.deadline.value() is not None, what="a proposed deadline")
            if item.get("ref"):
                QTest.keyClicks(editor.ref_edit, item["ref"])
        handoff_id: str = form.handoff_id
        expected = spec["items"][-1]["text"]
        with _Closing(self._store()) as store:
            self.wait_until(
                lambda: any(i.text == expected for i in (store.handoffs.get(handoff_id) or _Empty()).items),
                timeout=5,
                what="autosave of the last item",
            )
        return handoff_id

    def do_preview(self) -> str:
        """Go to the preview step; its plain text."""
        form = self.form
        form.go_to(form.preview_page)
        self.wait_until(lambda: form.preview.toPlainText().strip(), what="the preview")
        return str(form.preview.toPlainText())

    def do_submit(self) -> str:
        """Ctrl+Enter on the form; returns the handoff's state once stored."""
        from PySide6.QtCore import Qt  # noqa: PLC0415
        from PySide6.QtTest import QTest  # noqa: PLC0415

        form = self.form
        submitted: list[str] = []
        form.submitted.connect(submitted.append)
        QTest.mouseClick(form.submit_button, Qt.MouseButton.LeftButton)
        self.wait_until(lambda: submitted, what="submit")
        return self.do_state(handoff_id=form.handoff_id)["state"]

    def do_state(self, handoff_id: str) -> dict[str, Any]:
        """The handoff's stored state, its acknowledgements, and what the status bar says."""
        with _Closing(self._store()) as store:
            handoff = store.handoffs.get(handoff_id)
            acks = store.handoffs.acknowledgements(handoff_id) if handoff else []
            accounts = store.accounts.list()
        sync = self.controller.sync
        return {
            "state": handoff.state if handoff else None,
            "remote_id": handoff.remote_id if handoff else None,
            "acks": [{"by": a.by, "read_back": a.read_back, "question": a.question} for a in acks],
            "accounts": [{"name": a.name, "status": a.status} for a in accounts],
            "status_text": " · ".join(sync.status.texts()) if sync is not None else "",
        }

    def do_sync(self, expect_ok: bool = True) -> dict[str, Any]:
        """Sync Now (F5) and wait for the pass to finish."""

        sync = self.controller.sync
        finished: list[bool] = []
        received: list[list[str]] = []
        sync.sync_finished.connect(finished.append)
        sync.handoffs_received.connect(received.append)
        sync.sync_action.trigger()  # Tracker ▸ Sync Now (F5)
        self.wait_until(lambda: finished, timeout=60, what="the sync pass")
        if received:
            self.wait_until(lambda: self.notifications, timeout=10, what="the tray notification")
        return {
            "ok": finished[0],
            "received": [i for r in received for i in r],
            "notifications": self.notifications,
        }

    def do_read(self, handoff_id: str) -> dict[str, str]:
        """Open the inbox, select the handoff; the reading view's text and the reader's locale."""
        shell = self.controller.handoffs
        shell.show_inbox()
        self.wait_until(
            lambda: shell.inbox.model.record(handoff_id) is not None, what="the handoff in the inbox"
        )
        shell.inbox.select(handoff_id)
        self.wait_until(lambda: shell.inbox.reader.toPlainText().strip(), what="the reading view")
        return {"text": str(shell.inbox.reader.toPlainText()), "locale": shell.hub.locale()}

    def do_acknowledge(self, handoff_id: str, read_back: str, question: str = "") -> str:
        """Acknowledge… in the inbox: type the read-back (and question), press Acknowledge."""
        from PySide6.QtCore import Qt  # noqa: PLC0415
        from PySide6.QtTest import QTest  # noqa: PLC0415

        shell = self.controller.handoffs
        done: list[str] = []
        shell.hub.acknowledged.connect(done.append)
        shell.inbox.select(handoff_id)
        QTest.mouseClick(shell.inbox.acknowledge_button, Qt.MouseButton.LeftButton)
        self.wait_until(
            lambda: shell.ack_dialog is not None and shell.ack_dialog.isVisible(), what="the dialog"
        )
        dialog = shell.ack_dialog
        QTest.keyClicks(dialog.read_back_edit, read_back)
        if question:
            QTest.keyClicks(dialog.question_edit, question)
        self.acknowledge_dialog_text = [label.text() for label in dialog.action_labels]
        QTest.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Ok), Qt.MouseButton.LeftButton)
        self.wait_until(lambda: done, what="the acknowledgement to be stored")
        return self.do_state(handoff_id=handoff_id)["state"]

    def do_show_outbox(self) -> None:
        self.controller.handoffs.show_outbox()

    def do_quit(self) -> None:
        from PySide6.QtCore import QTimer  # noqa: PLC0415
        from PySide6.QtWidgets import QApplication  # noqa: PLC0415

        QTimer.singleShot(0, QApplication.quit)


class _Closing:
    def __init__(self, store: Any) -> None:
        self.store = store

    def __enter__(self) -> Any:
        return self.store

    def __exit__(self, *exc: object) -> None:
        self.store.close()


class _Empty:
    items: tuple[Any, ...] = ()


def main() -> int:
    setup = json.loads(sys.stdin.readline())
    data_dir: str = setup["data_dir"]
    _unlock_keyring()
    config = Path(data_dir) / "config"
    config.mkdir(parents=True, exist_ok=True)
    (config / "settings.toml").write_text(
        f'version = 1\nme = "{setup["me"]}"\ntheme = "light"\nviewer_zone = "{setup["zone"]}"\n',
        encoding="utf-8",
    )
    _baton(data_dir, "team", "import", setup["roster"])
    _baton(
        data_dir,
        "tracker",
        "add",
        "redmine",
        "--name",
        "ops",
        "--url",
        setup["tracker_url"],
        "--project",
        setup["project"],
        "--scope",
        "project",
        stdin=setup["token"] + "\n",
    )
    _emit({"cli": "ready"})
    from app.main import main as baton  # noqa: PLC0415

    os.environ["BATON_DATA_DIR"] = data_dir
    return baton(["--now", setup["now"]], on_gui_attached=Driver)


if __name__ == "__main__":
    sys.exit(main())
