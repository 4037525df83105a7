"""The package's house rules: rooms by stage, imports only downward, no module shadowing the standard library.

Each sub-package of ``helpers`` is a room with a rank (shared primitives at the bottom, then the stages in
notebook order, then the pipeline and the command line). A module may import from its own room or from a
room below it; an upward import or a cycle between modules fails here. See ARCHITECTURE.md.
"""
from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

import helpers

PACKAGE = Path(helpers.__file__).resolve().parent

#: room → rank; a module imports only from rooms of equal or lower rank.
RANKS = {"core": 0, "viz": 1, "ingest": 2, "pages": 3, "words": 4, "topics": 5, "figures": 6, "compare": 7,
         "pipeline": 8, "cli": 9, "__main__": 10, "__init__": 10}


def _module_name(path: Path) -> str:
    rel = path.relative_to(PACKAGE).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__" and len(parts) > 1:
        parts = parts[:-1]
    return ".".join(["helpers", *parts])


def _room(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def _imports(path: Path) -> set[str]:
    """Every ``helpers`` module this file imports (relative imports resolved; local imports included)."""
    name = _module_name(path)
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.split(".")[0] != "helpers":
                continue
            for alias in node.names:  # `from .core import tables` imports the module helpers.core.tables
                sub = f"{target}.{alias.name}"
                out.add(sub if _exists(sub) else target)
        elif isinstance(node, ast.Import):
            out |= {a.name for a in node.names if a.name.split(".")[0] == "helpers"}
    out.discard(name)
    return out


def _exists(module: str) -> bool:
    rel = Path(*module.split(".")[1:])
    return (PACKAGE / rel).with_suffix(".py").is_file() or (PACKAGE / rel / "__init__.py").is_file()


MODULES = {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}
GRAPH = {name: _imports(path) for name, path in MODULES.items()}


def test_every_room_has_a_rank():
    assert {_room(m) for m in MODULES} <= set(RANKS), {_room(m) for m in MODULES} - set(RANKS)


@pytest.mark.parametrize("module", sorted(MODULES))
def test_imports_only_go_downward(module):
    upward = [t for t in GRAPH[module] if t != "helpers" and RANKS[_room(t)] > RANKS[_room(module)]]
    assert not upward, f"{module} imports from a higher room: {upward}"


def test_no_import_cycles():
    """Module-level import cycles (a package's __init__ re-exporting its own modules is not a cycle)."""
    state: dict[str, int] = {}
    path: list[str] = []

    def edges(m):
        return [t for t in GRAPH.get(m, ()) if t in GRAPH and not m.startswith(t + ".") and t != "helpers"]

    def visit(m):
        state[m] = 1
        path.append(m)
        for t in edges(m):
            if state.get(t) == 1 and not t.startswith(m + "."):
                raise AssertionError("import cycle: " + " -> ".join(path[path.index(t):] + [t]))
            if t not in state:
                visit(t)
        path.pop()
        state[m] = 2

    for m in GRAPH:
        if m not in state:
            visit(m)


def test_no_module_shadows_the_standard_library():
    shadowing = sorted(p.stem for p in PACKAGE.rglob("*.py") if p.stem in sys.stdlib_module_names)
    assert not shadowing, f"modules named like standard-library modules: {shadowing}"


def test_public_api_is_importable_from_the_top():
    for name in helpers.API:
        assert getattr(helpers, name) is not None, name


def test_every_module_says_its_job():
    missing = [m for m, p in MODULES.items() if not ast.get_docstring(ast.parse(p.read_text(encoding="utf-8")))]
    assert not missing, f"modules without a docstring: {missing}"
