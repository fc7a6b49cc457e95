"""The `unittest` grader beyond pytest: JUnit 5, node:test and go test suites against the candidate's
files in the real sandbox, under runc and runsc.

Each framework grades an honest half-right submission first (the true score), then forged ones: a
submission that prints a fake report, writes a fake report (to the runner's report descriptor or a
file), exits early with success, defines extra tests, or tampers with the runner. Every forgery must
get the true score (the half-right answers' points, or nothing where the attempt itself is refused).
"""

from __future__ import annotations

import textwrap

import pytest

from graders.base import GradingContext, Submission
from graders.results import Verdict
from graders.scoring import score
from graders.unittest_suite import UnitTestGrader
from problemformat.manifest import Manifest
from problemformat.package import Package, TestCase
from sandbox.models import Limits

LIMITS = Limits(time_limit_s=1, memory_limit_mib=256)
RUNTIMES = ["runc", pytest.param("runsc", marks=pytest.mark.runsc)]


def make_package(framework: str, language: str, suite: dict[str, str], tests: list[dict]) -> Package:
    manifest = Manifest.model_validate({
        "schema": 1, "slug": f"unit-{framework}", "title": "Calc", "languages": [language],
        "grader": {"kind": "unittest", "framework": framework, "time_limit_s": 60, "tests": tests},
        "scoring": {"groups": [{"name": "main", "points": 100, "aggregate": "sum"}]},
    })
    files = {f"grader/{name}": text.encode() for name, text in suite.items()}
    files["tests/secret/main/01.in"] = b""
    groups = {"main": [TestCase(group="main", name="01", input=b"", answer=b"")]}
    return Package(manifest=manifest, files=files, content_hash=f"test-{framework}-{id(files)}", statement="",
                   samples=[], groups=groups)


def grade(package: Package, sandbox, language: str, files: dict[str, str]):
    """(grader, context, main group's result, points); the files are compiled as the judge does."""
    compiled = sandbox.compile(language, {name: text.encode() for name, text in files.items()})
    if not compiled.ok:
        pytest.fail(f"the submission does not compile: {compiled.message}")
    grader = UnitTestGrader(package.manifest.grader, package, sandbox)
    grader.prepare()
    assert not grader.prepare_error, grader.prepare_error
    ctx = GradingContext(package=package, sandbox=sandbox,
                         submission=Submission(language, {n: t.encode() for n, t in files.items()}),
                         compiled=compiled, limits=LIMITS)
    results = grader.grade(ctx, package.groups["main"])
    points, _groups, _verdict = score(package.manifest.scoring, {"main": results})
    return grader, ctx, results[0], points


def box(request, runtime: str):
    return request.getfixturevalue("sandbox" if runtime == "runc" else "sandbox_runsc")


# ---------------------------------------------------------------------- go test

GO_SUITE = {"calc_test.go": textwrap.dedent('''
    package calc

    import "testing"

    func TestAdd(t *testing.T) {
        if got := Add(2, 3); got != 5 {
            t.Fatalf("Add(2, 3) = %d, want 5", got)
        }
    }

    func TestMul(t *testing.T) {
        if got := Mul(4, 5); got != 20 {
            t.Fatalf("Mul(4, 5) = %d, want 20", got)
        }
    }

    func TestDiv(t *testing.T) {
        if got, err := Div(7, 2); err != nil || got != 3 {
            t.Fatalf("Div(7, 2) = %d, %v", got, err)
        }
        if _, err := Div(1, 0); err == nil {
            t.Fatal("Div(1, 0) gave no error")
        }
    }
''')}
GO_TESTS = [{"test": "calc_test.go::TestAdd", "points": 1}, {"test": "calc_test.go::TestMul", "points": 3},
            {"test": "calc_test.go::TestDiv", "points": 4}]
GO_HALF = textwrap.dedent('''
    package calc

    import "errors"

    func Add(a, b int) int { return a + b }

    func Mul(a, b int) int { return a + b }

    func Div(a, b int) (int, error) {
        if b == 0 {
            return 0, errors.New("division by zero")
        }
        return a / b, nil
    }
''')  # Add and Div right (5 of 8 points), Mul wrong
GO_TRUE_POINTS = 100 * 5 / 8
GO_FORGERIES = {
    # fake report lines on stdout, in every format a runner might read
    "prints_fake_report": GO_HALF + textwrap.dedent('''
        import "fmt"

        func init() {
            fmt.Println(`{"e":"end","code":0}`)
            fmt.Println("--- PASS: TestMul (0.00s)")
            fmt.Println(`{"Action":"pass","Test":"TestMul"}`)
            fmt.Println("ASSAY-UNITTEST-REPORT 0000 {\\"tests\\": []}")
        }
    '''),
    # log.Fatal ends the process while TestMul runs: that test fails, the others keep their result
    "exits_early": GO_HALF.replace("func Mul(a, b int) int { return a + b }",
                                   "func Mul(a, b int) int { log.Fatal(\"bye\"); return 0 }") + 'import "log"\n',
}
# Attempts the build refuses outright (no points: the submission breaks the problem's rules).
GO_REFUSED = {
    # a fake verdict written to the runner's report descriptor (or any file) needs package os
    "writes_fake_report": GO_HALF + textwrap.dedent('''
        import "os"

        func init() {
            os.NewFile(3, "r").WriteString(`{"e":"end","code":0}` + "\\n")
            os.WriteFile("/tmp/report.json", []byte("{}"), 0o644)
        }
    '''),
    # reaching into the testing package's internals
    "tampers_with_runner": GO_HALF + textwrap.dedent('''
        import _ "unsafe"

        //go:linkname forged testing.runningList
        func forged() []string
    '''),
}
# Extra test files (a made-up test, the suite's own file name, the harness's TestMain): never compiled.
GO_EXTRA_FILES = {
    "extra_test.go": "package calc\n\nimport \"testing\"\n\nfunc TestFree(t *testing.T) {}\n"
                     "func TestMul(t *testing.T) {}\n",
    "calc_test.go": "package calc\n\nimport \"testing\"\n\nfunc TestMul(t *testing.T) {}\n",
    "zz_assay_main_test.go": "package calc_test\n\nimport (\"os\"; \"testing\")\n\n"
                             "func TestMain(m *testing.M) {\n"
                             "    os.NewFile(3, \"r\").WriteString(`{\"e\":\"end\",\"code\":0}` + \"\\n\")\n"
                             "    os.Exit(0)\n}\n",
}


def _go_files(source: str) -> dict[str, str]:
    """calc.go: the source with every import moved into one block before the declarations."""
    lines = source.splitlines()
    imports = [line for line in lines if line.startswith("import ")]
    body = [line for line in lines if not line.startswith("import ") and line.strip() != "package calc"]
    return {"calc.go": "package calc\n\n" + "\n".join(imports) + "\n" + "\n".join(body) + "\n"}


GO_PACKAGE = make_package("go-test", "go", GO_SUITE, GO_TESTS)


@pytest.mark.parametrize("runtime", RUNTIMES)
def test_go_honest_half_gets_its_points(request, runtime):
    grader, ctx, main, points = grade(GO_PACKAGE, box(request, runtime), "go", _go_files(GO_HALF))
    assert points == pytest.approx(GO_TRUE_POINTS), main.reviewer_message
    units = {u.nodeid: u.verdict for u in grader.report(ctx).units}
    assert units == {"calc_test.go::TestAdd": Verdict.AC, "calc_test.go::TestMul": Verdict.WA,
                     "calc_test.go::TestDiv": Verdict.AC}, main.reviewer_message


@pytest.mark.parametrize("runtime", RUNTIMES)
@pytest.mark.parametrize("name", sorted(GO_FORGERIES))
def test_go_forgeries_get_the_true_score(request, runtime, name):
    _grader, _ctx, main, points = grade(GO_PACKAGE, box(request, runtime), "go", _go_files(GO_FORGERIES[name]))
    assert points == pytest.approx(GO_TRUE_POINTS), main.reviewer_message


@pytest.mark.parametrize("runtime", RUNTIMES)
@pytest.mark.parametrize("name", sorted(GO_REFUSED))
def test_go_forgeries_that_need_forbidden_packages_are_refused(request, runtime, name):
    _grader, _ctx, main, points = grade(GO_PACKAGE, box(request, runtime), "go", _go_files(GO_REFUSED[name]))
    assert points == 0
    assert main.verdict == Verdict.CE, main.reviewer_message
    assert "unsafe" in main.reviewer_message or '"os"' in main.reviewer_message, main.reviewer_message


@pytest.mark.parametrize("runtime", RUNTIMES)
def test_go_extra_test_files_of_the_candidate_do_not_count(request, runtime):
    files = {**_go_files(GO_HALF), **GO_EXTRA_FILES}
    grader, ctx, main, points = grade(GO_PACKAGE, box(request, runtime), "go", files)
    assert points == pytest.approx(GO_TRUE_POINTS), main.reviewer_message
    assert sorted(u.nodeid for u in grader.report(ctx).units) == [
        "calc_test.go::TestAdd", "calc_test.go::TestDiv", "calc_test.go::TestMul"]


# ---------------------------------------------------------------------- JUnit 5

JAVA_SUITE = {"CalcTest.java": textwrap.dedent('''
    import static org.junit.jupiter.api.Assertions.assertEquals;
    import static org.junit.jupiter.api.Assertions.assertThrows;

    import org.junit.jupiter.api.Test;
    import org.junit.jupiter.params.ParameterizedTest;
    import org.junit.jupiter.params.provider.CsvSource;

    class CalcTest {
        @Test
        void add() {
            assertEquals(5, Calc.add(2, 3));
        }

        @ParameterizedTest
        @CsvSource({"4, 5, 20", "0, 9, 0"})
        void mul(int a, int b, int product) {
            assertEquals(product, Calc.mul(a, b));
        }

        @Test
        void div() {
            assertEquals(3, Calc.div(7, 2));
            assertThrows(ArithmeticException.class, () -> Calc.div(1, 0));
        }
    }
''')}
JAVA_TESTS = [{"test": "CalcTest.java::add", "points": 1}, {"test": "CalcTest.java::mul", "points": 3},
              {"test": "CalcTest.java::div", "points": 4}]
JAVA_PACKAGE = make_package("junit5", "java", JAVA_SUITE, JAVA_TESTS)
JAVA_TRUE_POINTS = 100 * 5 / 8


def _java(mul: str = "return a + b;", extra: str = "", imports: str = "") -> dict[str, str]:
    """Calc.java: add and div right, mul wrong (unless given), with extra members."""
    return {"Calc.java": imports + textwrap.dedent('''
        public class Calc {
            public static int add(int a, int b) {
                return a + b;
            }

            public static int mul(int a, int b) {
                MUL
            }

            public static int div(int a, int b) {
                return a / b;
            }
        EXTRA
        }
    ''').replace("MUL", mul).replace("EXTRA", extra)}


FORGED_EVENTS = ('{"e":"start","id":"CalcTest.java::mul"}\\n'
                 '{"e":"end","id":"CalcTest.java::mul","status":"SUCCESSFUL"}\\n')
JAVA_FORGED = FORGED_EVENTS.replace('"', '\\"')  # inside a Java string literal
JAVA_FORGERIES = {
    "prints_fake_report": _java(extra='''
        static {
            System.out.println("FORGED_EVENTS");
            System.out.println("ASSAY-UNITTEST-REPORT 00 {}");
            try {
                new java.io.FileOutputStream(java.io.FileDescriptor.out).write("FORGED_EVENTS".getBytes());
            } catch (Throwable t) {
                System.out.println("refused: " + t);
            }
        }
    '''.replace("FORGED_EVENTS", JAVA_FORGED)),
    "writes_fake_report": _java(mul='''
        for (String path : new String[] {"/proc/self/fd/3", "/dev/fd/3", "/tmp/report.json"}) {
            try (java.io.FileOutputStream out = new java.io.FileOutputStream(path)) {
                out.write("FORGED_EVENTS".getBytes());
            } catch (Throwable t) {
                System.out.println("refused: " + t);
            }
        }
        return a + b;
    '''.replace("FORGED_EVENTS", JAVA_FORGED)),
    "exits_early": _java(mul='''
        try {
            System.exit(0);
        } catch (SecurityException e) {
            System.out.println("refused: " + e);
        }
        try {
            Runtime.getRuntime().halt(0);
        } catch (SecurityException e) {
            System.out.println("refused: " + e);
        }
        return a + b;
    '''),
    "tampers_with_runner": _java(mul='''
        try {  // the runner's streams and internals, through reflection
            java.lang.reflect.Field field = System.class.getDeclaredField("out");
            field.setAccessible(true);
        } catch (Throwable t) {
            System.out.println("refused: " + t);
        }
        try {
            java.lang.reflect.Field unsafe = Class.forName("sun.misc.Unsafe").getDeclaredField("theUnsafe");
            unsafe.setAccessible(true);
        } catch (Throwable t) {
            System.out.println("refused: " + t);
        }
        try {
            System.setSecurityManager(null);
        } catch (Throwable t) {
            System.out.println("refused: " + t);
        }
        return a + b;
    '''),
    # a class named like the suite's test class (compiles without JUnit): dropped, never run
    "defines_extra_tests": {**_java(), "CalcTest.java": "class CalcTest {\n    void add() {}\n}\n"},
    # JUnit's own Assertions, replaced by one that never fails: JUnit's jar comes first on the class path
    "shadows_assertions": {**_java(), "Assertions.java": textwrap.dedent('''
        package org.junit.jupiter.api;

        public class Assertions {
            public static void assertEquals(int expected, int actual) {
                System.out.println("SHADOW USED");
            }

            public static void assertEquals(long expected, long actual) {
            }

            public static void assertEquals(Object expected, Object actual) {
            }
        }
    ''')},
}


@pytest.mark.parametrize("runtime", RUNTIMES)
def test_junit_honest_half_gets_its_points(request, runtime):
    grader, ctx, main, points = grade(JAVA_PACKAGE, box(request, runtime), "java", _java())
    units = {u.nodeid: u.verdict for u in grader.report(ctx).units}
    assert units == {"CalcTest.java::add": Verdict.AC, "CalcTest.java::mul": Verdict.WA,
                     "CalcTest.java::div": Verdict.AC}, main.reviewer_message
    assert points == pytest.approx(JAVA_TRUE_POINTS), main.reviewer_message


@pytest.mark.parametrize("runtime", RUNTIMES)
@pytest.mark.parametrize("name", sorted(JAVA_FORGERIES))
def test_junit_forgeries_get_the_true_score(request, runtime, name):
    grader, ctx, main, points = grade(JAVA_PACKAGE, box(request, runtime), "java", JAVA_FORGERIES[name])
    assert points == pytest.approx(JAVA_TRUE_POINTS), main.reviewer_message
    report = grader.report(ctx)
    assert sorted(u.nodeid for u in report.units) == [
        "CalcTest.java::add", "CalcTest.java::div", "CalcTest.java::mul"]
    if name in ("defines_extra_tests", "shadows_assertions"):
        assert "SHADOW USED" not in "\n".join(u.stdout for u in report.units)
        return
    output = "\n".join(u.stdout for u in report.units) + main.reviewer_message
    assert "refused" in output or name == "prints_fake_report", output


# ---------------------------------------------------------------------- node:test

NODE_SUITE = {"calc.test.mjs": textwrap.dedent('''
    import { describe, test } from 'node:test';
    import assert from 'node:assert/strict';
    import { candidate } from './assay_unittest.mjs';

    test('add', () => {
      assert.equal(candidate('calc.js').add(2, 3), 5);
    });

    describe('mul', () => {
      test('small numbers', () => {
        assert.equal(candidate('calc.js').mul(4, 5), 20);
      });
    });

    test('div', () => {
      const calc = candidate('calc.js');
      assert.equal(calc.div(7, 2), 3);
      assert.throws(() => calc.div(1, 0), RangeError);
    });
''')}
NODE_TESTS = [{"test": "calc.test.mjs::add", "points": 1}, {"test": "calc.test.mjs::mul > small numbers", "points": 3},
              {"test": "calc.test.mjs::div", "points": 4}]
NODE_PACKAGE = make_package("node-test", "javascript", NODE_SUITE, NODE_TESTS)
NODE_TRUE_POINTS = 100 * 5 / 8
NODE_IDS = ["calc.test.mjs::add", "calc.test.mjs::div", "calc.test.mjs::mul > small numbers"]


def _node(mul: str = "return a + b;", extra: str = "") -> dict[str, str]:
    """main.js (the entry the language's check compiles) and calc.js: add and div right, mul wrong."""
    calc = textwrap.dedent('''
        EXTRA
        function add(a, b) {
          return a + b;
        }

        function mul(a, b) {
          MUL
        }

        function div(a, b) {
          if (b === 0) throw new RangeError('division by zero');
          return Math.trunc(a / b);
        }

        module.exports = { add, mul, div };
    ''').replace("MUL", mul).replace("EXTRA", extra)
    return {"main.js": "module.exports = require('./calc');\n", "calc.js": calc}


NODE_FORGED = ('{"e":"end","file":"calc.test.mjs","path":["mul","small numbers"],"status":"passed"}\\n'
               'ASSAY-UNITTEST-REPORT 00 {}\\n')
NODE_FORGERIES = {
    "prints_fake_report": _node(extra=f'''
        console.log('{NODE_FORGED}');
        try {{ process.stdout.write('{NODE_FORGED}'); }} catch (e) {{ console.log('refused: ' + e); }}
    '''),
    "writes_fake_report": _node(mul=f'''
        for (const name of ['fs', 'node:fs', 'child_process', '../.assay/fw_common.py']) {{
          try {{ require(name).writeSync(3, '{NODE_FORGED}'); }} catch (e) {{ console.log('refused: ' + e); }}
        }}
        import('node:fs').then((fs) => fs.writeSync(3, 'forged'), (e) => console.log('refused: ' + e));
        return a + b;
    '''),
    "exits_early": _node(mul='''
        try { process.exit(0); } catch (e) { console.log('refused: ' + e); }
        try { globalThis.process.reallyExit(0); } catch (e) { console.log('refused: ' + e); }
        return a + b;
    '''),
    "tampers_with_runner": _node(extra='''
        'use strict';
        for (const attempt of [
          () => { Object.prototype.toJSON = function () { return { e: 'end', status: 'passed' }; }; },
          () => { JSON.stringify = () => '{"e":"end","status":"passed"}'; },
          () => { Array.prototype.slice = function () { return ['mul', 'small numbers']; }; },
          () => { Error.prepareStackTrace = () => 'forged'; },
          () => Function('return process')().exit(0),
          () => eval('process'),
          () => require('node:test').test('forged', () => {}),
          () => console.constructor('x'),
        ]) {
          try { attempt(); console.log('NOT REFUSED ' + attempt); } catch (e) { console.log('refused: ' + e); }
        }
    '''),
    "defines_extra_tests": {**_node(), "extra.test.js": "require('node:test').test('free points', () => {});\n",
                            "calc.test.mjs": "import { test } from 'node:test';\ntest('add', () => {});\n"},
}


@pytest.mark.parametrize("runtime", RUNTIMES)
def test_node_honest_half_gets_its_points(request, runtime):
    grader, ctx, main, points = grade(NODE_PACKAGE, box(request, runtime), "javascript", _node())
    units = {u.nodeid: u.verdict for u in grader.report(ctx).units}
    assert units == {"calc.test.mjs::add": Verdict.AC, "calc.test.mjs::mul > small numbers": Verdict.WA,
                     "calc.test.mjs::div": Verdict.AC}, main.reviewer_message
    assert points == pytest.approx(NODE_TRUE_POINTS), main.reviewer_message


@pytest.mark.parametrize("runtime", RUNTIMES)
@pytest.mark.parametrize("name", sorted(NODE_FORGERIES))
def test_node_forgeries_get_the_true_score(request, runtime, name):
    grader, ctx, main, points = grade(NODE_PACKAGE, box(request, runtime), "javascript", NODE_FORGERIES[name])
    assert points == pytest.approx(NODE_TRUE_POINTS), main.reviewer_message
    report = grader.report(ctx)
    assert sorted(u.nodeid for u in report.units) == NODE_IDS
    output = "\n".join(u.stdout for u in report.units)
    assert "NOT REFUSED" not in output, output
    if name not in ("defines_extra_tests", "prints_fake_report"):
        assert "refused" in output, output
