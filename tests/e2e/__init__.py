"""End-to-end: the handoff moment on real parts (Redmine, Xvfb, a system tray, two profiles)."""
