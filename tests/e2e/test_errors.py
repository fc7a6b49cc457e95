"""Errors are RFC 9457 problem+json with a message that says what is wrong; validation errors name
every field; oversized bodies are 413; garbage is 422; nothing is ever a 500."""

from __future__ import annotations

import json

import pytest
from e2e_support import AC, SLUG, assert_problem


@pytest.fixture(scope="module")
def token(api, assessment) -> str:
    return api.started(assessment["id"])["token"]


def test_status_codes_are_problem_json(api, assessment, token):
    assert "Bearer" in assert_problem(api.get("/v1/problems"), 401)["detail"]
    assert "role 'ats'" in assert_problem(api.get("/v1/problems", as_="ats"), 403)["detail"]
    assert assert_problem(api.get("/v1/invitations/nope", as_="reviewer"), 404)["detail"] == \
        "invitation 'nope' does not exist"
    assert_problem(api.get("/v1/problems/no-such-problem", as_="author"), 404)
    assert_problem(api.get(f"/v1/problems/{SLUG}?version=999", as_="author"), 404)
    assert_problem(api.get("/v1/assessments/nope", as_="author"), 404)
    assert_problem(api.get("/v1/submissions/nope", as_="reviewer"), 404)
    assert_problem(api.get("/v1/no/such/path", as_="admin"), 404)
    assert_problem(api.request("PUT", "/v1/me", as_=token), 405)
    body = assert_problem(api.get("/v1/me/problems/no-such-problem", as_=token), 404)
    assert "not part of this assessment" in body["detail"]
    assert_problem(api.submit(token, AC, problem="no-such-problem"), 404)
    assert_problem(api.post("/v1/me/finish", as_=api.invite(assessment["id"])["token"]), 409)


def test_validation_errors_name_every_field(api, assessment, token):
    body = assert_problem(api.post("/v1/invitations", as_="reviewer", json={}), 422)
    assert {e["field"] for e in body["errors"]} == {"assessment_id", "candidate"}  # expires_at has a default
    for field in ("assessment_id", "candidate"):
        assert field in body["detail"]

    body = assert_problem(api.post("/v1/invitations", as_="reviewer", json={
        "assessment_id": assessment["id"], "candidate": {"name": "", "email": "not-an-email"},
        "expires_at": "2030-01-01T00:00:00"}), 422)
    assert {e["field"] for e in body["errors"]} == {"candidate.name", "candidate.email", "expires_at"}, body
    assert all(e["message"] for e in body["errors"])
    past = assert_problem(api.post("/v1/invitations", as_="reviewer", json={
        "assessment_id": assessment["id"], "candidate": {"name": "A", "email": "a@example.com"},
        "expires_at": "2001-01-01T00:00:00Z"}), 422)
    assert past["errors"] == [{"field": "expires_at", "message": "in the past"}]
    assert_problem(api.post("/v1/invitations", as_="reviewer", json={
        "assessment_id": "nope", "candidate": {"name": "A", "email": "a@example.com"},
        "expires_at": "2099-01-01T00:00:00Z"}), 404)

    body = assert_problem(api.post("/v1/assessments", as_="author", json={
        "title": "", "problems": [], "duration_minutes": 1, "surprise": True}), 422)
    assert {e["field"] for e in body["errors"]} == {"title", "problems", "duration_minutes", "surprise"}
    body = assert_problem(api.post("/v1/assessments", as_="author", json={
        "title": "t", "problems": ["nope", f"{SLUG}@999", SLUG], "duration_minutes": 30,
        "languages": ["cobol", "python3"]}), 422)
    assert {e["field"] for e in body["errors"]} == {"problems.0", "problems.1", "languages.0"}, body

    code = {"problem": SLUG, "language": "python3"}
    body = assert_problem(api.post("/v1/me/submissions", as_=token, json=code), 422)
    assert "exactly one of 'source' or 'files'" in body["detail"]
    assert_problem(api.post("/v1/me/submissions", as_=token, json={**code, "source": AC, "files": {"a.py": ""}}),
                   422)
    body = assert_problem(api.post("/v1/me/submissions", as_=token, json={**code, "language": "cobol",
                                                                             "source": AC}), 422)
    assert body["errors"][0]["field"] == "language"
    body = assert_problem(api.post("/v1/me/submissions", as_=token, json={**code, "language": "c", "source": AC}),
                          422)  # the package allows c, the assessment does not
    assert "allowed: python3" in body["detail"]
    body = assert_problem(api.post("/v1/me/runs", as_=token, json={**code, "files": {"../x.py": "1"}}), 422)
    assert body["errors"][0]["field"] == "files"
    body = assert_problem(api.post("/v1/me/submissions", as_=token, json={}), 422)
    assert {e["field"] for e in body["errors"]} == {"problem", "language"}
    assert_problem(api.get("/v1/me/submissions/x?wait=61", as_=token), 422)
    assert_problem(api.get("/v1/problems?limit=0", as_="author"), 422)
    assert_problem(api.get("/v1/problems?offset=-1", as_="author"), 422)
    assert_problem(api.get("/v1/assessments?offset=99999999999999999999999", as_="author"), 422)
    assert_problem(api.delete("/v1/keys/99999999999999999999999", as_="admin"), 422)
    assert_problem(api.post("/v1/keys", as_="admin", json={"role": "superuser"}), 422)
    assert api.get("/v1/me/submissions", as_=token).json() == []  # nothing above was stored


def test_garbage_bodies_are_422(api, token):
    headers = {"Content-Type": "application/json"}
    for content in (b"{garbage", b"\xff\xfe\x00", b"[]", b"null", b"", json.dumps("x" * 100).encode()):
        assert_problem(api.post("/v1/me/submissions", as_=token, headers=headers, content=content), 422)
    assert_problem(api.post("/v1/me/submissions", as_=token, content=b"problem=x",
                            headers={"Content-Type": "application/x-www-form-urlencoded"}), 422)
    assert_problem(api.post("/v1/invitations", as_="reviewer", headers=headers, content=b"{\"candidate\": "), 422)
    assert_problem(api.post("/v1/problems", as_="author", headers=headers, content=b"{}"), 422)
    assert_problem(api.post("/v1/problems", as_="author", content=b"--x\r\n\r\n",
                            headers={"Content-Type": "multipart/form-data; boundary=x"}), 422)


def test_oversized_bodies_are_413(api, token):
    big_source = {"problem": SLUG, "language": "python3", "source": "#" * (300 * 1024)}
    body = assert_problem(api.post("/v1/me/submissions", as_=token, json=big_source), 413)
    assert "256 KiB" in body["detail"]
    assert_problem(api.post("/v1/me/runs", as_=token, json=big_source), 413)
    big_files = {"problem": SLUG, "language": "python3", "files": {f"m{i}.py": "#" * (100 * 1024) for i in range(3)}}
    assert_problem(api.post("/v1/me/submissions", as_=token, json=big_files), 413)
    big_stdin = {"problem": SLUG, "language": "python3", "source": AC, "stdin": "1" * (1100 * 1024)}
    assert "stdin" in assert_problem(api.post("/v1/me/runs", as_=token, json=big_stdin), 413)["detail"]

    huge = json.dumps({"problem": SLUG, "language": "python3", "source": "#" * (4 << 20)}).encode()
    headers = {"Content-Type": "application/json"}
    body = assert_problem(api.post("/v1/me/submissions", as_=token, headers=headers, content=huge), 413)
    assert "request body is larger" in body["detail"]

    def chunks():  # no Content-Length: the cap holds while streaming
        for start in range(0, len(huge), 1 << 16):
            yield huge[start:start + (1 << 16)]

    body = assert_problem(api.post("/v1/me/submissions", as_=token, headers=headers, content=chunks()), 413)
    assert "request body is larger" in body["detail"]
    assert api.get("/v1/me/submissions", as_=token).json() == []
