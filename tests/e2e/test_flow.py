"""The whole product through HTTP: an author uploads a package, a reviewer invites, a candidate
starts, reads, runs and submits (AC, WA, TLE, RE, CE), the reviewer reads the report and every
detail; nothing the candidate can read ever contains hidden test data."""

from __future__ import annotations

import io
import tarfile
from typing import Any

import pytest
from e2e_support import (
    AC,
    CE,
    ECHO,
    RE_ECHO,
    REPO,
    SECRET_TESTS,
    SLUG,
    TLE,
    WA,
    assert_problem,
    e2e_package,
    zip_folder,
)

HIDDEN_KEYS = {"group", "name", "verdict", "hidden", "time_ms", "memory_kib"}


# ---------------------------------------------------------------------- packages


def test_upload_new_version_identical_and_tar(api):
    files = e2e_package(slug="e2e-upload", title="Upload")
    first = api.upload(files)
    assert first.status_code == 201, first.text
    body = first.json()
    assert body["slug"] == "e2e-upload" and body["version"] == 1
    assert body["languages"] == ["python3", "c"] and body["grader"] == "token" and body["max_points"] == 100

    again = api.upload(files)
    assert again.status_code == 200, again.text
    assert again.json()["version"] == 1 and again.json()["content_hash"] == body["content_hash"]

    changed = api.upload(e2e_package(slug="e2e-upload", title="Upload, revised"))
    assert changed.status_code == 201 and changed.json()["version"] == 2

    buffer = io.BytesIO()  # the same content as a .tar.gz: still version 2
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        for name, data in e2e_package(slug="e2e-upload", title="Upload, revised").items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    tar = api.post("/v1/problems", as_="author", files={"file": ("p.tar.gz", buffer.getvalue(), "application/gzip")})
    assert tar.status_code == 200, tar.text
    assert tar.json()["version"] == 2

    shown = api.get("/v1/problems/e2e-upload", as_="reviewer").json()
    assert shown["versions"] == [1, 2] and shown["version"] == 2 and shown["title"] == "Upload, revised"
    assert shown["sample_count"] == 1 and shown["secret_count"] == len(SECRET_TESTS)
    assert api.get("/v1/problems/e2e-upload?version=1", as_="author").json()["title"] == "Upload"
    listed = api.get("/v1/problems?limit=200", as_="author").json()
    assert {"e2e-upload", "regional-sales"} <= {p["slug"] for p in listed["items"]}

    # assessments pin a version: the newest by default, an older one on request
    newest = api.assessment(["e2e-upload"])
    pinned = api.assessment(["e2e-upload@1"])
    assert [(p["slug"], p["version"]) for p in newest["problems"]] == [("e2e-upload", 2)]
    assert [(p["slug"], p["version"], p["title"]) for p in pinned["problems"]] == [("e2e-upload", 1, "Upload")]
    token = api.started(pinned["id"])["token"]
    assert api.get("/v1/me/problems/e2e-upload", as_=token).json()["title"] == "Upload"


def test_reupload_of_a_bundled_problem_is_the_same_version(api):
    """`assay serve` loaded problems/ at start; uploading the same folder changes nothing."""
    before = api.get("/v1/problems/regional-sales", as_="author").json()
    response = api.upload(zip_folder(REPO / "problems" / "regional-sales"), name="regional-sales.zip")
    assert response.status_code == 200, response.text
    assert response.json()["version"] == before["version"]
    assert response.json()["content_hash"] == before["content_hash"]


def test_bad_package_lists_every_problem(api):
    files = e2e_package(slug="e2e-bad")
    files["problem.yaml"] = files["problem.yaml"].replace(b"[python3, c]", b"[python3, cobol]")
    del files["tests/secret/main/02.ans"]  # an input without its answer
    files["tests/sample/02.ans"] = b"4\n"  # an answer without its input
    body = assert_problem(api.upload(files), 422)
    errors = body["errors"]
    assert isinstance(errors, list) and len(errors) == 3, body
    for error in errors:
        assert set(error) >= {"file", "field", "reason"} and error["reason"], error
    where = {(e["file"], e["field"]) for e in errors}
    assert ("problem.yaml", "languages.1") in where, errors
    assert {"tests/secret/main/02.in", "tests/sample/02.ans"} <= {e["file"] for e in errors}, errors
    assert "cobol" in body["detail"]

    files = e2e_package(slug="e2e-bad")
    files["problem.yaml"] = files["problem.yaml"].replace(b"title: E2E Sum\n", b"").replace(
        b"time_limit_s: 1", b"time_limit_s: -3")
    errors = assert_problem(api.upload(files), 422)["errors"]
    assert {("problem.yaml", "title"), ("problem.yaml", "limits.time_limit_s")} <= {
        (e["file"], e["field"]) for e in errors}, errors
    assert api.get("/v1/problems/e2e-bad", as_="author").status_code == 404  # nothing stored

    garbage = api.post("/v1/problems", as_="author", files={"file": ("p.zip", b"this is not a zip", "application/zip")})
    body = assert_problem(garbage, 422)
    assert body["errors"] and all(e["reason"] for e in body["errors"])

    missing = api.post("/v1/problems", as_="author", data={"nofile": "x"})
    assert_problem(missing, 422)


# ---------------------------------------------------------------------- the candidate flow


def _strings(value: Any) -> list[str]:
    """Every string inside a JSON value (keys included), decoded."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in (k, *_strings(v))]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


@pytest.fixture(scope="module")
def flow(api, assessment) -> dict[str, Any]:
    """One candidate's whole session; every response body the candidate could read is kept."""
    seen: list[Any] = []

    def see(response):
        assert response.status_code < 300, response.text
        seen.append(response.json())
        return response.json()

    invitation = api.invite(assessment["id"])
    token = invitation["token"]
    out: dict[str, Any] = {"invitation": invitation, "token": token, "seen": seen}

    out["me_before"] = see(api.get("/v1/me", as_=token))
    out["problem_before_start"] = api.get(f"/v1/me/problems/{SLUG}", as_=token)
    out["start"] = see(api.post("/v1/me/start", as_=token))
    out["start_again"] = see(api.post("/v1/me/start", as_=token))
    out["problem"] = see(api.get(f"/v1/me/problems/{SLUG}", as_=token))
    out["regional"] = see(api.get("/v1/me/problems/regional-sales", as_=token))

    # submissions first (they queue), then runs with ?wait=
    sources = {"ac": (SLUG, AC), "wa": (SLUG, WA), "tle": (SLUG, TLE), "ce": (SLUG, CE), "echo": (SLUG, ECHO),
               "re": (SLUG, RE_ECHO), "regional_echo": ("regional-sales", ECHO)}
    posted = {}
    for name, (problem, source) in sources.items():
        response = api.submit(token, source, problem=problem)
        assert response.status_code == 202, response.text
        posted[name] = see(response)
    several_files = api.post("/v1/me/submissions", as_=token, json={  # `files` instead of `source`
        "problem": SLUG, "language": "python3",
        "files": {"main.py": "from helper import total\nprint(total())\n",
                  "helper.py": "import sys\n\ndef total():\n    return sum(map(int, sys.stdin.read().split()))\n"}})
    assert several_files.status_code == 202, several_files.text
    posted["files"] = see(several_files)
    out["posted"] = posted

    sample_run = api.post("/v1/me/runs?wait=60", as_=token,
                          json={"problem": SLUG, "language": "python3", "source": AC})
    assert sample_run.status_code == 202, sample_run.text
    out["sample_run"] = see(sample_run)
    if out["sample_run"]["status"] not in ("graded", "error"):
        out["sample_run"] = api.wait_graded(token, out["sample_run"]["id"], kind="runs")
    custom = api.post("/v1/me/runs?wait=60", as_=token,
                      json={"problem": SLUG, "language": "python3", "source": AC, "stdin": "5 6 7\n"})
    assert custom.status_code == 202, custom.text
    out["custom_run"] = see(custom)
    if out["custom_run"]["status"] not in ("graded", "error"):
        out["custom_run"] = api.wait_graded(token, out["custom_run"]["id"], kind="runs")
    see(api.get(f"/v1/me/runs/{out['custom_run']['id']}", as_=token))

    out["graded"] = {name: api.wait_graded(token, body["id"]) for name, body in posted.items()}
    seen.extend(out["graded"].values())
    out["list"] = see(api.get("/v1/me/submissions", as_=token))
    out["me_after"] = see(api.get("/v1/me", as_=token))
    return out


def test_me_and_start(flow, assessment):
    before = flow["me_before"]
    assert before["state"] == "invited" and before["started_at"] is None and before["deadline_at"] is None
    assert before["invitation_id"] == flow["invitation"]["id"]
    assert [p["slug"] for p in before["problems"]] == [SLUG, "regional-sales"]
    assert before["languages"] == ["python3"] and before["duration_minutes"] == assessment["duration_minutes"]
    assert_problem(flow["problem_before_start"], 409)

    started = flow["start"]
    assert started["state"] == "started" and started["deadline_at"] and started["started_at"]
    assert 0 < started["seconds_left"] <= assessment["duration_minutes"] * 60
    assert flow["start_again"]["started_at"] == started["started_at"]  # idempotent start


def test_problem_view(flow):
    problem = flow["problem"]
    assert problem["slug"] == SLUG and "sum" in problem["statement"]
    assert problem["languages"] == ["python3"]
    assert set(problem["templates"]) == {"python3"} and "main.py" in problem["templates"]["python3"]
    assert problem["samples"] == [{"name": "01", "input": "1 2\n", "output": "3\n"}]
    assert problem["limits"]["time_limit_s"] == 1 and problem["max_points"] == 100
    assert flow["regional"]["samples"] and flow["regional"]["statement"]


def test_runs(flow):
    sample = flow["sample_run"]
    assert sample["kind"] == "run" and sample["status"] == "graded" and sample["points"] is None
    assert [t["group"] for t in sample["tests"]] == ["sample"], sample
    assert sample["tests"][0]["verdict"] == "AC" and sample["tests"][0]["output"] == "3\n"
    assert sample["tests"][0]["input"] == "1 2\n" and sample["tests"][0]["expected_output"] == "3\n"

    custom = flow["custom_run"]
    assert custom["status"] == "graded" and custom["verdict"] == "OK", custom
    assert custom["stdout"] == "18\n" and custom["tests"] == []


def test_verdicts(flow):
    graded = flow["graded"]
    assert graded["ac"]["verdict"] == "AC" and graded["ac"]["points"] == 100 and graded["ac"]["max_points"] == 100
    assert graded["wa"]["verdict"] == "WA" and graded["wa"]["points"] == 0
    assert graded["tle"]["verdict"] == "TLE" and graded["tle"]["points"] == 0
    assert graded["re"]["verdict"] == "RE" and graded["re"]["points"] == 0
    assert graded["echo"]["verdict"] == "WA"
    assert graded["files"]["verdict"] == "AC" and graded["files"]["points"] == 100
    assert graded["regional_echo"]["verdict"] == "WA" and graded["regional_echo"]["problem"] == "regional-sales"
    ce = graded["ce"]
    assert ce["verdict"] == "CE" and ce["points"] == 0 and ce["tests"] == []
    assert ce["compile_message"] and "SyntaxError" in ce["compile_message"], ce
    for name in ("ac", "wa", "tle", "re"):
        tests = graded[name]["tests"]
        assert [t["hidden"] for t in tests] == [False] + [True] * len(SECRET_TESTS), tests
        for test in tests:
            if test["hidden"]:  # verdict, time and memory only
                assert {k for k, v in test.items() if v is not None} <= HIDDEN_KEYS, test
    assert {t["verdict"] for t in graded["tle"]["tests"]} == {"TLE"}
    assert {t["verdict"] for t in graded["ac"]["tests"]} == {"AC"}

    listed = {s["id"]: s for s in flow["list"]}
    assert set(listed) == {b["id"] for b in graded.values()}  # runs are not submissions
    assert all(s["status"] == "graded" for s in listed.values())
    best = {p["slug"]: p["best_points"] for p in flow["me_after"]["problems"]}
    assert best == {SLUG: 100, "regional-sales": 0}


def test_report(api, flow):
    invitation_id = flow["invitation"]["id"]
    report = api.get(f"/v1/invitations/{invitation_id}/report", as_="reviewer")
    assert report.status_code == 200, report.text
    report = report.json()
    graded = flow["graded"]
    problems = {p["slug"]: p for p in report["problems"]}
    assert problems[SLUG]["points"] == 100 and problems[SLUG]["max_points"] == 100
    assert problems[SLUG]["best_submission_id"] == graded["ac"]["id"]
    assert problems[SLUG]["last_submission_id"] == graded["files"]["id"]
    assert problems[SLUG]["submissions"] == 7
    assert problems["regional-sales"]["points"] == 0 and problems["regional-sales"]["submissions"] == 1
    assert problems["regional-sales"]["best_submission_id"] == graded["regional_echo"]["id"]
    assert report["total_points"] == 100 and report["max_points"] == 200
    assert report["invitation"]["state"] == "started" and report["invitation"]["score"] == 100
    events = [e["event"] for e in report["timeline"]]
    assert events[:2] == ["invited", "started"]
    assert events.count("submission") == 8 and events.count("run") == 2
    times = [e["at"] for e in report["timeline"]]
    assert times == sorted(times)
    ids = {e["detail"].get("id") for e in report["timeline"]}
    assert {b["id"] for b in graded.values()} <= ids


def test_reviewer_sees_everything(api, flow):
    echo = flow["graded"]["echo"]
    detail = api.get(f"/v1/submissions/{echo['id']}", as_="reviewer")
    assert detail.status_code == 200, detail.text
    detail = detail.json()
    assert detail["files"] == {"main.py": ECHO} and detail["invitation_id"] == flow["invitation"]["id"]
    assert detail["attempts"] == 1 and detail["status"] == "graded"
    hidden = [t for t in detail["tests"] if t["hidden"]]
    assert len(hidden) == len(SECRET_TESTS)
    for test in hidden:  # the program echoed its input: the reviewer sees that output, and the test
        given, answer = SECRET_TESTS[test["name"]]
        assert test["output"] == given and test["verdict"] == "WA"
        assert test["input"] == given and test["expected_output"] == answer
    assert [g["name"] for g in detail["groups"]] == ["sample", "main"]
    ce = api.get(f"/v1/submissions/{flow['graded']['ce']['id']}", as_="reviewer").json()
    assert "SyntaxError" in ce["compile_message"]


def _secrets(files: dict[str, bytes]) -> list[str]:
    """Secret inputs and answers (whole files and lines) of >= 8 characters that are not public."""
    public = "\n".join(data.decode("utf-8", "replace") for name, data in files.items()
                       if name.startswith("tests/sample/") or name == "statement.md")
    found: set[str] = set()
    for name, data in files.items():
        if not name.startswith("tests/secret/"):
            continue
        text = data.decode("utf-8", "replace")
        for piece in (text, text.strip(), *text.splitlines()):
            piece = piece.strip()
            if len(piece) >= 8 and piece not in public:
                found.add(piece)
    return sorted(found)


def test_hidden_tests_never_reach_the_candidate(flow):
    packages = {SLUG: e2e_package(), "regional-sales": zip_folder(REPO / "problems" / "regional-sales")}
    texts = [s for body in flow["seen"] for s in _strings(body)]
    assert len(flow["seen"]) >= 20
    for slug, files in packages.items():
        secrets = _secrets(files)
        assert secrets, f"{slug}: no secret strings to look for"
        for secret in secrets:
            leaked = [t for t in texts if secret in t]
            assert not leaked, f"{slug}: secret test data reached the candidate: {secret[:80]!r}"


def test_report_page(api, flow, assessment):
    invitation_id = flow["invitation"]["id"]
    page = api.get(f"/v1/invitations/{invitation_id}/report.html", as_="reviewer")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html"), page.text[:500]
    assert "Ada Lovelace" in page.text and SLUG in page.text
    assert api.get(f"/v1/invitations/{invitation_id}/report.html", as_="author").status_code == 403
    assert api.get(f"/v1/invitations/{invitation_id}/report.html", as_="ats").status_code == 403
    anonymous = api.get(f"/v1/invitations/{invitation_id}/report.html")  # a page: to the login form
    assert anonymous.status_code == 303 and anonymous.headers["location"].startswith("/ui/login")
    candidate = api.get(f"/v1/invitations/{invitation_id}/report.html", as_=flow["token"])
    assert candidate.status_code in (303, 401, 403), candidate.status_code
    assert "Ada Lovelace" not in candidate.text

    # what candidates type ends up in the page as text, never as markup
    nasty = '<script>alert("name")</script>'
    invitation = api.started(assessment["id"], name=nasty)
    source = '<img src=x onerror=alert("code")>\n'  # a Python syntax error: its compile message quotes it
    graded = api.wait_graded(invitation["token"], api.submit(invitation["token"], source).json()["id"])
    assert graded["verdict"] == "CE"
    page = api.get(f"/v1/invitations/{invitation['id']}/report.html", as_="reviewer").text
    assert nasty not in page and "<img src=x" not in page
    assert "&lt;script&gt;" in page
