"""The `unittest` grader: the package's pytest suite against the candidate's files, in the sandbox.

Docker tests run the real harness in the python3 sandbox image; the hostile submissions must earn
nothing they did not earn honestly. Pure-function tests at the end need no Docker.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import textwrap

from graders.base import GradingContext
from graders.results import Verdict
from graders.unittest_suite import (
    REPORT_MARKER,
    SuiteReport,
    UnitResult,
    UnitTestGrader,
    _matches,
    _points_for,
    parse_report,
    report_key,
)
from problemformat.manifest import Manifest
from problemformat.package import Package, TestCase

CALC_SUITE = textwrap.dedent('''
    import pytest
    from assay_unittest import solution

    @pytest.mark.sample
    def test_add():
        assert solution.add(2, 3) == 5

    def test_add_negative():
        assert solution.add(-2, -3) == -5

    def test_mul():
        assert solution.mul(4, 5) == 20

    def test_div_by_zero():
        with pytest.raises(ZeroDivisionError):
            solution.div(1, 0)
''')
# Points: add 1 (default), add_negative 2, mul 3, div_by_zero 4; the group is worth 100.
CALC_GRADER = {
    "kind": "unittest",
    "time_limit_s": 40,
    "tests": [
        {"test": "test_calc.py::test_add_negative", "points": 2},
        {"test": "test_calc.py::test_mul", "points": 3},
        {"test": "test_calc.py::test_div_by_zero", "points": 4},
    ],
}
def make_package(suite: dict[str, str], grader: dict, *, groups: list[dict] | None = None,
                 placeholders: dict[str, list[TestCase]] | None = None,
                 samples: list[TestCase] | None = None) -> Package:
    manifest = Manifest.model_validate({
        "schema": 1, "slug": "unit-calc", "title": "Calc", "languages": ["python3"], "grader": grader,
        "scoring": {"groups": groups or [{"name": "main", "points": 100, "aggregate": "sum"}]},
    })
    files = {f"grader/{name}": text.encode() for name, text in suite.items()}
    if placeholders is None:
        placeholders = {g.name: [TestCase(group=g.name, name="01", input=b"", answer=b"")]
                        for g in manifest.scoring.groups}
    for group, tests in placeholders.items():
        for test in tests:
            files[f"tests/secret/{group}/{test.name}.in"] = test.input
    if samples is None:
        samples = [TestCase(group="sample", name="01", input=b"", answer=b"", sample=True)]
    for test in samples:
        files[f"tests/sample/{test.name}.in"] = test.input
    return Package(manifest=manifest, files=files, content_hash=f"test-{id(files)}", statement="",
                   samples=samples, groups=placeholders)


CALC = make_package({"test_calc.py": CALC_SUITE}, CALC_GRADER)


def units(grader: UnitTestGrader, ctx: GradingContext) -> dict[str, UnitResult]:
    return {u.nodeid.split("::")[-1]: u for u in grader.report(ctx).units}


# ---------------------------------------------------------------------- honest submissions


def test_the_module_a_lone_file_stands_for():
    grader = UnitTestGrader(CALC.manifest.grader, CALC, sandbox=None)
    grader.prepare()
    assert grader.module_name() == "solution"  # the suite's only `from assay_unittest import ...`
    templated = make_package({"test_calc.py": CALC_SUITE}, CALC_GRADER)
    templated.templates["python3"] = {"calc.py": b""}
    grader = UnitTestGrader(templated.manifest.grader, templated, sandbox=None)
    grader.prepare()
    assert grader.module_name() == "calc"  # the template's file name wins


def test_prepare_refuses_a_package_without_tests_or_placeholders():
    package = make_package({"helpers.py": "X = 1\n"}, {"kind": "unittest"})
    grader = UnitTestGrader(package.manifest.grader, package, sandbox=None)
    grader.prepare()
    assert "no test module" in grader.prepare_error
    two = make_package({"test_x.py": "def test_x(): pass\n"}, {"kind": "unittest"},
                       groups=[{"name": "a", "points": 1}, {"name": "b", "points": 1}],
                       placeholders={"a": [TestCase(group="a", name="01", input=b"", answer=b"")], "b": []})
    grader = UnitTestGrader(two.manifest.grader, two, sandbox=None)
    grader.prepare()
    assert "missing for: b" in grader.prepare_error


# ---------------------------------------------------------------------- pure functions


def test_node_id_matching_and_points():
    assert _matches("t.py::test_a", "t.py::test_a")
    assert _matches("t.py::test_a[1-2]", "t.py::test_a")
    assert _matches("t.py::TestC::test_a", "t.py::TestC")
    assert _matches("sub/t.py::test_a", "sub")
    assert not _matches("t.py::test_ab", "t.py::test_a")
    assert not _matches("t.py::test_a", "t.py::test_a[1]")

    class Entry:
        def __init__(self, test, points):
            self.test, self.points = test, points

    entries = [Entry("t.py", 2), Entry("t.py::test_a", 5)]
    assert _points_for("t.py::test_a[x]", entries) == (5.0, 1)
    assert _points_for("t.py::test_b", entries) == (2.0, 0)
    assert _points_for("u.py::test_b", entries) == (1.0, None)


def test_only_a_report_carrying_this_jobs_mac_is_believed():
    """Guards issue 13 item 1: a report line is believed only with the MAC of this job's key, wherever
    it is in the stdout; lines without it (the candidate's, written first) are skipped, not trusted."""
    key, other = report_key(), report_key()
    assert key != other and len(key) == 64

    def line(report: object, k: bytes = key) -> bytes:
        body = json.dumps(report).encode() if not isinstance(report, bytes) else report
        return REPORT_MARKER + hmac.new(k, body, hashlib.sha256).hexdigest().encode() + b" " + body + b"\n"

    good = {"tests": [{"nodeid": "t.py::test_a", "outcome": "failed"}], "collect_errors": []}
    forged = {"tests": [{"nodeid": "t.py::test_a", "outcome": "passed"}], "collect_errors": []}
    assert parse_report(line(good), key) == good
    assert parse_report(b"noise" + line(good), key) == good  # the candidate wrote first: still found
    assert parse_report(REPORT_MARKER + json.dumps(forged).encode() + b"\n" + line(good), key) == good
    assert parse_report(line(forged, other) + line(good), key) == good  # another job's key
    assert parse_report(line(forged, b""), key) is None
    assert parse_report(line(good), b"") is None
    assert parse_report(REPORT_MARKER + b"0" * 64 + b" " + json.dumps(forged).encode(), key) is None
    assert parse_report(line(b"{not json"), key) is None
    assert parse_report(line(b'{"tests": 3}'), key) is None
    assert parse_report(line(good)[:-20], key) is None  # cut short


def test_only_tests_of_the_suites_modules_are_credited():
    """Guards issue 13 item 1 ("credit nothing that was not reported"): a report naming a test in no
    module of the suite credits nothing; it is a judge error, not points."""
    grader = UnitTestGrader(CALC.manifest.grader, CALC, sandbox=None)
    grader.prepare()
    report = grader._suite_report({"tests": [
        {"nodeid": "test_made_up.py::test_x", "outcome": "passed"},
        {"nodeid": "test_calc.py::test_add", "outcome": "passed"},
    ]}, run=None)  # type: ignore[arg-type]
    assert [u.nodeid for u in report.units] == ["test_calc.py::test_add"]
    assert any("test_made_up.py::test_x" in problem for problem in report.problems)
    result = grader._placeholder_result(None, report, CALC.groups["main"][0])  # type: ignore[arg-type]
    assert result.verdict == Verdict.JE and result.fraction == 0


def test_selection_of_unit_tests_by_placeholder():
    package = make_package({"test_x.py": ""}, {"kind": "unittest"},
                           groups=[{"name": "basic", "points": 1}, {"name": "hard", "points": 1}])
    grader = UnitTestGrader(package.manifest.grader, package, sandbox=None)
    report = SuiteReport(units=[
        UnitResult("test_x.py::test_a", Verdict.AC, 1, sample=True),
        UnitResult("test_x.py::test_b", Verdict.AC, 1, group="hard"),
        UnitResult("test_y.py::test_c", Verdict.AC, 1),
    ])

    def picked(group, text=b"", sample=False):
        test = TestCase(group=group, name="01", input=text, answer=b"", sample=sample)
        return [u.nodeid for u in grader.select(report, test)]

    assert picked("basic") == ["test_x.py::test_a", "test_y.py::test_c"]
    assert picked("hard") == ["test_x.py::test_b"]
    assert picked("sample", sample=True) == ["test_x.py::test_a"]
    assert picked("hard", b"test_y.py\n# comment\n") == ["test_y.py::test_c"]
