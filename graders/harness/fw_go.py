"""The `go-test` framework: the suite's ``*_test.go`` files in the candidate's package, ``go test``.

The module is the candidate's root-level ``.go`` files (not ``*_test.go``) plus the suite's files,
with a go.mod of this harness (no requirements: nothing is downloaded). The suite is built once
(``go test -c``) and every top-level ``TestXxx`` of the suite's files runs in a process of its own
(``-test.run '^TestXxx$' -test.v``): a crash, an exit or a hang fails that test only.

The verdict of a test is the exit status ``m.Run()`` returns in a TestMain of this harness
(zz_assay_main_test.go), written to descriptor 3. The candidate's code runs in that process, so
what keeps it from writing there (or from exiting with a fake status, or reading another process)
is Go itself: its files may import only the standard-library packages of ALLOWED_IMPORTS (plus the
manifest's ``go_allow_imports``), checked with ``go list`` before anything is compiled; no ``os``,
``syscall``, ``unsafe``, ``reflect``, ``runtime``, ``os/exec``, ``io/ioutil``, ``flag``, ``testing``,
no cgo, no assembly. Without them Go code cannot name a file descriptor, a file or a process.
Everything the test binary prints (``-test.v``, the candidate's own ``fmt.Println``) is shown to
reviewers as output, never read as a verdict.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from typing import Any

from fw_common import (  # type: ignore[import-not-found]  # the supervisor's folder, in the sandbox
    BuildError,
    SuiteError,
    base_env,
    files_under,
    read_text,
    strip_comments,
    tool,
)

STARTUP_S = 5.0
ALLOWED_IMPORTS = frozenset({
    "bufio", "bytes", "container/heap", "container/list", "container/ring", "context", "crypto/hmac",
    "crypto/md5", "crypto/sha1", "crypto/sha256", "crypto/sha512", "crypto/subtle", "encoding",
    "encoding/base32", "encoding/base64", "encoding/binary", "encoding/csv", "encoding/hex",
    "encoding/json", "encoding/xml", "errors", "fmt", "hash", "hash/adler32", "hash/crc32", "hash/crc64",
    "hash/fnv", "hash/maphash", "html", "io", "log", "math", "math/big", "math/bits", "math/cmplx",
    "math/rand", "net/url", "path", "regexp", "sort", "strconv", "strings", "sync", "sync/atomic",
    "text/tabwriter", "time", "unicode", "unicode/utf16", "unicode/utf8",
})
FORBIDDEN_FILE_KINDS = ("CgoFiles", "CFiles", "CXXFiles", "MFiles", "HFiles", "FFiles", "SFiles", "SwigFiles",
                        "SwigCXXFiles", "SysoFiles")
MAIN_FILE = "zz_assay_main_test.go"
TEST_FUNC_RE = re.compile(r"^func\s+(Test[A-Z0-9_]\w*|Test)\s*\(\s*\w+\s+\*testing\.T\s*\)", re.MULTILINE)
PACKAGE_RE = re.compile(r"^\s*package\s+([A-Za-z_]\w*)", re.MULTILINE)
TEST_MAIN_RE = re.compile(r"^func\s+TestMain\s*\(", re.MULTILINE)
MAIN_SOURCE = """package {package}_test

import (
\t"fmt"
\t"os"
\t"testing"
)

// Written by Assay's harness: the test's verdict goes to descriptor 3, which the candidate's code
// (standard-library allowlist: no os, syscall or unsafe) cannot reach.
func TestMain(m *testing.M) {{
\treport := os.NewFile(3, "assay-report")
\tfmt.Fprintln(report, `{{"e":"start"}}`)
\tcode := m.Run()
\tfmt.Fprintf(report, "{{\\"e\\":\\"end\\",\\"code\\":%d}}\\n", code)
\tos.Exit(code)
}}
"""


def _env(args: Any, work: str) -> dict[str, str]:
    env = base_env()
    env.update(GOCACHE=os.path.join(work, "gocache"), GOPATH=os.path.join(work, "gopath"), GOPROXY="off",
               GOFLAGS="-mod=mod", GO111MODULE="on", CGO_ENABLED="0", GOTOOLCHAIN="local",
               GOTELEMETRY="off", GONOSUMDB="*", GOSUMDB="off",
               GOMAXPROCS="2")  # the container's pids limit counts threads
    return env


def prepare(args: Any) -> tuple[dict[str, Any], list[str]]:
    work = os.path.abspath(".assay-go")
    module_dir = os.path.join(work, "module")
    os.makedirs(module_dir, exist_ok=True)
    suite_files = files_under(args.suite)
    test_files = [f for f in suite_files if "/" not in f and f.endswith("_test.go")]
    if not test_files:
        raise SuiteError("grader/ has no Go test file (*_test.go)")
    package = ""
    tests: list[str] = []
    for name in test_files:
        source = strip_comments(read_text(os.path.join(args.suite, name)))
        if TEST_MAIN_RE.search(source):
            raise SuiteError(f"{name} defines TestMain; the harness owns it (use test helpers instead)")
        found = PACKAGE_RE.search(source)
        if found and not package:
            package = found.group(1).removesuffix("_test")
        tests.extend(f"{name}::{test}" for test in TEST_FUNC_RE.findall(source))
    if not package:
        raise SuiteError("cannot tell the package of the suite's test files")
    for relative in suite_files:
        target = os.path.join(module_dir, relative)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        shutil.copyfile(os.path.join(args.suite, relative), target)
    dropped = []
    for relative in files_under(args.candidate):
        if "/" in relative or not relative.endswith(".go"):
            continue  # only the package's own root-level Go files (the compile's binary, data: not)
        if relative.endswith("_test.go") or relative in suite_files or relative == MAIN_FILE:
            dropped.append(relative)  # tests are the suite's only
            continue
        shutil.copyfile(os.path.join(args.candidate, relative), os.path.join(module_dir, relative))
    module = args.options.get("go_module") or package
    with open(os.path.join(module_dir, "go.mod"), "w", encoding="utf-8") as handle:
        handle.write(f"module {module}\n\ngo 1.19\n")
    with open(os.path.join(module_dir, MAIN_FILE), "w", encoding="utf-8") as handle:
        handle.write(MAIN_SOURCE.format(package=package))
    env = _env(args, work)
    _check_imports(module_dir, env, args)
    binary = os.path.join(work, "suite.test")
    code, output = tool(["go", "test", "-p=1", "-c", "-o", binary, "."], module_dir, env,
                        timeout=max(60.0, args.budget))
    if code != 0 or not os.path.exists(binary):
        raise BuildError(f"go test -c failed:\n{output}")
    plan = {"binary": binary, "dir": module_dir, "env": env, "dropped": dropped,
            "memory_mib": args.memory_mib}
    return plan, tests


def _check_imports(module_dir: str, env: dict[str, str], args: Any) -> None:
    code, output = tool(["go", "list", "-p=1", "-e", "-json", "."], module_dir, env, timeout=60.0)
    try:
        info = json.loads(output[output.index("{"):]) if "{" in output else {}
    except ValueError:
        info = {}
    if code != 0 or not info:
        raise BuildError(f"go list failed:\n{output}")
    error = info.get("Error") or {}
    if error.get("Err"):
        raise BuildError(f"{error.get('Pos', '')}: {error['Err']}".lstrip(": "))
    extra = {p.strip() for p in args.options.get("go_allow_imports", "").split(",") if p.strip()}
    allowed = ALLOWED_IMPORTS | extra
    refused = sorted(p for p in info.get("Imports") or [] if p not in allowed)
    kinds = [f"{kind}: {', '.join(info[kind])}" for kind in FORBIDDEN_FILE_KINDS if info.get(kind)]
    if refused or kinds:
        lines = [f'the candidate\'s code imports "{p}", which unit tests here do not allow' for p in refused]
        lines += [f"files the build does not allow (no cgo or assembly): {k}" for k in kinds]
        lines.append("allowed standard-library packages: " + ", ".join(sorted(allowed)))
        raise BuildError("\n".join(lines))


def batch(plan: dict[str, Any], pending: list[str]) -> list[str]:
    return pending[:1]  # one test per process


def command(plan: dict[str, Any], tests: list[str], args: Any) -> tuple[list[str], str, dict[str, str]]:
    name = tests[0].split("::", 1)[1]
    env = dict(plan["env"])
    env["GOMEMLIMIT"] = f"{plan['memory_mib']}MiB"
    return ([plan["binary"], f"-test.run=^{name}$", "-test.v", "-test.count=1", "-test.paniconexit0",
             f"-test.timeout={args.test_timeout + 30:g}s"], plan["dir"], env)


def nodeid(plan: dict[str, Any], tests: list[str], event: dict[str, Any]) -> str | None:
    return tests[0] if tests else None


def finish(record: dict[str, Any], event: dict[str, Any], run: Any, exit_code: int) -> None:
    code = event.get("code")
    output = run.text("stdout")
    record.update(stdout=output, stderr=run.text("stderr"), cpu_ms=run.cpu_ms())
    if code == 0:
        record.update(outcome="passed", phase="call")
    else:
        record.update(outcome="failed", kind="assertion", phase="call", message=output,
                      short=_failure_lines(output))


def _failure_lines(output: str) -> str:
    """The ``--- FAIL`` block of ``-test.v`` output: the test's own t.Error messages."""
    lines = output.splitlines()
    kept = [line for line in lines if not line.startswith(("=== RUN", "=== PAUSE", "=== CONT", "FAIL", "exit"))]
    return "\n".join(kept[-40:])
