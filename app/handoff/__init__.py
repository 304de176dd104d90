"""Handoff rules: the structured handoff, its wire format, validation, carry-over, deadlines,
states and reminders. Plain Python, no Qt, no network."""
