"""Fixtures for the UI tests: background-job runners that are shut down after each test."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from ui.jobs import JobRunner


@pytest.fixture
def jobs() -> Iterator[JobRunner]:
    """A two-thread runner for reads and computations (as the app's controller makes)."""
    runner = JobRunner(threads=2, name="test-jobs")
    yield runner
    runner.shutdown()


@pytest.fixture
def writer() -> Iterator[JobRunner]:
    """The single-thread SQLite writer."""
    runner = JobRunner(threads=1, name="test-sqlite-writer")
    yield runner
    runner.shutdown()


@pytest.fixture(autouse=True)
def _collect_garbage_on_the_gui_thread() -> Iterator[None]:
    """As the app does (``ui.jobs.GuiThreadGarbageCollector``): Python's cyclic garbage
    collector never runs on a worker thread, where it would destroy Qt objects left in reference
    cycles by earlier tests ("Timers cannot be stopped from another thread")."""
    gc.disable()
    try:
        yield
    finally:
        gc.collect()
        gc.enable()
