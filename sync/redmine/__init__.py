"""Redmine (REST API, ``X-Redmine-API-Key``): :mod:`.client` (transport, paging, ETags),
:mod:`.mapping` (pure JSON ⇄ Baton values) and :mod:`.adapter` (the TrackerAdapter)."""
