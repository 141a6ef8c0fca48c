"""The layers hold: record/, io/ and shown/ import no Qt; imports run only downward; no cycles.

Read from the code itself (every import statement, including those inside functions), so a new
module is covered the day it is written.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT

PACKAGE = ROOT / "viewer"
RANK = {
    "": 0,  # viewer/paths.py, viewer/errors.py: used by every layer, import none of them
    "record": 1,
    "io": 2,
    "shown": 3,
    "timeline": 4,
    "panels": 4,
    "export": 5,
    "app": 6,
    "cli": 7,
}
QT_FREE = ("record", "io", "shown")


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def layer(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 2 or (len(parts) == 2 and parts[1] in RANK) else ""


def imports() -> dict[str, set[str]]:
    """Every module of viewer/ and the modules of viewer/ it imports."""
    modules = {module_name(p): p for p in PACKAGE.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        found: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                targets = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            else:
                continue
            found.update(t for t in targets if t in modules and t != name)
        # A package imported for one of its modules is that module, not the package's face.
        graph[name] = {t for t in found if not any(o.startswith(t + ".") for o in found)}
    return graph


def test_imports_run_only_down_the_layers():
    upward = []
    for module, targets in imports().items():
        if module == "viewer.__main__":
            continue
        for target in targets:
            a, b = layer(module), layer(target)
            if RANK[a] < RANK[b] or (a != b and RANK[a] == RANK[b]):
                upward.append(f"{module} ({a or 'viewer'}) imports {target} ({b or 'viewer'})")
    assert upward == []


def test_no_import_cycles():
    graph = imports()
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    cycles: list[list[str]] = []

    def visit(v: str) -> None:  # Tarjan's strongly connected components
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for v in graph:
        if v not in index:
            visit(v)
    assert cycles == []


def test_record_io_and_shown_import_no_qt():
    """Import every module of the Qt-free layers in a fresh interpreter where Qt can't load."""
    names = sorted(m for m in imports() if layer(m) in QT_FREE)
    code = (
        "import sys\n"
        "class Block:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name.split('.')[0] in ('PySide6', 'shiboken6', 'pyqtgraph'):\n"
        "            raise ImportError('Qt imported by a Qt-free module: ' + name)\n"
        "sys.meta_path.insert(0, Block())\n"
        f"for name in {names!r}:\n"
        "    __import__(name)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert len(names) > 40  # the walk found the layers
