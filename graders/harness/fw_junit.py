"""The `junit5` framework: the suite's JUnit 5 test classes against the candidate's Java classes.

The candidate's ``.java`` files are compiled into a folder of their own, the suite's against them
(with Debian's junit-platform-console-standalone jar) into another, and AssayJUnitRunner.java (this
harness's launcher, the JUnit Platform Launcher API) into a third. The JVM runs with a
SecurityManager (Java 17) and a policy that gives every permission to the harness, the suite and
/usr/share/java, and none to the candidate's classes: code of the candidate (or called from it)
cannot open descriptor 3 or any file, exit or halt the JVM, start a process, replace System.out,
load native code, or use reflection past access checks (so not on the runner's listener, JUnit's
internals or sun.misc.Unsafe). The runner's listener, which only the runner holds, writes a start
and an end line per test method to descriptor 3; the candidate's printing goes to the runner's
per-test capture.

Tests are discovered in a first JVM (the suite's classes only: the candidate's classes are never
selected, and a candidate file named like a suite file is dropped), then run; a JVM that dies or
hangs in a test fails that test and a new one runs the rest. A test method is one unit: a
parameterized or dynamic test passes when every invocation does. An aborted test (a failed
assumption) fails: only the suite's own @Disabled skips.
"""

from __future__ import annotations

import os
import re
import shutil
from typing import Any

from fw_common import (  # type: ignore[import-not-found]  # the supervisor's folder, in the sandbox
    BuildError,
    SuiteError,
    base_env,
    collect_events,
    files_under,
    read_text,
    strip_comments,
    tool,
)

STARTUP_S = 10.0
JUNIT_JAR = "/usr/share/java/junit-platform-console-standalone.jar"
RUNNER = "AssayJUnitRunner.java"
HERE = os.path.dirname(os.path.abspath(__file__))
PACKAGE_RE = re.compile(r"^\s*package\s+([\w.]+)\s*;", re.MULTILINE)
JVM = ["-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:ActiveProcessorCount=1", "-Xshare:auto"]
JAVAC = ["javac", "-J-XX:+UseSerialGC", "-J-XX:TieredStopAtLevel=1", "-J-XX:ActiveProcessorCount=1",
         "-J-Xmx256m", "-encoding", "UTF-8", "-nowarn", "-g"]


def _is_test_file(path: str) -> bool:
    name = os.path.basename(path)
    return name.endswith((".java",)) and (name.endswith(("Test.java", "Tests.java")) or name.startswith("Test"))


def prepare(args: Any) -> tuple[dict[str, Any], list[str]]:
    if not os.path.exists(JUNIT_JAR):
        raise SuiteError(f"{JUNIT_JAR} is missing from the java sandbox image (Debian package junit5)")
    work = os.path.abspath(".assay-java")
    folders = {name: os.path.join(work, name) for name in ("candidate", "suite", "runner")}
    for folder in folders.values():
        os.makedirs(folder, exist_ok=True)
    env = base_env()
    suite_files = files_under(args.suite)
    suite_sources = [f for f in suite_files if f.endswith(".java")]
    classes: dict[str, str] = {}  # test file (relative to grader/) -> its top-level class
    for relative in suite_sources:
        if _is_test_file(relative):
            found = PACKAGE_RE.search(strip_comments(read_text(os.path.join(args.suite, relative))))
            name = os.path.basename(relative)[: -len(".java")]
            classes[relative] = f"{found.group(1)}.{name}" if found else name
    if not classes:
        raise SuiteError("grader/ has no JUnit test class (*Test.java, *Tests.java or Test*.java)")
    taken = {os.path.basename(f) for f in suite_sources}
    candidate = [f for f in files_under(args.candidate) if f.endswith(".java") and os.path.basename(f) not in taken]
    if candidate:
        code, output = tool([*JAVAC, "-d", folders["candidate"], *candidate], args.candidate, env, timeout=120.0)
        if code != 0:
            raise BuildError(f"javac (the submission) failed:\n{output}")
    # JUnit before the candidate's classes, always: a class of the candidate's named like one of
    # JUnit's (org.junit.jupiter.api.Assertions) must never stand in for it
    classpath = f"{JUNIT_JAR}:{folders['candidate']}"
    code, output = tool([*JAVAC, "-cp", classpath, "-d", folders["suite"], *suite_sources], args.suite, env,
                        timeout=120.0)
    if code != 0:
        raise BuildError(f"javac (the tests, against the submission) failed:\n{output}")
    for relative in suite_files:  # resources of the suite (data files) are on its class path
        if not relative.endswith(".java"):
            target = os.path.join(folders["suite"], relative)
            os.makedirs(os.path.dirname(target), exist_ok=True)
            shutil.copyfile(os.path.join(args.suite, relative), target)
    code, output = tool([*JAVAC, "-cp", JUNIT_JAR, "-d", folders["runner"], os.path.join(HERE, RUNNER)], HERE, env,
                        timeout=120.0)
    if code != 0:
        raise SuiteError(f"javac (the harness's runner) failed:\n{output}")
    policy = os.path.join(work, "assay.policy")
    with open(policy, "w", encoding="utf-8") as handle:
        for folder in (folders["runner"], folders["suite"], "/usr/share/java"):
            handle.write(f'grant codeBase "file:{folder}/-" {{\n  permission java.security.AllPermission;\n}};\n')
    plan: dict[str, Any] = {
        "env": env, "work": work, "policy": policy, "classes": classes,
        "classpath": ":".join([folders["runner"], folders["suite"], JUNIT_JAR, folders["candidate"]]),
        "memory_mib": args.memory_mib, "selectors": {},
    }
    argv, cwd, _env = _java(plan, "discover", args.test_timeout, [])
    code, events, output = collect_events(argv, cwd, env, timeout=120.0)
    tests = []
    for event in events:
        nodeid, selector = event.get("id"), event.get("selector")
        if event.get("e") == "test" and isinstance(nodeid, str) and isinstance(selector, str):
            tests.append(nodeid)
            plan["selectors"][nodeid] = selector
    if not tests:
        raise SuiteError(f"JUnit found no test in the suite's classes (exit status {code}):\n{output}")
    return plan, tests


def _java(plan: dict[str, Any], mode: str, timeout: float, selectors: list[str]) -> tuple[list[str], str, dict]:
    files = [f"{path}={name}" for path, name in sorted(plan["classes"].items())]
    argv = ["java", *JVM, f"-Xmx{plan['memory_mib']}m", "-Xss16m", "-Djava.security.manager=allow",
            f"-Djava.security.policy={plan['policy']}", "-Dfile.encoding=UTF-8", "-cp", plan["classpath"],
            "AssayJUnitRunner", mode, f"{timeout:g}", *files, "--", *selectors]
    return argv, plan["work"], plan["env"]


def batch(plan: dict[str, Any], pending: list[str]) -> list[str]:
    return list(pending)


def command(plan: dict[str, Any], tests: list[str], args: Any) -> tuple[list[str], str, dict[str, str]]:
    everything = len(tests) == len(plan["selectors"])
    selectors = [] if everything else [plan["selectors"][t] for t in tests]
    return _java(plan, "run", args.test_timeout, selectors)


def nodeid(plan: dict[str, Any], tests: list[str], event: dict[str, Any]) -> str | None:
    found = event.get("id")
    return found if isinstance(found, str) and found in plan["selectors"] else None


def finish(record: dict[str, Any], event: dict[str, Any], run: Any, exit_code: int) -> None:
    status = event.get("status")
    text: dict[str, str] = {}
    for name in ("message", "short", "stdout", "stderr"):
        value = event.get(name)
        text[name] = value if isinstance(value, str) else ""
    record.update(stdout=text["stdout"], stderr=text["stderr"], phase="call")
    if status == "SUCCESSFUL":
        record.update(outcome="passed")
    elif status == "SKIPPED":
        record.update(outcome="skipped", message=text["message"])
    else:
        kind = event.get("kind") if event.get("kind") in ("assertion", "error", "timeout", "memory",
                                                            "candidate_error") else "error"
        if status == "ABORTED":
            text["short"] = "aborted (an assumption failed): " + text["short"]
        record.update(outcome="failed", kind=kind, message=text["message"] or text["short"], short=text["short"])
