"""Tracker ▸ Accounts…: the accounts with their status; add one (with Test Connection), sign
in again, remove.

The token field never echoes; the token goes only to the secret store (OS keyring, or memory
for a session-only account when no keyring is usable — the dialog says so and asks first).
Problems are shown next to their field; tracker messages are shown as plain text.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.store.records import AccountRecord
from sync.account_setup import AccountDraft, SavedAccount, cleaned, default_url, draft_problems
from sync.credentials import SecretStoreError
from sync.errors import SyncError, Unauthorized
from sync.protocol import Identity
from ui.sync.ops import AccountOperations, Outcome
from ui.sync.state import SyncState
from ui.theme import Tokens

log = logging.getLogger(__name__)

FIELDS = ("kind", "name", "base_url", "project", "scope", "token")
KIND_NAMES = {"redmine": "Redmine", "github": "GitHub"}
_TOKEN_HINTS = {
    "redmine": "API access key (Redmine: My account ▸ API access key ▸ Show)",
    "github": "Personal access token with read and write access to issues",
}


def _plain_label(parent: QWidget, text: str = "") -> QLabel:
    label = QLabel(text, parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def _ask(parent: QWidget, question: str) -> bool:
    answer = QMessageBox.question(parent, parent.tr("Remove Account"), question)
    return answer == QMessageBox.StandardButton.Yes


class AccountsDialog(QDialog):
    """The accounts dialog. ``ops`` runs every operation off the GUI thread; ``status_text``
    says what an account's status is ("Synced 12:04"); ``confirm`` asks a yes/no question
    (tests answer it). Call :meth:`show_state` whenever the accounts change."""

    def __init__(
        self,
        *,
        ops: AccountOperations,
        state: SyncState,
        status_text: Callable[[AccountRecord], str],
        confirm: Callable[[QWidget, str], bool] = _ask,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Tracker Accounts"))
        self.setMinimumWidth(620)
        self._ops, self._status_text, self._confirm = ops, status_text, confirm
        self._accounts: dict[int, AccountRecord] = {}
        self._signing_in: AccountRecord | None = None
        self._busy = False
        layout = QVBoxLayout(self)
        self.keyring_banner = _plain_label(self)
        self.keyring_banner.setAccessibleName(self.tr("Keyring problem"))
        self.keyring_banner.setContentsMargins(8, 6, 8, 6)
        warning = ops.keyring_warning
        if warning:
            self.keyring_banner.setText(
                self.tr(
                    "{warning}. Baton never stores tokens in plain text. You can still add a "
                    "session-only account: its token is kept in memory until Baton quits, and you "
                    "sign in again next time."
                ).format(warning=warning[:1].upper() + warning[1:])
            )
        self.keyring_banner.setVisible(bool(warning))
        layout.addWidget(self.keyring_banner)
        layout.addWidget(self._build_list())
        layout.addWidget(self._build_form())
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._on_kind_box_current_index_changed()
        self.show_state(state)

    # --- building -------------------------------------------------------------------------

    def _build_list(self) -> QWidget:
        box = QGroupBox(self.tr("Accounts"), self)
        layout = QVBoxLayout(box)
        self.account_list = QTreeWidget(box)
        self.account_list.setHeaderLabels(
            [self.tr("Name"), self.tr("Tracker"), self.tr("Project"), self.tr("Status")]
        )
        self.account_list.setRootIsDecorated(False)
        self.account_list.setAccessibleName(self.tr("Tracker accounts"))
        self.account_list.setMinimumHeight(90)
        self.account_list.itemSelectionChanged.connect(self._on_account_list_item_selection_changed)
        layout.addWidget(self.account_list)
        row = QHBoxLayout()
        self.sign_in_button = QPushButton(self.tr("&Sign In Again…"), box)
        self.sign_in_button.clicked.connect(self._on_sign_in_button_clicked)
        self.remove_button = QPushButton(self.tr("&Remove"), box)
        self.remove_button.clicked.connect(self._on_remove_button_clicked)
        self.list_message = _plain_label(box)
        row.addWidget(self.sign_in_button)
        row.addWidget(self.remove_button)
        row.addWidget(self.list_message, 1)
        layout.addLayout(row)
        return box

    def _field(self, form: QFormLayout, label: str, key: str, widget: QWidget) -> None:
        column = QVBoxLayout()
        column.setSpacing(1)
        column.addWidget(widget)
        error = _plain_label(self)
        error.setAccessibleName(self.tr("Problem with {field}").format(field=label.replace("&", "")))
        error.hide()
        column.addWidget(error)
        self.errors[key] = error
        self.inputs[key] = widget
        title = QLabel(label, self)
        title.setBuddy(widget)
        widget.setAccessibleName(label.replace("&", "").rstrip(":"))
        form.addRow(title, column)
        self.titles[key] = title

    def _build_form(self) -> QWidget:
        self.form_box = QGroupBox(self.tr("Add an account"), self)
        form = QFormLayout(self.form_box)
        self.errors: dict[str, QLabel] = {}
        self.inputs: dict[str, QWidget] = {}
        self.titles: dict[str, QLabel] = {}
        self.kind_box = QComboBox(self)
        self.kind_box.addItem(self.tr("Redmine"), "redmine")
        self.kind_box.addItem(self.tr("GitHub Issues"), "github")
        self.kind_box.currentIndexChanged.connect(self._on_kind_box_current_index_changed)
        self._field(form, self.tr("&Tracker:"), "kind", self.kind_box)
        self.name_edit = QLineEdit(self)
        self.name_edit.setPlaceholderText(self.tr("A short name, e.g. ops"))
        self._field(form, self.tr("&Name:"), "name", self.name_edit)
        self.url_edit = QLineEdit(self)
        self._field(form, self.tr("&Address:"), "base_url", self.url_edit)
        self.project_edit = QLineEdit(self)
        self._field(form, self.tr("&Project:"), "project", self.project_edit)
        self.scope_box = QComboBox(self)
        self.scope_box.addItem(self.tr("Assigned to me"), "assigned")
        self.scope_box.addItem(self.tr("Everything in the project"), "project")
        self._field(form, self.tr("Tasks to &pull:"), "scope", self.scope_box)
        self.token_edit = QLineEdit(self)
        self.token_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.token_edit.setInputMethodHints(
            Qt.InputMethodHint.ImhHiddenText
            | Qt.InputMethodHint.ImhSensitiveData
            | Qt.InputMethodHint.ImhNoPredictiveText
        )
        self._field(form, self.tr("T&oken:"), "token", self.token_edit)
        self.session_only_check = QCheckBox(
            self.tr("Keep the token for this &session only (in memory until Baton quits)"), self
        )
        form.addRow("", self.session_only_check)
        form.setRowVisible(self.session_only_check, self._ops.session_only)
        row = QHBoxLayout()
        self.test_button = QPushButton(self.tr("&Test Connection"), self)
        self.test_button.clicked.connect(self._on_test_button_clicked)
        self.add_button = QPushButton(self.tr("A&dd Account"), self)
        self.add_button.setDefault(True)
        self.add_button.clicked.connect(self._on_add_button_clicked)
        self.cancel_sign_in_button = QPushButton(self.tr("&Cancel Sign-In"), self)
        self.cancel_sign_in_button.clicked.connect(self._on_cancel_sign_in_button_clicked)
        self.cancel_sign_in_button.hide()
        row.addWidget(self.test_button)
        row.addWidget(self.add_button)
        row.addWidget(self.cancel_sign_in_button)
        row.addStretch(1)
        form.addRow("", row)
        self.result_label = _plain_label(self)
        self.result_label.setAccessibleName(self.tr("Connection result"))
        form.addRow("", self.result_label)
        return self.form_box

    # --- state ----------------------------------------------------------------------------

    def show_state(self, state: SyncState) -> None:
        """List ``state``'s accounts with their status (selection kept by id)."""
        selected = self.selected_account()
        self._accounts = {a.id: a for a in state.accounts}
        self.account_list.clear()
        for account in state.accounts:
            where = account.project or ""
            item = QTreeWidgetItem(
                [account.name, KIND_NAMES.get(account.kind, account.kind), where, self._status_text(account)]
            )
            item.setData(0, Qt.ItemDataRole.UserRole, account.id)
            if account.session_only:
                item.setToolTip(0, self.tr("Session-only: the token is forgotten when Baton quits"))
            self.account_list.addTopLevelItem(item)
            if selected is not None and selected.id == account.id:
                item.setSelected(True)
        for column in range(3):
            self.account_list.resizeColumnToContents(column)
        if not state.accounts:
            self.list_message.setText(self.tr("No tracker accounts yet: add one below."))
        self._on_account_list_item_selection_changed()

    def selected_account(self) -> AccountRecord | None:
        """The account selected in the list, or ``None``."""
        items = self.account_list.selectedItems()
        if not items:
            return None
        return self._accounts.get(int(items[0].data(0, Qt.ItemDataRole.UserRole)))

    def select_account(self, account_id: int) -> None:
        """Select an account; one that needs sign-in opens the sign-in form at once."""
        for index in range(self.account_list.topLevelItemCount()):
            item = self.account_list.topLevelItem(index)
            if item is not None:
                item.setSelected(item.data(0, Qt.ItemDataRole.UserRole) == account_id)
        account = self._accounts.get(account_id)
        if account is not None and account.status == "needs_sign_in":
            self.begin_sign_in(account)

    def set_tokens(self, tokens: Tokens) -> None:
        """Colour the keyring banner and the field problems with the warning tokens (problems
        also start with ✖, so colour is never the only sign)."""
        warning = f"QLabel {{ background: {tokens.warning_surface}; color: {tokens.warning_text}; }}"
        self.keyring_banner.setStyleSheet(warning)
        for label in self.errors.values():
            label.setStyleSheet(f"QLabel {{ color: {tokens.warning_text}; }}" if not tokens.dark else warning)

    def draft(self) -> AccountDraft:
        """The account as typed (spaces trimmed)."""
        return cleaned(
            AccountDraft(
                name=self.name_edit.text(),
                kind=str(self.kind_box.currentData()),
                base_url=self.url_edit.text(),
                project=self.project_edit.text(),
                scope=str(self.scope_box.currentData()),
            )
        )

    def show_problems(self, problems: dict[str, str]) -> None:
        """Show each problem under its field, clear the others."""
        for key, label in self.errors.items():
            text = problems.get(key, "")
            label.setText(f"✖ {text}" if text else "")
            label.setVisible(bool(text))
            self.inputs[key].setAccessibleDescription(text)
        first = next((key for key in FIELDS if key in problems), None)
        if first is not None:
            self.inputs[first].setFocus()

    def _validate(self, *, saving: bool) -> bool:
        if self._signing_in is not None:
            problems: dict[str, str] = {}
        else:
            taken = [a.name for a in self._accounts.values()]
            problems = draft_problems(self.draft(), taken=taken)
        if not self.token_edit.text().strip():
            problems["token"] = self.tr("Paste the token.")
        elif saving and self._ops.session_only and not self.session_only_check.isChecked():
            problems["token"] = self.tr(
                "No keyring can keep this token: tick “session only” to keep it in memory until Baton quits."
            )
        self.show_problems(problems)
        if problems:
            self.result_label.clear()
        return not problems

    def _set_busy(self, busy: bool, message: str = "") -> None:
        self._busy = busy
        for button in (self.test_button, self.add_button, self.remove_button, self.sign_in_button):
            button.setEnabled(not busy)
        if not busy:
            self._on_account_list_item_selection_changed()
        if message:
            self.result_label.setText(message)

    def _failure_text(self, error: object) -> str:
        if isinstance(error, SecretStoreError):
            self.show_problems({"token": str(error)})
            return self.tr("The token was not saved: {error}").format(error=error)
        if isinstance(error, Unauthorized):
            self.show_problems({"token": self.tr("The tracker refused this token.")})
        if isinstance(error, SyncError):
            return self.tr("Connection failed: {error}").format(error=error)
        if isinstance(error, ValueError | KeyError):
            return self.tr("Not saved: {error}").format(error=error)
        log.error("account operation failed", exc_info=error if isinstance(error, BaseException) else None)
        return self.tr("Something went wrong (details in the log).")

    # --- slots ----------------------------------------------------------------------------

    @Slot()
    def _on_kind_box_current_index_changed(self) -> None:
        kind = str(self.kind_box.currentData())
        github = kind == "github"
        url = self.url_edit.text().strip()
        if not url or url in {default_url("github"), default_url("redmine")}:
            self.url_edit.setText(default_url(kind))
        self.url_edit.setPlaceholderText(
            "https://api.github.com" if github else "https://redmine.example.com"
        )
        self.titles["project"].setText(self.tr("&Repository:") if github else self.tr("&Project:"))
        self.inputs["project"].setAccessibleName(self.tr("Repository") if github else self.tr("Project"))
        self.project_edit.setPlaceholderText(
            self.tr("OWNER/REPO") if github else self.tr("Project identifier, e.g. ops-handoffs")
        )
        self.scope_box.setItemText(
            1, self.tr("Everything in the repository") if github else self.tr("Everything in the project")
        )
        self.token_edit.setPlaceholderText(_TOKEN_HINTS.get(kind, ""))

    @Slot()
    def _on_account_list_item_selection_changed(self) -> None:
        account = self.selected_account()
        self.remove_button.setEnabled(account is not None and not self._busy)
        self.sign_in_button.setEnabled(account is not None and not self._busy)
        if account is not None:
            detail = account.status_detail if account.status != "ok" else None
            self.list_message.setText(detail or "")

    @Slot()
    def _on_test_button_clicked(self) -> None:
        if not self._validate(saving=False):
            return
        draft = self._signing_in_draft() or self.draft()
        self._set_busy(True, self.tr("Testing the connection…"))
        outcome = self._ops.test_connection(draft, self.token_edit.text().strip())
        outcome.succeeded.connect(self._on_test_outcome_succeeded)
        outcome.failed.connect(self._on_outcome_failed)

    def _signing_in_draft(self) -> AccountDraft | None:
        account = self._signing_in
        if account is None:
            return None
        return AccountDraft(account.name, account.kind, account.base_url, account.project, account.scope)

    @Slot(object)
    def _on_test_outcome_succeeded(self, identity: Identity) -> None:
        self._set_busy(False)
        self.result_label.setText(
            self.tr("Connected: the token belongs to {login} ({name}).").format(
                login=identity.login, name=identity.name
            )
        )

    @Slot(object)
    def _on_outcome_failed(self, error: object) -> None:
        self._set_busy(False)
        self.result_label.setText(self._failure_text(error))

    @Slot()
    def _on_add_button_clicked(self) -> None:
        if not self._validate(saving=True):
            return
        token = self.token_edit.text().strip()
        if self._signing_in is not None:
            self._set_busy(True, self.tr("Checking the new token…"))
            outcome: Outcome = self._ops.sign_in_again(self._signing_in, token)
        else:
            self._set_busy(True, self.tr("Checking the token and adding the account…"))
            outcome = self._ops.add_account(self.draft(), token)
        outcome.succeeded.connect(self._on_save_outcome_succeeded)
        outcome.failed.connect(self._on_outcome_failed)

    @Slot(object)
    def _on_save_outcome_succeeded(self, saved: SavedAccount) -> None:
        self._set_busy(False)
        signed_in = self._signing_in is not None
        self._end_sign_in()
        self.name_edit.clear()
        self.project_edit.clear()
        self.token_edit.clear()
        self.session_only_check.setChecked(False)
        text = (
            self.tr("Signed in to {name} again as {login}.")
            if signed_in
            else self.tr("Added {name}: signed in as {login}.")
        ).format(name=saved.account.name, login=saved.identity.login)
        if saved.routed:
            text += " " + self.tr("{n} queued write(s) will go to it on the next sync.").format(
                n=saved.routed
            )
        if saved.account.session_only:
            text += " " + self.tr("Session only: sign in again after Baton restarts.")
        self.result_label.setText(text)

    @Slot()
    def _on_sign_in_button_clicked(self) -> None:
        account = self.selected_account()
        if account is not None:
            self.begin_sign_in(account)

    def begin_sign_in(self, account: AccountRecord) -> None:
        """Switch the form to replacing ``account``'s token (other fields shown, locked)."""
        self._signing_in = account
        self.form_box.setTitle(self.tr("Sign in to {name} again").format(name=account.name))
        self.kind_box.setCurrentIndex(max(0, self.kind_box.findData(account.kind)))
        self.name_edit.setText(account.name)
        self.url_edit.setText(account.base_url)
        self.project_edit.setText(account.project or "")
        self.scope_box.setCurrentIndex(max(0, self.scope_box.findData(account.scope)))
        for key in ("kind", "name", "base_url", "project", "scope"):
            self.inputs[key].setEnabled(False)
        self.add_button.setText(self.tr("Save &Token"))
        self.cancel_sign_in_button.show()
        self.token_edit.clear()
        self.result_label.clear()
        self.show_problems({})
        self.token_edit.setFocus()

    def _end_sign_in(self) -> None:
        self._signing_in = None
        self.form_box.setTitle(self.tr("Add an account"))
        for key in ("kind", "name", "base_url", "project", "scope"):
            self.inputs[key].setEnabled(True)
        self.add_button.setText(self.tr("A&dd Account"))
        self.cancel_sign_in_button.hide()

    @Slot()
    def _on_cancel_sign_in_button_clicked(self) -> None:
        self._end_sign_in()
        self.name_edit.clear()
        self.project_edit.clear()
        self.token_edit.clear()
        self.result_label.clear()
        self.show_problems({})

    @Slot()
    def _on_remove_button_clicked(self) -> None:
        account = self.selected_account()
        if account is None:
            return
        question = self.tr(
            "Remove {name}? Its token is deleted from the keyring and its cached tasks are dropped; "
            "writes still waiting for it are kept for another account."
        ).format(name=account.name)
        if not self._confirm(self, question):
            return
        if self._signing_in is not None and self._signing_in.id == account.id:
            self._on_cancel_sign_in_button_clicked()
        self._set_busy(True, self.tr("Removing {name}…").format(name=account.name))
        outcome = self._ops.remove_account(account.id)
        name = account.name
        outcome.succeeded.connect(lambda kept: self._on_remove_outcome_succeeded(name, kept))
        outcome.failed.connect(self._on_outcome_failed)

    def _on_remove_outcome_succeeded(self, name: str, kept: int) -> None:
        self._set_busy(False)
        text = self.tr("Removed {name}.").format(name=name)
        if kept:
            text += " " + self.tr("{n} waiting write(s) kept for another account.").format(n=kept)
        self.result_label.setText(text)
