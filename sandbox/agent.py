"""The in-container agent: waits on stdin for one job, runs it, reports on stdout, exits.

This file is copied into every sandbox image and runs there as ``python3 -I -S agent.py``, as the
unprivileged sandbox user, and it is the container's init (pid 1): it reaps every orphan, and the
kernel drops any signal a program inside sends it, so nothing the program does can kill, stop or
trace its supervisor. (Docker's own init would be a dumpable pid 1 holding the container's stdio,
which a program of the same uid could open through /proc/1/fd.) It uses the standard library only. The host imports
it too, for the framing helpers, so both ends share one definition of the protocol.

Protocol (all lengths in bytes, decimal):

    host -> agent:  b"ASSAY-REQUEST <json_len> <files_len> <stdin_len>\\n" json files stdin
    agent -> host:  b"\\nASSAY-RESULT <nonce> <json_len> <stdout_len> <stderr_len> <artifact_len>\\n"
                    json stdout stderr artifact

``files`` and ``artifact`` are tar archives of regular files and directories. The artifact is the
directory named by ``collect`` (relative to the work directory), packed after the run; with
``collect_on_success`` only when the program exited 0 (a compiler).

Streaming (``"stream": true``, for interactive problems): the program's stdin is fed from frames
that follow the request on the agent's stdin (``<4-byte big-endian length><data>``; length 0 closes
the program's stdin), and its stdout leaves as frames
``ASSAY-DATA <token> <len>\n<data>``, each written with one write() of at most PIPE_BUF bytes so that
nothing else written to the container's stdout can split one; ``ASSAY-EOF <token>\n`` marks its end.

Sessions (``"session": true``, the ``submission`` isolation mode): the container serves one
submission's jobs one after another (the compile, then each test), never another submission's. After
each job the agent kills every process but itself and reaps them all, empties /tmp (the work
directory and anything else a program left there: hidden files, fifos, sockets, directories it made
unreadable), removes System V IPC objects, restores its own rlimits, nice value, scheduling policy
and CPU affinity where a program of the same uid changed them, and checks that nothing but the host
wrote to its stdin, that no TCP or UDP socket remains (TIME_WAIT outlives a process by 60 s) and that
a program cannot have left a POSIX message queue. The report says ``"clean": true`` only when all
of that succeeded; otherwise the agent exits after the report and the host takes a fresh container
for the next job. Each job's program is a fresh process with the agent's limits, so nothing one test
changed reaches the next.

The result frame's nonce is random per job and written only after every process of the program is
gone; everything written while the program runs (``ASSAY-STARTED <token>``, stream frames) carries a
separate token. The agent is pid 1 and non-dumpable, so the program cannot open its stdio; and even
where it can (gVisor lets a program open /proc/1/fd/*), nothing it reads there forges a result.
"""

from __future__ import annotations

import functools
import io
import json
import os
import resource
import select
import selectors
import signal
import subprocess
import sys
import tarfile
import threading
import time

TYPE_CHECKING = False  # typing is not imported at run time: the agent boots in every container
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

REQUEST_MAGIC = b"ASSAY-REQUEST"
RESULT_MAGIC = b"ASSAY-RESULT"
STARTED_MAGIC = b"ASSAY-STARTED"
DATA_MAGIC = b"ASSAY-DATA"
EOF_MAGIC = b"ASSAY-EOF"
PIPE_BUF = 4096
MAX_REQUEST_JSON = 1 << 20
CHILD_ENV_KEYS = ("PATH", "HOME", "LANG")
# util-linux's prlimit (in every Debian image) starts each program with its limits already set: the
# agent then starts it through vfork, not a fork of this interpreter, which under gVisor costs
# ~20 ms a test; without it the limits are set by a preexec hook as before.
PRLIMIT = "/usr/bin/prlimit"
POLL_INTERVAL_S = 0.02

PR_SET_DUMPABLE = 4
PR_SET_CHILD_SUBREAPER = 36


# ----------------------------------------------------------------------------- framing (shared)


def encode_request(meta: dict[str, Any], files: bytes, stdin: bytes) -> bytes:
    body = json.dumps(meta).encode()
    header = b"%s %d %d %d\n" % (REQUEST_MAGIC, len(body), len(files), len(stdin))
    return header + body + files + stdin


def result_marker(nonce: str) -> bytes:
    return b"\n%s %s " % (RESULT_MAGIC, nonce.encode())


def started_marker(nonce: str) -> bytes:
    return b"%s %s\n" % (STARTED_MAGIC, nonce.encode())


def data_marker(nonce: str) -> bytes:
    return b"\n%s %s " % (DATA_MAGIC, nonce.encode())


def eof_marker(nonce: str) -> bytes:
    return b"\n%s %s\n" % (EOF_MAGIC, nonce.encode())


def stream_frame(data: bytes) -> bytes:
    """Host -> agent data frame for a streaming job (empty data closes the program's stdin)."""
    return len(data).to_bytes(4, "big") + data


def decode_result(buffer: bytes, nonce: str) -> tuple[dict[str, Any], bytes, bytes, bytes] | None:
    """Find this job's result frame in the agent's stdout; None while it is incomplete or absent."""
    marker = result_marker(nonce)
    start = buffer.find(marker)
    if start < 0:
        return None
    line_end = buffer.find(b"\n", start + len(marker))
    if line_end < 0:
        return None
    try:
        sizes = [int(x) for x in buffer[start + len(marker) : line_end].split()]
        json_len, out_len, err_len, art_len = sizes
    except ValueError:
        return None
    pos = line_end + 1
    end = pos + json_len + out_len + err_len + art_len
    if len(buffer) < end:
        return None
    meta = json.loads(buffer[pos : pos + json_len])
    pos += json_len
    stdout = buffer[pos : pos + out_len]
    pos += out_len
    stderr = buffer[pos : pos + err_len]
    pos += err_len
    artifact = buffer[pos : pos + art_len]
    return meta, stdout, stderr, artifact


def pack_tree(root: str, limit: int) -> bytes:
    """Tar regular files and directories under root (symlinks and devices are left out)."""
    out = io.BytesIO()
    total = 0
    with tarfile.open(fileobj=out, mode="w") as tar:
        for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
            dirnames.sort()
            for name in sorted(filenames):
                path = os.path.join(dirpath, name)
                st = os.lstat(path)
                if not os.path.isfile(path) or os.path.islink(path):
                    continue
                total += st.st_size
                if total > limit:
                    raise OverflowError(f"artifact larger than {limit} bytes")
                info = tarfile.TarInfo(os.path.relpath(path, root))
                info.size = st.st_size
                info.mode = 0o755 if st.st_mode & 0o111 else 0o644
                with open(path, "rb") as handle:
                    tar.addfile(info, handle)
    return out.getvalue()


def unpack_tree(data: bytes, root: str) -> None:
    """Extract regular files and directories only, refusing any path that leaves root."""
    os.makedirs(root, exist_ok=True)
    if not data:
        return
    real_root = os.path.realpath(root)
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:") as tar:
        for member in tar.getmembers():
            target = os.path.realpath(os.path.join(real_root, member.name))
            if not (target == real_root or target.startswith(real_root + os.sep)):
                raise ValueError(f"archive member {member.name!r} leaves the work directory")
            if member.isdir():
                os.makedirs(target, exist_ok=True)
            elif member.isfile():
                os.makedirs(os.path.dirname(target), exist_ok=True)
                source = tar.extractfile(member)
                assert source is not None
                with open(target, "wb") as handle:
                    handle.write(source.read())
                os.chmod(target, 0o755 if member.mode & 0o111 else 0o644)
            else:
                raise ValueError(f"archive member {member.name!r} is not a regular file")


# ----------------------------------------------------------------------------- agent side


def _prctl(option: int, value: int) -> None:
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(option, value, 0, 0, 0)
    except Exception:  # pragma: no cover - ctypes missing: the frame nonce still protects results
        pass


def _read_exact(fd: int, size: int) -> bytes:
    chunks = []
    remaining = size
    while remaining:
        chunk = os.read(fd, min(remaining, 1 << 20))
        if not chunk:
            raise EOFError("request truncated")
        chunks.append(chunk)
        remaining -= len(chunk)
    return b"".join(chunks)


def _read_line(fd: int, limit: int = 256) -> bytes:
    line = b""
    while not line.endswith(b"\n"):
        byte = os.read(fd, 1)
        if not byte:
            raise EOFError("no request")
        line += byte
        if len(line) > limit:
            raise ValueError("request header too long")
    return line


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def _cgroup_oom_kills() -> int | None:
    """The container's OOM-kill counter (cgroup v2 or v1), or None where it cannot be read."""
    for path in ("/sys/fs/cgroup/memory.events", "/sys/fs/cgroup/memory/memory.oom_control"):
        try:
            with open(path) as handle:
                for line in handle:
                    key, _, value = line.partition(" ")
                    if key == "oom_kill":
                        return int(value)
        except OSError:
            continue
    return None


def _cgroup_anon_kib() -> int | None:
    """Anonymous memory of the whole container (every process; tmpfs and page cache excluded)."""
    for path, key in (("/sys/fs/cgroup/memory.stat", b"anon"), ("/sys/fs/cgroup/memory/memory.stat", b"total_rss")):
        try:
            with open(path, "rb") as handle:
                for line in handle:
                    name, _, value = line.partition(b" ")
                    if name == key:
                        return int(value) // 1024
        except (OSError, ValueError):
            continue
    return None


class _Reaped:
    """What the processes reaped during one job used: the largest peak RSS among them (per job, where
    RUSAGE_CHILDREN's ru_maxrss would be the largest since the agent started)."""

    def __init__(self) -> None:
        self.maxrss_kib = 0

    def wait4(self, pid: int, options: int) -> tuple[int, int]:
        got, status, usage = os.wait4(pid, options)
        if got:
            self.maxrss_kib = max(self.maxrss_kib, int(usage.ru_maxrss))
        return got, status


def _reap_orphans(main_pid: int, reaped: _Reaped) -> None:
    """Reap exited orphans (they reparent to us, pid 1) so zombies never fill the pids limit."""
    for entry in os.listdir("/proc"):
        if not entry.isdigit() or int(entry) in (1, main_pid, os.getpid()):
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as handle:
                stat = handle.read()
            if stat[stat.rfind(b")") + 2 : stat.rfind(b")") + 3] == b"Z":
                reaped.wait4(int(entry), os.WNOHANG)
        except (OSError, ChildProcessError):
            continue


def _cgroup_charge_kib() -> int | None:
    """What the container's memory cgroup charges for processes and scratch: anonymous memory plus
    tmpfs pages (what would hit a cgroup limit), for the agent's own memory limit in a session."""
    for path, keys in (("/sys/fs/cgroup/memory.stat", (b"anon", b"shmem")),
                       ("/sys/fs/cgroup/memory/memory.stat", (b"total_rss", b"total_shmem"))):
        try:
            total, seen = 0, 0
            with open(path, "rb") as handle:
                for line in handle:
                    name, _, value = line.partition(b" ")
                    if name in keys:
                        total += int(value)
                        seen += 1
            if seen:
                return total // 1024
        except (OSError, ValueError):
            continue
    return None


def _scratch_kib() -> int:
    """What /tmp holds (tmpfs pages are memory)."""
    try:
        st = os.statvfs("/tmp")
    except OSError:
        return 0
    return (st.f_blocks - st.f_bfree) * st.f_frsize // 1024


_CLK_TCK = os.sysconf("SC_CLK_TCK")


def _live_cpu_ms(exclude: set[int]) -> int:
    """CPU time of every live process in the container (their own and their reaped children's)."""
    total_ticks = 0
    for entry in os.listdir("/proc"):
        if not entry.isdigit() or int(entry) in exclude:
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as handle:
                stat = handle.read()
        except OSError:
            continue
        fields = stat[stat.rfind(b")") + 2 :].split()
        # fields[11..14] = utime stime cutime cstime (man 5 proc, counting from state = 0)
        total_ticks += sum(int(x) for x in fields[11:15])
    return total_ticks * 1000 // _CLK_TCK


def _vm_hwm_kib(pid: int) -> int:
    """Peak resident set of a live process since its exec (0 once it is gone); where the kernel keeps
    no peak (gVisor has no VmHWM), the current resident set, so that sampling it finds the peak."""
    rss = 0
    try:
        with open(f"/proc/{pid}/status", "rb") as handle:
            for line in handle:
                if line.startswith(b"VmHWM:"):
                    return int(line.split()[1])
                if line.startswith(b"VmRSS:"):
                    rss = int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return rss


_PAGE_KIB = os.sysconf("SC_PAGE_SIZE") // 1024


def _live_rss_kib(exclude: set[int]) -> int:
    """Resident memory of every live process in the container but the agent (no cgroup view)."""
    total = 0
    for entry in os.listdir("/proc"):
        if not entry.isdigit() or int(entry) in exclude:
            continue
        try:
            with open(f"/proc/{entry}/statm", "rb") as handle:
                total += int(handle.read().split()[1]) * _PAGE_KIB
        except (OSError, ValueError, IndexError):
            continue
    return total


def _self_rss_kib() -> int:
    try:
        with open("/proc/self/status", "rb") as handle:
            for line in handle:
                if line.startswith(b"VmRSS:"):
                    return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return 0


def _children_usage() -> resource.struct_rusage:
    return resource.getrusage(resource.RUSAGE_CHILDREN)


def _kill_everything() -> None:
    try:
        os.kill(-1, signal.SIGKILL)  # every process we may signal, except ourselves and init
    except ProcessLookupError:
        pass


def _reap_all(deadline: float, reaped: _Reaped | None = None) -> bool:
    """Kill and reap until no process but the agent is left; False if some survive the deadline."""
    reaped = reaped or _Reaped()
    while time.monotonic() < deadline:
        try:
            pid, _ = reaped.wait4(-1, os.WNOHANG)
        except ChildProcessError:
            return True
        if pid == 0:
            _kill_everything()
            time.sleep(0.005)
    return False


class _Job:
    """One program run: spawn it, feed its stdin, watch it until it exits or breaks a limit (then kill
    it), and report what it did (the result frame's json, its stdout and its stderr)."""

    def __init__(self, request: dict[str, Any], stdin_data: bytes, token: str) -> None:
        self.argv = list(request["argv"])
        self.workdir = request["workdir"]
        self.cpu_limit_ms = int(request["cpu_limit_ms"])
        self.wall_limit_ms = int(request["wall_limit_ms"])
        self.output_limit = int(request["output_limit"])
        self.stderr_limit = int(request["stderr_limit"])
        self.memory_kill_kib = int(request.get("memory_kill_kib") or 0)
        self.session = bool(request.get("session"))
        self.streaming = bool(request.get("stream"))
        self.stdin_data = stdin_data
        self.token = token
        self.data_header = data_marker(token)
        self.env = {key: os.environ[key] for key in CHILD_ENV_KEYS if key in os.environ}
        self.rlimit_cpu = self.cpu_limit_ms // 1000 + 2
        self.child: subprocess.Popen[bytes] | None = None
        self.spawned = threading.Event()  # set once spawn() has succeeded or given up
        self.reaped = _Reaped()
        # measured by spawn() just before the program starts
        self.oom_before: int | None = None
        self.cpu_base_ms = 0
        self.charge_base: int | None = None
        self.scratch_base = 0
        self.start = 0.0
        # what watch() sees
        self.selector = selectors.DefaultSelector()
        self.pidfd: int | None = None
        self.me = {1, os.getpid()}
        self.fork_floor_kib = 0
        self.anon_base: int | None = None
        self.last_cpu_check = self.last_rss_check = 0.0
        self.live_rss = 0
        self.hwm_kib = 0
        self.anon_peak = 0
        self.out = bytearray()
        self.err = bytearray()
        self.out_total = 0
        self.err_total = 0
        self.killed_for: str | None = None
        self.wall_ms = 0

    def run(self) -> tuple[dict[str, Any], bytes, bytes]:
        # The feeder thread exists before the program does: a fork bomb cannot starve its creation.
        threading.Thread(target=self.feed, daemon=True).start()
        try:
            failed = self.spawn()
        finally:
            self.spawned.set()
        if failed is not None:
            return failed
        _write_all(2, started_marker(self.token))
        return self.report(self.watch())

    # ------------------------------------------------------------------ spawn

    def spawn(self) -> tuple[dict[str, Any], bytes, bytes] | None:
        """Start the program with its limits; the exec_failed report where it cannot start."""
        self.oom_before = _cgroup_oom_kills()
        self.cpu_base_ms = _usage_ms(_children_usage())  # a session's earlier jobs are not this one's
        self.charge_base = _cgroup_charge_kib() if self.memory_kill_kib else None
        self.scratch_base = _scratch_kib() if self.memory_kill_kib else 0
        self.start = time.monotonic()
        argv: list[str] = self.argv
        preexec: Callable[[], None] | None = self._limit_child
        if _have_prlimit():
            problem = _exec_error(argv[0], self.workdir, self.env.get("PATH", ""))
            if problem is not None:
                return _exec_failed(argv[0], problem)
            limits = [f"--cpu={self.rlimit_cpu}:{self.rlimit_cpu + 1}"]
            if self.session and _msgqueue_settable():  # gVisor has no such limit to set (nor such queues)
                limits.append("--msgqueue=0:0")
            argv, preexec = [PRLIMIT, *limits, "--", *argv], None
        try:
            self.child = subprocess.Popen(
                argv,
                cwd=self.workdir,
                env=self.env,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                start_new_session=True,
                preexec_fn=preexec,
                close_fds=True,
            )
        except OSError as exc:
            return _exec_failed(self.argv[0], exc.strerror or str(exc))
        return None

    def _limit_child(self) -> None:
        """The limits set in the child before exec, where there is no prlimit to start it with."""
        resource.setrlimit(resource.RLIMIT_CPU, (self.rlimit_cpu, self.rlimit_cpu + 1))
        if self.session:  # POSIX message queues outlive their creator and cannot be listed: none at all
            try:
                resource.setrlimit(resource.RLIMIT_MSGQUEUE, (0, 0))
            except (OSError, ValueError):
                pass
        for signum in signal.valid_signals():
            if signum not in (signal.SIGKILL, signal.SIGSTOP):
                try:
                    signal.signal(signum, signal.SIG_DFL)
                except (OSError, ValueError):
                    pass
        signal.pthread_sigmask(signal.SIG_SETMASK, [])

    # ------------------------------------------------------------------ feed (its own thread)

    def feed(self) -> None:
        """The program's stdin: the request's bytes, or the host's frames in a streaming job."""
        self.spawned.wait()
        child = self.child
        if child is None or child.stdin is None:
            return
        stdin_fd = child.stdin.fileno()
        try:
            if self.streaming:
                while True:
                    size = int.from_bytes(_read_exact(0, 4), "big")
                    if size == 0:
                        break
                    chunk = _read_exact(0, size)
                    try:
                        _write_all(stdin_fd, chunk)
                    except OSError:
                        continue  # the program closed its stdin; keep consuming frames
            else:
                view = memoryview(self.stdin_data)
                while view:
                    view = view[os.write(stdin_fd, view[: 1 << 16]) :]
        except (OSError, EOFError):
            pass
        finally:
            try:
                child.stdin.close()
            except OSError:
                pass

    # ------------------------------------------------------------------ watch

    def watch(self) -> int:
        """Read the program's output until it exits, or kill it at a limit; its exit status."""
        child = self.child
        assert child is not None and child.stdout is not None and child.stderr is not None
        selector = self.selector
        for stream in (child.stdout, child.stderr):
            os.set_blocking(stream.fileno(), False)
            selector.register(stream, selectors.EVENT_READ)
        # The exit wakes the loop at once through a pidfd (Linux >= 5.3): a program usually closes its
        # output a moment before it can be reaped, and waiting out a whole poll interval then cost every
        # test up to 20 ms. Where there is none (gVisor), the loop polls every 2 ms once the output is closed.
        pidfd = self.pidfd = _pidfd(child.pid)
        if pidfd is not None:
            selector.register(pidfd, selectors.EVENT_READ)
        # ru_maxrss of a child counts the agent's pages it shared between fork and exec; below that
        # floor the program's own peak comes from VmHWM, read while it runs.
        self.fork_floor_kib = _self_rss_kib() + 1024
        self.anon_base = _cgroup_anon_kib()
        while True:
            streams_open = len(selector.get_map()) > (pidfd is not None)
            for key, _ in selector.select(POLL_INTERVAL_S if streams_open or pidfd is not None else 0.002):
                if key.fileobj is not pidfd:
                    self._drain(key.fileobj)
            now = time.monotonic()
            self.hwm_kib = max(self.hwm_kib, _vm_hwm_kib(child.pid))
            status = _poll(child, self.reaped)
            if status is not None:
                self.wall_ms = int((now - self.start) * 1000)
                return status
            if self.killed_for is None:
                self.killed_for = self._limit_broken(now)
            if self.killed_for is not None:
                self.wall_ms = int((now - self.start) * 1000)
                _kill_everything()
                return _wait(child, self.reaped)

    def _limit_broken(self, now: float) -> str | None:
        """Which limit the running program broke (wall, memory, cpu), if any; samples its memory."""
        if (now - self.start) * 1000 > self.wall_limit_ms:
            return "wall"
        if self.memory_kill_kib:
            # A session's container is sized for the compile: the test's own memory limit is ours
            # to enforce, counting what a cgroup would (every process's memory and the scratch).
            charge = _cgroup_charge_kib()
            if charge is None or self.charge_base is None:  # no cgroup view (gVisor): program and scratch
                if now - self.last_rss_check > 0.05:
                    self.last_rss_check = now
                    self.live_rss = _live_rss_kib(self.me)
                charge, self.charge_base = max(self.hwm_kib, self.live_rss) + _scratch_kib(), self.scratch_base
            if charge - self.charge_base > self.memory_kill_kib or self.hwm_kib > self.memory_kill_kib:
                return "memory"
        if now - self.last_cpu_check > 0.05:
            self.last_cpu_check = now
            used = _live_cpu_ms(self.me) + _usage_ms(_children_usage()) - self.cpu_base_ms
            if self.anon_base is not None:
                self.anon_peak = max(self.anon_peak, (_cgroup_anon_kib() or 0) - self.anon_base)
            assert self.child is not None
            _reap_orphans(self.child.pid, self.reaped)
            if used > self.cpu_limit_ms:
                return "cpu"
        return None

    def _drain(self, stream: Any) -> None:
        """Read what one of the program's pipes holds: kept up to its limit, or sent on as stream frames."""
        try:
            chunk = os.read(stream.fileno(), 1 << 16)
        except BlockingIOError:
            return
        child = self.child
        assert child is not None
        if not chunk:
            self.selector.unregister(stream)
            if stream is child.stdout and self.streaming:
                os.write(1, eof_marker(self.token))
            return
        if stream is child.stdout:
            self.out_total += len(chunk)
            if self.streaming:
                step = PIPE_BUF - len(self.data_header) - 16
                for at in range(0, len(chunk), step):
                    piece = chunk[at : at + step]
                    os.write(1, self.data_header + b"%d\n" % len(piece) + piece)
            else:
                self.out.extend(chunk[: max(self.output_limit - len(self.out), 0)])
            over = self.out_total > self.output_limit
        else:
            self.err_total += len(chunk)
            self.err.extend(chunk[: max(self.stderr_limit - len(self.err), 0)])
            over = self.err_total > self.output_limit
        if over and self.killed_for is None:
            self.killed_for = "output"

    # ------------------------------------------------------------------ report

    def report(self, exit_status: int) -> tuple[dict[str, Any], bytes, bytes]:
        """Once the program is done: nothing it started may outlive it or write after the report;
        then what it did."""
        selector = self.selector
        if self.pidfd is not None:
            selector.unregister(self.pidfd)
            os.close(self.pidfd)
        _kill_everything()
        drain_deadline = time.monotonic() + 1.0
        while selector.get_map() and time.monotonic() < drain_deadline:
            for key, _ in selector.select(POLL_INTERVAL_S):
                self._drain(key.fileobj)
            _kill_everything()
        selector.close()
        _reap_all(time.monotonic() + 2.0, self.reaped)
        usage = _children_usage()
        oom_after = _cgroup_oom_kills()
        signal_name = None
        exit_code: int | None = exit_status
        if exit_status < 0:
            signal_name = signal.Signals(-exit_status).name
            exit_code = None
        if self.oom_before is not None and oom_after is not None:
            oom_killed = oom_after > self.oom_before
        else:  # no cgroup view (gVisor): a SIGKILL we did not send is the OOM killer's
            oom_killed = signal_name == "SIGKILL" and self.killed_for is None
        maxrss_kib = self.reaped.maxrss_kib
        meta = {
            "status": "signaled" if signal_name else "exited",
            "exit_code": exit_code,
            "signal": signal_name,
            "cpu_ms": _usage_ms(usage) - self.cpu_base_ms,
            "wall_ms": self.wall_ms,
            # The largest process, or all of them together as sampled from the cgroup, whichever is more.
            "memory_kib": max(
                maxrss_kib if maxrss_kib > self.fork_floor_kib or not self.hwm_kib else self.hwm_kib, self.anon_peak
            ),
            "oom_killed": oom_killed,
            "killed_for": self.killed_for,
            "stdout_total": self.out_total,
            "stderr_total": self.err_total,
        }
        return meta, bytes(self.out), bytes(self.err)


@functools.cache
def _msgqueue_settable() -> bool:
    try:  # setting our own limit to what it is changes nothing
        resource.setrlimit(resource.RLIMIT_MSGQUEUE, resource.getrlimit(resource.RLIMIT_MSGQUEUE))
    except (OSError, ValueError):
        return False
    return True


@functools.cache
def _have_prlimit() -> bool:
    return os.access(PRLIMIT, os.X_OK)


def _exec_failed(program: str, reason: str) -> tuple[dict[str, Any], bytes, bytes]:
    message = f"cannot start {program!r}: {reason}"
    meta = {"status": "exec_failed", "exit_code": 127, "signal": None, "cpu_ms": 0, "wall_ms": 0,
            "memory_kib": 0, "oom_killed": False, "killed_for": None, "stdout_total": 0,
            "stderr_total": 0, "message": message}
    return meta, b"", message.encode()


def _exec_error(program: str, workdir: str, path: str) -> str | None:
    """Why execvp would not start ``program`` (its strerror), or None. Checked before prlimit runs:
    prlimit's own failure to exec would otherwise look like the program's exit code 127."""
    if "/" in program:
        candidates = [os.path.join(workdir, program)]
    else:  # an empty or relative PATH entry is relative to the program's cwd, as for execvp
        candidates = [os.path.join(workdir, entry, program) for entry in path.split(":")]
    found = [candidate for candidate in candidates if os.path.isfile(candidate)]
    if any(os.access(candidate, os.X_OK) for candidate in found):
        return None
    return os.strerror(13 if found else 2)  # EACCES / ENOENT


def _usage_ms(usage: resource.struct_rusage) -> int:
    return int((usage.ru_utime + usage.ru_stime) * 1000)


def _pidfd(pid: int) -> int | None:
    try:
        return os.pidfd_open(pid)
    except (AttributeError, OSError):
        return None


def _poll(child: subprocess.Popen[bytes], reaped: _Reaped) -> int | None:
    """Popen.poll through wait4, so the program's own rusage (peak RSS) is this job's."""
    if child.returncode is None:
        try:
            pid, status = reaped.wait4(child.pid, os.WNOHANG)
        except ChildProcessError:
            return child.poll()
        if pid:
            child.returncode = os.waitstatus_to_exitcode(status)
    return child.returncode


def _wait(child: subprocess.Popen[bytes], reaped: _Reaped) -> int:
    while child.returncode is None:
        try:
            pid, status = reaped.wait4(child.pid, 0)
        except ChildProcessError:
            return child.wait()
        except InterruptedError:
            continue
        if pid:
            child.returncode = os.waitstatus_to_exitcode(status)
    return child.returncode


# ----------------------------------------------------------------------------- sessions

IPC_RMID = 0
IPC_PRIVATE = 0
IPCMNI = 32768
IPC_KINDS = ("shm", "msg", "sem")
RLIMITS = tuple(getattr(resource, name) for name in sorted(dir(resource)) if name.startswith("RLIMIT_"))


def _libc() -> Any:
    import ctypes

    return ctypes.CDLL(None, use_errno=True)


def _ipc_remove(libc: Any, kind: str, ident: int) -> int:
    if kind == "shm":
        return int(libc.shmctl(ident, IPC_RMID, None))
    if kind == "msg":
        return int(libc.msgctl(ident, IPC_RMID, None))
    return int(libc.semctl(ident, 0, IPC_RMID, None))


def _ipc_mark(libc: Any, kind: str) -> int:
    """Where the IPC namespace's id counter stands (gVisor allocates ids in sequence): make a private
    object and remove it again; -1 if that fails."""
    if kind == "shm":
        ident = int(libc.shmget(IPC_PRIVATE, 1, 0o600))
    elif kind == "msg":
        ident = int(libc.msgget(IPC_PRIVATE, 0o600))
    else:
        ident = int(libc.semget(IPC_PRIVATE, 1, 0o600))
    if ident >= 0:
        _ipc_remove(libc, kind, ident)
    return ident


def _mqueue_creatable(libc: Any) -> bool:
    """Whether this process can make a POSIX message queue (made and removed again at once)."""
    name = b"/assay-agent-%d" % os.getpid()
    try:
        fd = int(libc.mq_open(name, os.O_CREAT | os.O_EXCL | os.O_RDWR, 0o600, None))
    except (AttributeError, OSError):  # no mq_open in this libc: no queues for the programs either
        return False
    if fd < 0:
        return False
    os.close(fd)
    libc.mq_unlink(name)
    return True


def _tcp_opens() -> tuple[int, int] | None:
    """How many TCP connections this network namespace has opened (ActiveOpens, PassiveOpens)."""
    try:
        with open("/proc/net/snmp") as handle:
            rows = [line.split() for line in handle if line.startswith("Tcp:")]
        names, values = rows[0], rows[1]
        return int(values[names.index("ActiveOpens")]), int(values[names.index("PassiveOpens")])
    except (OSError, ValueError, IndexError):
        return None


def _sockets_left() -> list[str]:
    """TCP and UDP sockets outlive their processes (a closed connection waits in TIME_WAIT for 60 s)
    and every process sees them in /proc/net (and the port stays taken): a channel from one test to
    the next. None may remain. (gVisor does not list TIME_WAIT there: see ``_Session.clean``.)"""
    left = []
    for table in ("tcp", "tcp6", "udp", "udp6"):
        try:
            with open(f"/proc/net/{table}") as handle:
                rows = [line for line in handle.readlines()[1:] if line.strip()]
        except OSError:  # no such table (no IPv6, say): no such sockets
            continue
        if rows:
            left.append(f"{table} sockets left")
    return left


def _wipe(root: str) -> bool:
    """Remove everything under root without following links; directories a program made unreadable
    are ours (same uid) to open up again. False if anything is left."""
    ok = True
    try:
        entries = list(os.scandir(root))
    except OSError:
        return False
    for entry in entries:
        try:
            if entry.is_dir(follow_symlinks=False):
                os.chmod(entry.path, 0o700)
                ok = _wipe(entry.path) and ok
                os.rmdir(entry.path)
            else:
                os.unlink(entry.path)
        except OSError:
            ok = False
    return ok


class _Session:
    """The state one submission's jobs must not pass to each other, with what it was at the start."""

    def __init__(self) -> None:
        self.libc = _libc()
        self.rlimits = {res: resource.getrlimit(res) for res in RLIMITS}
        self.nice = os.getpriority(os.PRIO_PROCESS, 0)
        self.policy = os.sched_getscheduler(0)
        self.affinity = os.sched_getaffinity(0)
        self.proc_ipc = os.path.exists("/proc/sysvipc/shm")
        self.ipc_marks = {} if self.proc_ipc else {kind: _ipc_mark(self.libc, kind) for kind in IPC_KINDS}
        # A queue outlives its creator and only /dev/mqueue (not mounted) lists it. The programs get
        # RLIMIT_MSGQUEUE 0 where it can be set, and the seccomp profile refuses mq_open; where neither
        # holds (gVisor without --oci-seccomp), no job is clean: each test gets a fresh container.
        self.mqueues = not _msgqueue_settable() and _mqueue_creatable(self.libc)
        self.tcp_opens = _tcp_opens()

    def clean(self) -> list[str]:
        """Reset the container for the next job; what could not be reset (empty: clean)."""
        problems: list[str] = []
        _kill_everything()
        if not _reap_all(time.monotonic() + 3.0):
            problems.append("processes survived")
        if not _wipe("/tmp") or os.listdir("/tmp"):
            problems.append("/tmp could not be emptied")
        problems += self._clear_ipc()
        problems += _sockets_left()
        opens = _tcp_opens()  # gVisor keeps TIME_WAIT out of /proc/net/tcp: any connection counts
        if opens != self.tcp_opens:
            problems.append("TCP connections were made")
            self.tcp_opens = opens
        if self.mqueues:
            problems.append("POSIX message queues can be made and not listed")
        problems += self._restore_self()
        if select.select([0], [], [], 0)[0]:  # the host sends nothing before our report: injected
            problems.append("unexpected bytes on stdin")
        return problems

    def _clear_ipc(self) -> list[str]:
        left = []
        for kind in IPC_KINDS:
            if self.proc_ipc:
                try:
                    with open(f"/proc/sysvipc/{kind}") as handle:
                        idents = [int(line.split()[1]) for line in handle.readlines()[1:] if line.strip()]
                except (OSError, ValueError, IndexError):
                    left.append(f"cannot list {kind}")
                    continue
            else:  # gVisor: no /proc/sysvipc; every id made since the last mark
                old, new = self.ipc_marks.get(kind, -1), _ipc_mark(self.libc, kind)
                if old < 0 or new < 0:  # no mark (a full namespace, say): what a program left is unknown
                    left.append(f"cannot mark {kind} ids")
                    continue
                span = range(old + 1, new) if new > old else [*range(old + 1, IPCMNI + 1), *range(0, new)]
                idents = list(span)
                self.ipc_marks[kind] = new
            for ident in idents:
                _ipc_remove(self.libc, kind, ident)
            if self.proc_ipc:
                with open(f"/proc/sysvipc/{kind}") as handle:
                    if len(handle.readlines()) > 1:
                        left.append(f"{kind} objects left")
        return left

    def _restore_self(self) -> list[str]:
        """A program of our uid may lower our rlimits (prlimit), raise our nice value, change our
        scheduling policy or CPU affinity; each next program would inherit that. Undo or report."""
        problems = []
        for res, wanted in self.rlimits.items():
            if resource.getrlimit(res) != wanted:
                try:
                    resource.setrlimit(res, wanted)
                except (OSError, ValueError):
                    problems.append(f"rlimit {res} lowered")
        if os.getpriority(os.PRIO_PROCESS, 0) != self.nice:
            try:
                os.setpriority(os.PRIO_PROCESS, 0, self.nice)
            except OSError:
                problems.append("nice value raised")
        if os.sched_getscheduler(0) != self.policy:
            try:
                os.sched_setscheduler(0, self.policy, os.sched_param(0))
            except OSError:
                problems.append("scheduling policy changed")
        if os.sched_getaffinity(0) != self.affinity:
            try:
                os.sched_setaffinity(0, self.affinity)
            except OSError:
                problems.append("CPU affinity changed")
        return problems


def _read_request() -> tuple[dict[str, Any], bytes, bytes]:
    header = _read_line(0).split()
    if len(header) != 4 or header[0] != REQUEST_MAGIC:
        raise ValueError("bad request header")
    json_len, files_len, stdin_len = (int(x) for x in header[1:])
    if json_len > MAX_REQUEST_JSON:
        raise ValueError("request too large")
    request = json.loads(_read_exact(0, json_len))
    files = _read_exact(0, files_len)
    stdin_data = _read_exact(0, stdin_len)
    return request, files, stdin_data


def _job(request: dict[str, Any], files: bytes, stdin_data: bytes) -> tuple[dict[str, Any], bytes, bytes, bytes]:
    artifact = b""
    try:
        unpack_tree(files, request["workdir"])
        del files
        meta, out, err = _Job(request, stdin_data, str(request.get("token", request["nonce"]))).run()
        collect = request.get("collect")
        succeeded = meta["status"] == "exited" and meta["exit_code"] == 0
        if collect is not None and (succeeded or not request.get("collect_on_success")):
            root = os.path.normpath(os.path.join(request["workdir"], collect))
            try:
                if os.path.isdir(root) and not os.path.islink(root):
                    artifact = pack_tree(root, int(request.get("artifact_limit", 1 << 20)))
            except (OverflowError, OSError) as exc:
                meta["artifact_error"] = str(exc)
    except Exception as exc:  # report, never hang: the host turns this into a judge error
        meta = {"agent_error": f"{type(exc).__name__}: {exc}"}
        out = err = b""
    return meta, out, err, artifact


def _ignore_signal(signum: int, frame: object) -> None:
    return None


def serve() -> int:
    _prctl(PR_SET_DUMPABLE, 0)
    _prctl(PR_SET_CHILD_SUBREAPER, 1)
    # As pid 1, signals from inside the container are dropped unless handled. Python's own SIGINT
    # handler is replaced: a program's kill(1, SIGINT) raised KeyboardInterrupt in the agent. Not by
    # SIG_IGN: an ignored signal stays ignored across exec, and a program started through prlimit gets
    # no preexec hook that could reset it; a handler is reset to the default by the exec. SIGPIPE is
    # the one ignored signal, and Popen (restore_signals) resets it in the child.
    signal.signal(signal.SIGPIPE, signal.SIG_IGN)  # a closed stdout is an EPIPE error, not death
    signal.signal(signal.SIGINT, _ignore_signal)
    session: _Session | None = None
    while True:
        try:
            request, files, stdin_data = _read_request()
        except EOFError:
            if session is not None:  # the host is done with this submission's container
                return 0
            raise
        nonce = str(request["nonce"])
        in_session = bool(request.get("session")) and not request.get("stream")
        request["session"] = in_session
        if in_session and session is None:
            session = _Session()  # before any program of the submission has run
        meta, out, err, artifact = _job(request, files, stdin_data)
        del files, stdin_data
        if in_session and session is not None:
            problems = session.clean()
            meta["clean"] = not problems
            if problems:
                meta["unclean"] = problems
        body = json.dumps(meta).encode()
        _write_all(1, result_marker(nonce) + b"%d %d %d %d\n" % (len(body), len(out), len(err), len(artifact)))
        _write_all(1, body + out + err + artifact)
        if not in_session or not meta.get("clean"):
            return 0


if __name__ == "__main__":
    try:
        sys.exit(serve())
    except Exception as exc:
        os.write(2, f"assay agent: {type(exc).__name__}: {exc}\n".encode())
        sys.exit(70)
