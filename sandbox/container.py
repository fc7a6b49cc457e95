"""One hardened, single-use container and the conversation with its agent over attached streams.

Nothing is mounted from the host: the job goes in on the container's stdin, the report comes back on
its stdout. The host never opens a path inside a sandbox.
"""

from __future__ import annotations

import json
import secrets
import select
import socket
import struct
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import docker
import docker.errors
from docker.types import LogConfig, Ulimit

from sandbox import agent as protocol
from sandbox import seccomp
from sandbox.labels import LABEL_DEADLINE, LABEL_OWNER, LABEL_SANDBOX, owner_id

WORKDIR = "/tmp/box"
UPDATABLE_RUNTIMES = ("runc", "crun")  # those whose limits `docker update` changes on a running container
AGENT_STDERR_KEEP = 16 << 10
CHILD_ENV = {"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": "/tmp", "LANG": "C.UTF-8"}


class SandboxError(RuntimeError):
    """The sandbox itself failed (engine unreachable, image missing): a judge error, not a verdict."""


class EngineUnavailable(SandboxError):
    """The Docker engine did not answer, failed a call or restarted under a job: nothing the program
    did. A grading that meets this is retried (with back-off), never given a verdict from it."""


def engine_answers(api: docker.APIClient) -> bool:
    try:
        api.ping()
    except Exception:
        return False
    return True


@dataclass(frozen=True)
class ContainerSpec:
    """Everything that fixes a container's configuration; equal specs are interchangeable in the pool."""

    image: str
    runtime: str
    memory_mib: int
    cpus: float
    pids_limit: int
    tmpfs_mib: int
    file_size_mib: int
    open_files: int
    uid: str
    lifetime_s: float
    cpu_shares: int = 0  # Docker CPU shares (relative weight under contention); 0: the engine's default, 1024

    def create_kwargs(self, api: docker.APIClient) -> dict[str, Any]:
        memory = self.memory_mib << 20
        fsize = self.file_size_mib << 20
        host_config = api.create_host_config(
            runtime=self.runtime,
            network_mode="none",
            ipc_mode="none",
            read_only=True,
            tmpfs={"/tmp": f"rw,nosuid,nodev,exec,size={self.tmpfs_mib}m,mode=1777"},
            cap_drop=["ALL"],
            # Docker's default seccomp profile, made to work under gVisor (sandbox/seccomp.py)
            security_opt=["no-new-privileges:true", seccomp.security_opt(self.runtime)],
            init=False,  # the agent is pid 1 (see sandbox/agent.py): no dumpable init holding our stdio
            pids_limit=self.pids_limit,
            mem_limit=memory,
            memswap_limit=memory,  # equal: no swap
            nano_cpus=int(self.cpus * 1e9),
            cpu_shares=self.cpu_shares or None,
            ulimits=[
                Ulimit(name="fsize", soft=fsize, hard=fsize),
                Ulimit(name="nofile", soft=self.open_files, hard=self.open_files),
                Ulimit(name="core", soft=0, hard=0),
            ],
            log_config=LogConfig(type=LogConfig.types.NONE),  # output never lands on the host disk
            oom_kill_disable=False,
        )
        return {
            "image": self.image,
            "stdin_open": True,
            "user": self.uid,
            "environment": CHILD_ENV,
            "hostname": "sandbox",
            "working_dir": "/tmp",
            "network_disabled": True,
            "labels": {
                LABEL_SANDBOX: "1",
                LABEL_OWNER: owner_id(),
                LABEL_DEADLINE: str(int(time.time() + self.lifetime_s)),
            },
            "host_config": host_config,
        }


@dataclass
class AgentReply:
    """What came back from one job: the agent's report, or why there is none."""

    meta: dict[str, Any] | None
    stdout: bytes = b""
    stderr: bytes = b""
    artifact: bytes = b""
    timed_out: bool = False  # the host timer fired
    flooded: bool = False  # more bytes on the stream than any honest report
    oom_killed: bool = False  # the container died in an OOM kill (gVisor reports it this way)
    program_started: bool = False
    agent_stderr: bytes = b""
    exit_code: int | None = None  # the container's, when it died without reporting


@dataclass
class Box:
    """A started container with its agent waiting on stdin; used for one job, or for the jobs of one
    submission in turn (``keep=True``, the submission isolation mode) while its agent reports itself
    clean after each."""

    api: docker.APIClient
    spec: ContainerSpec
    container_id: str
    sock: socket.socket
    started_at: float = field(default_factory=time.monotonic)
    start_ms: float = 0.0
    used: bool = False
    reusable: bool = False  # a session's container whose agent reported clean after its last job
    jobs: int = 0
    _pending: bytes = b""  # attach-stream bytes read past the last job's report (none, normally)
    memory_mib: int = 0  # the cgroup limit set by set_memory(); 0: the spec's

    @classmethod
    def start(cls, api: docker.APIClient, spec: ContainerSpec) -> Box:
        began = time.monotonic()
        try:
            created = api.create_container(**spec.create_kwargs(api))
        except docker.errors.ImageNotFound as exc:
            raise SandboxError(f"sandbox image {spec.image} is missing: run `assay images build`") from exc
        except Exception as exc:  # connection refused, engine restarting, runtime failure
            raise EngineUnavailable(f"the Docker engine could not create a sandbox container: {exc}") from exc
        container_id = created["Id"]
        try:
            raw = api.attach_socket(
                container_id, params={"stdin": 1, "stdout": 1, "stderr": 1, "stream": 1}
            )
            sock: socket.socket = getattr(raw, "_sock", raw)
            api.start(container_id)
        except Exception as exc:
            try:
                _remove_quietly(api, container_id)
            except Exception:  # the sweep removes it
                pass
            raise EngineUnavailable(f"the Docker engine could not start a sandbox container: {exc}") from exc
        box = cls(api=api, spec=spec, container_id=container_id, sock=sock)
        box.start_ms = (time.monotonic() - began) * 1000
        return box

    def alive(self) -> bool:
        """Whether the container still waits for a job: its agent writes nothing before a request, so
        a readable attach socket means it ended (an engine restart ends every container)."""
        try:
            readable, _, _ = select.select([self.sock], [], [], 0)
            if not readable:
                return True
            return bool(self.sock.recv(1, socket.MSG_PEEK))
        except (OSError, ValueError):
            return False

    def execute(
        self,
        meta: dict[str, Any],
        files: bytes,
        stdin: bytes,
        *,
        timeout_s: float,
        max_stdout_bytes: int,
        keep: bool = False,
    ) -> AgentReply:
        """Send one job, wait for the report until the host timer fires, never read unbounded bytes.

        With ``keep`` the job is part of a session: the container stays usable (``reusable``) when
        the agent reports that it cleaned up after the job."""
        if self.used and not self.reusable:
            raise SandboxError("a sandbox container is single-use")
        self.used = True
        self.reusable = False
        self.jobs += 1
        nonce, token = secrets.token_hex(16), secrets.token_hex(16)
        job = {**meta, "nonce": nonce, "token": token, "workdir": WORKDIR}
        if keep:
            job["session"] = True
        request = protocol.encode_request(job, files, stdin)
        deadline = time.monotonic() + timeout_s
        reply = AgentReply(meta=None)
        try:
            self.sock.settimeout(max(0.05, deadline - time.monotonic()))
            self.sock.sendall(request)
        except OSError:
            return self._dead(reply)
        reader = _StreamReader(self.sock, nonce, token, max_stdout_bytes)
        reader.pending, self._pending = bytearray(self._pending), b""
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                if not engine_answers(self.api):  # the stream stalled because the engine went away
                    raise EngineUnavailable("the Docker engine stopped answering during a job")
                reply.timed_out = True
                break
            try:
                got = reader.pump(remaining)
            except OSError:
                got = None
            if reader.result is not None:
                reply.meta, reply.stdout, reply.stderr, reply.artifact = reader.result
                break
            if reader.flooded:
                reply.flooded = True
                break
            if got is None:  # EOF: the agent is gone without reporting
                reply.agent_stderr = bytes(reader.stderr)
                return self._dead(reply, reader)
        reply.agent_stderr = bytes(reader.stderr)
        reply.program_started = reader.started
        if keep and reply.meta is not None and reply.meta.get("clean") is True:
            self.reusable = True
            self._pending = bytes(reader.pending)
        return reply

    def open_stream(
        self, meta: dict[str, Any], files: bytes, *, max_stdout_bytes: int,
        on_data: Callable[[bytes | None], None],
    ) -> StreamJob:
        """Start a streaming job: the program's stdin and stdout flow while it runs (interactive)."""
        if self.used:
            raise SandboxError("a sandbox container is single-use")
        self.used = True
        nonce, token = secrets.token_hex(16), secrets.token_hex(16)
        request = protocol.encode_request(
            {**meta, "nonce": nonce, "token": token, "workdir": WORKDIR, "stream": True}, files, b""
        )
        self.sock.settimeout(10)
        self.sock.sendall(request)
        return StreamJob(self, _StreamReader(self.sock, nonce, token, max_stdout_bytes, on_data))

    def _dead(self, reply: AgentReply, reader: _StreamReader | None = None) -> AgentReply:
        if reader is not None:
            reply.program_started = reader.started
        try:
            state = self.api.inspect_container(self.container_id)["State"]
        except docker.errors.NotFound as exc:  # nobody but the engine (or a sweep) removes it under a job
            raise EngineUnavailable("the sandbox container vanished during a job") from exc
        except Exception as exc:
            raise EngineUnavailable(f"the Docker engine failed during a job: {exc}") from exc
        if not state.get("Running"):
            reply.oom_killed = bool(state.get("OOMKilled"))
            reply.exit_code = state.get("ExitCode")
        return reply

    def set_memory(self, mib: int) -> bool:
        """Change the container's memory cgroup limit (memory = memory+swap) while it runs; False where
        the runtime cannot (runsc has no ``update``) or the engine refused."""
        if mib == (self.memory_mib or self.spec.memory_mib):
            return True
        if self.spec.runtime not in UPDATABLE_RUNTIMES:
            return False
        try:
            self.api.update_container(self.container_id, mem_limit=mib << 20, memswap_limit=mib << 20)
        except Exception:
            return False
        self.memory_mib = mib
        return True

    def destroy(self) -> None:
        try:
            self.sock.close()
        except OSError:
            pass
        _remove_quietly(self.api, self.container_id)


@dataclass
class StreamJob:
    """A running streaming job: feed its stdin, pump its stdout, then collect the report.

    What is sent is queued and written without blocking (``flush``, whenever the socket takes more):
    a program that reads its input slowly holds nothing up, loses nothing, and never sees its input
    closed early. (Writing with the socket's read timeout, as before, gave up after 10 ms of
    back-pressure, left a frame half-written and dropped the rest of the input.) How much may wait
    in the queue is the relay's to bound (``backlog``; sandbox/interact.py stops reading the other
    side while it is long). Input for a job that has ended is dropped, as a pipe with no reader
    takes nothing."""

    box: Box
    reader: _StreamReader
    input_closed: bool = False  # no more input will be queued (the closing frame is queued or sent)
    finished: bool = False
    reply: AgentReply | None = None
    outgoing: bytearray = field(default_factory=bytearray)
    broken: bool = False  # the socket refused a write: the agent is gone, queued input is dropped

    def send(self, data: bytes) -> None:
        if self.input_closed or self.finished or self.broken or not data:
            return
        for at in range(0, len(data), 1 << 16):
            self.outgoing += protocol.stream_frame(data[at : at + (1 << 16)])
        self.flush()

    def close_input(self) -> None:
        if not self.input_closed:
            self.input_closed = True
            self.outgoing += protocol.stream_frame(b"")
            self.flush()

    @property
    def wants_write(self) -> bool:
        return bool(self.outgoing) and not self.broken and not self.finished

    @property
    def backlog(self) -> int:
        """Bytes queued for this job's stdin and not yet taken by its socket (0 once it has ended)."""
        return len(self.outgoing) if self.wants_write else 0

    def flush(self) -> None:
        """Write as much of the queued input as the socket takes now, without waiting."""
        if self.broken or not self.outgoing:
            return
        sock = self.box.sock
        previous = sock.gettimeout()
        sock.setblocking(False)
        try:
            while self.outgoing:
                try:
                    sent = sock.send(self.outgoing[: 1 << 18])
                except (BlockingIOError, InterruptedError):
                    break
                except OSError:
                    self.broken = True
                    self.outgoing.clear()
                    break
                del self.outgoing[:sent]
        finally:
            sock.settimeout(previous)

    def pump(self, timeout: float) -> None:
        """Read what is there (waiting at most ``timeout``); sets ``finished`` and ``reply`` at the end."""
        if self.finished:
            return
        try:
            got = self.reader.pump(timeout)
        except OSError:
            got = None
        if self.reader.result is not None:
            meta, out, err, art = self.reader.result
            self.reply = AgentReply(meta=meta, stdout=out, stderr=err, artifact=art,
                                    program_started=True, agent_stderr=bytes(self.reader.stderr))
            self.finished = True
        elif self.reader.flooded:
            self.reply = AgentReply(meta=None, flooded=True)
            self.finished = True
        elif got is None:
            self.reply = self.box._dead(AgentReply(meta=None, agent_stderr=bytes(self.reader.stderr)),
                                        self.reader)
            self.finished = True

    def time_out(self) -> None:
        if not self.finished:
            self.reply = AgentReply(meta=None, timed_out=True, program_started=self.reader.started)
            self.finished = True


class _StreamReader:
    """Demultiplexes docker's attach stream and watches for the frame carrying this job's nonce.

    For a streaming job, ``on_data`` receives the program's stdout as it comes (``None`` at its end).
    """

    def __init__(self, sock: socket.socket, nonce: str, token: str, max_stdout: int,
                 on_data: Callable[[bytes | None], None] | None = None) -> None:
        self.on_data = on_data
        self._data_marker = protocol.data_marker(token)
        self._eof_marker = protocol.eof_marker(token)
        self.sock = sock
        self.nonce = nonce
        self.max_stdout = max_stdout
        self.pending = bytearray()  # demultiplexing: bytes of an incomplete attach frame
        self.stdout = bytearray()
        self.stderr = bytearray()
        self.result: tuple[dict[str, Any], bytes, bytes, bytes] | None = None
        self.flooded = False
        self.started = False
        self._marker = protocol.result_marker(nonce)
        self._started_marker = protocol.started_marker(token)
        self._frame_at = -1
        self._frame_end = -1  # where this job's result frame ends, once its header line is in
        self._scan_from = 0

    def pump(self, timeout: float) -> int | None:
        self.sock.settimeout(max(0.01, timeout))
        try:
            chunk = self.sock.recv(1 << 18)
        except TimeoutError:
            return 0
        if not chunk:
            return None
        # Linear in the bytes received: frames are read in place and the consumed prefix is dropped
        # once per call (re-slicing the whole pending buffer per frame was quadratic).
        self.pending += chunk
        at = 0
        while len(self.pending) - at >= 8:
            stream_type, size = struct.unpack_from(">BxxxL", self.pending, at)
            if len(self.pending) - at < 8 + size:
                break
            payload = self.pending[at + 8 : at + 8 + size]
            at += 8 + size
            if stream_type == 1:
                self.stdout += payload
            elif len(self.stderr) < AGENT_STDERR_KEEP:
                self.stderr += payload[: AGENT_STDERR_KEEP - len(self.stderr)]
                if not self.started and self._started_marker in self.stderr:
                    self.started = True
        del self.pending[:at]
        if self.on_data is not None:
            self._take_stream_frames()
            self._scan_from = 0
        if len(self.stdout) > self.max_stdout:
            self.flooded = True
            return len(chunk)
        if self._frame_at < 0:
            found = self.stdout.find(self._marker, self._scan_from)
            if found >= 0:
                self._frame_at = found
            else:
                self._scan_from = max(0, len(self.stdout) - len(self._marker))
        if self._frame_at >= 0 and self._frame_end < 0:
            # the header line gives the frame's length: decode once, when all of it is here (decoding
            # a copy of everything from the marker on every chunk was quadratic in the output size)
            start = self._frame_at + len(self._marker)
            line_end = self.stdout.find(b"\n", start)
            if line_end >= 0:
                try:
                    sizes = [int(x) for x in bytes(self.stdout[start:line_end]).split()]
                except ValueError:
                    sizes = []
                self._frame_end = line_end + 1 + sum(sizes) if len(sizes) == 4 and min(sizes) >= 0 else -1
        if self._frame_end >= 0 and len(self.stdout) >= self._frame_end:
            try:
                self.result = protocol.decode_result(bytes(self.stdout[self._frame_at : self._frame_end]), self.nonce)
            except (ValueError, json.JSONDecodeError):
                self.result = None
        return len(chunk)


    def _take_stream_frames(self) -> None:
        assert self.on_data is not None
        while True:
            data_at = self.stdout.find(self._data_marker)
            eof_at = self.stdout.find(self._eof_marker)
            result_at = self.stdout.find(self._marker)
            candidates = [at for at in (data_at, eof_at, result_at) if at >= 0]
            if not candidates:
                # Keep only a tail that could be the start of a marker.
                keep = max(len(self._data_marker), len(self._marker)) + 32
                if len(self.stdout) > keep:
                    del self.stdout[: len(self.stdout) - keep]
                return
            first = min(candidates)
            if first == result_at:
                del self.stdout[:first]
                self._scan_from = 0
                return
            if first == eof_at:
                del self.stdout[: eof_at + len(self._eof_marker)]
                self.on_data(None)
                continue
            header_end = self.stdout.find(b"\n", data_at + len(self._data_marker))
            if header_end < 0:
                del self.stdout[:data_at]
                return
            try:
                size = int(self.stdout[data_at + len(self._data_marker) : header_end])
            except ValueError:
                del self.stdout[: data_at + 1]
                continue
            if len(self.stdout) < header_end + 1 + size:
                del self.stdout[:data_at]
                return
            payload = bytes(self.stdout[header_end + 1 : header_end + 1 + size])
            del self.stdout[: header_end + 1 + size]
            self.on_data(payload)


def _remove_quietly(api: docker.APIClient, container_id: str) -> None:
    try:
        api.remove_container(container_id, force=True)
    except docker.errors.NotFound:
        pass
    except docker.errors.APIError as exc:
        if "removal of container" not in str(exc) and "is already in progress" not in str(exc):
            raise
