"""What a unit-test suite graded by Assay imports to reach the candidate's code.

    from assay_unittest import solution          # the candidate's solution.py
    import pytest

    def test_add():
        assert solution.add(2, 3) == 5

    def test_rejects_negative():
        with pytest.raises(ValueError):
            solution.add(-1, 3)

The candidate's code never runs in the test's process. ``solution`` is a proxy: the first use in a
test starts a fresh process for the candidate (so every test starts from a clean import), imports
``solution`` there and forwards the call over a private pipe. Values cross as data (JSON with tags
for tuple, set, frozenset, dict, bytes, bytearray, complex, big ints and non-finite floats); an
object that is not plain data (an instance of the candidate's class, a function, a generator)
comes back as a ``RemoteObject`` whose attribute reads, calls, indexing, ``len``, iteration,
``in``, ``bool``, ``str`` and arithmetic are forwarded to the candidate's process.

Comparisons are decided here, never by the candidate: a ``RemoteObject`` equals only itself or
(by the candidate's ``__eq__``) another object of the same candidate process, so a returned object
that claims to equal everything does not pass ``assert result == 5``. Order comparisons with plain
values raise TypeError for the same reason. ``with candidate_object:`` never suppresses an
exception, whatever the candidate's ``__exit__`` returns.

Exceptions: an exception of a builtin type (ValueError, KeyError, ZeroDivisionError, ...) raised by
the candidate's code is raised here as that type, so ``pytest.raises(ValueError)`` works; any other
type (the candidate's own exception classes, SystemExit) arrives as ``CandidateError`` with
``type_name``. Its traceback in the candidate's code is in ``candidate_traceback``.

A call that does not answer within the time limit, a candidate process that dies (``os._exit``, a
signal, the memory limit) or that answers with garbage raises a ``CandidateFailure`` (a
BaseException, so ``except Exception`` in a test does not swallow it) and fails the test whatever
the test does with it.

``output()`` returns what the candidate's code printed so far in this test.

Only usable inside a test (fixtures included), never at import time of a test module.
"""

from __future__ import annotations

import base64
import binascii
import builtins
import json
import math
import os
import resource
import selectors
import signal
import subprocess
import sys
import time
from typing import Literal, TypeVar, cast

_T = TypeVar("_T")

__all__ = [
    "CandidateCrash",
    "CandidateError",
    "CandidateFailure",
    "CandidateMemoryError",
    "CandidateModule",
    "CandidateOutput",
    "CandidateTimeout",
    "RemoteObject",
    "candidate",
    "output",
    "type_name",
]

FRAME_LIMIT = 16 << 20  # one reply from the candidate's process
RECEIVED_LIMIT = 128 << 20  # everything received from the candidate's processes in one test
OUTPUT_KEEP = 64 << 10  # candidate stdout/stderr kept per test (the rest is counted, not kept)
READY_TIMEOUT_S = 10.0  # the child's interpreter start-up (before any candidate code runs)
TAKE_BATCH = 256  # items fetched per round trip when iterating a candidate iterator
MAX_DEPTH = 200
INT_LIMIT = 1 << 63
HEX_DIGITS_LIMIT = 1 << 17
TEXT_LIMIT = 8000
__tracebackhide__ = True  # pytest leaves this module's frames out of failure reports
ATTRIBUTE_RE_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")


# ---------------------------------------------------------------------------- exceptions


class CandidateError(Exception):
    """An exception of a non-builtin type raised in the candidate's code."""

    def __init__(self, type_name: str, message: str = "", candidate_traceback: str = "",
                 module: str = "") -> None:
        super().__init__(f"{type_name}: {message}" if message else type_name)
        self.type_name = type_name
        self.module = module
        self.message = message
        self.candidate_traceback = candidate_traceback


class CandidateFailure(BaseException):
    """The candidate's process failed: it hung, died or broke the protocol. Fails the test."""

    kind = "crash"


class CandidateTimeout(CandidateFailure):
    kind = "timeout"


class CandidateCrash(CandidateFailure):
    kind = "crash"


class CandidateMemoryError(CandidateFailure):
    kind = "memory"


# ---------------------------------------------------------------------------- remote objects


class RemoteObject:
    """An object living in the candidate's process (this test's); see the module docstring."""

    __slots__ = ("__weakref__", "_assay_gen", "_assay_id", "_assay_repr", "_assay_type")

    def __init__(self, gen: int, ref_id: int, type_name: str, text: str) -> None:
        object.__setattr__(self, "_assay_gen", gen)
        object.__setattr__(self, "_assay_id", ref_id)
        object.__setattr__(self, "_assay_type", type_name)
        object.__setattr__(self, "_assay_repr", text)

    # -- attributes, calls, containers (forwarded)

    def __getattr__(self, name: str):
        if name.startswith("__") or name.startswith("_pytest"):
            raise AttributeError(name)
        return _runtime.call("getattr", self, name=name)

    def __setattr__(self, name: str, value: object) -> None:
        _runtime.call("setattr", self, name=name, args=[value])

    def __delattr__(self, name: str) -> None:
        _runtime.call("delattr", self, name=name)

    def __call__(self, *args: object, **kwargs: object):
        return _runtime.call("call", self, args=list(args), kwargs=dict(kwargs))

    def __getitem__(self, key: object):
        return _runtime.call("operator", None, name="getitem", args=[self, key])

    def __setitem__(self, key: object, value: object) -> None:
        _runtime.call("operator", None, name="setitem", args=[self, key, value])

    def __delitem__(self, key: object) -> None:
        _runtime.call("operator", None, name="delitem", args=[self, key])

    def __contains__(self, item: object) -> bool:
        return _expect(_runtime.call("operator", None, name="contains", args=[self, item]), bool, "in")

    def __len__(self) -> int:
        value = _expect(_runtime.call("len", self), int, "len()")
        if value < 0:
            raise ValueError("the candidate's __len__ returned a negative number")
        return value

    def __bool__(self) -> bool:
        return _expect(_runtime.call("bool", self), bool, "bool()")

    def __str__(self) -> str:
        return _expect(_runtime.call("str", self), str, "str()")

    def __int__(self) -> int:
        return _expect(_runtime.call("method", self, name="__int__"), int, "int()")

    def __index__(self) -> int:
        return _expect(_runtime.call("method", self, name="__index__"), int, "index")

    def __float__(self) -> float:
        return _expect(_runtime.call("method", self, name="__float__"), float, "float()")

    def __iter__(self):
        iterator = _runtime.call("iter", self)
        if type(iterator) is not RemoteObject:
            raise _runtime.protocol_error("an iterator that is not a reference")
        while True:
            batch = _runtime.call("take", iterator, count=TAKE_BATCH)
            if type(batch) is not dict or type(batch.get("items")) is not list:
                raise _runtime.protocol_error("a malformed batch of items")
            yield from batch["items"]
            if batch.get("done") is True:
                return

    def __next__(self):
        batch = _runtime.call("take", self, count=1)
        if type(batch) is not dict or type(batch.get("items")) is not list:
            raise _runtime.protocol_error("a malformed batch of items")
        if not batch["items"]:
            raise StopIteration
        return batch["items"][0]

    def __enter__(self):
        return _runtime.call("method", self, name="__enter__")

    def __exit__(self, *exc: object) -> Literal[False]:
        _runtime.call("method", self, name="__exit__", args=[None, None, None])
        return False  # never let the candidate swallow the test's own exception

    # -- comparisons (decided here)

    def __eq__(self, other: object) -> bool:
        if type(other) is not RemoteObject or other._assay_gen != self._assay_gen:
            return False
        if other._assay_id == self._assay_id:
            return True
        return _expect(_runtime.call("operator", None, name="eq", args=[self, other]), bool, "==")

    def __ne__(self, other: object) -> bool:
        return not self.__eq__(other)

    def __hash__(self) -> int:
        return hash((RemoteObject, self._assay_gen, self._assay_id))

    def __lt__(self, other: object):
        return _order("lt", self, other)

    def __le__(self, other: object):
        return _order("le", self, other)

    def __gt__(self, other: object):
        return _order("gt", self, other)

    def __ge__(self, other: object):
        return _order("ge", self, other)

    def __repr__(self) -> str:
        return f"<candidate {self._assay_type}: {self._assay_repr}>"


def _expect(value: object, kind: type[_T], what: str) -> _T:
    # the exact type (a subclass could be the candidate's); isinstance only narrows the type for the checker
    if type(value) is not kind or not isinstance(value, kind):
        raise TypeError(f"the candidate's {what} returned {type(value).__name__}, not {kind.__name__}")
    return value


def _order(name: str, left: RemoteObject, right: object) -> object:
    if type(right) is not RemoteObject or right._assay_gen != left._assay_gen:
        return NotImplemented
    return _expect(_runtime.call("operator", None, name=name, args=[left, right]), bool, name)


def _arithmetic(name: str, reflected: bool = False):
    def method(self: RemoteObject, other: object):
        if not _runtime.encodable(other):
            return NotImplemented
        args = [other, self] if reflected else [self, other]
        return _runtime.call("operator", None, name=name, args=args)

    return method


def _unary(name: str):
    def method(self: RemoteObject):
        return _runtime.call("operator", None, name=name, args=[self])

    return method


for _name in ("add", "sub", "mul", "truediv", "floordiv", "mod", "pow", "matmul", "and", "or", "xor",
              "lshift", "rshift"):
    _op = f"{_name}_" if _name in ("and", "or") else _name
    setattr(RemoteObject, f"__{_name}__", _arithmetic(_op))
    setattr(RemoteObject, f"__r{_name}__", _arithmetic(_op, reflected=True))
for _name in ("neg", "pos", "abs", "invert"):
    setattr(RemoteObject, f"__{_name}__", _unary(_name))
del _name, _op


class CandidateModule:
    """A module of the candidate's, by name; attribute access is forwarded to this test's process."""

    __slots__ = ("_assay_name",)

    def __init__(self, name: str) -> None:
        if not name or any(not part or set(part) - ATTRIBUTE_RE_CHARS or part[0].isdigit()
                           for part in name.split(".")):
            raise ValueError(f"not a module name: {name!r}")
        object.__setattr__(self, "_assay_name", name)

    def __getattr__(self, name: str):
        if name.startswith("__") or name.startswith("_pytest"):
            raise AttributeError(name)
        if not _runtime.in_test:
            raise AttributeError(f"{self._assay_name}.{name}: the candidate's code can only be used inside a "
                                 "test or fixture, not when test modules are imported")
        return _runtime.call("getattr", _runtime.module_ref(self._assay_name), name=name)

    def __setattr__(self, name: str, value: object) -> None:
        _runtime.call("setattr", _runtime.module_ref(self._assay_name), name=name, args=[value])

    def __delattr__(self, name: str) -> None:
        _runtime.call("delattr", _runtime.module_ref(self._assay_name), name=name)

    def __repr__(self) -> str:
        return f"<candidate module {self._assay_name}>"


def candidate(name: str) -> CandidateModule:
    """The candidate's module ``name`` (dotted names allowed: ``candidate("pkg.util")``)."""
    return CandidateModule(name)


def type_name(obj: object) -> str:
    """The type name of a candidate object as the candidate's process reported it."""
    if type(obj) is RemoteObject:
        return obj._assay_type
    return type(obj).__qualname__


class CandidateOutput:
    """What the candidate's code printed in this test so far (capped)."""

    def __init__(self, stdout: str, stderr: str) -> None:
        self.stdout = stdout
        self.stderr = stderr

    def __repr__(self) -> str:
        return f"CandidateOutput(stdout={self.stdout!r}, stderr={self.stderr!r})"


def output() -> CandidateOutput:
    _runtime.pump_output()
    return CandidateOutput(
        bytes(_runtime.out["stdout"]).decode("utf-8", errors="replace"),
        bytes(_runtime.out["stderr"]).decode("utf-8", errors="replace"),
    )


def __getattr__(name: str) -> CandidateModule:
    """``from assay_unittest import solution``: any other name is a candidate module."""
    if name.startswith("__"):
        raise AttributeError(name)
    return CandidateModule(name)


# ---------------------------------------------------------------------------- the child process


class _Child:
    """One process of the candidate's, with its request/reply pipes and output pipes."""

    def __init__(self, runtime: _Runtime, gen: int) -> None:
        self.runtime = runtime
        self.gen = gen
        self.seq = 0
        self.inbuf = bytearray()
        self.reply_eof = False
        self.dead = False
        self.status: int | None = None
        self.rusage: resource.struct_rusage | None = None
        request_r, request_w = os.pipe()
        reply_r, reply_w = os.pipe()
        out_r, out_w = os.pipe()
        err_r, err_w = os.pipe()
        try:
            self.proc = subprocess.Popen(
                [sys.executable, "-I", "-B", "-c", runtime.child_source, runtime.folder,
                 str(request_r), str(reply_w), str(runtime.memory_bytes)],
                cwd=runtime.folder,
                env=runtime.child_env,
                stdin=subprocess.DEVNULL,
                stdout=out_w,
                stderr=err_w,
                pass_fds=(request_r, reply_w),
                close_fds=True,
                start_new_session=True,
            )
        except OSError as exc:
            for fd in (request_r, request_w, reply_r, reply_w, out_r, out_w, err_r, err_w):
                os.close(fd)
            raise runtime.failure(CandidateCrash, f"could not start the candidate's process: {exc}") from None
        for fd in (request_r, reply_w, out_w, err_w):
            os.close(fd)
        self.pid = self.proc.pid
        self.request_fd, self.reply_fd = request_w, reply_r
        self.streams = {out_r: "stdout", err_r: "stderr"}
        for fd in (request_w, reply_r, out_r, err_r):
            os.set_blocking(fd, False)
        self.selector = selectors.DefaultSelector()
        for fd in (reply_r, out_r, err_r):
            self.selector.register(fd, selectors.EVENT_READ)
        hello = self._wait_frame(b"", READY_TIMEOUT_S, starting=True)
        if hello.get("ready") is not True:
            raise self.runtime.protocol_error("no greeting")

    # -- I/O

    def exchange(self, request: dict) -> dict:
        self.seq += 1
        request["seq"] = self.seq
        try:
            data = json.dumps(request, allow_nan=False).encode("utf-8")
        except (TypeError, ValueError) as exc:  # pragma: no cover - _encode makes plain JSON
            raise TypeError(f"cannot send this to the candidate's code: {exc}") from None
        reply = self._wait_frame(len(data).to_bytes(4, "big") + data, self.runtime.call_timeout)
        if reply.get("seq") != self.seq:
            raise self.runtime.protocol_error("a reply out of sequence")
        return reply

    def _wait_frame(self, outgoing: bytes, timeout: float, starting: bool = False) -> dict:
        pending = memoryview(outgoing)
        writing = False
        deadline = time.monotonic() + timeout
        while True:
            frame = self._take_frame()
            if frame is not None:
                if writing:
                    self.selector.unregister(self.request_fd)
                return frame
            if self.reply_eof:
                if writing:
                    self.selector.unregister(self.request_fd)
                raise self._died()
            if pending and not writing:
                self.selector.register(self.request_fd, selectors.EVENT_WRITE)
                writing = True
            left = deadline - time.monotonic()
            if not starting:
                left = min(left, self.runtime.remaining())
            if left <= 0:
                if writing:
                    self.selector.unregister(self.request_fd)
                self.kill()
                budget = self.runtime.remaining() <= 0
                what = ("the time budget of the whole suite ran out" if budget
                        else f"no answer within {timeout:g} s")
                if starting:
                    raise self.runtime.failure(CandidateCrash, f"the candidate's process did not start: {what}")
                raise self.runtime.failure(CandidateTimeout, f"the candidate's code timed out: {what}")
            for key, _mask in self.selector.select(min(left, 0.1)):
                fd = key.fd
                if fd == self.request_fd:
                    try:
                        written = os.write(fd, pending[: 1 << 16])
                    except BlockingIOError:
                        continue
                    except OSError:  # the child is gone; its reply pipe will say so
                        written = len(pending)
                    pending = pending[written:]
                    if not pending:
                        self.selector.unregister(fd)
                        writing = False
                    continue
                self._read(fd)

    def _read(self, fd: int) -> None:
        try:
            chunk = os.read(fd, 1 << 16)
        except BlockingIOError:
            return
        except OSError:
            chunk = b""
        if not chunk:
            self.selector.unregister(fd)
            if fd == self.reply_fd:
                self.reply_eof = True
            else:
                del self.streams[fd]
                os.close(fd)
            return
        self.runtime.received += len(chunk)
        if self.runtime.received > RECEIVED_LIMIT:
            self.kill()
            raise self.runtime.failure(
                CandidateCrash, f"the candidate's code sent more than {RECEIVED_LIMIT >> 20} MiB in one test")
        if fd == self.reply_fd:
            self.inbuf += chunk
        else:
            self.runtime.capture(self.streams[fd], chunk)

    def _take_frame(self) -> dict | None:
        if len(self.inbuf) < 4:
            return None
        size = int.from_bytes(self.inbuf[:4], "big")
        if size > FRAME_LIMIT:
            self.kill()
            raise self.runtime.protocol_error(f"a reply larger than {FRAME_LIMIT >> 20} MiB")
        if len(self.inbuf) < 4 + size:
            return None
        data = bytes(self.inbuf[4 : 4 + size])
        del self.inbuf[: 4 + size]
        try:
            frame = json.loads(data)
        except (ValueError, RecursionError):
            self.kill()
            raise self.runtime.protocol_error("a reply that is not JSON") from None
        if type(frame) is not dict:
            self.kill()
            raise self.runtime.protocol_error("a reply that is not an object")
        return frame

    def pump_output(self) -> None:
        """Read whatever the candidate has printed, without waiting."""
        for fd in list(self.streams):
            while fd in self.streams:
                try:
                    chunk = os.read(fd, 1 << 16)
                except BlockingIOError:
                    break
                except OSError:
                    chunk = b""
                if not chunk:
                    self.selector.unregister(fd)
                    del self.streams[fd]
                    os.close(fd)
                    break
                self.runtime.capture(self.streams[fd], chunk)

    # -- life and death

    def _died(self) -> CandidateFailure:
        deadline = time.monotonic() + 1.0
        while not self.dead and time.monotonic() < deadline:
            if not self._reap(block=False):
                time.sleep(0.01)
        if not self.dead:
            self.kill()
        status = self.status or 0
        if os.WIFSIGNALED(status):
            sig = os.WTERMSIG(status)
            if sig == signal.SIGKILL and self.runtime.oom_kills() > self.runtime.oom_before:
                return self.runtime.failure(
                    CandidateMemoryError, "the candidate's process exceeded the memory limit and was killed")
            try:
                name = signal.Signals(sig).name
            except ValueError:
                name = f"signal {sig}"
            return self.runtime.failure(CandidateCrash, f"the candidate's process was killed by {name}")
        return self.runtime.failure(
            CandidateCrash, f"the candidate's process exited (exit code {os.WEXITSTATUS(status)}) "
            "instead of answering")

    def _reap(self, block: bool) -> bool:
        try:
            pid, status, usage = os.wait4(self.pid, 0 if block else os.WNOHANG)
        except ChildProcessError:
            self.dead = True
            self.proc.returncode = -9
            return True
        if pid == 0:
            return False
        self.dead = True
        self.status = status
        self.rusage = usage
        self.proc.returncode = os.waitstatus_to_exitcode(status)
        self.runtime.account(usage)
        return True

    def kill(self) -> None:
        if self.dead:
            return
        try:
            os.killpg(self.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        try:
            os.kill(self.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        self._reap(block=True)

    def close(self, drain_s: float = 0.3) -> None:
        """Kill the process, collect the rest of its output (briefly), close every pipe."""
        self.kill()
        deadline = time.monotonic() + drain_s
        try:
            while self.streams and time.monotonic() < deadline:
                for key, _mask in self.selector.select(0.02):
                    if key.fd in self.streams:
                        self._read(key.fd)
        except CandidateFailure:
            pass
        for fd in (self.request_fd, self.reply_fd, *self.streams):
            try:
                os.close(fd)
            except OSError:
                pass
        self.streams = {}
        self.selector.close()


# ---------------------------------------------------------------------------- the runtime


class _Runtime:
    """The harness's side: one child per test, values in and out, per-test bookkeeping."""

    def __init__(self) -> None:
        self.folder = ""
        self.child_source = ""
        self.child_env = {"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": "/tmp", "LANG": "C.UTF-8"}
        self.call_timeout = 5.0
        self.memory_bytes = 0  # address-space limit of each candidate process (0: none)
        self.deadline = math.inf
        self.cpu_budget_s = math.inf
        self.allowed = False
        self.sandboxed = False  # sweep() kills processes: only ever inside a sandbox container
        self.in_test = False
        self.child: _Child | None = None
        self.gen = 0
        self.modules: dict[str, RemoteObject] = {}
        self.protected = {1, os.getpid(), os.getppid()}
        self._reset_test()

    def configure(self, *, folder: str, child_source: str, call_timeout: float, deadline: float,
                  cpu_budget_s: float, memory_bytes: int = 0, sandboxed: bool = False) -> None:
        self.sandboxed = sandboxed and os.getuid() != 0
        self.memory_bytes = memory_bytes
        self.folder = folder
        self.child_source = child_source
        self.call_timeout = call_timeout
        self.deadline = deadline
        self.cpu_budget_s = cpu_budget_s
        self.child_env["PATH"] = os.environ.get("PATH", self.child_env["PATH"])

    def _reset_test(self) -> None:
        self.out = {"stdout": bytearray(), "stderr": bytearray()}
        self.out_total = {"stdout": 0, "stderr": 0}
        self.failures: list[tuple[str, str]] = []
        self.received = 0
        self.test_cpu_ms = 0
        self.test_memory_kib = 0
        self.oom_before = self.oom_kills()

    # -- budget

    def cpu_used_s(self) -> float:
        own = resource.getrusage(resource.RUSAGE_SELF)
        reaped = resource.getrusage(resource.RUSAGE_CHILDREN)
        total = own.ru_utime + own.ru_stime + reaped.ru_utime + reaped.ru_stime
        if self.child is not None and not self.child.dead:
            total += _live_cpu_s(self.child.pid)
        return total

    def remaining(self) -> float:
        return min(self.deadline - time.monotonic(), self.cpu_budget_s - self.cpu_used_s())

    # -- tests

    def begin_test(self) -> None:
        self._reset_test()
        self.in_test = True

    def end_test(self) -> dict:
        """Stop this test's candidate processes and return what they did."""
        self.in_test = False
        self.stop_child()
        self.sweep()
        result = {
            "stdout": bytes(self.out["stdout"]),
            "stderr": bytes(self.out["stderr"]),
            "stdout_total": self.out_total["stdout"],
            "stderr_total": self.out_total["stderr"],
            "failures": list(self.failures),
            "cpu_ms": self.test_cpu_ms,
            "memory_kib": self.test_memory_kib,
        }
        self._reset_test()
        return result

    def stop_child(self) -> None:
        if self.child is not None:
            self.child.close()
            self.child = None
        self.gen += 1
        self.modules = {}

    def sweep(self) -> None:
        """Kill every process of the container but init, the agent and this harness (whatever the
        candidate started and left behind), and reap what was handed to us (we are a subreaper).
        Only in a sandbox (``--sandboxed``, never as root): anywhere else this would be a massacre."""
        if not self.sandboxed:
            self._reap_orphans()
            return
        for _ in range(20):
            alive = False
            for entry in os.listdir("/proc"):
                if not entry.isdigit() or int(entry) in self.protected:
                    continue
                try:
                    with open(f"/proc/{entry}/stat", "rb") as handle:
                        stat = handle.read()
                except OSError:
                    continue
                if stat[stat.rfind(b")") + 2 :][:1] in (b"Z", b"X"):
                    continue
                try:
                    os.kill(int(entry), signal.SIGKILL)
                    alive = True
                except (ProcessLookupError, PermissionError):
                    pass
            self._reap_orphans()
            if not alive:
                return
            time.sleep(0.01)

    def _reap_orphans(self) -> None:
        while True:
            try:
                pid, _status, usage = os.wait4(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                return
            self.account(usage)

    def account(self, usage: resource.struct_rusage) -> None:
        self.test_cpu_ms += int((usage.ru_utime + usage.ru_stime) * 1000)
        self.test_memory_kib = max(self.test_memory_kib, int(usage.ru_maxrss))

    def oom_kills(self) -> int:
        for path in ("/sys/fs/cgroup/memory.events", "/sys/fs/cgroup/memory/memory.oom_control"):
            try:
                with open(path) as handle:
                    for line in handle:
                        key, _, value = line.partition(" ")
                        if key == "oom_kill":
                            return int(value)
            except (OSError, ValueError):
                continue
        return 0

    def capture(self, stream: str, chunk: bytes) -> None:
        self.out_total[stream] += len(chunk)
        kept = self.out[stream]
        room = OUTPUT_KEEP - len(kept)
        if room > 0:
            kept += chunk[:room]

    def pump_output(self) -> None:
        if self.child is not None:
            self.child.pump_output()

    # -- failures

    def failure(self, cls: type[CandidateFailure], message: str) -> CandidateFailure:
        self.failures.append((cls.kind, message))
        return cls(message)

    def protocol_error(self, what: str) -> CandidateFailure:
        return self.failure(CandidateCrash, f"the candidate's process broke the harness protocol: {what}")

    # -- calls

    def _current_child(self) -> _Child:
        if not self.allowed or not self.in_test:
            raise RuntimeError("the candidate's code can only be used inside a test or fixture")
        if self.child is None or self.child.dead or self.child.reply_eof:
            if self.child is not None:
                self.child.close(drain_s=0.05)
            self.gen += 1
            self.modules = {}
            self.child = None
            self.child = _Child(self, self.gen)
        return self.child

    def module_ref(self, name: str) -> RemoteObject:
        child = self._current_child()
        ref = self.modules.get(name)
        if ref is None or ref._assay_gen != child.gen:
            found = self.call("import", None, name=name)
            if type(found) is not RemoteObject:
                raise self.protocol_error("an import that returned no module")
            self.modules[name] = ref = found
        return ref

    def call(self, op: str, target: RemoteObject | None, **fields: object) -> object:
        if target is not None:
            if not self.in_test:
                raise RuntimeError("the candidate's code can only be used inside a test or fixture")
            if self.child is None or target._assay_gen != self.child.gen or self.child.dead:
                raise ReferenceError(
                    f"{target!r} belongs to a candidate process that has ended (candidate objects do not "
                    "outlive their test, nor a crash of the candidate's process)")
        child = self._current_child()
        request: dict[str, object] = {"op": op, "target": None if target is None else target._assay_id}
        for key, value in fields.items():
            if key in ("args",):
                request[key] = [self._encode(item, child.gen) for item in cast("list[object]", value)]
            elif key == "kwargs":
                request[key] = self._encode(value, child.gen)
            else:
                request[key] = value
        reply = child.exchange(request)
        if "ok" in reply:
            return self._decode_value(reply["ok"], child.gen)
        if "raise" in reply and type(reply["raise"]) is dict:
            raise self._exception(reply["raise"], child.gen)
        raise self.protocol_error("a reply with neither a value nor an exception")

    # -- values

    def encodable(self, value: object) -> bool:
        try:
            self._encode(value, self.child.gen if self.child else -1)
        except (TypeError, ValueError, ReferenceError):
            return False
        return True

    def _encode(self, value: object, gen: int, depth: int = 0) -> object:
        kind = type(value)
        if value is None or type(value) is bool or type(value) is str:
            return value
        if type(value) is int:
            return value if -INT_LIMIT < value < INT_LIMIT else {"$": "int", "v": format(value, "x")}
        if type(value) is float:
            return value if math.isfinite(value) else {"$": "float", "v": repr(value)}
        if type(value) is RemoteObject:
            if value._assay_gen != gen:
                raise ReferenceError(f"{value!r} belongs to a candidate process that has ended")
            return {"$": "ref", "id": value._assay_id}
        if type(value) is CandidateModule:
            return {"$": "ref", "id": self.module_ref(value._assay_name)._assay_id}
        if depth > MAX_DEPTH:
            raise ValueError("a value nested too deeply to pass to the candidate's code")
        nested = depth + 1
        if isinstance(value, bool):
            return bool(value)
        if isinstance(value, int):
            return self._encode(int(value), gen, nested)
        if isinstance(value, float):
            return self._encode(float(value), gen, nested)
        if isinstance(value, str):
            return str(value)
        if isinstance(value, (bytes, bytearray)):
            tag = "bytearray" if isinstance(value, bytearray) else "bytes"
            return {"$": tag, "v": base64.b64encode(bytes(value)).decode("ascii")}
        if isinstance(value, complex):
            return {"$": "complex", "re": self._encode(value.real, gen), "im": self._encode(value.imag, gen)}
        if isinstance(value, list):
            return [self._encode(item, gen, nested) for item in value]
        if isinstance(value, tuple):
            return {"$": "tuple", "v": [self._encode(item, gen, nested) for item in value]}
        if isinstance(value, (set, frozenset)):
            tag = "frozenset" if isinstance(value, frozenset) else "set"
            return {"$": tag, "v": [self._encode(item, gen, nested) for item in value]}
        if isinstance(value, dict):
            return {"$": "dict", "v": [[self._encode(k, gen, nested), self._encode(v, gen, nested)]
                                       for k, v in value.items()]}
        raise TypeError(
            f"a {kind.__name__} cannot be passed to the candidate's code: only plain data (None, bool, "
            "int, float, complex, str, bytes, list, tuple, set, dict) and the candidate's own objects")

    def _decode_value(self, node: object, gen: int, strict: bool = True) -> object:
        """A reply's value as plain data and RemoteObjects; malformed: a protocol error (strict) or
        None."""
        try:
            return self._decode(node, gen, 0)
        except (TypeError, ValueError, KeyError, RecursionError, binascii.Error, OverflowError):
            if not strict:
                return None
            raise self.protocol_error("a malformed value") from None

    def _decode(self, node: object, gen: int, depth: int) -> object:
        if node is None or type(node) is bool or type(node) is int or type(node) is float or type(node) is str:
            return node
        if depth > MAX_DEPTH:
            raise ValueError("too deep")
        if type(node) is list:
            return [self._decode(item, gen, depth + 1) for item in node]
        if type(node) is not dict:
            raise ValueError("not a value")
        tag = node.get("$")
        value = node.get("v")
        if tag == "ref":
            ref_id, name, text = node.get("id"), node.get("type"), node.get("repr")
            if type(ref_id) is not int or type(name) is not str or type(text) is not str:
                raise ValueError("bad reference")
            return RemoteObject(gen, ref_id, name[:200], text[:300])
        if tag == "int":
            if type(value) is not str or len(value) > HEX_DIGITS_LIMIT:
                raise ValueError("bad int")
            return int(value, 16)
        if tag == "float":
            if value not in ("nan", "inf", "-inf"):
                raise ValueError("bad float")
            return float(value)
        if tag == "bytes" or tag == "bytearray":
            if type(value) is not str:
                raise ValueError("bad bytes")
            data = base64.b64decode(value, validate=True)
            return data if tag == "bytes" else bytearray(data)
        if tag == "complex":
            real = self._decode(node.get("re"), gen, depth + 1)
            imag = self._decode(node.get("im"), gen, depth + 1)
            if (type(real) not in (int, float) or type(imag) not in (int, float)
                    or not isinstance(real, int | float) or not isinstance(imag, int | float)):  # (narrows the type)
                raise ValueError("bad complex")
            return complex(real, imag)
        if type(value) is not list:
            raise ValueError("bad container")
        items = [self._decode(item, gen, depth + 1) for item in value]
        if tag == "tuple":
            return tuple(items)
        if tag == "set":
            return set(items)
        if tag == "frozenset":
            return frozenset(items)
        if tag == "dict":
            pairs = {}
            for pair in items:
                if type(pair) is not list or len(pair) != 2:
                    raise ValueError("bad dict")
                pairs[pair[0]] = pair[1]
            return pairs
        raise ValueError("unknown tag")

    def _exception(self, info: dict, gen: int) -> BaseException:
        name, module = info.get("type"), info.get("module")
        message, trace = info.get("message"), info.get("traceback")
        if type(name) is not str or type(message) is not str:
            return self.protocol_error("a malformed exception")
        module = module if type(module) is str else ""
        trace = trace[-TEXT_LIMIT:] if type(trace) is str else ""
        exc: BaseException | None = None
        cls = getattr(builtins, name, None) if module == "builtins" else None
        if isinstance(cls, type) and issubclass(cls, Exception) and cls.__module__ == "builtins":
            args = self._decode_value(info.get("args", []), gen, strict=False)
            plain = (type(None), bool, int, float, str, bytes)
            if type(args) is not list or any(type(a) not in plain for a in args):
                args = [message]
            try:
                exc = cls(*args)
            except Exception:
                try:
                    exc = cls(message)
                except Exception:
                    exc = None
        if exc is None:
            exc = CandidateError(name[:200], message[:TEXT_LIMIT], trace, module[:200])
        # marks put on whatever exception class the candidate's code raised (the harness reads them back)
        exc.__assay_candidate__ = True  # type: ignore[attr-defined]
        exc.candidate_traceback = trace  # type: ignore[attr-defined]
        if trace:
            exc.add_note("raised in the candidate's code:\n" + trace.rstrip())
        return exc


def _live_cpu_s(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/stat", "rb") as handle:
            stat = handle.read()
    except OSError:
        return 0.0
    fields = stat[stat.rfind(b")") + 2 :].split()
    try:
        ticks = sum(int(x) for x in fields[11:15])
    except ValueError:
        return 0.0
    return ticks / os.sysconf("SC_CLK_TCK")


_runtime = _Runtime()
