"""The bundled problem library (problems/) in the sandbox: every reference submission gets the verdict of
its folder (``problemformat.verify`` over each package, one test per package so that a failure names the
problem), and every test input passes the package's input validators. That every package loads and is
complete: tests/unit/test_problem_library.py."""

from __future__ import annotations

import pytest
from support.gate import need
from support.library import PACKAGES, PROBLEMS, load

from graders.input_validation import input_validation
from graders.reference_judge import reference_judge
from problemformat import verify

VERIFY_TIMEOUT_S = 1800  # a package's reference submissions, each over every test, in the sandbox


@pytest.mark.parametrize("slug", [slug for slug in PACKAGES if (PROBLEMS / slug / "input_validators").is_dir()])
def test_every_test_input_passes_the_input_validators(slug, sandbox):
    package = load(slug)
    checked, failures = verify.verify_inputs(package, input_validation(sandbox))
    assert not failures, "\n".join(f.describe() for f in failures)
    assert checked == len(package.samples) + sum(len(tests) for tests in package.groups.values())


@pytest.mark.timeout(VERIFY_TIMEOUT_S)
@pytest.mark.parametrize("slug", PACKAGES)
def test_reference_submissions_get_their_verdicts(slug, sandbox):
    package = load(slug)
    checks = verify.verify_package(package, sandbox, judge=reference_judge(sandbox), jobs=2)
    failed = [f"{c.submission}: {c.reason}" for c in checks if c.status == verify.Status.FAIL]
    assert not failed, "\n".join(failed)
    skipped = [f"{c.submission}: {c.reason}" for c in checks if c.status == verify.Status.SKIP]
    if skipped:
        need("reference submissions not run:\n" + "\n".join(skipped))
    assert len(checks) == len(package.submissions)
