"""The Redmine testbed fixture for the end-to-end scenario."""

from tests.support.redmine import redmine_testbed  # noqa: F401 (the "redmine" fixture)
