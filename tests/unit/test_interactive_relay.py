"""The `interactive` grader: an interactor and the candidate's program connected by pipes (Kattis).

The Docker tests play a guessing game: the interactor reads the secret from the test's input file,
the candidate binary-searches it. Kattis' verdict precedence is checked on fabricated sandbox
results at the end (no Docker).
"""

from __future__ import annotations

import json
import select
import socket
import struct
import textwrap
import threading
import time

import pytest

from graders.base import GradingContext, Submission
from graders.interactive import InteractiveGrader, kattis_verdict
from graders.results import Verdict
from problemformat.manifest import Manifest
from problemformat.package import Package, TestCase
from sandbox import agent as agent_protocol
from sandbox.models import CompileResult, Limits, RunResult
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


class FakeAgent(threading.Thread):
    """The container end of an attach stream, speaking the streaming agent protocol: ``flood`` writes
    stdout frames as fast as the stream takes them and never reads; otherwise it reads its input at
    ``read_rate`` bytes a second. Each reports after ``wall_s`` (a flooder only once its pending
    output is written, as the real agent does)."""

    def __init__(self, sock: socket.socket, *, flood: bool, wall_s: float, read_rate: int = 0) -> None:
        super().__init__(daemon=True)
        self.sock, self.flood, self.wall_s, self.read_rate = sock, flood, wall_s, read_rate
        self.produced = 0
        self.consumed = 0

    def run(self) -> None:
        handle = self.sock.makefile("rb")
        header = handle.readline().split()
        request = json.loads(handle.read(int(header[1])))
        handle.read(int(header[2]) + int(header[3]))
        token, nonce = request["token"], request["nonce"]
        frame = agent_protocol.data_marker(token) + b"%d\n" % 4000 + b"? 50\n" * 800
        attach = struct.pack(">BxxxL", 1, len(frame)) + frame
        pending = bytearray()
        ends = time.monotonic() + self.wall_s
        self.sock.setblocking(False)
        while time.monotonic() < ends:
            if self.flood:
                if len(pending) < len(attach):
                    pending += attach
                    self.produced += 4000
                select.select([], [self.sock], [], 0.01)
                try:
                    del pending[: self.sock.send(pending)]
                except BlockingIOError:
                    pass
            else:
                time.sleep(0.01)
                try:
                    self.consumed += len(self.sock.recv(max(1, self.read_rate // 100)))
                except BlockingIOError:
                    pass
        body = json.dumps({"status": "exited", "exit_code": 0}).encode()
        result = agent_protocol.result_marker(nonce) + b"%d 0 0 0\n" % len(body) + body
        pending += struct.pack(">BxxxL", 1, len(result)) + result
        self.sock.setblocking(True)
        self.sock.sendall(pending)
        self.sock.shutdown(socket.SHUT_WR)


def test_relay_holds_back_a_flood_and_still_collects_both_reports(monkeypatch):
    """The relay's queue for a slow reader stays near its bound (the flooder waits, as on a pipe),
    and the flooder, whose writes block past its wall limit, is read again and reports."""
    from sandbox import interact
    from sandbox.container import Box, StreamJob

    most_queued = [0]
    send = StreamJob.send

    def measuring_send(self, data):
        send(self, data)
        most_queued[0] = max(most_queued[0], len(self.outgoing))

    monkeypatch.setattr(StreamJob, "send", measuring_send)
    boxes, agents = [], []
    for flood, wall_s in ((True, 1.0), (False, 2.0)):
        host, container = socket.socketpair()
        boxes.append(Box(api=None, spec=None, container_id="fake", sock=host))  # type: ignore[arg-type]
        agents.append(FakeAgent(container, flood=flood, wall_s=wall_s, read_rate=100_000))
        agents[-1].start()
    started = time.monotonic()
    flooder, reader = interact.relay(boxes[0], {"wall_limit_ms": 1000}, b"", boxes[1], {"wall_limit_ms": 2000},
                                     b"", timeout_s=30, max_stdout=1 << 20)
    took = time.monotonic() - started
    assert flooder.meta == reader.meta == {"status": "exited", "exit_code": 0}, (flooder, reader)
    assert took < 15, took  # both reported after their 1 s and 2 s: no wait for the 30 s relay deadline
    assert most_queued[0] < interact.BACKLOG_LIMIT + (1 << 18) + (16 << 10), most_queued[0]
    # What the flooder got to write: the socket buffers, the bounded queue, what the reader took
    # in its 2 s (without back-pressure: hundreds of megabytes)
    assert agents[0].produced < 4 << 20, agents[0].produced
    for box in boxes:
        box.sock.close()


# ---------------------------------------------------------------------- precedence (no Docker)


def run(verdict: str, exit_code: int | None = 0, signal: str | None = None, wall_ms: int = 100) -> RunResult:
    return RunResult(verdict=SandboxVerdict(verdict), exit_code=exit_code, signal=signal, wall_ms=wall_ms)


@pytest.mark.parametrize(
    ("program", "interactor", "first", "expected"),
    [
        (run("OK"), run("RE", 42), "program", Verdict.AC),
        (run("OK"), run("RE", 43), "program", Verdict.WA),
        (run("TLE", None, "SIGKILL"), run("RE", 43), "program", Verdict.TLE),
        (run("TLE", None, "SIGKILL"), run("RE", 43), "interactor", Verdict.WA),  # rejected first
        (run("RE", 1), run("RE", 43), "interactor", Verdict.WA),
        (run("RE", 1), run("RE", 43), "program", Verdict.RE),
        (run("MLE", None, "SIGKILL"), run("RE", 43), "program", Verdict.MLE),
        (run("OLE"), run("RE", 42), "program", Verdict.OLE),
        (run("RE", 1), run("RE", 42), "program", Verdict.RE),  # accepted, but the program crashed
        (run("TLE", None, "SIGKILL"), run("RE", 1), "program", Verdict.JE),  # interactor fault wins
        (run("OK"), run("OK", 0), "program", Verdict.JE),
        (run("OK"), run("RE", None, "SIGSEGV"), "interactor", Verdict.JE),
        (run("OK"), run("TLE", None, "SIGKILL"), "program", Verdict.JE),
        (run("JE", None), run("RE", 43), "program", Verdict.JE),
        # The interactor ran out of time without having seen the end of the output of a program that
        # had failed before (a flood: the relay buffers more than a pipe): the program's verdict.
        (run("TLE", None, "SIGKILL", 3500), run("TLE", None, "SIGKILL", 8000), None, Verdict.TLE),
        (run("OLE", None, "SIGKILL", 500), run("TLE", None, "SIGKILL", 8000), None, Verdict.OLE),
        (run("RE", 1, None, 500), run("TLE", None, "SIGKILL", 8000), None, Verdict.RE),
        # ... but not once it saw that end (it hung on its own), nor after a program that did not fail,
        # nor when it did not time out, nor when the program did not end first
        (run("TLE", None, "SIGKILL", 3500), run("TLE", None, "SIGKILL", 8000), "program", Verdict.JE),
        (run("OK", 0, None, 500), run("TLE", None, "SIGKILL", 8000), None, Verdict.JE),
        (run("TLE", None, "SIGKILL", 3500), run("MLE", None, "SIGKILL", 8000), None, Verdict.JE),
        (run("TLE", None, "SIGKILL", 3500), run("RE", None, "SIGSEGV", 8000), None, Verdict.JE),
        (run("TLE", None, "SIGKILL", 8000), run("TLE", None, "SIGKILL", 8000), None, Verdict.JE),
        # No record of who ended first: the wall times decide.
        (run("TLE", None, "SIGKILL", 3000), run("RE", 43, wall_ms=200), None, Verdict.WA),
        (run("TLE", None, "SIGKILL", 3000), run("RE", 43, wall_ms=2990), None, Verdict.TLE),
    ],
)
def test_kattis_precedence(program, interactor, first, expected):
    assert kattis_verdict(program, interactor, first)[0] == expected
