"""The Qt side of tracker sync: account setup, the sync runner, status and failed writes.

:func:`ui.sync.install.install_sync` wires it all into the controller's window and tray; the
other modules are one widget or one object each:

- :mod:`ui.sync.state`: what the status bar shows, read from the store on a worker (no Qt);
- :mod:`ui.sync.runner`: one :class:`~sync.engine.SyncEngine` pass at a time, off the GUI thread;
- :mod:`ui.sync.accounts_dialog`: Tracker ▸ Accounts… (add, test connection, sign in, remove);
- :mod:`ui.sync.status`: the status-bar indicator;
- :mod:`ui.sync.failed_dialog`: writes the tracker refused, with its message and Retry.
"""
