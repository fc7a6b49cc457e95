"""Issue 22, item 14 (the smaller items): no async endpoint makes blocking database calls; token-bearing
JSON (REST and the ATS integrations) is never stored by a cache; the session cookie is ``__Host-``
prefixed when Secure; an anonymised assessment's bulk CSV does not list which addresses are candidates."""

from __future__ import annotations

import inspect
from collections.abc import Iterator
from typing import Any

from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from sqlmodel import Session
from support.reviewer_data import make_app, seed

from api.people import sessions, users
from api.services import anonymity
from api.services.keys import create_key


def _bearer(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


def _api_routes(routes: list[Any]) -> Iterator[APIRoute]:
    """Every endpoint, in included routers too (FastAPI wraps each include_router's routes)."""
    for route in routes:
        if isinstance(route, APIRoute):
            yield route
        inner = getattr(route, "original_router", None)
        if inner is not None:
            yield from _api_routes(inner.routes)


def test_no_async_endpoint_takes_a_database_session(tmp_path):
    """An ``async def`` endpoint runs on the event loop: a database call there stalls every request of the
    process (create_assessment did, issue 22 item 14). Endpoints with a session are plain ``def``s,
    which FastAPI runs in its thread pool."""
    from api.deps import get_session

    app = make_app(tmp_path)
    routes = list(_api_routes(app.routes))
    assert any(route.path == "/ui/assessments" and "POST" in route.methods for route in routes)
    # a session the endpoint itself takes (a plain-def dependency that takes one runs in the thread pool)
    offenders = [f"{sorted(route.methods)} {route.path}" for route in routes
                 if inspect.iscoroutinefunction(route.endpoint)
                 and get_session in [sub.call for sub in route.dependant.dependencies]]
    assert offenders == []


def test_token_bearing_json_is_marked_no_store(tmp_path):
    app = make_app(tmp_path, public_url="https://assay.example")
    data = seed(app.state.engine)
    with Session(app.state.engine) as session:
        _, ats = create_key(session, "ats", "greenhouse")
        session.commit()
    with TestClient(app) as client:
        created = client.post("/v1/invitations", headers=_bearer(data.reviewer_key), json={
            "assessment_id": data.assessment_id, "candidate": {"name": "Zoe", "email": "zoe@example.com"}})
        assert created.status_code == 201 and created.json()["token"]
        assert created.headers["cache-control"] == "no-store"
        sent = client.post("/integrations/greenhouse/send_test", auth=(ats, ""), json={
            "partner_test_id": data.assessment_id,
            "candidate": {"first_name": "Harry", "last_name": "Potter", "email": "hp@example.com"}})
        assert sent.status_code == 200, sent.text
        shown = client.get(f"/integrations/greenhouse/tests/{sent.json()['partner_interview_id']}",
                           headers=_bearer(ats))
        assert shown.status_code == 200 and shown.json()["candidate_token"].startswith("inv_")
        assert shown.headers["cache-control"] == "no-store"
        page = client.get("/ui/login")  # pages keep their own policy
        assert page.headers["cache-control"] == "no-store"


def _person_client(app: Any, secure: bool) -> tuple[TestClient, str]:
    with Session(app.state.engine) as session:
        user = users.create(session, email="ada@acme.example", name="Ada", is_admin=True)
        _, token = sessions.start(session, user, hours=1)
        session.commit()
    return TestClient(app, base_url="https://testserver" if secure else "http://testserver",
                      follow_redirects=False), token


def test_the_secure_session_cookie_has_the_host_prefix_and_no_other_name_is_read(tmp_path):
    app = make_app(tmp_path, console_key_sign_in=True)  # Secure by default
    data = seed(app.state.engine)
    client, token = _person_client(app, secure=True)
    form = client.get("/ui/login")
    csrf = form.text.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    signed_in = client.post("/ui/login", data={"key": data.reviewer_key, "csrf_token": csrf})
    assert signed_in.status_code == 303, signed_in.text
    cookie = signed_in.headers["set-cookie"]
    assert cookie.startswith("__Host-assay_session="), cookie
    attributes = [part.strip().lower() for part in cookie.split(";")]
    assert "secure" in attributes and "path=/" in attributes and not any(a.startswith("domain") for a in attributes)

    planted = TestClient(app, base_url="https://testserver", follow_redirects=False)
    planted.cookies.set("assay_session", token)  # a cookie a sibling subdomain or plain HTTP could plant
    assert planted.get("/ui/").status_code == 303, "only the __Host- cookie is read"
    prefixed = TestClient(app, base_url="https://testserver", follow_redirects=False)
    prefixed.cookies.set("__Host-assay_session", token)
    assert prefixed.get("/ui/").status_code == 200


def test_without_secure_the_cookie_keeps_its_plain_name(tmp_path):
    app = make_app(tmp_path, session_cookie_secure=False)
    client, token = _person_client(app, secure=False)
    client.cookies.set("assay_session", token)
    assert client.get("/ui/").status_code == 200


def test_an_anonymised_assessments_bulk_csv_does_not_list_which_addresses_are_candidates(tmp_path):
    app = make_app(tmp_path)
    data = seed(app.state.engine)  # dan@example.com has an open invitation
    with Session(app.state.engine) as session:
        anonymity.set_anonymised(session, data.assessment_id, True)
        session.commit()
    csv = "name,email\nNew Person,new@example.com\nProbe,dan@example.com\n"
    with TestClient(app) as client:
        response = client.post("/v1/invitations/bulk", headers=_bearer(data.reviewer_key),
                               data={"assessment_id": data.assessment_id}, files={"file": ("c.csv", csv)})
        assert response.status_code == 201, response.text
        body = response.json()
        assert [c["candidate"]["email"] for c in body["created"]] == ["new@example.com"]
        assert "dan@example.com" not in response.text
        assert body["skipped"] == [] and body["withheld"] == 1
        with Session(app.state.engine) as session:  # not anonymised: the list is shown as before
            anonymity.set_anonymised(session, data.assessment_id, False)
            session.commit()
        again = client.post("/v1/invitations/bulk", headers=_bearer(data.reviewer_key),
                            data={"assessment_id": data.assessment_id}, files={"file": ("c.csv", csv)})
        assert [{k: v for k, v in row.items() if k != "invitation_id"} for row in again.json()["skipped"]] == [
            {"line": 2, "email": "new@example.com", "reason": "already has an open invitation"},
            {"line": 3, "email": "dan@example.com", "reason": "already has an open invitation"}]
        assert again.json()["withheld"] == 0
