"""Fixtures for the GitHub adapter tests: GitHub's OpenAPI description (fetched once with npm,
loaded once per session), a validating fake GitHub per test, and adapters connected to it.

The ``github`` fixture fails the test if any request or response broke the description
(``FakeGitHub.violations``); a test that provokes a violation on purpose clears the list.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from sync.github import GitHubAdapter, build_github_session
from sync.http import HttpSession, RetryPolicy
from tests.sync.github.fake_github import FakeGitHub, User
from tests.sync.github.openapi_contract import Contract, SpecUnavailable, openapi_description_path

USERS = (
    User(id=101, login="alice", name="Alice Archer", token="ghp_aliceSECRETtoken0000000000000000000"),
    User(id=102, login="bob", name=None, token="ghp_bobSECRETtoken00000000000000000000000"),
    User(
        id=103, login="carol", name="Carol", token="ghp_carolSECRETtoken000000000000000000", push_access=False
    ),
)
TOKENS = {user.login: user.token for user in USERS}
FAST = RetryPolicy(
    attempts=2, timeout=5.0, wait_initial=0.0, wait_max=0.0, wait_jitter=0.0, max_inline_wait=0.0
)
"""Retries without sleeping; any rate-limit wait is raised, never slept through."""


@pytest.fixture(scope="session")
def github_contract() -> Contract:
    """GitHub's OpenAPI description loaded with openapi-core (fetched with npm on first use)."""
    try:
        path = openapi_description_path()
    except SpecUnavailable as exc:
        pytest.fail(str(exc), pytrace=False)
    return Contract(json.loads(path.read_bytes()))


def new_fake(contract: Contract) -> FakeGitHub:
    """A fresh fake repository ``octo-org/handoffs`` with alice, bob and carol (no push access)."""
    return FakeGitHub(contract, users=[User(**vars(user)) for user in USERS])


def connect_to(
    fake: FakeGitHub, sessions: list[HttpSession], user: str = "alice", **options: Any
) -> GitHubAdapter:
    """An adapter for ``user`` on the fake's repository; its session is appended to
    ``sessions`` for closing."""
    session = build_github_session(
        token=TOKENS[user], transport=fake.transport(), retry=FAST, now=lambda: fake.now
    )
    sessions.append(session)
    return GitHubAdapter(session=session, repo=f"{fake.owner}/{fake.repo}", now=lambda: fake.now, **options)


@pytest.fixture
def github(github_contract: Contract) -> Iterator[FakeGitHub]:
    """A fresh validating fake GitHub; fails the test on any contract violation left over."""
    fake = new_fake(github_contract)
    yield fake
    if fake.violations:
        pytest.fail("GitHub OpenAPI contract broken:\n" + "\n".join(fake.violations), pytrace=False)


@pytest.fixture
def connect(github: FakeGitHub) -> Iterator[Callable[..., GitHubAdapter]]:
    """``connect(user="alice", **adapter_options)`` → a GitHubAdapter talking to ``github``."""
    sessions: list[HttpSession] = []

    def make(user: str = "alice", **options: Any) -> GitHubAdapter:
        return connect_to(github, sessions, user, **options)

    yield make
    for session in sessions:
        session.close()
