"""A multi-file task graded by the unit-test grader: the candidate's files, as the editor sends them
(several modules, one importing another, in a folder too), all reach the suite. The editor side:
tests/browser/test_sql_and_files_browser.py."""

from __future__ import annotations

import textwrap

from graders.base import Submission
from graders.judge import grade_submission
from graders.results import Verdict
from problemformat.manifest import Manifest
from problemformat.package import Package, TestCase

SUITE = textwrap.dedent('''
    from assay_unittest import pricing

    def test_total():
        assert pricing.total([100, 250]) == 350

    def test_empty():
        assert pricing.total([]) == 0
''')


def package() -> Package:
    manifest = Manifest.model_validate({
        "schema": 1, "slug": "basket-units", "title": "Basket", "languages": ["python3"],
        "grader": {"kind": "unittest", "time_limit_s": 40},
        "files": {"read_only": ["main.py"]},
        "scoring": {"groups": [{"name": "main", "points": 100, "aggregate": "sum"}]},
    })
    tests = {"main": [TestCase(group="main", name="01", input=b"", answer=b"")]}
    files = {"grader/test_pricing.py": SUITE.encode(), "tests/secret/main/01.in": b"",
             "templates/python3/pricing.py": b"def total(prices):\n    return 0\n"}
    return Package(manifest=manifest, files=files, content_hash="multifile-units", statement="",
                   samples=[], groups=tests)


def test_every_file_of_the_tree_reaches_the_suite(sandbox):
    files = {
        "pricing.py": b"from helpers import add_all\nfrom lib.rounding import cents\n\n\n"
                      b"def total(prices):\n    return cents(add_all(prices))\n",
        "helpers.py": b"def add_all(values):\n    return sum(values)\n",
        "lib/rounding.py": b"def cents(value):\n    return int(round(value))\n",
    }
    result = grade_submission(package(), Submission("python3", files), sandbox)
    assert (result.verdict, result.points) == (Verdict.AC, 100), result
    without_helper = {name: data for name, data in files.items() if name != "helpers.py"}
    broken = grade_submission(package(), Submission("python3", without_helper), sandbox)
    assert broken.points == 0
