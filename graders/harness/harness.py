"""The unit-test harness: the program the sandbox agent runs for the `unittest` grader.

    python3 -I -B .assay/harness.py --suite .assay/suite --candidate candidate \\
        --call-timeout 5 --budget 20 --cpu-budget 20 --memory-mib 320 --sandboxed

It runs the package's pytest suite in this process and prints ONE line on its stdout:
``ASSAY-UNITTEST-REPORT <mac> <json>``, the outcome of every test, where ``<mac>`` is the hex
HMAC-SHA256 of ``<json>`` keyed by a per-job secret the host sends as this process's only stdin
(read whole, before any candidate code exists; the candidate's processes never see it: not in argv,
not in the environment, not left in the pipe). The host believes only a line whose MAC verifies, so
bytes the candidate manages to put on this stdout -- where non-dumpability is not enforced for
/proc/<pid>/fd, as under gVisor, it can open our report channel -- cannot forge a report; at worst
they hide the real one, which the host grades as a failure of every test. That stdout is a pipe to
the sandbox agent, which hands it to the host as the run's stdout; nothing the candidate starts ever
holds it:

- this process makes itself non-dumpable before anything else, so the candidate's processes (same
  uid) can neither ptrace it nor open /proc/<pid>/fd/*, mem or environ;
- the candidate's code is never imported here: tests reach it through assay_unittest's proxies,
  which run it in a child process with its own pipes (fd 1 of that child is not ours);
- pytest and the tests print to stderr (fd 1 is pointed there once the report channel is saved);
- pytest reads no configuration the candidate could plant: ``-c /dev/null`` (no ini, pyproject or
  setup.cfg), ``--rootdir`` and ``--confcutdir`` at the suite folder (only the package's own
  conftest.py files), no plugin autoloading, no cache provider. The candidate's files are in a
  folder that is neither the suite folder nor one of its parents;
- once collection is over (before any candidate code has run), every writable folder is removed
  from sys.path, the suite's modules are served from memory, its sources are primed in linecache
  and deleted from disk: the candidate cannot plant a module this process would import later,
  cannot change what failure reports show, and cannot read the hidden tests' source.

The candidate can still kill this process (same uid): then there is no report, which the host
grades as a failure of every test. It cannot make a report say anything the tests did not say.
"""

from __future__ import annotations

import argparse
import ctypes
import hashlib
import hmac
import importlib.abc
import importlib.util
import json
import linecache
import os
import sys
import time

for _key in [k for k in os.environ if k.startswith("PYTEST")]:
    del os.environ[_key]
os.environ["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"  # only pytest's own plugins, never site ones

import pytest  # noqa: E402 - after the environment is clean

PR_SET_DUMPABLE = 4
PR_SET_CHILD_SUBREAPER = 36
REPORT_MARKER = b"ASSAY-UNITTEST-REPORT "
MESSAGE_CHARS = 6000
SHORT_CHARS = 1500
OUTPUT_EXCERPT = 4096
HERE = os.path.dirname(os.path.abspath(__file__))


def _prctl(option: int, value: int) -> int:
    libc = ctypes.CDLL(None, use_errno=True)
    return libc.prctl(option, value, 0, 0, 0)


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit // 2] + "\n[...]\n" + text[-limit // 2 :]


def _excerpt(data: bytes, total: int) -> str:
    text = data[:OUTPUT_EXCERPT].decode("utf-8", errors="replace")
    return text + (f"\n[... {total - OUTPUT_EXCERPT} more bytes]" if total > OUTPUT_EXCERPT else "")


# ---------------------------------------------------------------------------- lock-down


def _writable(path: str) -> bool:
    """Whether this uid could create or change files at ``path`` (or at its nearest existing parent)."""
    probe = os.path.abspath(path) if path else os.getcwd()
    while not os.path.exists(probe):
        parent = os.path.dirname(probe)
        if parent == probe:
            return False
        probe = parent
    return os.access(probe, os.W_OK)


def _snapshot(suite: str) -> dict[str, str]:
    """Every Python source of the suite, read before any candidate code can run."""
    sources: dict[str, str] = {}
    for folder, dirs, files in os.walk(suite):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(files):
            if name.endswith(".py"):
                path = os.path.join(folder, name)
                with open(path, encoding="utf-8", errors="replace") as handle:
                    sources[path] = handle.read()
    return sources


def _prime_linecache(sources: dict[str, str]) -> None:
    """Source lines for tracebacks from memory; an mtime of None keeps checkcache() off them."""
    for path, text in sources.items():
        lines = text.splitlines(keepends=True)
        if lines and not lines[-1].endswith("\n"):
            lines[-1] += "\n"
        linecache.cache[path] = (len(text), None, lines, path)


class _MemoryLoader(importlib.abc.Loader):
    def __init__(self, path: str, source: str) -> None:
        self.path = path
        self.source = source

    def create_module(self, spec):  # noqa: ANN001
        return None

    def exec_module(self, module) -> None:  # noqa: ANN001
        module.__file__ = self.path
        exec(compile(self.source, self.path, "exec"), module.__dict__)

    def get_source(self, name: str) -> str:
        return self.source


class _MemoryFinder(importlib.abc.MetaPathFinder):
    """The suite's helper modules, for imports that happen after the sources left the disk."""

    def __init__(self, suite: str, sources: dict[str, str]) -> None:
        self.modules: dict[str, tuple[str, str, bool]] = {}
        for path, text in sources.items():
            relative = os.path.relpath(path, suite)[: -len(".py")].split(os.sep)
            package = relative[-1] == "__init__"
            if package:
                relative = relative[:-1]
            if relative and all(part.isidentifier() for part in relative):
                self.modules[".".join(relative)] = (path, text, package)

    def find_spec(self, name, path=None, target=None):  # noqa: ANN001
        entry = self.modules.get(name)
        if entry is None:
            return None
        file, text, package = entry
        return importlib.util.spec_from_loader(name, _MemoryLoader(file, text), origin=file,
                                               is_package=package)


def _lock_down(suite: str, sources: dict[str, str]) -> None:
    sys.path[:] = [p for p in sys.path if p and not _writable(p)]
    sys.path_importer_cache.clear()
    sys.meta_path.append(_MemoryFinder(suite, sources))
    for folder, _dirs, files in os.walk(suite, topdown=False):
        for name in files:
            if name.endswith((".py", ".pyc")):
                try:
                    os.unlink(os.path.join(folder, name))
                except OSError:
                    pass
        if os.path.basename(folder) == "__pycache__":
            try:
                os.rmdir(folder)
            except OSError:
                pass


# ---------------------------------------------------------------------------- the pytest plugin


class Recorder:
    """Records every test's outcome; gives each test fresh candidate processes."""

    def __init__(self, runtime, unittest_module, suite: str, sources: dict[str, str]) -> None:  # noqa: ANN001
        self.rt = runtime
        self.au = unittest_module
        self.suite = suite
        self.sources = sources
        self.records: dict[str, dict] = {}
        self.collect_errors: list[dict] = []
        self.budget_exhausted = False

    def pytest_configure(self, config) -> None:  # noqa: ANN001
        config.addinivalue_line("markers", "sample: a sample test; its failure message is shown to the candidate")
        config.addinivalue_line("markers", "group(name): the scoring group this test belongs to")

    def pytest_collectreport(self, report) -> None:  # noqa: ANN001
        if report.failed:
            self.collect_errors.append({"nodeid": report.nodeid,
                                        "message": _clip(report.longreprtext, MESSAGE_CHARS)})

    @pytest.hookimpl(trylast=True)
    def pytest_collection_finish(self, session) -> None:  # noqa: ANN001
        for item in session.items:
            group = item.get_closest_marker("group")
            name = None
            if group is not None:
                name = group.args[0] if group.args else group.kwargs.get("name")
            self.records[item.nodeid] = {
                "nodeid": item.nodeid,
                "outcome": "not_run",
                "kind": "",
                "phase": "",
                "message": "",
                "short": "",
                "sample": item.get_closest_marker("sample") is not None,
                "group": None if name is None else str(name),
                "duration_ms": 0,
                "cpu_ms": 0,
                "memory_kib": 0,
                "stdout": "",
                "stderr": "",
            }
        # No candidate code has run yet; from here on it may, so nothing writable is trusted.
        _lock_down(self.suite, self.sources)
        self.rt.allowed = True

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtest_protocol(self, item, nextitem):  # noqa: ANN001, ANN201
        """Out of time: the remaining tests are not run (and fail), the report still goes out."""
        record = self.records.get(item.nodeid)
        if record is None or self.rt.remaining() > 0:
            return None
        self.budget_exhausted = True
        record.update(outcome="failed", kind="timeout", phase="setup",
                      message="not run: the time budget of the whole suite ran out",
                      short="not run: the time budget of the whole suite ran out")
        return True

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_makereport(self, item, call):  # noqa: ANN001, ANN201
        outcome = yield
        report = outcome.get_result()
        record = self.records.get(item.nodeid)
        if record is None:
            return
        if report.failed:
            if record["outcome"] != "failed":
                exc = call.excinfo.value if call.excinfo is not None else None
                record.update(outcome="failed", phase=call.when, kind=self._classify(exc),
                              message=_clip(report.longreprtext, MESSAGE_CHARS),
                              short=_clip(self._short(report, exc), SHORT_CHARS))
        elif report.skipped:
            if record["outcome"] != "failed":
                reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
                record.update(outcome="skipped", phase=call.when, message=_clip(str(reason), MESSAGE_CHARS))
        elif call.when == "call" and record["outcome"] == "not_run":
            record["outcome"] = "xpassed" if hasattr(report, "wasxfail") else "passed"

    def _classify(self, exc: BaseException | None) -> str:
        au = self.au
        if isinstance(exc, au.CandidateFailure):
            return exc.kind
        if isinstance(exc, au.CandidateError) or getattr(exc, "__assay_candidate__", False):
            return "memory" if isinstance(exc, MemoryError) else "candidate_error"
        if isinstance(exc, (AssertionError, pytest.fail.Exception)):
            return "assertion"
        return "error"

    @staticmethod
    def _short(report, exc: BaseException | None) -> str:  # noqa: ANN001
        crash = getattr(getattr(report, "longrepr", None), "reprcrash", None)
        text = crash.message if crash is not None else str(exc or "")
        trace = getattr(exc, "candidate_traceback", "")
        return f"{text}\n{trace}" if trace and trace.strip() not in text else text


class ProtocolWrapper:
    """Around each test: fresh candidate processes, then what they did goes into the record."""

    def __init__(self, recorder: Recorder) -> None:
        self.recorder = recorder

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_protocol(self, item, nextitem):  # noqa: ANN001, ANN201
        record = self.recorder.records.get(item.nodeid)
        started = time.monotonic()
        self.recorder.rt.begin_test()
        try:
            yield
        finally:
            done = self.recorder.rt.end_test()
            if record is not None:
                _finish(record, done, started)


def _finish(record: dict, done: dict, started: float) -> None:
    record["duration_ms"] = int((time.monotonic() - started) * 1000)
    record["cpu_ms"] = done["cpu_ms"]
    record["memory_kib"] = done["memory_kib"]
    record["stdout"] = _excerpt(done["stdout"], done["stdout_total"])
    record["stderr"] = _excerpt(done["stderr"], done["stderr_total"])
    if done["failures"]:
        # A timeout, crash or protocol breach of the candidate's process fails the test, even if
        # the test caught the exception (it is a BaseException; ``except BaseException`` would).
        order = {"timeout": 0, "memory": 1, "crash": 2}
        kind, message = min(done["failures"], key=lambda f: order.get(f[0], 3))
        if record["outcome"] != "failed" or record["kind"] not in order:
            previous = record["message"]
            record.update(outcome="failed", kind=kind, short=message,
                          message=message + (f"\n\n{previous}" if previous else ""))


# ---------------------------------------------------------------------------- main


def _read_key() -> bytes:
    """The per-job report key: all of stdin (the host writes it and closes the pipe), then /dev/null
    in its place, so no process started later can read it from fd 0 or from our /proc/<pid>/fd/0."""
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


def main(argv: list[str]) -> int:
    undumpable = _prctl(PR_SET_DUMPABLE, 0) == 0
    key = _read_key()
    if not undumpable:
        _emit({"harness_error": "cannot make the harness non-dumpable (prctl failed)", "tests": []}, key)
        return 0
    _prctl(PR_SET_CHILD_SUBREAPER, 1)
    report_fd = os.dup(1)  # the report channel; nothing else ever writes to it
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    started = time.monotonic()
    parser = argparse.ArgumentParser()
    parser.add_argument("--suite", required=True)
    parser.add_argument("--candidate", required=True)
    parser.add_argument("--call-timeout", type=float, required=True)
    parser.add_argument("--budget", type=float, required=True, help="wall seconds for the whole suite")
    parser.add_argument("--cpu-budget", type=float, required=True, help="CPU seconds for the whole suite")
    parser.add_argument("--memory-mib", type=int, default=0,
                        help="address-space limit of each candidate process (MiB, 0: none)")
    parser.add_argument("--sandboxed", action="store_true",
                        help="inside a sandbox container: kill whatever the candidate leaves running")
    args = parser.parse_args(argv)
    suite = os.path.abspath(args.suite)
    folder = os.path.abspath(args.candidate)

    report: dict = {"version": 1, "tests": [], "collect_errors": [], "harness_error": ""}
    recorder = None
    try:
        with open(os.path.join(HERE, "child.py"), encoding="utf-8") as handle:
            child_source = handle.read()
        spec = importlib.util.spec_from_file_location("assay_unittest", os.path.join(HERE, "assay_unittest.py"))
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules["assay_unittest"] = module
        spec.loader.exec_module(module)
        runtime = module._runtime
        runtime.configure(folder=folder, child_source=child_source, call_timeout=args.call_timeout,
                          deadline=started + args.budget, cpu_budget_s=args.cpu_budget,
                          memory_bytes=args.memory_mib << 20, sandboxed=args.sandboxed)
        sources = _snapshot(suite)
        _prime_linecache(sources)

        recorder = Recorder(runtime, module, suite, sources)
        pytest_args = [
            suite,
            "-c", os.devnull,
            "--rootdir", suite,
            "--confcutdir", suite,
            "-p", "no:cacheprovider",
            "-p", "no:pastebin",
            "--continue-on-collection-errors",
            "--import-mode=prepend",
            "-q", "--tb=short", "--color=no", "-rN",
        ]
        os.chdir(suite)
        code = pytest.main(pytest_args, plugins=[recorder, ProtocolWrapper(recorder)])
        report["exit_status"] = int(code)
        report["pytest"] = pytest.__version__
        runtime.stop_child()
        runtime.sweep()
    except BaseException as exc:
        import traceback

        report["harness_error"] = _clip("".join(traceback.format_exception(exc)), MESSAGE_CHARS)
    if recorder is not None:
        report["tests"] = list(recorder.records.values())
        report["collect_errors"] = recorder.collect_errors
        report["budget_exhausted"] = recorder.budget_exhausted
    report["elapsed_ms"] = int((time.monotonic() - started) * 1000)
    _emit(report, key, report_fd)
    return 0


def _emit(report: dict, key: bytes, fd: int = 1) -> None:
    body = json.dumps(report).encode("ascii")
    mac = hmac.new(key, body, hashlib.sha256).hexdigest().encode("ascii")
    data = REPORT_MARKER + mac + b" " + body + b"\n"
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
