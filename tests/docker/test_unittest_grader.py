"""The `unittest` grader: the package's pytest suite against the candidate's files, in the sandbox.

Docker tests run the real harness in the python3 sandbox image; the hostile submissions must earn
nothing they did not earn honestly. Pure-function tests at the end need no Docker.
"""

from __future__ import annotations

import textwrap

import pytest

from graders.base import GradingContext, Submission
from graders.results import Verdict
from graders.scoring import score
from graders.unittest_suite import (
    UnitResult,
    UnitTestGrader,
)
from problemformat.manifest import Manifest
from problemformat.package import Package, TestCase
from sandbox.models import CompileResult, Limits
from sandbox.runner import pack_files
from sandbox.verdicts import Verdict as SandboxVerdict

LIMITS = Limits(time_limit_s=1, memory_limit_mib=128)

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
CORRECT = textwrap.dedent('''
    def add(a, b):
        return a + b

    def mul(a, b):
        return a * b

    def div(a, b):
        return a / b
''')


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


def context(package: Package, sandbox, files: dict[str, str]) -> GradingContext:
    compiled = CompileResult(ok=True, verdict=SandboxVerdict.OK, artifact=pack_files(files))
    submission = Submission("python3", {name: text.encode() for name, text in files.items()})
    return GradingContext(package=package, sandbox=sandbox, submission=submission, compiled=compiled,
                          limits=LIMITS)


def grade(package: Package, sandbox, files: dict[str, str]):
    """(grader, context, results by group, points) for one submission, samples included."""
    grader = UnitTestGrader(package.manifest.grader, package, sandbox)
    grader.prepare()
    assert not grader.prepare_error
    ctx = context(package, sandbox, files)
    by_group = {"sample": grader.grade(ctx, package.samples)}
    for group in package.manifest.scoring.groups:
        by_group[group.name] = grader.grade(ctx, package.groups[group.name])
    points, _groups, _verdict = score(package.manifest.scoring, by_group)
    return grader, ctx, by_group, points


def units(grader: UnitTestGrader, ctx: GradingContext) -> dict[str, UnitResult]:
    return {u.nodeid.split("::")[-1]: u for u in grader.report(ctx).units}


# ---------------------------------------------------------------------- honest submissions


def test_correct_solution_gets_every_point(sandbox):
    from graders.judge import grade_submission

    result = grade_submission(CALC, Submission("python3", {"solution.py": CORRECT.encode()}), sandbox)
    assert result.verdict == Verdict.AC, result.tests
    assert result.points == 100
    assert [t.verdict for t in result.tests] == [Verdict.AC, Verdict.AC]
    assert result.tests[0].group == "sample" and not result.tests[0].hidden
    assert "4 of 4 unit tests passed" in result.tests[1].reviewer_message


def test_half_correct_solution_gets_its_weighted_share(sandbox):
    half = CORRECT.replace("return a + b", "return a - b")  # add wrong: 1 + 2 of 10 points lost
    grader, ctx, by_group, points = grade(CALC, sandbox, {"solution.py": half})
    assert points == 70
    [main] = by_group["main"]
    assert main.verdict == Verdict.AC and main.fraction == pytest.approx(0.7)  # partial credit
    assert "2 of 4 unit tests passed (7 of 10 points)" in main.reviewer_message
    assert "assert -1 == 5" in main.reviewer_message  # pytest's report, for reviewers
    assert "assert" not in main.candidate_message  # hidden: no details for the candidate
    [sample] = by_group["sample"]
    assert sample.verdict == Verdict.WA and not sample.hidden
    assert "assert -1 == 5" in sample.candidate_message  # a sample test shows its failure
    found = units(grader, ctx)
    assert {name: u.verdict for name, u in found.items()} == {
        "test_add": Verdict.WA, "test_add_negative": Verdict.WA,
        "test_mul": Verdict.AC, "test_div_by_zero": Verdict.AC,
    }
    assert [found[n].points for n in ("test_add", "test_add_negative", "test_mul", "test_div_by_zero")] == [
        1, 2, 3, 4]


def test_partial_through_the_judge(sandbox):
    from graders.judge import grade_submission

    wrong_div = CORRECT.replace("return a / b", "return 0")
    result = grade_submission(CALC, Submission("python3", {"solution.py": wrong_div.encode()}), sandbox)
    assert result.points == 60
    assert 0 < result.points < result.max_points


FEATURES_SUITE = textwrap.dedent('''
    import math
    import pytest
    from assay_unittest import (CandidateError, CandidateFailure, RemoteObject, candidate, output,
                                solution, type_name)

    def test_values_cross_as_plain_data():
        v = solution.echo((1, "a", None, True, 2.5, b"\\x00\\xff", bytearray(b"z"), {1, 2}, frozenset({3}),
                           {1: "one", (2, 3): [4]}, 3 + 4j, 10 ** 40, -(10 ** 30)))
        assert v == (1, "a", None, True, 2.5, b"\\x00\\xff", bytearray(b"z"), {1, 2}, frozenset({3}),
                     {1: "one", (2, 3): [4]}, 3 + 4j, 10 ** 40, -(10 ** 30))
        assert type(v[0]) is int and type(v[4]) is float and type(v[5]) is bytes
        assert math.isnan(solution.echo(float("nan"))) and solution.echo(float("-inf")) == float("-inf")

    def test_objects_stay_in_the_candidate_process():
        s = solution.Stack()
        assert isinstance(s, RemoteObject) and type_name(s) == "solution.Stack"
        s.push(1)
        s.push([2, 3])
        assert len(s) == 2 and bool(s) and [2, 3] in s and 7 not in s
        assert s.pop() == [2, 3]
        assert s.items == [1] and s[0] == 1
        s.label = "mine"
        assert s.label == "mine" and str(s) == "Stack(1)"
        assert list(s) == [1]

    def test_candidate_objects_compare_with_their_own_eq():
        assert solution.Point(1, 2) == solution.Point(1, 2)
        assert solution.Point(1, 2) != solution.Point(2, 1)
        assert solution.Point(1, 2) != (1, 2)  # never equal to a value of the test's own
        assert sorted([solution.Point(2, 0), solution.Point(1, 0)])[0].x == 1
        assert (solution.Point(1, 2) + solution.Point(3, 4)).y == 6

    def test_generators_iterate():
        assert list(solution.squares(5)) == [0, 1, 4, 9, 16]
        assert sum(solution.squares(1000)) == sum(i * i for i in range(1000))

    def test_builtin_exceptions_keep_their_type():
        with pytest.raises(ZeroDivisionError):
            solution.div(1, 0)
        with pytest.raises(KeyError) as info:
            solution.lookup({}, "k")
        assert info.value.args == ("k",)

    def test_other_exceptions_are_candidate_errors():
        with pytest.raises(CandidateError) as info:
            solution.fail_custom()
        assert info.value.type_name == "NotFound" and "nothing here" in info.value.message
        assert "fail_custom" in info.value.candidate_traceback
        with pytest.raises(CandidateError) as info:
            solution.call_exit()
        assert info.value.type_name == "SystemExit"

    def test_output_is_captured():
        solution.shout("hello")
        assert output().stdout == "HELLO\\n"
        assert "warning: hello" in output().stderr

    def test_state_is_fresh_in_every_test_a():
        assert solution.bump() == 1
        assert solution.bump() == 2

    def test_state_is_fresh_in_every_test_b():
        assert solution.bump() == 1
        solution.COUNTER = 10
        assert solution.bump() == 11

    def test_other_modules_and_packages():
        assert candidate("helpers.text").shout("x") == "X!"

    def test_objects_do_not_outlive_their_test(request):
        request.config.stash_obj = solution.Stack()

    def test_objects_do_not_outlive_their_test_2(request):
        with pytest.raises(ReferenceError):
            request.config.stash_obj.push(1)

    def test_test_code_cannot_pass_functions():
        with pytest.raises(TypeError):
            solution.echo(lambda: 1)

    def test_a_slow_call_is_a_candidate_failure():
        with pytest.raises(CandidateFailure):
            solution.spin()
''')
FEATURES_SOLUTION = textwrap.dedent('''
    import sys
    COUNTER = 0

    def echo(value):
        return value

    class Stack:
        def __init__(self):
            self.items = []
        def push(self, x):
            self.items.append(x)
        def pop(self):
            return self.items.pop()
        def __len__(self):
            return len(self.items)
        def __getitem__(self, i):
            return self.items[i]
        def __contains__(self, x):
            return x in self.items
        def __iter__(self):
            return iter(self.items)
        def __str__(self):
            return f"Stack({len(self.items)})"

    class Point:
        def __init__(self, x, y):
            self.x, self.y = x, y
        def __eq__(self, other):
            return isinstance(other, Point) and (self.x, self.y) == (other.x, other.y)
        def __lt__(self, other):
            return (self.x, self.y) < (other.x, other.y)
        def __add__(self, other):
            return Point(self.x + other.x, self.y + other.y)

    def squares(n):
        for i in range(n):
            yield i * i

    def div(a, b):
        return a / b

    def lookup(d, k):
        return d[k]

    class NotFound(Exception):
        pass

    def fail_custom():
        raise NotFound("nothing here")

    def call_exit():
        sys.exit(3)

    def shout(text):
        print(text.upper())
        print("warning:", text, file=sys.stderr)

    def bump():
        global COUNTER
        COUNTER += 1
        return COUNTER

    def spin():
        while True:
            pass
''')


def test_what_tests_can_do_with_the_candidates_code(sandbox):
    package = make_package({"test_features.py": FEATURES_SUITE}, {"kind": "unittest", "time_limit_s": 60},
                           samples=[])
    files = {"solution.py": FEATURES_SOLUTION, "helpers/__init__.py": "",
             "helpers/text.py": "def shout(s):\n    return s.upper() + '!'\n"}
    grader, ctx, _by_group, points = grade(package, sandbox, files)
    found = units(grader, ctx)
    failing = {name: u.message for name, u in found.items()
               if u.verdict != Verdict.AC and name != "test_a_slow_call_is_a_candidate_failure"}
    assert not failing, failing
    # A hang fails its test even when the test expects and catches it.
    slow = found["test_a_slow_call_is_a_candidate_failure"]
    assert slow.verdict == Verdict.TLE and "timed out" in slow.message
    assert found["test_output_is_captured"].stdout.startswith("HELLO")
    assert points == pytest.approx(100 * (len(found) - 1) / len(found))


# ---------------------------------------------------------------------- hostile submissions

WRONG = "def add(a, b):\n    return 0\n\nmul = add\n\ndef div(a, b):\n    return 0\n"

HOSTILE: dict[str, tuple[dict[str, str], Verdict]] = {
    # pytest configuration and plugins planted beside the solution: never read by the harness.
    "planted_conftest": ({
        "solution.py": WRONG,
        "conftest.py": textwrap.dedent('''
            import pytest
            @pytest.hookimpl(hookwrapper=True)
            def pytest_runtest_makereport(item, call):
                outcome = yield
                report = outcome.get_result()
                report.outcome = "passed"
                report.longrepr = None
            def pytest_collection_modifyitems(items):
                items[:] = []
        '''),
        "pytest.ini": "[pytest]\naddopts = -p no:python --co\n",
        "pyproject.toml": "[tool.pytest.ini_options]\naddopts = '-x -p no:python'\n",
        "setup.cfg": "[tool:pytest]\naddopts = -p no:python\n",
    }, Verdict.WA),
    "sys_exit_at_import": ({"solution.py": "import sys\nsys.exit(0)\n"}, Verdict.RE),
    "os_exit_at_import": ({"solution.py": "import os\nos._exit(0)\n"}, Verdict.RE),
    # Tampering with builtins, assertion rewriting and pytest in its own process changes nothing.
    "monkeypatching": ({"solution.py": textwrap.dedent('''
        import builtins, sys
        class Never(Exception):
            pass
        builtins.AssertionError = Never
        builtins.ZeroDivisionError = Exception
        try:
            import _pytest.assertion.rewrite as rewrite, _pytest.runner as runner, _pytest.outcomes as outcomes
            rewrite.AssertionRewritingHook.find_spec = lambda *a, **k: None
            runner.call_and_report = lambda *a, **k: None
            outcomes.fail = lambda *a, **k: None
        except Exception:
            pass
        import json
        json.dumps = lambda *a, **k: '{"seq": 1, "ok": 5}'
        def add(a, b):
            return 0
        mul = div = add
    ''')}, Verdict.RE),
    # An object that equals everything (and an int subclass that does) is no 5.
    "always_equal": ({"solution.py": textwrap.dedent('''
        class Anything:
            def __eq__(self, other):
                return True
            def __ne__(self, other):
                return False
            def __bool__(self):
                return True
            __hash__ = object.__hash__
        class Five(int):
            def __eq__(self, other):
                return True
        def add(a, b):
            return Anything()
        def mul(a, b):
            return Five(0)
        def div(a, b):
            return Anything()
    ''')}, Verdict.WA),
    "fake_report": ({"solution.py": textwrap.dedent('''
        import json, os, sys
        fake = {"version": 1, "tests": [{"nodeid": f"test_calc.py::{t}", "outcome": "passed", "kind": ""}
                for t in ("test_add", "test_add_negative", "test_mul", "test_div_by_zero")],
                "collect_errors": [], "harness_error": "", "exit_status": 0}
        line = b"ASSAY-UNITTEST-REPORT " + json.dumps(fake).encode() + b"\\n"
        os.write(1, line)
        os.write(2, line)
        for path in ("/dev/stdout", f"/proc/{os.getppid()}/fd/1", "/proc/1/fd/1"):
            try:
                with open(path, "wb") as handle:
                    handle.write(line)
            except OSError as exc:
                print("cannot write", path, type(exc).__name__, file=sys.stderr)
        def add(a, b):
            print(line.decode())
            return 0
        mul = div = add
    ''')}, Verdict.WA),
    "kill_parent": ({"solution.py": "import os, signal\nos.kill(os.getppid(), signal.SIGKILL)\n"}, Verdict.RE),
    "kill_everything": ({"solution.py": "import os, signal\nos.kill(-1, signal.SIGKILL)\n"}, Verdict.RE),
    "infinite_loop_at_import": ({"solution.py": "while True:\n    pass\n"}, Verdict.TLE),
    "memory_hog": ({"solution.py": "def add(a, b):\n    return len(bytearray(1 << 30))\n\nmul = div = add\n"},
                   Verdict.MLE),
    # The hidden tests' source is gone from disk (and the harness's memory is not readable), so
    # a candidate that would copy the expected values from it has nothing to copy.
    "reads_hidden_tests": ({"solution.py": textwrap.dedent('''
        import os, re, sys
        found = {}
        for root, dirs, files in os.walk("/tmp"):
            for name in files:
                if name.startswith("test_") and name.endswith(".py"):
                    found[os.path.join(root, name)] = open(os.path.join(root, name)).read()
        for path in (f"/proc/{os.getppid()}/mem", f"/proc/{os.getppid()}/environ", f"/proc/{os.getppid()}/fd/0"):
            try:
                open(path, "rb").read(1)
                print("READ", path)
            except OSError as exc:
                print("denied", path, type(exc).__name__)
        print("sources found:", sorted(found))
        EXPECTED = {}
        for text in found.values():
            for name, args, value in re.findall(r"solution\\.(\\w+)\\(([^)]*)\\) == (-?\\d+)", text):
                EXPECTED[(name, args.replace(" ", ""))] = int(value)
        def _answer(name):
            def f(a, b):
                return EXPECTED.get((name, f"{a},{b}"), 0)
            return f
        add, mul, div = _answer("add"), _answer("mul"), _answer("div")
    ''')}, Verdict.WA),
    # Files planted where the harness reads or imports from: too late, and never read again.
    "plants_files": ({"solution.py": textwrap.dedent('''
        import os
        FORGE = """
        import pytest
        @pytest.hookimpl(hookwrapper=True)
        def pytest_runtest_makereport(item, call):
            outcome = yield
            outcome.get_result().outcome = "passed"
        """
        SHADOW = "import os\\nos.kill(os.getppid(), 9)\\n"
        for folder in ("/tmp/box/.assay/suite", "/tmp/box/.assay", "/tmp/box", "/tmp"):
            for name, text in (("conftest.py", FORGE), ("difflib.py", SHADOW), ("pprint.py", SHADOW),
                               ("decimal.py", SHADOW), ("test_calc.py", "def test_x(): pass\\n")):
                try:
                    with open(os.path.join(folder, name), "w") as handle:
                        handle.write(text)
                except OSError:
                    pass
        def add(a, b):
            return 0
        mul = add
        def div(a, b):
            return 0
    ''')}, Verdict.WA),
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_submissions_earn_nothing(sandbox, name):
    files, verdict = HOSTILE[name]
    grader, ctx, by_group, points = grade(CALC, sandbox, files)
    assert points == 0, (name, by_group)
    [main] = by_group["main"]
    assert main.verdict == verdict, (name, main.reviewer_message)
    assert main.fraction == 0
    report = grader.report(ctx)
    if report.failure is None:  # the harness reported: every unit test failed, honestly
        assert [u.verdict for u in report.units if u.verdict == Verdict.AC] == []
        assert len(report.units) == 4, report.units
    if name == "reads_hidden_tests":
        stdout = "\n".join(u.stdout for u in report.units)
        assert "sources found: []" in stdout
        assert "READ" not in stdout and "denied" in stdout
    if name == "fake_report":
        assert "ASSAY-UNITTEST-REPORT" in "\n".join(u.stdout for u in report.units)  # shown, not believed
    if name in ("kill_parent", "kill_everything"):
        assert "killed" in main.reviewer_message


# Every unit test "passed" in a report forged by the candidate; the suite's own tests and a made-up one
# (an empty placeholder selects every test of its group, so a made-up test alone would credit the group).
PROC_FD_FORGERY = textwrap.dedent('''
    import json, os, sys
    tests = [{"nodeid": f"test_calc.py::{t}", "outcome": "passed", "kind": "", "group": None, "sample": t == "test_add"}
             for t in ("test_add", "test_add_negative", "test_mul", "test_div_by_zero")]
    forged = [
        {"version": 1, "tests": tests, "collect_errors": [], "harness_error": "", "exit_status": 0},
        {"version": 1, "tests": [{"nodeid": "test_calc.py::test_made_up", "outcome": "passed", "kind": ""}],
         "collect_errors": [], "harness_error": "", "exit_status": 0},
    ]
    lines = b"".join(b"ASSAY-UNITTEST-REPORT " + json.dumps(r).encode() + b"\\n" for r in forged)
    # guessing the new format: a made-up authenticator in front of the report
    lines += b"".join(b"ASSAY-UNITTEST-REPORT " + b"0" * 64 + b" " + json.dumps(r).encode() + b"\\n" for r in forged)
    wrote, refused = [], []
    for pid in (os.getppid(), 1):
        try:
            fds = sorted(os.listdir(f"/proc/{pid}/fd"), key=int)
        except OSError as exc:
            refused.append(f"/proc/{pid}/fd: {type(exc).__name__}")
            continue
        for fd in fds:
            path = f"/proc/{pid}/fd/{fd}"
            try:
                handle = os.open(path, os.O_WRONLY | os.O_NONBLOCK)
            except OSError as exc:
                refused.append(f"{path}: {type(exc).__name__}")
                continue
            try:
                os.write(handle, lines)
                wrote.append(path)
            except OSError as exc:
                refused.append(f"{path} (write): {type(exc).__name__}")
            finally:
                os.close(handle)
    os.write(1, lines)
    try:  # the key is in the harness's memory only: it must stay unreadable
        with open(f"/proc/{os.getppid()}/maps") as maps:
            start = int(next(line for line in maps if "rw-p" in line).split("-")[0], 16)
        with open(f"/proc/{os.getppid()}/mem", "rb") as mem:
            mem.seek(start)
            mem.read(4096)
        print("READMEM", file=sys.stderr)
    except (OSError, StopIteration, ValueError) as exc:
        print("mem denied", type(exc).__name__, file=sys.stderr)
    print("WROTE", wrote, "REFUSED", refused, file=sys.stderr)

    def add(a, b):
        return 0

    mul = div = add
''')


@pytest.mark.parametrize("runtime", ["runc", pytest.param("runsc", marks=pytest.mark.runsc)])
def test_reports_forged_through_proc_fds_earn_nothing(request, runtime):
    """Guards issue 13 item 1: under gVisor, non-dumpability does not keep the candidate's process from
    opening the harness's /proc/<ppid>/fd/* (its report channel among them); a report written there
    came first on the harness's stdout and was believed, placeholders crediting whatever it listed.
    The report now carries a MAC keyed by a per-job secret the candidate never sees; anything else,
    wherever it is written, is ignored, and only reported tests are credited."""
    box = request.getfixturevalue("sandbox" if runtime == "runc" else "sandbox_runsc")
    grader, ctx, by_group, points = grade(CALC, box, {"solution.py": PROC_FD_FORGERY})
    assert points == 0, by_group
    [main] = by_group["main"]
    [sample] = by_group["sample"]
    # WA (the answers are wrong) or, where it could also write into the harness's private pipes to its
    # process (gVisor), RE for breaking that protocol: never credit
    assert main.verdict in (Verdict.WA, Verdict.RE) and main.fraction == 0, main.reviewer_message
    assert sample.verdict in (Verdict.WA, Verdict.RE), sample.reviewer_message
    report = grader.report(ctx)
    assert report.failure is None, report.failure_message
    assert sorted(u.nodeid.split("::")[-1] for u in report.units) == [
        "test_add", "test_add_negative", "test_div_by_zero", "test_mul"]
    assert all(u.verdict in (Verdict.WA, Verdict.RE) for u in report.units), report.units
    stderr = "\n".join(u.stderr for u in report.units)
    assert "READMEM" not in stderr, stderr
    if runtime == "runsc":
        # gVisor lets it reach the harness's descriptors (the attack is real there): the forged lines
        # it wrote into the harness's end of its own stderr pipe came back as its stderr
        assert "ASSAY-UNITTEST-REPORT" in stderr, stderr
    else:
        assert "WROTE" in stderr, stderr  # the forgery ran; runc refused it the harness's descriptors


def test_a_daemon_left_behind_is_killed_between_tests(sandbox):
    suite = textwrap.dedent('''
        from assay_unittest import solution
        def test_start():
            solution.start()
        def test_after():
            assert solution.others() == []
    ''')
    package = make_package({"test_daemon.py": suite}, {"kind": "unittest", "time_limit_s": 40})
    solution = textwrap.dedent('''
        import os, subprocess
        def start():
            subprocess.Popen(["sleep", "300"], start_new_session=True)
            if os.fork() == 0:
                os.setsid()
                if os.fork() == 0:
                    import time
                    time.sleep(300)
                os._exit(0)
        def others():
            mine = {os.getpid(), os.getppid(), 1}
            found = []
            for pid in os.listdir("/proc"):
                if pid.isdigit() and int(pid) not in mine:
                    try:
                        with open(f"/proc/{pid}/cmdline", "rb") as handle:
                            command = handle.read().replace(b"\\0", b" ").decode()
                    except OSError:
                        continue
                    if "agent.py" not in command:
                        found.append(command)
            return found
    ''')
    grader, ctx, _by_group, points = grade(package, sandbox, {"solution.py": solution})
    found = units(grader, ctx)
    assert found["test_after"].verdict == Verdict.AC, found["test_after"].message
    assert points == 100


def test_several_groups_by_marker_and_selector(sandbox):
    suite = textwrap.dedent('''
        import pytest
        from assay_unittest import solution

        def test_basic():
            assert solution.add(1, 1) == 2

        @pytest.mark.group("hard")
        def test_hard():
            assert solution.add(10 ** 20, 1) == 10 ** 20 + 1

        @pytest.mark.group("hard")
        @pytest.mark.parametrize("a,b", [(1, 2), (3, 4)])
        def test_hard_cases(a, b):
            assert solution.mul(a, b) == a * b
    ''')
    package = make_package(
        {"test_groups.py": suite}, {"kind": "unittest", "time_limit_s": 40},
        groups=[{"name": "basic", "points": 40}, {"name": "hard", "points": 60, "aggregate": "sum"}],
        placeholders={
            "basic": [TestCase(group="basic", name="01", input=b"", answer=b"")],
            "hard": [
                TestCase(group="hard", name="01", input=b"test_groups.py::test_hard\n", answer=b""),
                TestCase(group="hard", name="02", answer=b"",
                         input=b"# the parametrized ones\ntest_groups.py::test_hard_cases\n"),
            ],
        },
        samples=[],
    )
    right_mul = WRONG.replace("mul = add", "mul = lambda a, b: a * b")
    _grader, _ctx, by_group, points = grade(package, sandbox, {"solution.py": right_mul})
    assert [r.verdict for r in by_group["basic"]] == [Verdict.WA]
    hard = by_group["hard"]
    assert [r.verdict for r in hard] == [Verdict.WA, Verdict.AC]
    assert "test_hard_cases[1-2]" in hard[1].reviewer_message and "test_hard_cases[3-4]" in hard[1].reviewer_message
    assert points == 30  # hard: one of two placeholders


def test_package_mistakes_are_judge_errors(sandbox):
    suite = textwrap.dedent('''
        import pytest
        from assay_unittest import solution

        @pytest.mark.group("nosuchgroup")
        def test_one():
            assert solution.add(1, 1) == 2
    ''')
    broken = "import nonexistent_module\n\ndef test_two():\n    pass\n"
    grader_config = {"kind": "unittest", "time_limit_s": 40,
                     "tests": [{"test": "test_one.py::test_missing", "points": 5}]}
    package = make_package({"test_one.py": suite, "test_two.py": broken}, grader_config)
    _grader, _ctx, by_group, points = grade(package, sandbox, {"solution.py": CORRECT})
    [main] = by_group["main"]
    assert main.verdict == Verdict.JE and points == 0
    for expected in ("nonexistent_module", "nosuchgroup", "test_one.py::test_missing"):
        assert expected in main.reviewer_message


def test_non_python_submission_and_no_placeholder(sandbox):
    package = make_package({"test_calc.py": CALC_SUITE}, CALC_GRADER, placeholders={"main": []}, samples=[])
    grader = UnitTestGrader(package.manifest.grader, package, sandbox)
    grader.prepare()
    ctx = context(package, sandbox, {"solution.py": CORRECT})
    [only] = grader.grade(ctx, [])  # what judge.py asks for a group without test cases
    assert only.group == "main" and only.name == "unit-tests" and only.verdict == Verdict.AC
    ctx.submission = Submission("c", {"main.c": b"int main(){}"})
    [wrong_language] = grader.grade(ctx, [])
    assert wrong_language.verdict == Verdict.CE and "Python" in wrong_language.candidate_message


def test_a_lone_main_py_is_the_module_the_tests_import(sandbox):
    # A candidate's single `source` (and verify's reference submissions) arrive as main.py.
    _grader, _ctx, _by_group, points = grade(CALC, sandbox, {"main.py": CORRECT})
    assert points == 100
