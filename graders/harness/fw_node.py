"""The `node-test` framework: the suite's node:test files against the candidate's CommonJS modules.

The suite (grader/) is copied into a work folder with assay_unittest.mjs beside it; its tests reach
the candidate's files only through ``candidate('handler.js')`` of that module. Node runs with
``--frozen-intrinsics`` (no prototype or built-in object can be changed), with
``--disallow-code-generation-from-strings`` (no eval, no Function constructor, so no dynamic import
from a string either), without a ``process`` global and with a console of the harness's own; the
candidate's modules are compiled by assay_unittest.mjs with a ``require`` that reaches only the
candidate's own files. So the candidate's code holds no object that leads to a file, a descriptor, a
child process, node:test or the reporter (node_reporter.mjs), which writes each test's start and end
to descriptor 3.

Tests are discovered in a first run whose name pattern matches nothing (node:test reports every
test as skipped without running it); then each test runs in a process of its own
(``--test-name-pattern='^name$'``). A test is a leaf of the tree ``describe``/``test`` builds; its node
id is ``file::outer > inner``.
"""

from __future__ import annotations

import os
import re
import shutil
from typing import Any

from fw_common import (  # type: ignore[import-not-found]  # the supervisor's folder, in the sandbox
    SuiteError,
    base_env,
    collect_events,
    files_under,
)

STARTUP_S = 5.0
HERE = os.path.dirname(os.path.abspath(__file__))
API = "assay_unittest.mjs"
SUFFIXES = (".test.js", ".test.mjs", ".test.cjs")
SEPARATOR = " > "
NOTHING = "(?!)"


def prepare(args: Any) -> tuple[dict[str, Any], list[str]]:
    work = os.path.abspath(".assay-node")
    suite = os.path.join(work, "suite")
    os.makedirs(suite, exist_ok=True)
    relatives = files_under(args.suite)
    for relative in relatives:
        target = os.path.join(suite, relative)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        shutil.copyfile(os.path.join(args.suite, relative), target)
    shutil.copyfile(os.path.join(HERE, API), os.path.join(suite, API))
    test_files = [r for r in relatives if os.path.basename(r).endswith(SUFFIXES)]
    if not test_files:
        raise SuiteError("grader/ has no node:test file (*.test.js, *.test.mjs or *.test.cjs)")
    plan: dict[str, Any] = {"suite": suite, "files": test_files, "env": base_env(), "candidate": args.candidate,
                            "memory_mib": args.memory_mib, "names": {}}
    argv, cwd, env = _node(plan, NOTHING)
    code, events, output = collect_events(argv, cwd, env, timeout=60.0)
    ended = [e for e in events if e.get("e") == "end"]
    paths = [tuple(e["path"]) for e in ended if isinstance(e.get("path"), list)]
    tests: list[str] = []
    for event in ended:
        path = event.get("path")
        if not isinstance(path, list) or not all(isinstance(p, str) for p in path):
            continue
        if any(len(other) > len(path) and other[: len(path)] == tuple(path) for other in paths):
            continue  # a describe (or a test with subtests): its leaves are the tests
        nodeid = _nodeid(plan, event)
        if nodeid and nodeid not in plan["names"]:
            plan["names"][nodeid] = path
            tests.append(nodeid)
    if not tests:
        raise SuiteError(f"node:test found no test in the suite's files (exit status {code}):\n{output}")
    return plan, tests


def _nodeid(plan: dict[str, Any], event: dict[str, Any]) -> str | None:
    file, path = event.get("file"), event.get("path")
    if not isinstance(file, str) or not isinstance(path, list):
        return None
    file = file.removeprefix("file://")
    relative = os.path.relpath(file, plan["suite"]) if file else ""
    if relative not in plan["files"]:
        return None
    return f"{relative}::{SEPARATOR.join(str(p) for p in path)}"


def _node(plan: dict[str, Any], pattern: str) -> tuple[list[str], str, dict[str, str]]:
    argv = ["node", "--frozen-intrinsics", "--disallow-code-generation-from-strings", "--no-warnings",
            f"--max-old-space-size={plan['memory_mib']}", "--stack-size=8000",
            f"--test-reporter={os.path.join(HERE, 'node_reporter.mjs')}", "--test-reporter-destination=stderr",
            f"--test-name-pattern={pattern}", os.path.join(HERE, "node_runner.mjs"),
            os.path.join(plan["suite"], API), plan["candidate"],
            *[os.path.join(plan["suite"], f) for f in plan["files"]]]
    return argv, plan["suite"], plan["env"]


def batch(plan: dict[str, Any], pending: list[str]) -> list[str]:
    return pending[:1]  # one test per process


def command(plan: dict[str, Any], tests: list[str], args: Any) -> tuple[list[str], str, dict[str, str]]:
    leaf = plan["names"][tests[0]][-1]
    return _node(plan, f"^{re.escape(leaf)}$")


def nodeid(plan: dict[str, Any], tests: list[str], event: dict[str, Any]) -> str | None:
    found = _nodeid(plan, event)
    return found if found in tests else None


def finish(record: dict[str, Any], event: dict[str, Any], run: Any, exit_code: int) -> None:
    status = event.get("status")
    texts = {name: event.get(name) if isinstance(event.get(name), str) else "" for name in ("message", "short")}
    record.update(stdout=run.text("stdout"), stderr=run.text("stderr"), phase="call", cpu_ms=run.cpu_ms())
    if status == "passed":
        record.update(outcome="passed")
    elif status == "skipped":
        record.update(outcome="skipped")
    else:
        kind = event.get("kind") if event.get("kind") in ("assertion", "timeout", "memory",
                                                            "candidate_error") else "error"
        record.update(outcome="failed", kind=kind, message=texts["message"] or texts["short"],
                      short=texts["short"])
