"""Typed inputs and outputs of the sandbox's public API."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from sandbox.verdicts import Verdict

MAX_TIME_LIMIT_S = 60.0
MAX_MEMORY_LIMIT_MIB = 4096


class Limits(BaseModel):
    """Per-execution limits. Wall time defaults to twice the CPU time plus one second."""

    model_config = ConfigDict(frozen=True)

    time_limit_s: float = Field(2.0, gt=0, le=MAX_TIME_LIMIT_S, description="CPU time limit, seconds")
    wall_limit_s: float | None = Field(None, gt=0, le=3 * MAX_TIME_LIMIT_S, description="wall-clock limit")
    memory_limit_mib: int = Field(256, ge=16, le=MAX_MEMORY_LIMIT_MIB, description="memory limit, MiB")
    output_limit_bytes: int = Field(16 << 20, ge=1024, le=256 << 20, description="stdout cap; beyond: OLE")
    stderr_limit_bytes: int = Field(64 << 10, ge=1024, le=16 << 20, description="stderr kept; beyond: cut")

    @property
    def effective_wall_s(self) -> float:
        return self.wall_limit_s if self.wall_limit_s is not None else self.time_limit_s * 2 + 1


class CompileResult(BaseModel):
    """Outcome of the compile step. ``artifact`` is a tar of the work directory, bytes only."""

    ok: bool
    verdict: Verdict  # OK, CE or JE
    message: str = Field("", description="compiler output (stdout+stderr), capped")
    time_ms: int = 0
    wall_ms: int = 0
    memory_kib: int = 0
    artifact: bytes = Field(b"", repr=False, exclude=True)
    image: str = ""


class RunResult(BaseModel):
    """Outcome of one execution of the program on one input."""

    verdict: Verdict
    exit_code: int | None = None
    signal: str | None = None
    stdout: bytes = Field(b"", repr=False)
    stderr: bytes = Field(b"", repr=False)
    stdout_truncated: bool = False
    stderr_truncated: bool = False
    time_ms: int = 0
    wall_ms: int = 0
    memory_kib: int = 0
    message: str = Field("", description="why the sandbox gave this verdict, for reviewers")
    image: str = ""
    runtime: str = "runc"
    collected: dict[str, bytes] = Field(default_factory=dict, repr=False, exclude=True,
                                        description="files of the collected directory (checkers' feedback)")


class TestInput(BaseModel):
    """One test case input. Expected outputs never enter a sandbox, so there are none here."""

    __test__ = False  # not a pytest class
    name: str = ""
    stdin: bytes = b""
