"""problemformat/ is its own package: it imports nothing of graders/ or api/ (graders depends on it), and
no module of it imports a project module inside a function."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MODULES = sorted((ROOT / "problemformat").rglob("*.py"))
PROJECT = ("api", "graders", "sandbox", "problemformat", "bench", "scripts")


def imports(tree: ast.AST) -> list[tuple[str, bool]]:
    """(module imported, inside a function) for every import of a module's tree."""
    found: list[tuple[str, bool]] = []

    def walk(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            inside = in_function or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda)
            if isinstance(child, ast.Import):
                found.extend((alias.name, inside) for alias in child.names)
            elif isinstance(child, ast.ImportFrom) and child.module and not child.level:
                found.append((child.module, inside))
            walk(child, inside)

    walk(tree, False)
    return found


def test_the_modules_are_found():
    names = {path.relative_to(ROOT).as_posix() for path in MODULES}
    assert {"problemformat/manifest.py", "problemformat/grader_kinds.py", "problemformat/archive.py",
            "problemformat/package_loader.py", "problemformat/verify.py",
            "problemformat/kattis/importer.py"} <= names


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_no_graders_or_api_and_no_function_level_project_import(path):
    for module, in_function in imports(ast.parse(path.read_text(), filename=str(path))):
        top = module.split(".")[0]
        assert top not in ("graders", "api"), f"{module}: problemformat must not depend on {top}"
        assert not (in_function and top in PROJECT), f"{module} imported inside a function"
