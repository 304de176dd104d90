"""The dependency direction of DESIGN.md, checked on every import statement in the tree.

app core → never PySide6, httpx, keyring, ui, sync (app/main.py, the composition root, may
import ui and sync, but only inside functions). sync → never PySide6 or ui.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FORBIDDEN = {
    "app": {"PySide6", "httpx", "keyring", "ui", "sync", "shiboken6"},
    "sync": {"PySide6", "ui", "shiboken6"},
}
COMPOSITION_ROOT = Path("app/main.py")


def _imports(tree: ast.AST, *, top_level_only: bool) -> list[tuple[int, str]]:
    found: list[tuple[int, str]] = []
    nodes = ast.iter_child_nodes(tree) if top_level_only else ast.walk(tree)
    for node in nodes:
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
    return found


def _violations(package: str) -> list[str]:
    problems = []
    for path in sorted((ROOT / package).rglob("*.py")):
        relative = path.relative_to(ROOT)
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(relative))
        lazy_ok = relative == COMPOSITION_ROOT
        for lineno, module in _imports(tree, top_level_only=False):
            top = module.split(".")[0]
            if top not in FORBIDDEN[package]:
                continue
            if (
                lazy_ok
                and top in {"ui", "sync"}
                and (lineno, module) not in _imports(tree, top_level_only=True)
            ):
                continue
            problems.append(f"{relative}:{lineno} imports {module}")
    return problems


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_no_import_crosses_the_layers(package: str) -> None:
    assert _violations(package) == []


def test_the_checker_sees_a_violation(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake_root = tmp_path
    (fake_root / "sync").mkdir()
    (fake_root / "sync" / "bad.py").write_text("def f():\n    from PySide6 import QtCore\n")
    monkeypatch.setitem(globals(), "ROOT", fake_root)
    assert _violations("sync") == ["sync/bad.py:2 imports PySide6"]
