"""The tests are shaped like the code: every test sits in a kind's folder and carries exactly that kind's
marker, added by tests/conftest.py from the folder, never by hand."""

from __future__ import annotations

from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parents[1]
KINDS = {"unit", "service", "docker", "browser", "e2e"}


def test_every_collected_test_has_exactly_its_folders_kind_marker(request: pytest.FixtureRequest) -> None:
    wrong = []
    for item in request.session.items:
        folder = item.path.resolve().relative_to(TESTS).parts[0]
        kinds = {mark.name for mark in item.iter_markers() if mark.name in KINDS}
        if folder not in KINDS or kinds != {folder}:
            wrong.append(f"{item.nodeid}: folder {folder!r}, kind markers {sorted(kinds)}")
    assert not wrong, "\n".join(wrong)


def test_kinds_are_the_registered_markers(pytestconfig: pytest.Config) -> None:
    registered = {line.split(":", 1)[0].strip() for line in pytestconfig.getini("markers")}
    assert registered >= KINDS


def test_no_test_file_outside_a_kind_folder() -> None:
    stray = [str(p.relative_to(TESTS)) for p in TESTS.rglob("test_*.py")
             if p.relative_to(TESTS).parts[0] not in KINDS and p.relative_to(TESTS).parts[0] != "support"]
    assert not stray, stray


def test_no_kind_marker_is_written_by_hand() -> None:
    written = [f"{p.relative_to(TESTS)}: {kind}" for p in TESTS.rglob("test_*.py") for kind in sorted(KINDS)
               if f"pytest.mark.{kind}" in p.read_text()]
    assert not written, written
