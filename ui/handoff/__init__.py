"""The handoff workflow in Qt: the guided form, drafts, inbox, outbox and shift reminders.

Everything here renders what :mod:`app.handoff` decides; :func:`ui.handoff.install.install`
connects it to the main window and the tray once the store is open.
"""
