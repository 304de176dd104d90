"""Tracker sync: adapters (httpx), outbox push, incremental pull, credentials (keyring).

Synchronous, Qt-free code: ``ui/`` runs it on a worker thread, the CLI runs it directly.
Never imports PySide6 or ``ui``.
"""
