"""The unit-test frameworks beyond pytest, without Docker: manifest settings, which files are tests,
and how the grader reads a supervisor's report (a build error is CE; a test outside the suite's
files earns nothing; the manifest's sample and group apply)."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from graders.results import Verdict
from graders.unittest_go import GO_TEST
from graders.unittest_junit import JUNIT5
from graders.unittest_node import NODE_TEST
from graders.unittest_suite import FRAMEWORKS, UnitTestGrader
from problemformat.manifest import Manifest
from problemformat.manifest import UnitTestGrader as UnitTestConfig
from problemformat.package import Package, TestCase
from sandbox.models import RunResult
from sandbox.verdicts import Verdict as SandboxVerdict


def package(framework: str, language: str, suite: dict[str, bytes], tests: list[dict]) -> Package:
    manifest = Manifest.model_validate({
        "schema": 1, "slug": "unit-x", "title": "X", "languages": [language],
        "grader": {"kind": "unittest", "framework": framework, "tests": tests},
        "scoring": {"groups": [{"name": "main", "points": 10, "aggregate": "sum"},
                               {"name": "extra", "points": 10, "aggregate": "sum"}]},
    })
    files = {f"grader/{name}": data for name, data in suite.items()}
    groups = {g: [TestCase(group=g, name="01", input=b"", answer=b"")] for g in ("main", "extra")}
    for group in groups:
        files[f"tests/secret/{group}/01.in"] = b""
    return Package(manifest=manifest, files=files, content_hash="x", statement="", samples=[], groups=groups)


def test_framework_settings_are_checked():
    assert UnitTestConfig.model_validate({"framework": "go-test", "go_module": "example.com/throttle",
                                          "go_allow_imports": ["os/signal"]}).go_module == "example.com/throttle"
    for bad in ({"framework": "junit5", "go_module": "x"}, {"framework": "go-test", "go_allow_imports": ["../os"]},
                {"framework": "mocha"}):
        with pytest.raises(ValidationError):
            UnitTestConfig.model_validate(bad)
    entry = UnitTestConfig.model_validate({"framework": "junit5", "tests": [
        {"test": "CartTest.java::total", "points": 2, "sample": True, "group": "extra"}]}).tests[0]
    assert (entry.sample, entry.group) == (True, "extra")


def test_which_files_are_tests():
    assert set(FRAMEWORKS) == {"pytest", "junit5", "node-test", "go-test"}
    assert JUNIT5.is_test_file("CartTest.java") and JUNIT5.is_test_file("shop/TestCart.java")
    assert not JUNIT5.is_test_file("Cart.java") and not JUNIT5.is_test_file("TestData.txt")
    assert NODE_TEST.is_test_file("cart.test.mjs") and not NODE_TEST.is_test_file("helpers.mjs")
    assert GO_TEST.is_test_file("cart_test.go") and not GO_TEST.is_test_file("cart.go")
    assert FRAMEWORKS["pytest"].is_test_file("test_cart.py") and not FRAMEWORKS["pytest"].is_test_file("cart.py")


def grader_for(framework: str, language: str, suite: dict[str, bytes], tests: list[dict]) -> UnitTestGrader:
    pkg = package(framework, language, suite, tests)
    grader = UnitTestGrader(pkg.manifest.grader, pkg, sandbox=None)
    grader.prepare()
    return grader


RUN = RunResult(verdict=SandboxVerdict.OK, exit_code=0, time_ms=1, wall_ms=1, memory_kib=1)


def test_a_suite_without_test_files_is_a_judge_error():
    grader = grader_for("junit5", "java", {"Helper.java": b"class Helper {}"}, [])
    assert "no test file" in grader.prepare_error and "Test.java" in grader.prepare_error


def test_a_build_error_is_a_compile_error_for_every_test():
    grader = grader_for("go-test", "go", {"cart_test.go": b"package cart\n"}, [])
    report = grader._suite_report({"tests": [], "build_error": "cart.go:3: undefined: Total"}, RUN)
    assert report.failure == Verdict.CE and "undefined: Total" in report.failure_message


def test_only_the_suites_tests_count_with_the_manifests_sample_and_group():
    grader = grader_for("junit5", "java", {"CartTest.java": b"class CartTest {}"}, [
        {"test": "CartTest.java::total", "points": 3, "sample": True},
        {"test": "CartTest.java::discount", "points": 2, "group": "extra"},
    ])
    assert not grader.prepare_error
    entry = {"outcome": "passed", "kind": ""}
    report = grader._suite_report({"tests": [
        {**entry, "nodeid": "CartTest.java::total"},
        {**entry, "nodeid": "CartTest.java::discount"},
        {**entry, "nodeid": "ExtraTest.java::free"},  # the candidate's own test class
    ]}, RUN)
    units = {u.nodeid: u for u in report.units}
    assert set(units) == {"CartTest.java::total", "CartTest.java::discount"}
    assert units["CartTest.java::total"].sample and units["CartTest.java::total"].points == 3
    assert units["CartTest.java::discount"].group == "extra"
    assert any("ExtraTest.java::free" in p and "no test file" in p for p in report.problems)
