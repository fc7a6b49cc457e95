"""Sandbox settings, each an ``ASSAY_SANDBOX_*`` environment variable."""

from __future__ import annotations

from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class SandboxSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="ASSAY_SANDBOX_", extra="ignore")

    runtime: Literal["auto", "runc", "runsc", "crun"] = Field(
        "auto", description="OCI runtime: auto (runsc, gVisor, where the engine has it registered; else runc, "
        "with a warning), runc (the host kernel) or runsc (required); crun (registered by scripts/setup-host.sh) "
        "is a faster runc; see sandbox/runtimes.py")
    isolation: Literal["submission", "test"] = Field(
        "submission",
        description="execution unit of a grading: one fresh container per submission (compile and every "
        "test, each a fresh process in an emptied scratch) or one fresh container per test",
    )
    image_prefix: str = Field("assay-sandbox", description="sandbox images are <prefix>-<language>:<hash>")
    base_image: str = Field(
        "",
        description="base for the sandbox images; empty: debian:bookworm-slim if a registry answers, "
        "else a local debootstrap of Debian bookworm",
    )
    uid: str = Field("10001:10001", description="uid:gid the sandboxed programs run as (never 0)")
    cpus: float = Field(1.0, gt=0, le=64, description="CPU quota per container, in cores")
    interactive_cpu_shares: int = Field(
        8192, ge=2, le=262144, description="Docker CPU shares of the containers of interactive work (a "
        "candidate's run, Sandbox.interactive()); the others have the engine's default, 1024: when the cores "
        "are contended, a run gets that much more CPU than a grading (the quota `cpus` still caps it)")
    pids_limit: int = Field(128, ge=16, le=4096, description="process/thread cap per container")
    tmpfs_mib: int = Field(64, ge=8, le=4096, description="size of the writable /tmp scratch of a run")
    file_size_mib: int = Field(64, ge=1, le=4096, description="RLIMIT_FSIZE of sandboxed programs")
    open_files: int = Field(256, ge=32, le=65536, description="RLIMIT_NOFILE of sandboxed programs")
    agent_memory_mib: int = Field(32, ge=16, le=512, description="memory for the agent on top of the limit")
    compile_time_limit_s: float = Field(30.0, gt=0, le=600)
    compile_memory_mib: int = Field(1024, ge=64, le=16384)
    compile_tmpfs_mib: int = Field(512, ge=16, le=16384)
    compile_output_bytes: int = Field(64 << 10, ge=1024, le=16 << 20)
    artifact_limit_mib: int = Field(64, ge=1, le=1024)
    pool_size: int = Field(2, ge=0, le=64, description="warm containers kept per image and limit profile")
    pool_idle_s: float = Field(300.0, gt=0, description="idle warm containers are recycled after this")
    test_parallelism: int = Field(1, ge=1, le=64, description="test cases of one submission run at once")
    host_grace_s: float = Field(5.0, gt=0, description="host timer slack over the wall limit before SIGKILL")
    leftover_ttl_s: float = Field(900.0, gt=0, description="a labelled container older than this is swept")
    session_max_s: float = Field(
        1800.0, gt=0, description="longest a submission's container may be in use (its sweep deadline)"
    )
