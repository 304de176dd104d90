"""The task list: a lazily loaded table of cached tracker tasks with search and filters."""
