"""The bundled problem library (problems/): its packages by folder name, each loaded once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

from problemformat.package import Package
from problemformat.package_loader import PackageError, load_package

ROOT = Path(__file__).resolve().parents[2]
PROBLEMS = ROOT / "problems"
PACKAGES = sorted(p.name for p in PROBLEMS.iterdir() if p.is_dir()) if PROBLEMS.is_dir() else []
# question sets (grader kind quiz: questions.yaml, no code) and code problems
QUIZZES = [name for name in PACKAGES if (PROBLEMS / name / "questions.yaml").is_file()]
CODE = [name for name in PACKAGES if name not in QUIZZES]

_loaded: dict[str, Package] = {}


def load(slug: str) -> Package:
    """The package (loaded once per session); any package error fails the calling test."""
    if slug not in _loaded:
        try:
            _loaded[slug] = load_package(PROBLEMS / slug)
        except PackageError as exc:
            pytest.fail(f"problems/{slug} is not a valid package:\n{exc}")
    return _loaded[slug]
