"""The house's import structure (issue 20): no import circle among the project's modules, no import of a
project module inside a function except in the CLI commands (each command imports what it needs when it
runs, so `assay --help` stays fast), and the layers point one way: api -> graders -> problemformat,
sandbox; sandbox knows none of them. A small AST walk over the tree; imports under ``if TYPE_CHECKING``
do not count."""

from __future__ import annotations

import ast
import functools
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("api", "graders", "problemformat", "sandbox")
LATE_IMPORTS_ALLOWED = ("api.cli", "api.commands.")  # the CLI: the composition root of each command
LAYERS = {  # a package may not import these
    "sandbox": {"api", "graders", "problemformat"},
    "problemformat": {"api", "graders"},
    "graders": {"api"},
}


@dataclass
class Tree:
    files: dict[str, Path]
    imports: dict[str, set[str]] = field(default_factory=dict)  # module -> project modules it imports at load
    late: list[tuple[str, int, str]] = field(default_factory=list)  # (module, line, imported) inside functions


def _module(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _known(name: str, files: dict[str, Path]) -> str | None:
    while name and name not in files:
        name = name.rpartition(".")[0]
    return name or None


def _targets(node: ast.AST, package: str, files: dict[str, Path]) -> list[str]:
    names: list[str] = []
    if isinstance(node, ast.Import):
        names = [alias.name for alias in node.names]
    elif isinstance(node, ast.ImportFrom):
        base = node.module or ""
        if node.level:
            parts = package.split(".")[: len(package.split(".")) - node.level + 1]
            base = ".".join(parts + ([node.module] if node.module else []))
        names = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in files else base for alias in node.names]
    found = [_known(name, files) for name in names if name.split(".")[0] in PACKAGES]
    return [name for name in found if name]


@functools.cache  # walked once, by the worker that runs these tests (not at every worker's collection)
def _tree() -> Tree:
    files = {_module(path): path for package in PACKAGES for path in (ROOT / package).rglob("*.py")}
    tree = Tree(files)
    for module, path in files.items():
        syntax = ast.parse(path.read_text(), str(path))
        package = module if path.name == "__init__.py" else module.rpartition(".")[0]
        loaded: set[str] = set()
        for node in syntax.body:
            if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
                continue
            for sub in ast.walk(node) if isinstance(node, ast.If | ast.Try) else [node]:
                loaded.update(t for t in _targets(sub, package, files) if t != module)
        tree.imports[module] = loaded
        for function in ast.walk(syntax):
            if isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                for sub in ast.walk(function):
                    tree.late.extend((module, sub.lineno, t) for t in _targets(sub, package, files))
    return tree


def _circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0
    for start in graph:
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found



def test_no_import_circle():
    assert _circles(_tree().imports) == []


def test_the_walk_sees_a_circle_when_there_is_one():
    assert _circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert _circles({"a": {"b"}, "b": set()}) == []


def test_no_function_level_import_of_a_project_module_outside_the_cli():
    late = [f"{module}:{line} imports {target}" for module, line, target in _tree().late
            if not module.startswith(LATE_IMPORTS_ALLOWED)]
    assert late == [], "import these at the top of the module (a circle? move the shared part to a leaf module)"


def test_the_layers_point_one_way():
    wrong = [f"{module} imports {target}" for module, targets in _tree().imports.items()
             for target in targets if target.split(".")[0] in LAYERS.get(module.split(".")[0], set())]
    assert wrong == []
