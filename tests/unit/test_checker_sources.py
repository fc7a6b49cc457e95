"""The `checker` grader: Kattis output-validator protocol, in its own sandbox container."""

from __future__ import annotations

from graders.checker import checker_language, checker_sources


def test_checker_helpers():
    assert checker_language("grader/check.py").name == "python3"
    assert checker_language("grader/check.cc").name == "cpp"
    assert checker_language("grader/check.c").name == "c"
    assert checker_language("grader/check.h") is None and checker_language("grader/check") is None
    files = {"grader/check.py": b"main", "grader/util.py": b"u", "grader/main.py": b"clash",
             "grader/sub/deep.py": b"d", "other/x.py": b"x", "grader/notes.txt": b"n"}
    assert checker_sources(files, "grader/check.py", checker_language("grader/check.py")) == {
        "main.py": b"main", "util.py": b"u"}
