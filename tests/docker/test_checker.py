"""The `checker` grader: Kattis output-validator protocol, in its own sandbox container."""

from __future__ import annotations

import pytest
from support.packages import ADD, make_package, py

from graders.base import Submission
from graders.judge import grade_submission
from graders.results import Verdict

# Accepts a sum within 1 of the answer; partial credit (score_multiplier) when off by exactly 1.
CHECKER = b"""import sys
inp = open(sys.argv[1]).read().split()
ans = int(open(sys.argv[2]).read())
feedback = sys.argv[3]
flags = sys.argv[4:]
out = sys.stdin.read().split()
def say(name, text):
    with open(feedback + name, "w") as f:
        f.write(text)
if len(out) != 1 or not out[0].lstrip("-").isdigit():
    say("judgemessage.txt", "not one integer: %r" % out[:3])
    say("teammessage.txt", "print exactly one integer")
    sys.exit(43)
got = int(out[0])
if got == ans:
    say("judgemessage.txt", "exact, flags %s" % flags)
    sys.exit(42)
if abs(got - ans) == 1:
    say("score_multiplier.txt", "0.5\\n")
    say("judgemessage.txt", "off by one")
    sys.exit(42)
say("judgemessage.txt", "wanted %d got %d for %s" % (ans, got, inp))
sys.exit(43)
"""
TESTS = {"main": [(b"1 2\n", b"3\n"), (b"20 22\n", b"42\n")]}


def checker_package(program: bytes = CHECKER, name: str = "grader/check.py", **config):
    grader = {"kind": "checker", "program": name, **config}
    scoring = [{"name": "main", "points": 100, "aggregate": "sum"}]
    return make_package(grader, groups=TESTS, scoring=scoring, files={name: program},
                        limits={"time_limit_s": 1})


def test_accepted_with_messages_and_flags(sandbox):
    result = grade_submission(checker_package(args=["case_sensitive"]), py(ADD), sandbox)
    assert (result.verdict, result.points) == (Verdict.AC, 100)
    assert result.tests[0].reviewer_message == "exact, flags ['case_sensitive']"
    assert result.tests[0].candidate_message == "Accepted"


def test_wrong_answer_messages(sandbox):
    result = grade_submission(checker_package(), py("print('three')"), sandbox)
    test = result.tests[0]
    assert (result.verdict, test.verdict) == (Verdict.WA, Verdict.WA)
    assert test.reviewer_message == "not one integer: ['three']"
    assert test.candidate_message == "print exactly one integer"  # teammessage.txt
    result = grade_submission(checker_package(), py("print(7)"), sandbox)
    assert result.tests[1].reviewer_message == "wanted 42 got 7 for ['20', '22']"


def test_partial_credit_from_score_multiplier(sandbox):
    off_by_one = "a, b = map(int, input().split())\nprint(a + b + (a > 10))\n"
    result = grade_submission(checker_package(), py(off_by_one), sandbox)
    assert [(t.verdict, t.fraction) for t in result.tests] == [(Verdict.AC, 1.0), (Verdict.AC, 0.5)]
    assert result.points == 75 and result.verdict == Verdict.AC
    assert result.tests[1].reviewer_message == "off by one"


@pytest.mark.parametrize(("multiplier", "fraction"), [(b"7", 1.0), (b"-2", 0.0), (b"0.25", 0.25)])
def test_score_multiplier_is_clamped(sandbox, multiplier, fraction):
    program = (b"import sys\nopen(sys.argv[3] + 'score_multiplier.txt', 'w').write('"
               + multiplier + b"')\nsys.exit(42)\n")
    result = grade_submission(checker_package(program), py(ADD), sandbox)
    assert [t.fraction for t in result.tests] == [fraction, fraction]


BROKEN_CHECKERS = {
    "crash": (b"raise RuntimeError('checker bug')\n", "exited with code 1"),
    "exit0": (b"import sys\nsys.stdin.read()\n", "exited with code 0"),
    "exit1": (b"import sys\nsys.exit(1)\n", "exited with code 1"),
    "hang": (b"while True: pass\n", "TLE"),
    "garbage multiplier": (b"import sys\nopen(sys.argv[3] + 'score_multiplier.txt', 'w').write('lots')\n"
                           b"sys.exit(42)\n", "score_multiplier.txt is not a number"),
    "syntax": (b"def f(:\n", "does not compile"),
}


@pytest.mark.parametrize("case", sorted(BROKEN_CHECKERS))
def test_broken_checker_is_judge_error_never_a_candidate_verdict(sandbox, case):
    program, reason = BROKEN_CHECKERS[case]
    package = checker_package(program, time_limit_s=0.5)
    result = grade_submission(package, py(ADD), sandbox)
    assert result.verdict == Verdict.JE and result.points == 0
    assert [t.verdict for t in result.tests] == [Verdict.JE, Verdict.JE]
    assert reason in result.tests[0].reviewer_message, result.tests[0].reviewer_message
    assert "checker" not in result.tests[0].candidate_message
    assert result.tests[0].candidate_message.startswith("Judge error")


def test_missing_or_unsupported_checker_is_judge_error(sandbox):
    package = make_package({"kind": "checker", "program": "grader/nope.py"}, groups=TESTS)
    result = grade_submission(package, py(ADD), sandbox)
    assert result.verdict == Verdict.JE and "not in the package" in result.tests[0].reviewer_message
    package = checker_package(b"x", name="grader/check.cob")
    result = grade_submission(package, py(ADD), sandbox)
    assert result.verdict == Verdict.JE and "no supported language" in result.tests[0].reviewer_message


def test_candidate_failures_do_not_reach_the_checker(sandbox):
    package = checker_package()
    assert grade_submission(package, py("while True: pass"), sandbox).verdict == Verdict.TLE
    assert grade_submission(package, py("raise SystemExit(2)"), sandbox).verdict == Verdict.RE


def test_answer_is_only_in_the_checkers_container(sandbox):
    snoop = "import os\nprint(int(os.path.exists('answer') or os.path.exists('input')))\n"
    echo = (b"import sys, os\nout = sys.stdin.read().strip()\n"
            b"sys.exit(42 if out == '0' and os.path.exists('answer') and os.path.exists('input') else 43)\n")
    result = grade_submission(checker_package(echo), py(snoop), sandbox)
    assert result.verdict == Verdict.AC, result.tests[0]


def test_cpp_checker_with_header(sandbox):
    header = b"#pragma once\n#define ACCEPT 42\n#define REJECT 43\n"
    source = b"""#include <fstream>
#include <iostream>
#include "verdicts.h"
int main(int argc, char **argv) {
    std::ifstream answer(argv[2]);
    long long want, got;
    answer >> want;
    if (!(std::cin >> got)) return REJECT;
    std::ofstream(std::string(argv[3]) + "judgemessage.txt") << "want " << want << " got " << got;
    return got == want ? ACCEPT : REJECT;
}
"""
    package = make_package({"kind": "checker", "program": "grader/check.cpp"}, groups=TESTS,
                           files={"grader/check.cpp": source, "grader/verdicts.h": header,
                                  "grader/other.cpp": b"this is not compiled"})
    result = grade_submission(package, py(ADD), sandbox)
    assert (result.verdict, result.points) == (Verdict.AC, 100), result.tests[0]
    assert result.tests[1].reviewer_message == "want 42 got 42"
    c_source = (b'#include <stdio.h>\n'
                b'int main(void){long a,b; scanf("%ld %ld",&a,&b); printf("%ld\\n",a+b+1);}\n')
    result = grade_submission(package, Submission("c", {"main.c": c_source}), sandbox)
    assert result.verdict == Verdict.WA and result.tests[0].reviewer_message == "want 3 got 4"
