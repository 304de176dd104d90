"""Test infrastructure shared by several test packages (virtual X display, network gate)."""
