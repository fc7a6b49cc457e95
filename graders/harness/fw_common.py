"""What the unit-test supervisor and its framework adapters share (standard library only)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import tempfile

MESSAGE_CHARS = 6000
TOOL_OUTPUT_CHARS = 20000


class BuildError(Exception):
    """The candidate's files and the suite do not build together (a compile error: CE)."""


class SuiteError(Exception):
    """The suite itself is unusable (a judge error)."""


def clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit // 2] + "\n[...]\n" + text[-limit // 2 :]


def tool(argv: list[str], cwd: str, env: dict[str, str], timeout: float) -> tuple[int, str]:
    """Run a build tool (no candidate code runs in it); its exit status and output."""
    try:
        done = subprocess.run(argv, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, timeout=timeout, check=False)
    except subprocess.TimeoutExpired as exc:
        output = (exc.stdout or b"").decode("utf-8", errors="replace")
        return 124, clip(f"{output}\n[{argv[0]} took longer than {timeout:g} s]", TOOL_OUTPUT_CHARS)
    return done.returncode, clip(done.stdout.decode("utf-8", errors="replace"), TOOL_OUTPUT_CHARS)


def base_env() -> dict[str, str]:
    return {"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": os.environ.get("HOME", "/tmp"),
            "LANG": "C.UTF-8", "TMPDIR": "/tmp"}


def files_under(folder: str) -> list[str]:
    """Every regular file under ``folder`` (relative paths, sorted); symlinks are not followed."""
    found: list[str] = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not os.path.islink(os.path.join(root, d)))
        for name in sorted(files):
            path = os.path.join(root, name)
            if os.path.isfile(path) and not os.path.islink(path):
                found.append(os.path.relpath(path, folder))
    return found


def read_text(path: str) -> str:
    with open(path, encoding="utf-8", errors="replace") as handle:
        return handle.read()


def strip_comments(source: str) -> str:
    """C-family source without // and /* */ comments (string literals are kept as they are)."""
    return re.sub(r"//[^\n]*|/\*.*?\*/", " ", source, flags=re.DOTALL)


def collect_events(argv: list[str], cwd: str, env: dict[str, str], timeout: float) -> tuple[int, list[dict], str]:
    """Run a trusted step (discovery) with a pipe on descriptor 3; its exit status, the JSON lines it
    wrote there, and its output."""
    with tempfile.TemporaryFile() as events, tempfile.TemporaryFile() as output:
        def child_setup() -> None:
            os.dup2(events.fileno(), 3)

        try:
            done = subprocess.run(argv, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=output,
                                  stderr=subprocess.STDOUT, timeout=timeout, check=False,
                                  preexec_fn=child_setup, close_fds=False)
            code = done.returncode
        except subprocess.TimeoutExpired:
            code = 124
        events.seek(0)
        output.seek(0)
        found = []
        for line in events.read().splitlines():
            try:
                event = json.loads(line)
            except ValueError:
                continue
            if isinstance(event, dict):
                found.append(event)
        text = clip(output.read().decode("utf-8", errors="replace"), TOOL_OUTPUT_CHARS)
        return code, found, text
