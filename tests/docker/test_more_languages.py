"""The fourteen on-demand languages in the real sandbox, and their images built on demand.

This is the one module that builds the on-demand images ahead (``extra_images``, once per session,
three at a time); elsewhere only `assay problems verify` of problemtools' examples needs some of them
(tests/docker/test_kattis_examples_verdicts.py), and builds them itself if this module has not run.
Every language gets AC, WA, CE, RE and TLE through `assay problems verify` under runc; the JVM, Mono,
GHC and SBCL runtimes start and answer within a 256 MiB limit under runc and gVisor.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from rich.console import Console
from support.language_programs import PROGRAMS, VERDICT_OF

from sandbox import (
    CompileResult,
    ImagePreparing,
    Limits,
    Sandbox,
    SandboxSettings,
    TestInput,
    Verdict,
    get_language,
    imagebuild,
    images,
)
from sandbox.imagebuild import build_images
from sandbox.ondemand import OnDemandImages, build_locked

pytestmark = pytest.mark.timeout(1800)

ASSAY = [sys.executable, "-m", "api.cli"]
ON_DEMAND = sorted(PROGRAMS)
HEAVY_RUNTIMES = ("csharp", "haskell", "kotlin", "lisp", "scala")
TEST_PREFIX = "assay-test-ondemand"


@pytest.fixture(scope="session")
def extra_images(docker_api) -> dict[str, float]:
    """Every on-demand language's image, built now if missing: language -> seconds it took (0 when
    it was there)."""
    started = time.monotonic()
    built = build_images([get_language(name) for name in ON_DEMAND], SandboxSettings(),
                         console=Console(stderr=True, width=160), api=docker_api, jobs=3)
    print(f"on-demand images ready in {time.monotonic() - started:.0f} s", file=sys.stderr)
    return {item.language: item.seconds for item in built}


def write_package(root: Path) -> Path:
    files = {
        "problem.yaml": "schema: 1\nslug: add-everywhere\ntitle: Add\n"
                        f"languages: [{', '.join(ON_DEMAND)}]\n"
                        "limits: {time_limit_s: 1, memory_limit_mib: 256}\ngrader: {kind: token}\n"
                        "scoring: {groups: [{name: main, points: 100}]}\n",
        "statement.md": "# Add\n\nPrint a + b.\n",
        "tests/secret/main/01.in": "1 2\n", "tests/secret/main/01.ans": "3\n",
        "tests/secret/main/02.in": "40 2\n", "tests/secret/main/02.ans": "42\n",
    }
    for name, programs in PROGRAMS.items():
        extension = get_language(name).extensions[0]
        for folder, source in programs.items():
            files[f"submissions/{folder}/{name}{extension}"] = source
    for path, text in files.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(text)
    return root


def test_every_on_demand_language_gets_each_verdict(extra_images, tmp_path):
    """AC, WA, CE (a syntax error for the interpreted ones), RE and TLE for all fourteen, graded as
    a reference submission is (`assay problems verify`, runc)."""
    package = write_package(tmp_path / "add-everywhere")
    done = subprocess.run([*ASSAY, "problems", "verify", "--json", "--jobs", "2", str(package)],
                          capture_output=True, text=True, timeout=1500)
    report = json.loads(done.stdout)
    [problem] = report["problems"]
    got = {c["submission"]: (c["status"], c["verdict"], c["reason"]) for c in problem["submissions"]}
    expected = {f"submissions/{folder}/{name}{get_language(name).extensions[0]}": ("OK", VERDICT_OF[folder], "")
                for name, programs in PROGRAMS.items() for folder in programs}
    assert got == expected
    assert done.returncode == 0, done.stderr[-2000:]


@pytest.fixture(scope="module")
def heavy_programs(extra_images, sandbox) -> dict[str, CompileResult]:
    """The accepted program of each heavy runtime, compiled once (an artifact runs under either runtime)."""
    return {name: sandbox.compile(name, PROGRAMS[name]["accepted"]) for name in HEAVY_RUNTIMES}


@pytest.mark.parametrize("runtime", ["runc", "runsc"])
@pytest.mark.parametrize("name", HEAVY_RUNTIMES)
def test_heavy_runtimes_run_within_a_memory_limit(heavy_programs, request, runtime, name):
    """A JVM (Kotlin, Scala), Mono, GHC's and SBCL's runtimes answer within 256 MiB under both runtimes:
    their heap flags follow the limit, and the overhead each declares covers the rest."""
    box: Sandbox = request.getfixturevalue("sandbox" if runtime == "runc" else "sandbox_runsc")
    compiled = heavy_programs[name]
    assert compiled.ok, compiled.message
    [result] = box.run(compiled, name, [TestInput(stdin=b"40 2\n")], Limits(time_limit_s=10, memory_limit_mib=256))
    assert (result.verdict, result.stdout) == (Verdict.OK, b"42\n"), result.message + result.stderr.decode()


# ------------------------------------------------------------------ images on demand


@pytest.fixture
def scratch_prefix(docker_api):
    """Images under a test prefix, removed afterwards (the layer cache makes their builds quick)."""
    yield SandboxSettings(image_prefix=TEST_PREFIX)
    for image in docker_api.images(name=f"{TEST_PREFIX}-bash"):
        for tag in image.get("RepoTags") or []:
            docker_api.remove_image(tag, force=True)


def test_an_image_is_built_once_when_first_needed(docker_api, scratch_prefix, monkeypatch):
    """A grading that needs a missing image starts its build and is told to come back
    (ImagePreparing); three more threads that need it meanwhile wait for that build; then it is there."""
    bash = get_language("bash")
    ondemand = OnDemandImages(docker_api, scratch_prefix)
    assert not ondemand.ready(bash)
    builds = []
    real = imagebuild._build_one

    def counting(api, language, *args, **kwargs):
        builds.append(language.name)
        return real(api, language, *args, **kwargs)

    monkeypatch.setattr(imagebuild, "_build_one", counting)
    with pytest.raises(ImagePreparing) as caught:
        ondemand.need(bash)
    assert "preparing Bash" in str(caught.value)
    waiters = [threading.Thread(target=ondemand.ensure, args=(bash, Console(file=io.StringIO())))
               for _ in range(3)]
    for thread in waiters:
        thread.start()
    for thread in waiters:
        thread.join(timeout=600)
    deadline = time.monotonic() + 600
    while ondemand.preparing(bash) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert builds == ["bash"]
    assert ondemand.ready(bash) and not build_locked(f"{TEST_PREFIX}-bash")
    assert ondemand.need(bash) == images.image_tag(bash, TEST_PREFIX)


def test_two_processes_building_one_image_build_it_once(scratch_prefix):
    """`assay images build --language bash` twice at once: one builds, the other finds it built (it
    waits on the image's build lock, then looks again)."""
    env = {**os.environ, "ASSAY_SANDBOX_IMAGE_PREFIX": TEST_PREFIX}
    both = [subprocess.Popen([*ASSAY, "images", "build", "--language", "bash"], env=env, text=True,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(2)]
    outputs = [process.communicate(timeout=900) for process in both]
    assert [process.returncode for process in both] == [0, 0], outputs
    tables = [out for out, _ in outputs]
    assert sum("present" in table for table in tables) == 1, tables
