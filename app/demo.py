"""``baton --demo``: a throw-away demo workspace, so a new user sees every view with real data.

The workspace is a fresh profile directory (never the user's own): the sample team of ten
people across APAC, EMEA and the Americas (``resources/sample/roster.toml``: Asia/Kathmandu
+05:45, Australia/Adelaide +09:30/+10:30, America/St_Johns −03:30/−02:30 among them), an
offline demo tracker account with sample tasks, and one incoming handoff from Tokyo to the
demo user in Berlin. Nothing here talks to a network.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from app.domain import ItemFlag, RecipientKind, Section, TrackerKind, Urgency
from app.paths import Paths
from app.ports import Clock
from app.settings import SETTINGS_FILE, Settings, save_settings
from app.store import Store
from app.store.records import HandoffItemData, HandoffRecord, TaskData
from app.store.roster import SqliteRosterStore
from app.timeline.roster_file import load_roster
from resources import resource_path

DEMO_ME = "Lena Fischer"
DEMO_SENDER = "Kenji Sato"
DEMO_ACCOUNT = "Demo tracker (offline)"
DEMO_TRACKER_URL = "https://tracker.example.invalid"

# (key number, title, status, assignee, priority); assignees are roster names.
_TASKS: tuple[tuple[int, str, str, str | None, str], ...] = (
    (
        101,
        "Payments API returns 502 for EU cards after the 14:00 deploy",
        "In Progress",
        "Lena Fischer",
        "Urgent",
    ),
    (102, "Rotate the staging database credentials", "New", "Kenji Sato", "Normal"),
    (
        103,
        "Customer export times out for accounts with more than 50k rows",
        "In Progress",
        "Priya Nair",
        "High",
    ),
    (104, "Document the failover runbook for the Sydney region", "New", "Mia Thompson", "Normal"),
    (105, "Flaky test: test_invoice_rounding on ARM runners", "Feedback", "Sita Gurung", "Low"),
    (106, "Upgrade the ingest workers to Python 3.12", "New", None, "Normal"),
    (
        107,
        "Alert fatigue: merge the three disk-space alerts into one",
        "In Progress",
        "Lena Fischer",
        "Normal",
    ),
    (108, "Release 4.18: sign off the changelog", "New", "Lena Fischer", "High"),
    (109, "Investigate 3 % packet loss between Frankfurt and Mumbai", "In Progress", "Priya Nair", "High"),
    (110, "Holiday calendar for the Kathmandu office in the on-call tool", "Resolved", "Sita Gurung", "Low"),
)
_EXTRA_TOPICS = (
    "Triage weekend alerts",
    "Review the on-call handbook",
    "Clean up unused feature flags",
    "Certificate renewal for api.example.com",
    "Dashboards: add p99 latency per region",
    "Customer ticket follow-up",
)


@dataclass(frozen=True)
class DemoWorkspace:
    """The demo profile's paths, the demo user's roster name and the incoming handoff's UUID."""

    paths: Paths
    me: str
    handoff_id: str


def create_demo_workspace(directory: Path, *, clock: Clock) -> DemoWorkspace:
    """Fill the empty profile ``directory`` with the demo data (see the module docstring).

    Instants are relative to ``clock.now()`` so the handoff always arrived "an hour ago".
    Raises :class:`FileExistsError` if ``directory`` already holds a database, so real data is
    never overwritten.
    """
    paths = Paths(data_dir=directory, config_dir=directory / "config", log_dir=directory / "logs")
    if paths.database.exists():
        raise FileExistsError(f"{paths.database} already exists; the demo only fills an empty directory")
    now = clock.now()
    save_settings(Settings(me=DEMO_ME), paths.config_dir / SETTINGS_FILE)
    store = Store.open(paths.database)
    try:
        SqliteRosterStore(store=store, clock=clock).replace(
            load_roster(resource_path("sample", "roster.toml")).roster
        )
        account = store.accounts.add(
            name=DEMO_ACCOUNT,
            kind=TrackerKind.REDMINE.value,
            base_url=DEMO_TRACKER_URL,
            at=now,
            project="ops",
        )
        store.tasks.upsert_many(account.id, _demo_tasks(now))
        handoff = _demo_handoff(now)
        store.handoffs.save(handoff)
    finally:
        store.close()
    return DemoWorkspace(paths=paths, me=DEMO_ME, handoff_id=handoff.id)


def _demo_tasks(now: datetime) -> list[TaskData]:
    tasks = [
        TaskData(
            external_id=str(number),
            key=f"#{number}",
            title=title,
            status=status,
            assignee=assignee,
            priority=priority,
            url=f"{DEMO_TRACKER_URL}/issues/{number}",
            remote_updated_at=now - timedelta(hours=number - 100),
        )
        for number, title, status, assignee, priority in _TASKS
    ]
    names = ("Mia Thompson", "Kenji Sato", "Sita Gurung", "Priya Nair", "Lena Fischer", None)
    for offset in range(40):
        number = 111 + offset
        tasks.append(
            TaskData(
                external_id=str(number),
                key=f"#{number}",
                title=f"{_EXTRA_TOPICS[offset % len(_EXTRA_TOPICS)]} ({offset // len(_EXTRA_TOPICS) + 1})",
                status=("New", "In Progress", "Feedback", "Resolved")[offset % 4],
                assignee=names[offset % len(names)],
                priority=("Low", "Normal", "High")[offset % 3],
                url=f"{DEMO_TRACKER_URL}/issues/{number}",
                remote_updated_at=now - timedelta(days=1 + offset),
            )
        )
    return tasks


def _demo_handoff(now: datetime) -> HandoffRecord:
    sent = now - timedelta(hours=1)
    fyi, input_needed = ItemFlag.FYI.value, ItemFlag.INPUT_NEEDED.value

    def item(
        section: Section,
        text: str,
        flag: str = fyi,
        *,
        owner: str | None = None,
        deadline_at: datetime | None = None,
        due_at: datetime | None = None,
        ref: str | None = None,
    ) -> HandoffItemData:
        return HandoffItemData(
            section=section.value,
            text=text,
            flag=flag,
            owner=owner,
            deadline_at=deadline_at,
            due_at=due_at,
            ref=ref,
        )

    return HandoffRecord(
        id=str(uuid.uuid5(uuid.NAMESPACE_URL, f"baton-demo:{sent.date().isoformat()}")),
        title="Tokyo → Berlin: payments 502s, release 4.18",
        author=DEMO_SENDER,
        author_zone="Asia/Tokyo",
        recipient=DEMO_ME,
        recipient_kind=RecipientKind.TEAMMATE.value,
        urgency=Urgency.HIGH.value,
        state="synced",
        incoming=True,
        created_at=sent,
        updated_at=sent,
        due_at=None,
        items=(
            item(
                Section.COMPLETED,
                "Rolled back the 14:00 payments deploy; EU card errors down from 9 % to 0.4 %",
                ref="#101",
            ),
            item(Section.COMPLETED, "Staging credentials rotated and stored in the vault", ref="#102"),
            item(
                Section.IN_PROGRESS,
                "Root cause of the 502s: the new TLS pool size; fix is in review",
                ref="#101",
            ),
            item(
                Section.RISKS,
                "Customer export for Acme still times out; they escalate at their 09:00",
                input_needed,
                ref="#103",
            ),
            item(
                Section.DECISIONS,
                "Ship 4.18 with the payments fix, or hold the release a day?",
                input_needed,
                owner=DEMO_ME,
                deadline_at=now + timedelta(hours=5),
            ),
            item(
                Section.NEXT_ACTIONS,
                "Re-enable the payments deploy once the fix is merged and watch the EU error rate for 30 min",
                input_needed,
                owner=DEMO_ME,
                due_at=now + timedelta(hours=3),
            ),
            item(
                Section.NEXT_ACTIONS,
                "Hand the export timeout to Priya if it is still open at your cutoff",
                owner=DEMO_ME,
            ),
            item(Section.LINKS, "Incident timeline", ref="https://status.example.com/incidents/4711"),
        ),
    )
