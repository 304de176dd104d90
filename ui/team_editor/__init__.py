"""The team editor: add, edit and remove teammates, import and export the roster file.

``TeamEditorDialog`` is the entry point; the other modules are its parts (one widget each).
"""

from ui.team_editor.dialog import TeamEditorDialog

__all__ = ["TeamEditorDialog"]
