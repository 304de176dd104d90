"""Qt widgets, item models, tray and background workers. The only package that imports PySide6.

Holds no business rules: it renders what ``app/`` computes and sends user intent back to
``app/`` services.
"""
