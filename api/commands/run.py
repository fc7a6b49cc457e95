"""`assay run SOURCE --language L`: run one program once in the sandbox and print the result."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click
from pydantic import ValidationError

from sandbox import (
    MAX_MEMORY_LIMIT_MIB,
    MAX_TIME_LIMIT_S,
    Limits,
    Sandbox,
    SandboxError,
    SourceError,
    TestInput,
    UnknownLanguageError,
    all_languages,
    get_language,
)


def fail(message: str) -> None:
    """One line on stderr and exit code 2: the caller's input is wrong."""
    click.echo(f"assay run: {message}", err=True)
    sys.exit(2)


@click.command("run")
@click.argument("source", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--language", "-l", "language_name", required=True, help=", ".join(sorted(all_languages())))
@click.option("--stdin", "stdin_path", type=click.Path(dir_okay=False, path_type=Path), help="file fed to stdin")
@click.option("--time-limit", type=float, default=2.0, show_default=True, help="CPU seconds")
@click.option("--memory-limit", type=int, default=256, show_default=True, help="MiB")
@click.option("--json", "as_json", is_flag=True, help="print the result as one JSON object")
def run(source: Path, language_name: str, stdin_path: Path | None, time_limit: float, memory_limit: int,
        as_json: bool) -> None:
    """Run SOURCE once in a hardened sandbox (compiling it first where the language needs it)."""
    try:
        language = get_language(language_name)
    except UnknownLanguageError as exc:
        fail(str(exc))
    try:
        code = source.read_bytes()
    except OSError as exc:
        fail(f"cannot read {source}: {exc.strerror}")
    stdin = b""
    if stdin_path is not None:
        try:
            stdin = stdin_path.read_bytes()
        except OSError as exc:
            fail(f"cannot read {stdin_path}: {exc.strerror}")
    if not 0 < time_limit <= MAX_TIME_LIMIT_S:
        fail(f"--time-limit must be in (0, {MAX_TIME_LIMIT_S:g}] seconds, got {time_limit:g}")
    if not 16 <= memory_limit <= MAX_MEMORY_LIMIT_MIB:
        fail(f"--memory-limit must be in [16, {MAX_MEMORY_LIMIT_MIB}] MiB, got {memory_limit}")
    try:
        limits = Limits(time_limit_s=time_limit, memory_limit_mib=memory_limit)
    except ValidationError as exc:
        fail(exc.errors()[0]["msg"])
    try:
        with Sandbox(pool_size=0) as sandbox:
            sandbox.ensure_image(language)  # an on-demand language's image is built now, progress on stderr
            compiled = sandbox.compile(language, {language.source_name: code})
            results = sandbox.run(compiled, language, [TestInput(stdin=stdin)], limits) if compiled.ok else []
    except SourceError as exc:
        fail(str(exc))
    except SandboxError as exc:
        click.echo(f"assay run: sandbox unavailable: {exc}", err=True)
        sys.exit(3)

    if not compiled.ok:
        payload: dict[str, Any] = {
            "verdict": compiled.verdict.value, "exit_code": None, "signal": None, "stdout": "",
            "stderr": "", "time_ms": compiled.time_ms, "wall_ms": compiled.wall_ms,
            "memory_kib": compiled.memory_kib, "compile_output": compiled.message, "message": "",
            "language": language.name, "image": compiled.image,
        }
    else:
        result = results[0]
        payload = {
            "verdict": result.verdict.value, "exit_code": result.exit_code, "signal": result.signal,
            "stdout": result.stdout.decode("utf-8", "replace"),
            "stderr": result.stderr.decode("utf-8", "replace"),
            "stdout_truncated": result.stdout_truncated,
            "time_ms": result.time_ms, "wall_ms": result.wall_ms, "memory_kib": result.memory_kib,
            "compile_output": compiled.message, "message": result.message,
            "language": language.name, "image": result.image, "runtime": result.runtime,
        }
    if as_json:
        click.echo(json.dumps(payload))
    else:
        if payload["compile_output"]:
            click.echo(payload["compile_output"].rstrip(), err=True)
        if payload["stdout"]:
            click.echo(payload["stdout"], nl=False)
        if payload["stderr"]:
            click.echo(payload["stderr"], nl=False, err=True)
        detail = f" ({payload['message']})" if payload["message"] else ""
        click.echo(
            f"verdict {payload['verdict']}{detail}  exit {payload['exit_code']}  "
            f"cpu {payload['time_ms']} ms  wall {payload['wall_ms']} ms  memory {payload['memory_kib']} KiB",
            err=True,
        )
    sys.exit(0 if payload["verdict"] == "OK" else 1)


__all__ = ["run"]
