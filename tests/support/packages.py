"""Problem packages built in memory for grader tests."""

from __future__ import annotations

import hashlib

from graders.base import Submission
from problemformat.manifest import Manifest
from problemformat.package import Package, TestCase

ADD = "a, b = map(int, input().split())\nprint(a + b)\n"


def make_package(
    grader: dict | None = None,
    groups: dict[str, list[tuple[bytes, bytes]]] | None = None,
    samples: list[tuple[bytes, bytes]] | None = None,
    scoring: list[dict] | None = None,
    files: dict[str, bytes] | None = None,
    **manifest: object,
) -> Package:
    """A Package in memory: groups map a name to (input, answer) pairs (default: one group 'main')."""
    groups = groups if groups is not None else {"main": [(b"1 2\n", b"3\n"), (b"20 22\n", b"42\n")]}
    scoring = scoring or [{"name": name, "points": 100 / len(groups)} for name in groups]
    document = {"schema": 1, "slug": "add-two", "title": "Add two", "grader": grader or {"kind": "token"},
                "scoring": {"groups": scoring}, **manifest}
    parsed = Manifest.model_validate(document)
    files = dict(files or {})
    cases = {name: [TestCase(group=name, name=f"{i:02d}", input=inp, answer=ans)
                    for i, (inp, ans) in enumerate(pairs, start=1)] for name, pairs in groups.items()}
    sample_cases = [TestCase(group="sample", name=f"{i:02d}", input=inp, answer=ans, sample=True)
                    for i, (inp, ans) in enumerate(samples or [], start=1)]
    digest = hashlib.sha256(repr((document, sorted(files.items()), groups, samples)).encode()).hexdigest()
    return Package(manifest=parsed, files=files, content_hash=digest, statement="", samples=sample_cases,
                   groups=cases)


def py(source: str) -> Submission:
    return Submission("python3", {"main.py": source.encode()})
