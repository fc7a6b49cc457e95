"""Who may call what: every endpoint against every staff role, a candidate token, no token, unknown
and revoked credentials. Allowed callers are never refused (401/403); others get exactly the
declared refusal as problem+json."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from e2e_support import CE, ROLES, SLUG, assert_problem, e2e_package, zip_package

EVERYONE_STAFF = set(ROLES)


@pytest.fixture(scope="module")
def world(api, assessment) -> dict[str, Any]:
    owner = api.started(assessment["id"], name="Owner")
    other = api.started(assessment["id"], name="Other")
    submission = api.submit(owner["token"], CE)
    assert submission.status_code == 202, submission.text
    run = api.post("/v1/me/runs", as_=owner["token"],
                   json={"problem": SLUG, "language": "python3", "source": CE, "stdin": "1"})
    assert run.status_code == 202, run.text
    revoked = api.server.key("reviewer")
    keys = api.get("/v1/keys", as_="admin").json()
    revoked_id = next(k["id"] for k in keys if revoked.startswith(k["prefix"]))
    assert api.delete(f"/v1/keys/{revoked_id}", as_="admin").status_code == 200
    return {"owner": owner, "other": other, "submission": submission.json()["id"], "run": run.json()["id"],
            "revoked_key": revoked, "assessment": assessment["id"],
            "victim": api.invite(assessment["id"], name="Victim")["id"]}


def _staff_endpoints(world: dict[str, Any]) -> list[tuple[str, str, set[str], dict[str, Any]]]:
    aid, iid = world["assessment"], world["owner"]["id"]
    expires = (datetime.now(UTC) + timedelta(days=3)).isoformat()
    invitation = {"assessment_id": aid, "candidate": {"name": "M", "email": "m@example.com"}, "expires_at": expires}
    package = {"file": ("p.zip", zip_package(e2e_package(slug="e2e-roles")), "application/zip")}
    return [
        ("POST", "/v1/keys", {"admin"}, {"json": {"role": "ats", "name": "matrix"}}),
        ("GET", "/v1/keys", {"admin"}, {}),
        ("DELETE", "/v1/keys/999999", {"admin"}, {}),
        ("POST", "/v1/problems", {"author"}, {"files": package}),
        ("GET", "/v1/problems", {"author", "reviewer"}, {}),
        ("GET", f"/v1/problems/{SLUG}", {"author", "reviewer"}, {}),
        ("POST", "/v1/assessments", {"author", "reviewer"},  # reviewers compose assessments from the library
         {"json": {"title": "matrix", "problems": [SLUG], "duration_minutes": 30}}),
        ("GET", "/v1/assessments", {"author", "reviewer"}, {}),
        ("GET", f"/v1/assessments/{aid}", {"author", "reviewer"}, {}),
        ("GET", f"/v1/assessments/{aid}/invitations", {"reviewer", "ats"}, {}),
        ("POST", "/v1/invitations", {"reviewer", "ats"}, {"json": invitation}),
        ("GET", "/v1/invitations", {"reviewer", "ats"}, {}),
        ("GET", f"/v1/invitations/{iid}", {"reviewer", "ats"}, {}),
        ("POST", f"/v1/invitations/{world['victim']}/revoke", {"reviewer", "ats"}, {}),
        ("GET", f"/v1/invitations/{iid}/report", {"reviewer"}, {}),
        ("GET", f"/v1/submissions/{world['submission']}", {"reviewer"}, {}),
    ]


def _candidate_endpoints(world: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    bad_code = {"json": {"problem": "no-such-problem", "language": "python3", "source": "print(1)"}}
    return [
        ("GET", "/v1/me", {}),
        ("POST", "/v1/me/start", {}),
        ("GET", f"/v1/me/problems/{SLUG}", {}),
        ("POST", "/v1/me/runs", bad_code),
        ("POST", "/v1/me/submissions", bad_code),
        ("GET", "/v1/me/submissions", {}),
        ("GET", "/v1/me/submissions/0123456789abcdef", {}),
        ("GET", "/v1/me/runs/0123456789abcdef", {}),
        ("POST", "/v1/me/finish", {}),  # last: it ends the candidate's assessment
    ]


def test_role_matrix(api, world):
    candidate = world["other"]["token"]
    callers: dict[str, str | None] = {role: role for role in ROLES}
    callers.update(candidate=candidate, none=None, unknown_key="ask_" + "x" * 43,
                   unknown_token="inv_" + "y" * 43, revoked_key=world["revoked_key"])
    wrong: list[str] = []

    def check(method: str, path: str, caller: str, expected: int | None, kwargs: dict[str, Any]) -> None:
        response = api.request(method, path, as_=callers[caller], **kwargs)
        if expected is None:
            if response.status_code in (401, 403):
                wrong.append(f"{caller} {method} {path}: refused {response.status_code} {response.text}")
            return
        if response.status_code != expected:
            wrong.append(f"{caller} {method} {path}: {response.status_code}, expected {expected}")
            return
        assert_problem(response, expected)
        if expected == 401:
            assert response.headers.get("www-authenticate", "").lower().startswith("bearer")

    for method, path, allowed, kwargs in _staff_endpoints(world):
        for caller in callers:
            if caller in ROLES:
                expected = None if caller in allowed | {"admin"} else 403
            else:
                expected = {"candidate": 403, "unknown_token": 403}.get(caller, 401)
            check(method, path, caller, expected, kwargs)

    for method, path, kwargs in _candidate_endpoints(world):
        for caller in callers:
            if caller == "candidate":
                continue
            expected = {"none": 401, "unknown_token": 401}.get(caller, 403)
            check(method, path, caller, expected, kwargs)
        check(method, path, "candidate", None, kwargs)

    assert not wrong, "\n".join(wrong)


def test_candidate_sees_only_its_own_invitation(api, world):
    other = world["other"]["token"]
    for path in (f"/v1/me/submissions/{world['submission']}", f"/v1/me/runs/{world['run']}",
                 f"/v1/me/runs/{world['submission']}"):
        body = assert_problem(api.get(path, as_=other), 404)
        assert "does not exist" in body["detail"]
    assert all(s["id"] != world["submission"] for s in api.get("/v1/me/submissions", as_=other).json())
    owner = world["owner"]["token"]
    assert api.get(f"/v1/me/submissions/{world['submission']}", as_=owner).status_code == 200
    assert_problem(api.get(f"/v1/me/submissions/{world['run']}", as_=owner), 404)  # a run is not a submission
    me = api.get("/v1/me", as_=other).json()
    assert me["invitation_id"] == world["other"]["id"] and me["candidate_name"] == "Other"
    # a candidate token cannot reach staff views of its own data either
    assert_problem(api.get(f"/v1/submissions/{world['submission']}", as_=owner), 403)
    assert_problem(api.get(f"/v1/invitations/{world['owner']['id']}/report", as_=owner), 403)


ROLE_NOTE = re.compile(r"\(([a-z, ]+)\)\s*$")


def test_every_operation_in_openapi_refuses_as_declared(api, world):
    """Whatever endpoints exist (the table above is hand-written; this reads /openapi.json): no
    credentials -> 401; the roles a summary declares, as in "(reviewer, ats)", are allowed and the
    other staff roles refused with 403; staff endpoints refuse candidate tokens, candidate endpoints
    staff keys. Placeholder ids and empty bodies: nothing is changed."""
    spec = api.get("/openapi.json").json()
    candidate = world["other"]["token"]
    wrong: list[str] = []
    checked = 0
    for template, operations in spec["paths"].items():
        path = re.sub(r"\{[^}]+\}", "999999", template)
        for method, operation in operations.items():
            schemes = {name for requirement in operation.get("security", []) for name in requirement}
            if not schemes:
                continue  # public: /healthz, /readyz
            kwargs: dict[str, Any] = {"json": {}} if method in ("post", "put", "patch") else {}
            method = method.upper()
            checked += 1

            def expect(as_: str | None, allowed: bool, refusal: int = 403, *, what: str = "",
                       method: str = method, path: str = path, kwargs: dict[str, Any] = kwargs) -> None:
                code = api.request(method, path, as_=as_, **kwargs).status_code
                if (allowed and code in (401, 403)) or (not allowed and code != refusal):
                    wrong.append(f"{what or as_} {method} {path}: {code} ({'allowed' if allowed else refusal})")

            expect(None, False, 401, what="no credentials")
            if "HTTPBearer" not in schemes:
                continue  # e.g. Greenhouse's own Basic auth
            declared = ROLE_NOTE.search(operation.get("summary", ""))
            roles = {r.strip() for r in declared.group(1).split(",")} if declared else set()
            if template.startswith("/v1/me"):
                for role in ROLES:
                    expect(role, False)
                continue
            expect(candidate, False, what="candidate")
            if roles and roles <= set(ROLES):
                for role in ROLES:
                    expect(role, role in roles | {"admin"})
    assert checked >= 40, f"only {checked} secured operations in /openapi.json"
    assert not wrong, "\n".join(wrong)
