"""Gradings that survive faults: a Docker engine restart in the middle of a grading, an unreachable
engine, a failed result write; a grading's wall-clock budget, the cap on test cases, and the
per-candidate queued-submission limit held in the database.

The restart test starts a private Docker engine (its own socket, data root and containerd, no
network set-up) with a copy of the python3 sandbox image, grades a submission against it and restarts
that engine (SIGTERM, then a new dockerd) while the grading runs: the engine everyone else uses is
never touched. It needs root, like every Docker test here.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from sqlmodel import create_engine

from problemformat.package_loader import MAX_TEST_CASES, PackageError, build_package, load_package
from sandbox.settings import SandboxSettings

ROOT = Path(__file__).resolve().parents[2]
PROBLEM = ROOT / "problems" / "config-lint"
@pytest.fixture
def database(tmp_path: Path) -> Any:
    from api.migrate import upgrade

    engine = create_engine(f"sqlite:///{tmp_path / 'assay.db'}")
    upgrade(engine)
    with engine.begin() as connection:
        connection.execute(text("PRAGMA foreign_keys=OFF"))
    return engine


def test_grading_budget_is_the_sum_of_test_limits_plus_slack() -> None:
    from graders.judge import BUDGET_SLACK_S, grading_budget_s, limits_for

    package = load_package(PROBLEM)
    box = type("Box", (), {"settings": SandboxSettings()})()
    wall = limits_for(package.manifest).effective_wall_s
    assert grading_budget_s(package, box, 10) == 2 * 10 * (wall + box.settings.host_grace_s) + BUDGET_SLACK_S  # type: ignore[arg-type]


def test_a_problem_has_a_cap_on_test_cases() -> None:
    files = {path.relative_to(PROBLEM).as_posix(): path.read_bytes() for path in PROBLEM.rglob("*") if path.is_file()}
    group = next(name for name in build_package(files).groups)
    for index in range(MAX_TEST_CASES + 1):
        files[f"tests/secret/{group}/extra{index:04d}.in"] = b"x\n"
        files[f"tests/secret/{group}/extra{index:04d}.ans"] = b"x\n"
    with pytest.raises(PackageError) as caught:
        build_package(files)
    assert f"at most {MAX_TEST_CASES}" in str(caught.value)
