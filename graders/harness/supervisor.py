"""The unit-test supervisor: what the sandbox agent runs for a `unittest` grader whose framework is
not pytest (JUnit 5, node:test, go test). Standard library only; runs in the language's image.

    python3 -I -B .assay/supervisor.py --framework go-test --suite .assay/suite \\
        --candidate candidate --test-timeout 5 --budget 20 --memory-mib 256

It builds the suite against the candidate's files (the framework adapter: fw_junit.py, fw_node.py,
fw_go.py), runs the suite's tests in child processes of the framework's own runtime and prints ONE
line on its stdout: ``ASSAY-UNITTEST-REPORT <mac> <json>``, the same report as the pytest harness
(graders/harness/harness.py), the MAC keyed by the per-job secret the host sends as this process's
only stdin. Why the candidate cannot forge it:

- the key: read whole from stdin before any candidate code exists, stdin then points at /dev/null;
  this process is non-dumpable (no ptrace, no /proc/<pid>/mem or environ for the same uid); the
  key is never in a child's argv, environment, descriptors or memory. A forged report line, wherever
  the candidate manages to write it, does not verify on the host.
- the verdicts: in JUnit, node:test and go test the candidate's code runs in the same process as
  the test runner, so that runner's word is trusted only because the candidate's code cannot reach
  the channel it speaks on: a pipe on descriptor 3 that only the adapter's runner code writes to.
  Each adapter makes the runtime refuse the candidate that channel (and the process, the file
  system, the runner's internals): a Java SecurityManager with no permission for the candidate's
  classes (fw_junit.py), a realm with frozen intrinsics, no eval, no ``process`` global and a
  ``require`` limited to the candidate's own files (fw_node.py), a standard-library import
  allowlist checked with ``go list`` (fw_go.py). Output, exit codes and
  anything printed by the tests are never read as verdicts.
- only the suite's tests: the adapter discovers tests in the suite's own files (never in the
  candidate's; a candidate file named like a suite file is dropped), and the host credits only node
  ids under a test file of the suite with points from the manifest.
- a runner that dies or hangs in a test (an exit, a crash, an endless loop) fails that test (RE,
  TLE) and a fresh runner goes on with the tests not yet run.
"""

from __future__ import annotations

import argparse
import ctypes
import hashlib
import hmac
import json
import os
import resource
import select
import signal
import subprocess
import sys
import time
from typing import Any

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

# The adapters, from this folder (inside the sandbox), imported before any candidate code exists.
import fw_go  # type: ignore[import-not-found]  # noqa: E402
import fw_junit  # type: ignore[import-not-found]  # noqa: E402
import fw_node  # type: ignore[import-not-found]  # noqa: E402
from fw_common import BuildError, SuiteError, clip  # type: ignore[import-not-found]  # noqa: E402

ADAPTERS = {"junit5": fw_junit, "node-test": fw_node, "go-test": fw_go}
PR_SET_DUMPABLE = 4
PR_SET_CHILD_SUBREAPER = 36
REPORT_MARKER = b"ASSAY-UNITTEST-REPORT "
MESSAGE_CHARS = 6000
SHORT_CHARS = 1500
OUTPUT_EXCERPT = 4096
OUTPUT_KEEP = 64 << 10
EVENT_LIMIT = 1 << 20
MAX_RUNS = 400
REPORT_FD = 3
TIMEOUT_GRACE_S = 1.0  # the runtime's own per-test timeout, where it has one, goes first


def _prctl(option: int, value: int) -> int:
    libc = ctypes.CDLL(None, use_errno=True)
    return int(libc.prctl(option, value, 0, 0, 0))


def new_record(nodeid: str) -> dict[str, Any]:
    return {"nodeid": nodeid, "outcome": "not_run", "kind": "", "phase": "", "message": "", "short": "",
            "sample": False, "group": None, "duration_ms": 0, "cpu_ms": 0, "memory_kib": 0,
            "stdout": "", "stderr": ""}


class Run:
    """One child process of the framework's runner with the report pipe on descriptor 3."""

    def __init__(self, argv: list[str], cwd: str, env: dict[str, str]) -> None:
        read_end, write_end = os.pipe()
        self.started = time.monotonic()
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        self.cpu_before = usage.ru_utime + usage.ru_stime

        def child_setup() -> None:
            os.dup2(write_end, REPORT_FD)
            if write_end != REPORT_FD:
                os.close(write_end)
            os.setsid()

        self.proc = subprocess.Popen(argv, cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                     preexec_fn=child_setup, close_fds=False)  # ours are all O_CLOEXEC
        os.close(write_end)
        self.events_fd = read_end
        self.buffers: dict[int, bytearray] = {read_end: bytearray()}
        assert self.proc.stdout is not None and self.proc.stderr is not None
        self.out_fd = self.proc.stdout.fileno()
        self.err_fd = self.proc.stderr.fileno()
        self.output = {self.out_fd: bytearray(), self.err_fd: bytearray()}
        self.totals = {self.out_fd: 0, self.err_fd: 0}
        self.open = {read_end, self.out_fd, self.err_fd}

    def poll(self, timeout: float) -> list[dict[str, Any]]:
        """Events that arrived within ``timeout`` seconds (an empty list when none)."""
        events: list[dict[str, Any]] = []
        if not self.open:
            time.sleep(min(timeout, 0.05))
            return events
        ready, _, _ = select.select(list(self.open), [], [], max(0.0, timeout))
        for fd in ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                chunk = b""
            if not chunk:
                self.open.discard(fd)
                continue
            if fd == self.events_fd:
                buffer = self.buffers[fd]
                buffer += chunk
                while b"\n" in buffer:
                    line, _, rest = bytes(buffer).partition(b"\n")
                    buffer[:] = rest
                    try:
                        event = json.loads(line)
                    except ValueError:
                        continue
                    if isinstance(event, dict):
                        events.append(event)
                if len(buffer) > EVENT_LIMIT:
                    buffer.clear()
            else:
                self.totals[fd] += len(chunk)
                kept = self.output[fd]
                if len(kept) < OUTPUT_KEEP:
                    kept += chunk[: OUTPUT_KEEP - len(kept)]
        return events

    @property
    def finished(self) -> bool:
        return not self.open and self.proc.poll() is not None

    def kill(self) -> None:
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except OSError:
            pass
        try:
            self.proc.kill()
        except OSError:
            pass

    def close(self) -> int:
        if self.proc.poll() is None:
            self.kill()
        code = self.proc.wait()
        for fd in list(self.open):
            self.open.discard(fd)
        os.close(self.events_fd)
        assert self.proc.stdout is not None and self.proc.stderr is not None
        self.proc.stdout.close()
        self.proc.stderr.close()
        return code

    def cpu_ms(self) -> int:
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        return max(0, int((usage.ru_utime + usage.ru_stime - self.cpu_before) * 1000))

    def text(self, stream: str) -> str:
        fd = self.out_fd if stream == "stdout" else self.err_fd
        data = bytes(self.output[fd])
        text = data[:OUTPUT_EXCERPT].decode("utf-8", errors="replace")
        total = self.totals[fd]
        return text + (f"\n[... {total - OUTPUT_EXCERPT} more bytes]" if total > OUTPUT_EXCERPT else "")


def run_tests(adapter: Any, plan: Any, tests: list[str], args: argparse.Namespace, deadline: float,
              records: dict[str, dict[str, Any]]) -> None:
    """Run ``tests`` (node ids) in as many runner processes as it takes; fill ``records``."""
    pending = list(tests)
    runs = 0
    while pending:
        if time.monotonic() >= deadline or runs >= MAX_RUNS:
            for nodeid in pending:
                records[nodeid].update(outcome="failed", kind="timeout", phase="setup",
                                       message="not run: the time budget of the whole suite ran out",
                                       short="not run: the time budget of the whole suite ran out")
            return
        runs += 1
        batch = adapter.batch(plan, pending)
        argv, cwd, env = adapter.command(plan, batch, args)
        run = Run(argv, cwd, env)
        current: str | None = None
        current_since = time.monotonic()
        done: set[str] = set()
        ended: list[tuple[str, dict[str, Any], int]] = []
        killed_for: str | None = None
        while True:
            now = time.monotonic()
            limit = min(deadline, current_since + args.test_timeout + TIMEOUT_GRACE_S) if current else deadline
            if current is None and now - run.started > args.test_timeout + adapter.STARTUP_S:
                limit = now  # the runner never started a test in time
            if now >= limit:
                killed_for = current or ""
                run.kill()
                break
            for event in run.poll(min(0.1, limit - now)):
                kind = event.get("e")
                nodeid = adapter.nodeid(plan, batch, event)
                if nodeid is None or nodeid not in records or nodeid in done:
                    continue
                if kind == "start":
                    current, current_since = nodeid, time.monotonic()
                elif kind == "end":
                    ended.append((nodeid, event, int((time.monotonic() - current_since) * 1000)))
                    done.add(nodeid)
                    current = None
                    current_since = time.monotonic()
            if run.finished:
                break
        code = run.close()
        for nodeid, event, duration_ms in ended:
            records[nodeid]["duration_ms"] = duration_ms
            adapter.finish(records[nodeid], event, run, code)
        if killed_for is not None:
            victim = killed_for or (batch[0] if batch else "")
            if victim and victim not in done:
                message = (f"timed out: the test took longer than {args.test_timeout:g} s"
                           if killed_for else f"the runner did not start the test within "
                           f"{args.test_timeout + adapter.STARTUP_S:g} s")
                records[victim].update(outcome="failed", kind="timeout", phase="call", message=message,
                                       short=message, stdout=run.text("stdout"), stderr=run.text("stderr"))
                done.add(victim)
        elif current is not None and current not in done:
            message = f"the test's process ended during the test (exit status {code})"
            records[current].update(outcome="failed", kind="crash", phase="call", short=message,
                                    message=message + "\n" + run.text("stderr"),
                                    stdout=run.text("stdout"), stderr=run.text("stderr"))
            done.add(current)
        if not done:  # no progress: the first test of the batch takes the blame, the rest go on
            first = batch[0]
            message = f"the test runner ended (exit status {code}) before it ran {first}"
            records[first].update(outcome="failed", kind="crash", phase="setup", short=message,
                                  message=message + "\n" + run.text("stderr") + run.text("stdout"),
                                  stdout=run.text("stdout"), stderr=run.text("stderr"))
            done.add(first)
        pending = [t for t in pending if t not in done]


def main(argv: list[str]) -> int:
    undumpable = _prctl(PR_SET_DUMPABLE, 0) == 0
    key = _read_key()
    if not undumpable:
        _emit({"harness_error": "cannot make the supervisor non-dumpable (prctl failed)", "tests": []}, key)
        return 0
    _prctl(PR_SET_CHILD_SUBREAPER, 1)
    report_fd = os.dup(1)
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    started = time.monotonic()
    parser = argparse.ArgumentParser()
    parser.add_argument("--framework", required=True, choices=sorted(ADAPTERS))
    parser.add_argument("--suite", required=True)
    parser.add_argument("--candidate", required=True)
    parser.add_argument("--test-timeout", type=float, required=True, help="wall seconds per test")
    parser.add_argument("--budget", type=float, required=True, help="wall seconds for the whole suite")
    parser.add_argument("--memory-mib", type=int, default=256)
    parser.add_argument("--option", action="append", default=[], help="NAME=VALUE for the adapter")
    args = parser.parse_args(argv)
    args.suite = os.path.abspath(args.suite)
    args.candidate = os.path.abspath(args.candidate)
    args.options = dict(o.partition("=")[::2] for o in args.option)
    adapter = ADAPTERS[args.framework]
    report: dict[str, Any] = {"version": 1, "framework": args.framework, "tests": [], "collect_errors": [],
                              "harness_error": ""}
    try:
        plan, tests = adapter.prepare(args)
        records = {nodeid: new_record(nodeid) for nodeid in tests}
        report["tests"] = list(records.values())
        run_tests(adapter, plan, tests, args, started + args.budget, records)
        report["tests"] = list(records.values())
        report["exit_status"] = 0
    except BuildError as exc:
        report["build_error"] = clip(str(exc), MESSAGE_CHARS * 2)
    except SuiteError as exc:
        report["collect_errors"] = [{"nodeid": "", "message": clip(str(exc), MESSAGE_CHARS)}]
    except BaseException as exc:
        import traceback

        report["harness_error"] = clip("".join(traceback.format_exception(exc)), MESSAGE_CHARS)
    report["elapsed_ms"] = int((time.monotonic() - started) * 1000)
    _emit(report, key, report_fd)
    return 0


def _read_key() -> bytes:
    chunks = []
    while True:
        chunk = os.read(0, 4096)
        if not chunk:
            break
        chunks.append(chunk)
        if sum(map(len, chunks)) > 4096:
            break
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    os.close(null)
    return b"".join(chunks).strip()


def _emit(report: dict[str, Any], key: bytes, fd: int = 1) -> None:
    body = json.dumps(report).encode("ascii")
    mac = hmac.new(key, body, hashlib.sha256).hexdigest().encode("ascii")
    data = REPORT_MARKER + mac + b" " + body + b"\n"
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
