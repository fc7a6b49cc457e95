"""Files the graders ship into sandbox containers (standard library and pytest only).

The unit-test grader (graders/unittest_suite.py), next to the package's test suite:

    harness.py        the program the sandbox agent runs: pytest in-process, prints the report
    assay_unittest.py what test files import: proxies that reach the candidate's code in a child
    child.py          the candidate's side: imports the candidate's modules, answers calls

The same grader for JUnit 5, node:test and go test (graders/unittest_framework.py), in the language's
image:

    supervisor.py     holds the report key, runs the framework's runner per test, prints the report
    fw_common.py      what the supervisor and the adapters share
    fw_junit.py       JUnit 5: javac, AssayJUnitRunner.java under a SecurityManager
    fw_node.py        node:test: node_runner.mjs, node_reporter.mjs, assay_unittest.mjs (tests import it)
    fw_go.py          go test: an import allowlist, go test -c, a TestMain of the harness

The interactive grader (graders/interactive.py), in the interactor's container:

    interactor_wrapper.py  runs the interactor, records which side of the interaction ended first

Only this module is imported on the host; the others run inside the sandbox (the harness needs
pytest, which the python3 sandbox image has).
"""

from __future__ import annotations

from importlib import resources

HARNESS_FILES = ("harness.py", "assay_unittest.py", "child.py")

INTERACTOR_WRAPPER = "interactor_wrapper.py"

__all__ = ["HARNESS_FILES", "INTERACTOR_WRAPPER", "SUPERVISOR_FILES", "harness_files", "interactor_wrapper",
           "supervisor_files"]


def harness_files() -> dict[str, bytes]:
    """The unit-test harness's files by name (bytes, read from this package)."""
    folder = resources.files(__name__)
    return {name: folder.joinpath(name).read_bytes() for name in HARNESS_FILES}


def interactor_wrapper() -> bytes:
    return resources.files(__name__).joinpath(INTERACTOR_WRAPPER).read_bytes()


SUPERVISOR_FILES = ("supervisor.py", "fw_common.py", "fw_go.py", "fw_junit.py", "fw_node.py", "AssayJUnitRunner.java",
                    "node_runner.mjs", "node_reporter.mjs", "assay_unittest.mjs")


def supervisor_files() -> dict[str, bytes]:
    """The supervisor of the JUnit 5, node:test and go test frameworks, with its adapters."""
    folder = resources.files(__name__)
    return {name: folder.joinpath(name).read_bytes() for name in SUPERVISOR_FILES}
