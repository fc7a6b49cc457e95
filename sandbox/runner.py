"""The sandbox's public API: compile once, then run test inputs, each in a fresh container.

    with Sandbox() as box:
        compiled = box.compile("python3", {"main.py": b"print(input())"})
        results = box.run(compiled, [TestInput(stdin=b"hi\\n")], Limits(time_limit_s=1))

Sandboxes hand back bytes only. Compilation runs in its own single-use container and the artifact
is streamed out; every test case then runs in a fresh single-use container taken from the warm pool.

A grading uses ``Sandbox.submission()``: with ``ASSAY_SANDBOX_ISOLATION=submission`` (the default)
one fresh container from the pool does the submission's compile and all its tests, each test a fresh
process in an emptied scratch directory (see ``Session``); with ``test``, the calls above.

    with box.submission("python3", limits) as unit:
        compiled = unit.compile({"main.py": source})
        results = unit.run(compiled, "python3", tests, limits)
"""

from __future__ import annotations

import copy
import io
import tarfile
import threading
import time
from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import docker
import docker.errors
from rich.console import Console

from sandbox.base_image import ImageError
from sandbox.container import AgentReply, Box, ContainerSpec, EngineUnavailable, SandboxError
from sandbox.interact import relay
from sandbox.labels import detect_engine_container, sweep
from sandbox.languages import Language, get_language
from sandbox.models import CompileResult, Limits, RunResult, TestInput
from sandbox.ondemand import OnDemandImages
from sandbox.pool import WarmPool
from sandbox.runtimes import RuntimeUnavailable, resolve_runtime
from sandbox.settings import SandboxSettings
from sandbox.verdicts import Verdict, decide

COLLECT_LIMIT = 1 << 20
MAX_FILES = 64
MAX_SOURCE_BYTES = 1 << 20

__all__ = ["BudgetExceeded", "EngineUnavailable", "PerTest", "Sandbox", "SandboxError", "Session", "SourceError"]


class SourceError(ValueError):
    """The submitted files are unusable (bad name, too many, too large); says which and why."""


def connect(settings: SandboxSettings | None = None) -> docker.APIClient:
    """A Docker API client from the environment (DOCKER_HOST etc.), checked to answer."""
    try:
        client = docker.from_env(max_pool_size=64, timeout=60)
        client.ping()
    except docker.errors.DockerException as exc:
        raise SandboxError(
            f"the Docker engine is not reachable ({exc}); start it (sudo bash scripts/setup-host.sh) "
            "or point DOCKER_HOST at one"
        ) from exc
    return client.api


def pack_files(files: Mapping[str, bytes | str]) -> bytes:
    """Validate candidate file names and sizes and pack them as the tar the agent unpacks."""
    if not files:
        raise SourceError("no source files given")
    if len(files) > MAX_FILES:
        raise SourceError(f"{len(files)} files given; at most {MAX_FILES} are accepted")
    total = 0
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w") as tar:
        for name, content in sorted(files.items()):
            parts = name.split("/")
            if (
                not name
                or name.startswith(("/", "-"))
                or any(part.startswith("-") for part in parts)
                or any(part in ("", ".", "..") for part in parts)
                or "\\" in name
                or "\0" in name
                or len(name) > 200
            ):
                raise SourceError(f"file name {name!r} is not a plain relative path")
            data = content.encode() if isinstance(content, str) else bytes(content)
            total += len(data)
            if total > MAX_SOURCE_BYTES:
                raise SourceError(f"source files exceed {MAX_SOURCE_BYTES // 1024} KiB in total")
            info = tarfile.TarInfo(name)
            info.size = len(data)
            info.mode = 0o644
            tar.addfile(info, io.BytesIO(data))
    return out.getvalue()


def merge_tars(base: bytes, extra: Mapping[str, bytes]) -> bytes:
    """The artifact tar plus extra files (names may end in '/' for an empty directory)."""
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w") as tar:
        if base:
            with tarfile.open(fileobj=io.BytesIO(base), mode="r:") as source:
                for member in source.getmembers():
                    tar.addfile(member, source.extractfile(member) if member.isfile() else None)
        for name, data in extra.items():
            if name.endswith("/"):
                info = tarfile.TarInfo(name.rstrip("/"))
                info.type = tarfile.DIRTYPE
                info.mode = 0o755
                tar.addfile(info)
                continue
            info = tarfile.TarInfo(name)
            info.size = len(data)
            info.mode = 0o644
            tar.addfile(info, io.BytesIO(data))
    return out.getvalue()


def unpack_collected(data: bytes) -> dict[str, bytes]:
    """Files of a collected directory, read from the tar in memory (nothing touches the host disk)."""
    if not data:
        return {}
    found: dict[str, bytes] = {}
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:") as tar:
        for member in tar.getmembers():
            handle = tar.extractfile(member) if member.isfile() else None
            if handle is not None:
                found[member.name] = handle.read(COLLECT_LIMIT)
    return found


class Sandbox:
    """Runs untrusted programs in hardened, throwaway Docker containers. Thread-safe."""

    def __init__(
        self,
        settings: SandboxSettings | None = None,
        *,
        api: docker.APIClient | None = None,
        pool_size: int | None = None,
    ) -> None:
        self.settings = settings or SandboxSettings()
        self.api = api or connect(self.settings)
        try:  # "auto" becomes the runtime actually used (runsc where registered), once, here
            runtime = resolve_runtime(self.api, self.settings.runtime)
        except RuntimeUnavailable as exc:
            raise SandboxError(str(exc)) from None
        self.settings = self.settings.model_copy(update={"runtime": runtime})
        self.images = OnDemandImages(self.api, self.settings)
        self.cpu_shares = 0  # the engine's default weight; interactive() views have more
        detect_engine_container(self.api)
        sweep(self.api)
        self.pool = WarmPool(
            lambda spec: Box.start(self.api, spec),
            lambda box: box.destroy(),
            size=self.settings.pool_size if pool_size is None else pool_size,
            idle_s=self.settings.pool_idle_s,
            on_maintenance=lambda: sweep(self.api),
        )

    # ------------------------------------------------------------------ lifecycle

    def __enter__(self) -> Sandbox:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.pool.close()

    def interactive(self) -> Sandbox:
        """This sandbox for work someone waits for at the screen (a candidate's run): the same engine,
        pool and settings, but its containers get ``interactive_cpu_shares``, so under contention the
        kernel gives them a larger share of the cores than gradings'. Their own warm containers (the
        spec differs). Close the sandbox it came from, not the view."""
        view = copy.copy(self)
        view.cpu_shares = self.settings.interactive_cpu_shares
        return view

    # ------------------------------------------------------------------ specs

    def image_for(self, language: Language) -> str:
        """The language's image tag. A missing image starts building in the background and this raises
        ``ImagePreparing`` (a SandboxError: the grading is retried once it is built)."""
        return self.images.need(language)

    def image_ready(self, language: Language | str) -> bool:
        """Whether the language's image is on the engine now."""
        return self.images.ready(get_language(language) if isinstance(language, str) else language)

    def image_preparing(self, language: Language | str) -> bool:
        """Whether the language's image is being built (by this process or another on this host)."""
        lang = get_language(language) if isinstance(language, str) else language
        return not self.images.ready(lang) and self.images.preparing(lang)

    def prepare_images(self, languages: Iterable[Language | str]) -> list[str]:
        """Start building, in the background, the images of ``languages`` that are missing (an upload
        or a new assessment that will need them); the names of those started or under way."""
        started = []
        for language in languages:
            lang = get_language(language) if isinstance(language, str) else language
            if not self.images.ready(lang):
                self.images.start(lang)
                started.append(lang.name)
        return started

    def ensure_image(self, language: Language | str, console: Console | None = None) -> str:
        """The language's image tag, built first if it is missing (waits; progress on ``console``)."""
        lang = get_language(language) if isinstance(language, str) else language
        try:
            return self.images.ensure(lang, console)
        except ImageError as exc:
            raise SandboxError(f"the sandbox image of {lang.name} failed to build: {exc.message}") from exc

    def _spec(self, language: Language, memory_mib: int, tmpfs_mib: int, lifetime_s: float) -> ContainerSpec:
        s = self.settings
        return ContainerSpec(
            image=self.image_for(language),
            runtime=s.runtime,
            memory_mib=memory_mib + language.memory_overhead_mib + s.agent_memory_mib,
            cpus=s.cpus,
            pids_limit=s.pids_limit,
            tmpfs_mib=tmpfs_mib,
            file_size_mib=s.file_size_mib,
            open_files=s.open_files,
            uid=s.uid,
            lifetime_s=s.leftover_ttl_s + lifetime_s,
            cpu_shares=self.cpu_shares,
        )

    def run_spec(self, language: Language | str, limits: Limits) -> ContainerSpec:
        lang = get_language(language) if isinstance(language, str) else language
        return self._spec(lang, limits.memory_limit_mib, self.settings.tmpfs_mib, limits.effective_wall_s)

    def compile_spec(self, language: Language | str) -> ContainerSpec:
        lang = get_language(language) if isinstance(language, str) else language
        s = self.settings
        return self._spec(lang, s.compile_memory_mib, s.compile_tmpfs_mib, compile_seconds(lang, s) * 2)

    def session_spec(self, language: Language | str, limits: Limits) -> ContainerSpec:
        """A submission's container: room for its compile and for any of its tests. The test's own
        memory limit is then enforced by the agent (see ``Session``)."""
        lang = get_language(language) if isinstance(language, str) else language
        s = self.settings
        memory = max(s.compile_memory_mib, limits.memory_limit_mib)
        return self._spec(lang, memory, max(s.tmpfs_mib, s.compile_tmpfs_mib), s.session_max_s)

    def prewarm(self, language: Language | str, limits: Limits, *, units: tuple[str, ...] = ("test",)) -> None:
        """Ask the pool to have containers ready for this language and limits: ``"test"`` for its
        compiler and a test's container each, ``"submission"`` for a submission's container."""
        lang = get_language(language) if isinstance(language, str) else language
        if "submission" in units:
            self.pool.prewarm(self.session_spec(lang, limits))
        if "test" in units:
            self.pool.prewarm(self.compile_spec(lang))
            self.pool.prewarm(self.run_spec(lang, limits))

    def submission(self, language: Language | str, limits: Limits | None = None) -> Session | PerTest:
        """The execution unit of one submission's grading, as ``isolation`` says: a ``Session`` (one
        container for the compile and every test) or ``PerTest`` (a container per job). Use it as a
        context manager; only the candidate's own program runs in it."""
        lang = get_language(language) if isinstance(language, str) else language
        if self.settings.isolation == "submission":
            return Session(self, lang, limits or Limits())
        return PerTest(self, lang)

    # ------------------------------------------------------------------ jobs

    def _job(self, spec: ContainerSpec, meta: dict[str, Any], files: bytes, stdin: bytes,
             timeout_s: float, max_stdout: int) -> tuple[AgentReply, float]:
        for attempt in (1, 2):
            box, _warm = self.pool.acquire(spec)
            try:
                reply = box.execute(meta, files, stdin, timeout_s=timeout_s, max_stdout_bytes=max_stdout)
            finally:
                self.pool.release(box)
            if attempt == 1 and unexplained_end(reply):
                continue
            break
        return reply, box.start_ms

    def compile(self, language: Language | str, files: Mapping[str, bytes | str] | bytes | str) -> CompileResult:
        """Compile (or syntax-check) the candidate's files; the artifact comes back as tar bytes.

        ``files`` maps relative file names to contents; a single string or bytes is the language's
        default file (main.py, main.c, Main.java, ...).
        """
        lang = get_language(language) if isinstance(language, str) else language
        if isinstance(files, (str, bytes)):
            files = {lang.source_name: files}
        packed = pack_files(files)
        spec = self.compile_spec(lang)
        if lang.compile is None:
            return CompileResult(ok=True, verdict=Verdict.OK, artifact=packed, image=spec.image)
        meta, timeout_s, max_stdout = self._compile_job(lang)
        reply, _ = self._job(spec, meta, packed, b"", timeout_s=timeout_s, max_stdout=max_stdout)
        return _compile_result(reply, spec, self.settings, lang)

    def _compile_job(self, lang: Language) -> tuple[dict[str, Any], float, int]:
        """The compile request's meta, its host timeout and its stdout bound."""
        assert lang.compile is not None
        s = self.settings
        cpu_ms = int(compile_seconds(lang, s) * 1000)
        meta = {
            "argv": list(lang.compile),
            "cpu_limit_ms": cpu_ms,
            "wall_limit_ms": cpu_ms * 2,
            "output_limit": s.compile_output_bytes,
            "stderr_limit": s.compile_output_bytes,
            "collect": ".",
            "collect_on_success": True,
            "artifact_limit": s.artifact_limit_mib << 20,
        }
        return (meta, cpu_ms * 2 / 1000 + s.host_grace_s,
                2 * s.compile_output_bytes + (s.artifact_limit_mib << 20) + (1 << 20))

    def run(
        self,
        compiled: CompileResult,
        language: Language | str,
        tests: Sequence[TestInput | bytes],
        limits: Limits | None = None,
        *,
        parallelism: int | None = None,
    ) -> list[RunResult]:
        """Run the compiled program once per input, each in a fresh container; results in order."""
        lang = get_language(language) if isinstance(language, str) else language
        limits = limits or Limits()
        inputs = [t if isinstance(t, TestInput) else TestInput(stdin=t) for t in tests]
        if not compiled.ok:
            raise SandboxError("cannot run a program that did not compile")
        workers = min(parallelism or self.settings.test_parallelism, max(1, len(inputs)))
        if workers <= 1:
            return [self.run_one(compiled, lang, t, limits) for t in inputs]
        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="sandbox-test") as executor:
            return list(executor.map(lambda t: self.run_one(compiled, lang, t, limits), inputs))

    def run_one(self, compiled: CompileResult, language: Language | str, test: TestInput,
                limits: Limits) -> RunResult:
        return self.run_job(compiled, language, test.stdin, limits)

    def _run_job_bounds(self, limits: Limits) -> tuple[float, int]:
        return (limits.effective_wall_s + self.settings.host_grace_s,
                limits.output_limit_bytes + limits.stderr_limit_bytes + COLLECT_LIMIT + (1 << 20))

    def _run_meta(self, lang: Language, limits: Limits, args: Sequence[str], collect: str | None) -> dict[str, Any]:
        meta: dict[str, Any] = {
            "argv": [*lang.run_argv(limits.memory_limit_mib), *args],
            "cpu_limit_ms": int(limits.time_limit_s * 1000),
            "wall_limit_ms": int(limits.effective_wall_s * 1000),
            "output_limit": limits.output_limit_bytes,
            "stderr_limit": limits.stderr_limit_bytes,
        }
        if collect is not None:
            meta["collect"] = collect
            meta["artifact_limit"] = COLLECT_LIMIT
        return meta

    def run_job(
        self,
        compiled: CompileResult,
        language: Language | str,
        stdin: bytes,
        limits: Limits,
        *,
        args: Sequence[str] = (),
        extra_files: Mapping[str, bytes] | None = None,
        collect: str | None = None,
    ) -> RunResult:
        """One execution with optional extra arguments, extra files beside the program (a checker's
        input and answer), and a directory whose files come back in ``RunResult.collected``."""
        lang = get_language(language) if isinstance(language, str) else language
        spec = self.run_spec(lang, limits)
        files = merge_tars(compiled.artifact, extra_files) if extra_files else compiled.artifact
        timeout_s, max_stdout = self._run_job_bounds(limits)
        reply, _ = self._job(spec, self._run_meta(lang, limits, args, collect), files, stdin,
                             timeout_s=timeout_s, max_stdout=max_stdout)
        return _run_result(reply, spec, limits, lang, self.settings.runtime)

    def interact(
        self,
        program: tuple[CompileResult, Language | str, Limits],
        interactor: tuple[CompileResult, Language | str, Limits],
        *,
        interactor_args: Sequence[str] = (),
        interactor_files: Mapping[str, bytes] | None = None,
        collect: str | None = None,
    ) -> tuple[RunResult, RunResult]:
        """Run a program and an interactor in two containers, each one's stdout fed to the other's
        stdin by the host. Returns (program result, interactor result); each container is single-use."""
        jobs = []
        for (compiled, language, limits), args, extra, coll in (
            (program, (), None, None),
            (interactor, interactor_args, interactor_files, collect),
        ):
            lang = get_language(language) if isinstance(language, str) else language
            spec = self.run_spec(lang, limits)
            files = merge_tars(compiled.artifact, extra) if extra else compiled.artifact
            jobs.append((lang, limits, spec, self._run_meta(lang, limits, args, coll), files))
        boxes: list[Box] = []
        try:  # a failed second acquire must not leak the first container
            for job in jobs:
                boxes.append(self.pool.acquire(job[2])[0])
        except BaseException:
            for box in boxes:
                self.pool.release(box)
            raise
        try:
            replies = relay(
                boxes[0], jobs[0][3], jobs[0][4], boxes[1], jobs[1][3], jobs[1][4],
                timeout_s=max(j[1].effective_wall_s for j in jobs) + self.settings.host_grace_s,
                max_stdout=max(j[1].output_limit_bytes for j in jobs) + COLLECT_LIMIT + (1 << 20),
            )
        finally:
            for box in boxes:
                self.pool.release(box)
        first, second = (
            _run_result(reply, job[2], job[1], job[0], self.settings.runtime)
            for reply, job in zip(replies, jobs, strict=True)
        )
        return first, second

    def execute(
        self,
        language: Language | str,
        files: Mapping[str, bytes | str] | bytes | str,
        tests: Sequence[TestInput | bytes],
        limits: Limits | None = None,
    ) -> tuple[CompileResult, list[RunResult]]:
        """Compile, then run every input. Runs are empty when compilation fails."""
        compiled = self.compile(language, files)
        if not compiled.ok:
            return compiled, []
        return compiled, self.run(compiled, language, tests, limits)


# ---------------------------------------------------------------------- execution units


class BudgetExceeded(SandboxError):
    """The grading ran past its wall-clock budget: the remaining jobs are not started."""


def unexplained_end(reply: AgentReply) -> bool:
    """The container ended without a report and without a reason on record (no host timer, flood or
    OOM kill). An engine restart ends containers this way; so may a program that kills its supervisor
    (possible under gVisor). Such a job is run once more in a fresh container: a restart then gets
    the right verdict, a program that does it again gets its RE."""
    return reply.meta is None and not (reply.timed_out or reply.flooded or reply.oom_killed)


class PerTest:
    """``isolation=test``: the submission's compile and each test in a fresh container of its own
    (the same calls as on ``Sandbox``); the interface of ``Session``."""

    def __init__(self, sandbox: Sandbox, language: Language) -> None:
        self.sandbox = sandbox
        self.language = language
        self.containers = 0
        self.budget_s = 0.0
        self._deadline: float | None = None

    def set_budget(self, seconds: float) -> None:
        self.budget_s = seconds
        self._deadline = time.monotonic() + seconds

    def _check_budget(self) -> None:
        if self._deadline is not None and time.monotonic() > self._deadline:
            raise BudgetExceeded(f"the grading exceeded its wall-clock budget of {self.budget_s:.0f} s")

    def __enter__(self) -> PerTest:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        pass

    def compile(self, files: Mapping[str, bytes | str] | bytes | str) -> CompileResult:
        return self.sandbox.compile(self.language, files)

    def run_job(self, compiled: CompileResult, language: Language | str, stdin: bytes, limits: Limits,
                *, args: Sequence[str] = (), extra_files: Mapping[str, bytes] | None = None,
                collect: str | None = None) -> RunResult:
        self._check_budget()
        return self.sandbox.run_job(compiled, language, stdin, limits, args=args, extra_files=extra_files,
                                    collect=collect)

    def run(self, compiled: CompileResult, language: Language | str, tests: Sequence[TestInput | bytes],
            limits: Limits | None = None) -> list[RunResult]:
        self._check_budget()
        return self.sandbox.run(compiled, language, tests, limits)


class Session:
    """``isolation=submission``: one submission's container. The compile and then every test of the
    candidate's program run in it one after another, each as a fresh process of the agent (the
    agent's limits, a fresh work directory unpacked from the artifact); between jobs the agent kills
    every leftover process, empties /tmp, removes System V IPC objects and restores what a program
    may have changed in it (see sandbox/agent.py). A container whose agent does not report itself
    clean, or that timed out, flooded or died, is dropped and the next job takes a fresh one.

    Never shared: a Session belongs to one submission, and nothing but the candidate's program of
    this language runs in it (checkers, interactors and test harnesses keep their own containers).
    The container is sized for the compile. The test's memory limit is enforced by the agent (every
    process's memory and the scratch, sampled every poll interval) and, under runc and crun, by the
    container's memory cgroup too: before a test the host lowers it to the test's limit plus the agent's
    share and the program's files (``docker update``), so a burst of processes shorter than one poll
    interval meets the kernel's limit (issue 22 item 13). runsc cannot update a running container's
    limits: there the sampling is the bound (docs/deployment.md gives the measured figures). Jobs run
    one at a time. Thread-safe.
    """

    def __init__(self, sandbox: Sandbox, language: Language, limits: Limits) -> None:
        self.sandbox = sandbox
        self.language = language
        self.spec = sandbox.session_spec(language, limits)
        self.containers = 0  # containers this submission used (1 unless one was dropped)
        self._box: Box | None = None
        self._lock = threading.Lock()
        self._closed = False
        self.budget_s = 0.0
        self._deadline: float | None = None

    def __enter__(self) -> Session:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        with self._lock:
            self._closed = True
            self._drop()

    def _drop(self) -> None:
        if self._box is not None:
            self.sandbox.pool.release(self._box)
            self._box = None

    def _execute(self, meta: dict[str, Any], files: bytes, stdin: bytes, *, timeout_s: float,
                 max_stdout: int, memory_mib: int = 0) -> AgentReply:
        with self._lock:
            if self._closed:
                raise SandboxError("this submission's sandbox is closed")
            for attempt in (1, 2):
                if self._deadline is not None and time.monotonic() > self._deadline:
                    raise BudgetExceeded(f"the grading exceeded its wall-clock budget of {self.budget_s:.0f} s")
                if self._box is not None and self._expiring(self._box, timeout_s):
                    self._drop()  # its sweep deadline is near: the next test in a fresh container
                if self._box is None:
                    self._box, _warm = self.sandbox.pool.acquire(self.spec)
                    self.containers += 1
                box = self._box
                box.set_memory(memory_mib or self.spec.memory_mib)  # where the runtime can: else the agent's
                try:
                    reply = box.execute(meta, files, stdin, timeout_s=timeout_s, max_stdout_bytes=max_stdout,
                                        keep=True)
                except BaseException:
                    self._drop()
                    raise
                if not box.reusable:
                    self._drop()
                if attempt == 1 and unexplained_end(reply):
                    continue
                return reply
            return reply

    def _expiring(self, box: Box, timeout_s: float) -> bool:
        """Whether the job could outlast the container's labelled deadline (then the sweep removes it)."""
        age = time.monotonic() - box.started_at
        return age + timeout_s + 60 > self.spec.lifetime_s

    def set_budget(self, seconds: float) -> None:
        """From now on, jobs started after ``seconds`` raise BudgetExceeded (the grading's wall clock)."""
        self.budget_s = seconds
        self._deadline = time.monotonic() + seconds

    def compile(self, files: Mapping[str, bytes | str] | bytes | str) -> CompileResult:
        lang = self.language
        if isinstance(files, (str, bytes)):
            files = {lang.source_name: files}
        packed = pack_files(files)
        if lang.compile is None:
            return CompileResult(ok=True, verdict=Verdict.OK, artifact=packed, image=self.spec.image)
        meta, timeout_s, max_stdout = self.sandbox._compile_job(lang)
        reply = self._execute(meta, packed, b"", timeout_s=timeout_s, max_stdout=max_stdout)
        return _compile_result(reply, self.spec, self.sandbox.settings, lang)

    def _fits(self, lang: Language, limits: Limits) -> bool:
        need = limits.memory_limit_mib + lang.memory_overhead_mib + self.sandbox.settings.agent_memory_mib
        return lang.name == self.language.name and need <= self.spec.memory_mib

    def run_job(self, compiled: CompileResult, language: Language | str, stdin: bytes, limits: Limits,
                *, args: Sequence[str] = (), extra_files: Mapping[str, bytes] | None = None,
                collect: str | None = None) -> RunResult:
        """One run of the candidate's program in this submission's container (a fresh process)."""
        lang = get_language(language) if isinstance(language, str) else language
        if not self._fits(lang, limits):  # another program or bigger limits: a container of its own
            return self.sandbox.run_job(compiled, lang, stdin, limits, args=args, extra_files=extra_files,
                                        collect=collect)
        if not compiled.ok:
            raise SandboxError("cannot run a program that did not compile")
        files = merge_tars(compiled.artifact, extra_files) if extra_files else compiled.artifact
        meta = self.sandbox._run_meta(lang, limits, args, collect)
        meta["memory_kill_kib"] = (limits.memory_limit_mib + lang.memory_overhead_mib) * 1024
        timeout_s, max_stdout = self.sandbox._run_job_bounds(limits)
        # the container's cgroup: the test's limit as a test's own container has it, plus the program's
        # files (unpacked into the scratch, charged to the cgroup, and not counted by the agent's limit)
        memory_mib = self.sandbox.run_spec(lang, limits).memory_mib + -(-len(files) // (1 << 20))
        reply = self._execute(meta, files, stdin, timeout_s=timeout_s, max_stdout=max_stdout,
                              memory_mib=min(memory_mib, self.spec.memory_mib))
        return _run_result(reply, self.spec, limits, lang, self.sandbox.settings.runtime)

    def run_one(self, compiled: CompileResult, language: Language | str, test: TestInput,
                limits: Limits) -> RunResult:
        return self.run_job(compiled, language, test.stdin, limits)

    def run(self, compiled: CompileResult, language: Language | str, tests: Sequence[TestInput | bytes],
            limits: Limits | None = None) -> list[RunResult]:
        """Every input in turn, in this submission's container; results in order."""
        limits = limits or Limits()
        inputs = [t if isinstance(t, TestInput) else TestInput(stdin=t) for t in tests]
        return [self.run_one(compiled, language, t, limits) for t in inputs]


# ---------------------------------------------------------------------- verdicts from replies


def _text(data: bytes) -> str:
    return data.decode("utf-8", errors="replace")


def compile_seconds(lang: Language, s: SandboxSettings) -> float:
    """The compile's CPU-time limit: the setting, or more where the language's compiler needs it
    (a JVM compiler, GHC)."""
    return max(s.compile_time_limit_s, lang.compile_time_limit_s)


def _compile_result(reply: AgentReply, spec: ContainerSpec, s: SandboxSettings, lang: Language) -> CompileResult:
    seconds = compile_seconds(lang, s)
    meta = reply.meta
    if meta is None or "agent_error" in meta:
        if reply.timed_out:
            return CompileResult(ok=False, verdict=Verdict.CE, image=spec.image,
                                 message=f"compilation did not finish within {seconds * 2:g} s")
        if reply.oom_killed:
            return CompileResult(ok=False, verdict=Verdict.CE, image=spec.image,
                                 message=f"compilation used more than {s.compile_memory_mib} MiB")
        if reply.flooded:
            return CompileResult(ok=False, verdict=Verdict.CE, image=spec.image,
                                 message="the compiler produced too much output")
        detail = (meta or {}).get("agent_error") or _text(reply.agent_stderr[-2000:]) or "no report"
        return CompileResult(ok=False, verdict=Verdict.JE, image=spec.image,
                             message=f"sandbox failure while compiling: {detail}")
    message = _text(reply.stdout + reply.stderr)
    common = {"time_ms": meta["cpu_ms"], "wall_ms": meta["wall_ms"], "memory_kib": meta["memory_kib"],
              "image": spec.image}
    killed = meta.get("killed_for")
    if killed in ("cpu", "wall"):
        return CompileResult(ok=False, verdict=Verdict.CE, **common,
                             message=f"compilation exceeded its time limit ({seconds:g} s)\n"
                             + message)
    if meta.get("oom_killed"):
        return CompileResult(ok=False, verdict=Verdict.CE, **common,
                             message=f"compilation exceeded its memory limit ({s.compile_memory_mib} MiB)\n"
                             + message)
    if killed == "output":
        return CompileResult(ok=False, verdict=Verdict.CE, **common,
                             message="the compiler produced too much output\n" + message)
    if meta.get("status") == "exec_failed":
        return CompileResult(ok=False, verdict=Verdict.JE, **common, message=meta.get("message", ""))
    if meta["exit_code"] != 0 or meta["signal"]:
        return CompileResult(ok=False, verdict=Verdict.CE, **common, message=message)
    if meta.get("artifact_error"):
        return CompileResult(ok=False, verdict=Verdict.CE, **common,
                             message=f"compiled program too large: {meta['artifact_error']}")
    return CompileResult(ok=True, verdict=Verdict.OK, artifact=reply.artifact, message=message, **common)


def _run_result(reply: AgentReply, spec: ContainerSpec, limits: Limits, lang: Language,
                runtime: str) -> RunResult:
    base: dict[str, Any] = {"image": spec.image, "runtime": runtime}
    meta = reply.meta
    wall_s = limits.effective_wall_s
    if meta is None:
        if reply.timed_out:
            return RunResult(verdict=Verdict.TLE, wall_ms=int(wall_s * 1000), **base,
                             message=f"killed by the host timer after {wall_s:g} s wall time")
        if reply.flooded:
            return RunResult(verdict=Verdict.OLE, **base, message="output exceeded the cap")
        if reply.oom_killed:
            return RunResult(verdict=Verdict.MLE, memory_kib=limits.memory_limit_mib * 1024, **base,
                             message=f"memory limit of {limits.memory_limit_mib} MiB exceeded (OOM kill)")
        if reply.program_started:
            return RunResult(verdict=Verdict.RE, **base,
                             message="the sandbox ended without a report: the program killed its supervisor"
                             " or ran it out of memory or processes")
        return RunResult(verdict=Verdict.JE, **base,
                         message="sandbox failure: " + (_text(reply.agent_stderr[-2000:]) or "no report"))
    if "agent_error" in meta:
        return RunResult(verdict=Verdict.JE, **base, message=f"sandbox failure: {meta['agent_error']}")
    memory_limit_kib = (limits.memory_limit_mib + lang.memory_overhead_mib) * 1024
    cpu_limit_ms = int(limits.time_limit_s * 1000)
    verdict = decide(
        agent_error=None,
        killed_for=meta.get("killed_for"),
        oom_killed=bool(meta.get("oom_killed")),
        exit_code=meta.get("exit_code"),
        signal_name=meta.get("signal"),
        cpu_ms=meta["cpu_ms"],
        memory_kib=meta["memory_kib"],
        cpu_limit_ms=cpu_limit_ms,
        memory_limit_kib=memory_limit_kib,
    )
    if meta.get("status") == "exec_failed":
        verdict = Verdict.JE
    message = {
        Verdict.OLE: f"output exceeded {limits.output_limit_bytes} bytes",
        Verdict.TLE: (f"wall-clock limit of {wall_s:g} s exceeded" if meta.get("killed_for") == "wall"
                      else f"CPU time limit of {limits.time_limit_s:g} s exceeded"),
        Verdict.MLE: f"memory limit of {limits.memory_limit_mib} MiB exceeded",
        Verdict.RE: (f"killed by {meta['signal']}" if meta.get("signal")
                     else f"exit code {meta.get('exit_code')}"),
        Verdict.JE: str(meta.get("message", "sandbox failure")),
    }.get(verdict, "")
    return RunResult(
        verdict=verdict,
        exit_code=meta.get("exit_code"),
        signal=meta.get("signal"),
        stdout=reply.stdout,
        stderr=reply.stderr,
        stdout_truncated=meta.get("stdout_total", 0) > len(reply.stdout),
        stderr_truncated=meta.get("stderr_total", 0) > len(reply.stderr),
        time_ms=meta["cpu_ms"],
        wall_ms=meta["wall_ms"],
        memory_kib=meta["memory_kib"],
        message=message,
        collected=unpack_collected(reply.artifact),
        **base,
    )


def elapsed_ms(since: float) -> int:
    return int((time.monotonic() - since) * 1000)
