"""The task list's queries on a real migrated SQLite file: search, filters, SQL sort, rows, facets."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text

from app.store import Store
from app.store.records import TaskData
from app.store.task_query import UNASSIGNED, SortColumn, TaskQuery, TaskQueryRepository
from app.task_browser import TaskBrowser

DAY = datetime(2026, 11, 21, tzinfo=UTC)


def _seed(store: Store) -> dict[str, int]:
    """Two trackers, five tasks; returns task ids by key."""
    jira = store.accounts.add(name="Jira OPS", kind="jira", base_url="https://acme.atlassian.net", at=DAY)
    github = store.accounts.add(name="acme/web", kind="github", base_url="https://api.github.com", at=DAY)
    store.tasks.upsert_many(
        jira.id,
        [
            TaskData("9", "OPS-9", "Login crash on Android", "New", "ana", "High", DAY + timedelta(days=1)),
            TaskData("10", "OPS-10", "Billing export times out", "In progress", "kenji", "low"),
            TaskData(
                "2", "OPS-2", "Certificate renewal", "Resolved", None, "Urgent", DAY, "https://x.test/2"
            ),
        ],
    )
    store.tasks.upsert_many(
        github.id,
        [
            TaskData("5", "#5", "Login page <b>bold</b>", "New", "ana", None, None, "javascript:alert(1)"),
            TaskData("40", "#40", "Flaky deploy", "", "", "normal", DAY + timedelta(hours=3)),
        ],
    )
    with store.connection() as connection:
        return {key: id_ for key, id_ in connection.execute(text("SELECT key, id FROM task"))}


@pytest.fixture
def ids_by_key(store: Store) -> dict[str, int]:
    return _seed(store)


def _keys(store: Store, ids_by_key: dict[str, int], query: TaskQuery) -> list[str]:
    key_of = {v: k for k, v in ids_by_key.items()}
    return [key_of[i] for i in TaskQueryRepository(store).ids(query)]


def test_keys_sort_naturally_and_descending_is_the_exact_reverse(
    store: Store, ids_by_key: dict[str, int]
) -> None:
    ascending = _keys(store, ids_by_key, TaskQuery())
    assert ascending == ["#5", "#40", "OPS-2", "OPS-9", "OPS-10"]
    assert _keys(store, ids_by_key, TaskQuery(descending=True)) == ascending[::-1]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("logi", ["#5", "OPS-9"]),
        ("log cras", ["OPS-9"]),
        ("LOGIN", ["#5", "OPS-9"]),
        ("ops 10", ["OPS-10"]),
        ("!!! ", ["#5", "#40", "OPS-2", "OPS-9", "OPS-10"]),
        ('"login" AND NEAR(', []),
        ("zzz", []),
    ],
)
def test_search_matches_word_prefixes_of_key_and_title(
    store: Store, ids_by_key: dict[str, int], typed: str, expected: list[str]
) -> None:
    assert _keys(store, ids_by_key, TaskQuery(text=typed)) == expected


def test_filters_combine_with_search(store: Store, ids_by_key: dict[str, int]) -> None:
    github = next(a for a in store.accounts.list() if a.kind == "github")
    assert _keys(store, ids_by_key, TaskQuery(status="New")) == ["#5", "OPS-9"]
    assert _keys(store, ids_by_key, TaskQuery(status="New", account_id=github.id)) == ["#5"]
    assert _keys(store, ids_by_key, TaskQuery(assignee="ana", text="crash")) == ["OPS-9"]
    assert _keys(store, ids_by_key, TaskQuery(assignee=UNASSIGNED)) == ["#40", "OPS-2"]
    assert _keys(store, ids_by_key, TaskQuery(status="new")) == []  # filters match exactly


@pytest.mark.parametrize(
    ("sort", "ascending", "descending"),
    [
        # Priority: urgent first by rank (any case), no priority last in both directions.
        (
            SortColumn.PRIORITY,
            ["OPS-2", "OPS-9", "#40", "OPS-10", "#5"],
            ["OPS-10", "#40", "OPS-9", "OPS-2", "#5"],
        ),
        (
            SortColumn.DUE,
            ["OPS-2", "#40", "OPS-9", "OPS-10", "#5"],
            ["OPS-9", "#40", "OPS-2", "#5", "OPS-10"],
        ),
        (
            SortColumn.ASSIGNEE,
            ["OPS-9", "#5", "OPS-10", "OPS-2", "#40"],
            ["OPS-10", "#5", "OPS-9", "#40", "OPS-2"],
        ),
        (
            SortColumn.STATUS,
            ["OPS-10", "OPS-9", "#5", "OPS-2", "#40"],
            ["OPS-2", "#5", "OPS-9", "OPS-10", "#40"],
        ),
        (
            SortColumn.TITLE,
            ["OPS-10", "OPS-2", "#40", "OPS-9", "#5"],
            ["#5", "OPS-9", "#40", "OPS-2", "OPS-10"],
        ),
        (
            SortColumn.TRACKER,
            ["#5", "#40", "OPS-9", "OPS-10", "OPS-2"],
            ["OPS-2", "OPS-10", "OPS-9", "#40", "#5"],
        ),
    ],
)
def test_sorting_happens_in_sql_with_ties_broken_by_id(
    store: Store, ids_by_key: dict[str, int], sort: SortColumn, ascending: list[str], descending: list[str]
) -> None:
    assert _keys(store, ids_by_key, TaskQuery(sort=sort)) == ascending
    assert _keys(store, ids_by_key, TaskQuery(sort=sort, descending=True)) == descending


def test_rows_come_back_in_the_order_asked_without_unknown_ids(
    store: Store, ids_by_key: dict[str, int]
) -> None:
    rows = TaskQueryRepository(store).rows([ids_by_key["OPS-2"], 999_999, ids_by_key["#5"]])
    assert [r.key for r in rows] == ["OPS-2", "#5"]
    certificate, login = rows
    assert certificate.due_at == DAY
    assert certificate.due_at.tzinfo is not None
    assert (certificate.account_name, certificate.account_kind) == ("Jira OPS", "jira")
    assert certificate.assignee is None
    assert certificate.url == "https://x.test/2"
    assert login.title == "Login page <b>bold</b>"  # stored as given: views show it as plain text
    assert (login.account_name, login.account_kind, login.due_at) == ("acme/web", "github", None)


def test_rows_for_many_ids_are_read_in_batches(store: Store, ids_by_key: dict[str, int]) -> None:
    account = store.accounts.list()[0]
    store.tasks.upsert_many(account.id, [TaskData(f"b{i}", f"B-{i}", f"bulk {i}") for i in range(1200)])
    repository = TaskQueryRepository(store)
    ids = repository.ids(TaskQuery(text="bulk", descending=True))
    rows = repository.rows(ids)
    assert [r.id for r in rows] == ids
    assert rows[0].key == "B-1199"


def test_facets_list_non_empty_values_and_every_account(store: Store, ids_by_key: dict[str, int]) -> None:
    facets = TaskBrowser(store=store).facets()
    assert facets.statuses == ("In progress", "New", "Resolved")
    assert facets.assignees == ("ana", "kenji")
    assert [(a.name, a.kind) for a in facets.accounts] == [("acme/web", "github"), ("Jira OPS", "jira")]
    assert facets.total == 5


def test_an_empty_cache_has_no_tasks_and_no_facets(store: Store) -> None:
    browser = TaskBrowser(store=store)
    assert browser.task_ids(TaskQuery(text="login", sort=SortColumn.TRACKER)) == []
    assert browser.rows([1, 2]) == []
    facets = browser.facets()
    assert (facets.statuses, facets.assignees, facets.accounts, facets.total) == ((), (), (), 0)


def test_the_browser_answers_like_the_repository(store: Store, ids_by_key: dict[str, int]) -> None:
    browser = TaskBrowser(store=store)
    query = TaskQuery(text="login", sort=SortColumn.DUE)
    ids = browser.task_ids(query)
    assert ids == TaskQueryRepository(store).ids(query)
    assert [r.key for r in browser.rows(ids)] == ["OPS-9", "#5"]


def test_a_query_knows_whether_it_narrows_the_list() -> None:
    assert not TaskQuery().filtered
    assert not TaskQuery(text=" ?! ", sort=SortColumn.TITLE, descending=True).filtered
    assert TaskQuery(text="a").filtered
    assert TaskQuery(assignee=UNASSIGNED).filtered
    assert TaskQuery(account_id=1).filtered
