"""The `interactive` grader: an interactor and the candidate's program connected by pipes (Kattis).

The Docker tests play a guessing game: the interactor reads the secret from the test's input file,
the candidate binary-searches it. Kattis' verdict precedence is checked on fabricated sandbox
results at the end (no Docker).
"""

from __future__ import annotations

import textwrap

import pytest

from graders.base import GradingContext, Submission
from graders.interactive import InteractiveGrader
from graders.results import Verdict
from problemformat.manifest import Manifest
from problemformat.package import Package, TestCase
from sandbox.models import CompileResult, Limits
from sandbox.runner import pack_files
from sandbox.verdicts import Verdict as SandboxVerdict

LIMITS = Limits(time_limit_s=1, memory_limit_mib=128)

# Protocol: the interactor prints the upper bound N; the candidate asks "? x" and hears "<" (the
# secret is smaller), ">" or "="; it answers "! x". At most 10 questions.
INTERACTOR = textwrap.dedent('''
    import sys
    import time

    secret, *flags = open(sys.argv[1]).read().split()
    secret = int(secret)
    assert open(sys.argv[2]).read().strip() == "answer-file"
    feedback = sys.argv[3]

    def reject(message):
        with open(feedback + "judgemessage.txt", "w") as handle:
            handle.write(message)
        sys.exit(43)

    print(100, flush=True)
    queries = 0
    while True:
        line = sys.stdin.readline()
        if not line:
            reject("unexpected end of input")
        parts = line.split()
        if len(parts) != 2 or parts[0] not in ("?", "!"):
            reject(f"bad line {line!r}")
        guess = int(parts[1])
        if "crash" in flags and queries == 2:
            raise RuntimeError("interactor bug")
        if "hang" in flags:
            while True:
                pass
        if "exit0" in flags:
            sys.exit(0)
        if "slow" in flags:  # DOMjudge's boolfind: each query takes a while, any number of them
            time.sleep(0.0005)
            print("<" if secret < guess else ">" if secret > guess else "=", flush=True)
            continue
        if parts[0] == "!":
            if guess != secret:
                reject(f"guessed {guess}, the secret was {secret}")
            with open(feedback + "teammessage.txt", "w") as handle:
                handle.write(f"found in {queries} questions")
            if "partial" in flags:
                with open(feedback + "score_multiplier.txt", "w") as handle:
                    handle.write("0.25")
            sys.exit(42)
        queries += 1
        if queries > 10:
            reject("too many questions")
        print("<" if secret < guess else ">" if secret > guess else "=", flush=True)
''')

BINARY_SEARCH = textwrap.dedent('''
    high = int(input())
    low = 1
    while True:
        mid = (low + high) // 2
        print("?", mid, flush=True)
        reply = input()
        if reply == "=":
            print("!", mid, flush=True)
            break
        if reply == "<":
            high = mid - 1
        else:
            low = mid + 1
''')
WRONG_GUESS = 'input()\nprint("! 1", flush=True)\n'
# Asks 1, 2, 3, ...: the interactor gives up after 10 questions; the program then dies on the
# EOF (input() raises) -- still WA, because the interactor ended first.
LINEAR = textwrap.dedent('''
    n = int(input())
    for i in range(1, n + 1):
        print("?", i, flush=True)
        if input() == "=":
            print("!", i, flush=True)
            break
''')
SILENT = 'import time\ninput()\ntime.sleep(60)\n'
# Asks and asks, never reads a reply (DOMjudge's boolfind-test-loop.cc).
FLOODS = 'while True:\n    print("? 50")\n'
CRASHES = 'input()\nprint("? 50", flush=True)\ninput()\nraise RuntimeError("candidate bug")\n'


def make_package(interactor: str = INTERACTOR, program: str = "grader/interactor.py") -> Package:
    manifest = Manifest.model_validate({
        "schema": 1, "slug": "guess", "title": "Guess", "languages": ["python3"],
        "grader": {"kind": "interactive", "program": program},
    })
    return Package(manifest=manifest, files={program: interactor.encode()}, content_hash=f"i-{id(interactor)}",
                   statement="", samples=[], groups={"main": []})


def guess_case(secret_and_flags: str, sample: bool = False) -> TestCase:
    return TestCase(group="main", name="01", input=f"{secret_and_flags}\n".encode(), answer=b"answer-file\n",
                    sample=sample)


@pytest.fixture(scope="module")
def guessing(sandbox) -> InteractiveGrader:
    package = make_package()
    grader = InteractiveGrader(package.manifest.grader, package, sandbox)
    grader.prepare()
    assert not grader.prepare_error
    return grader


def play(grader: InteractiveGrader, source: str, secret_and_flags: str = "37"):
    compiled = CompileResult(ok=True, verdict=SandboxVerdict.OK, artifact=pack_files({"main.py": source}))
    context = GradingContext(package=grader.package, sandbox=grader.sandbox,
                             submission=Submission("python3", {"main.py": source.encode()}),
                             compiled=compiled, limits=LIMITS)
    [result] = grader.grade(context, [guess_case(secret_and_flags)])
    return result


def test_binary_search_is_accepted(guessing):
    result = play(guessing, BINARY_SEARCH)
    assert result.verdict == Verdict.AC and result.fraction == 1.0, result.reviewer_message
    assert result.candidate_message == "found in 3 questions"  # teammessage.txt


def test_wrong_guess_is_wrong_answer(guessing):
    result = play(guessing, WRONG_GUESS)
    assert result.verdict == Verdict.WA and result.fraction == 0
    assert "guessed 1, the secret was 37" in result.reviewer_message  # judgemessage.txt, reviewers only
    assert "37" not in result.candidate_message


def test_too_many_questions_is_wrong_answer_even_if_the_program_then_crashes(guessing):
    result = play(guessing, LINEAR, "99")
    assert result.verdict == Verdict.WA, result.reviewer_message
    assert "too many questions" in result.reviewer_message
    assert "program: RE" in result.reviewer_message  # it did crash, on the EOF, afterwards


def test_program_that_never_answers_exceeds_the_time_limit(guessing):
    result = play(guessing, SILENT)
    assert result.verdict == Verdict.TLE, result.reviewer_message


def assert_flood_is_tle(result) -> None:
    assert result.verdict == Verdict.TLE, result.reviewer_message
    # the program's own agent enforced its wall limit (back-pressure held it, did not hang it)
    assert result.reviewer_message.startswith("wall-clock limit of 3 s exceeded"), result.reviewer_message
    assert "host timer" not in result.reviewer_message


def test_program_that_floods_a_slow_interactor_exceeds_the_time_limit(guessing):
    """Without back-pressure in the relay, the program's queries piled up on the host by the
    megabyte; the program reached its output limit and the interactor, answering one query per
    0.5 ms, ran out of its wall time far behind: a judge error. As on a pipe, the program now
    waits, and its verdict is its own: TLE."""
    result = play(guessing, FLOODS, "37 slow")
    assert_flood_is_tle(result)
    assert "interactor then ran out of time" in result.reviewer_message  # behind, not hung: no JE


def test_program_that_floods_an_interactor_that_gives_up_is_a_wrong_answer(guessing):
    """The guessing interactor gives up after 10 questions (WA): the flood is held back, and the
    verdict is WA as soon as it has read them."""
    result = play(guessing, FLOODS, "37")
    assert result.verdict == Verdict.WA, result.reviewer_message
    assert "too many questions" in result.reviewer_message


def test_program_that_floods_a_slow_interactor_exceeds_the_time_limit_under_gvisor(sandbox_runsc):
    package = make_package()
    grader = InteractiveGrader(package.manifest.grader, package, sandbox_runsc)
    grader.prepare()
    assert not grader.prepare_error, grader.prepare_error
    assert_flood_is_tle(play(grader, FLOODS, "37 slow"))


def test_program_that_crashes_is_a_run_time_error(guessing):
    result = play(guessing, CRASHES)
    assert result.verdict == Verdict.RE, result.reviewer_message
    assert "candidate bug" in result.stderr_excerpt
    assert "unexpected end of input" in result.reviewer_message  # the interactor rejected, after


@pytest.mark.parametrize("flag", ["crash", "hang", "exit0"])
def test_interactor_failures_are_judge_errors(guessing, flag):
    result = play(guessing, BINARY_SEARCH, f"37 {flag}")
    assert result.verdict == Verdict.JE, result.reviewer_message
    if flag == "crash":
        assert "interactor bug" in result.reviewer_message  # its stderr, for reviewers


def test_score_multiplier_gives_partial_credit(guessing):
    result = play(guessing, BINARY_SEARCH, "37 partial")
    assert result.verdict == Verdict.AC and result.fraction == 0.25


def test_an_interactor_that_does_not_compile_is_a_judge_error(sandbox):
    package = make_package("def broken(:\n")
    grader = InteractiveGrader(package.manifest.grader, package, sandbox)
    grader.prepare()
    assert "does not compile" in grader.prepare_error
    result = play(grader, BINARY_SEARCH)
    assert result.verdict == Verdict.JE and "does not compile" in result.reviewer_message


C_INTERACTOR = textwrap.dedent('''
    #include <stdio.h>
    #include <stdlib.h>
    int main(int argc, char **argv) {
        FILE *in = fopen(argv[1], "r");
        int secret, guess, queries = 0;
        char kind;
        if (!in || fscanf(in, "%d", &secret) != 1) return 1;
        printf("100\\n");
        fflush(stdout);
        while (scanf(" %c %d", &kind, &guess) == 2) {
            if (kind == '!') return guess == secret ? 42 : 43;
            if (++queries > 10) return 43;
            printf("%s\\n", secret < guess ? "<" : secret > guess ? ">" : "=");
            fflush(stdout);
        }
        return 43;
    }
''')


def test_a_c_interactor(sandbox):
    package = make_package(C_INTERACTOR, "grader/interactor.c")
    grader = InteractiveGrader(package.manifest.grader, package, sandbox)
    grader.prepare()
    assert not grader.prepare_error, grader.prepare_error
    assert play(grader, BINARY_SEARCH).verdict == Verdict.AC
    assert play(grader, LINEAR, "99").verdict == Verdict.WA


# ---------------------------------------------------------------------- the relay's back-pressure (no Docker)


def test_an_engine_failure_is_raised_for_a_retry_never_a_judge_error(guessing, monkeypatch):
    """A Docker engine that fails mid-grading is not the program's fault: EngineUnavailable goes up to the
    grading service (which retries the grading), it is not stored as a JE."""
    from sandbox.container import EngineUnavailable

    def engine_down(*args, **kwargs):
        raise EngineUnavailable("the Docker engine did not answer (simulated)")

    monkeypatch.setattr(guessing.sandbox, "interact", engine_down)
    with pytest.raises(EngineUnavailable):
        play(guessing, BINARY_SEARCH)
