"""Baton core: domain, store, time engine, handoff rules and services.

Plain Python: nothing here imports PySide6, httpx, keyring, ``ui`` or ``sync``
(``app.main``, the composition root, is the one exception and imports them lazily).
"""

__version__ = "0.1.0"
