"""Issue 22.2: the candidate's credential leaves the URL after the first visit. ``GET /take/<inv_ token>``
(and ``/take/<rpt_ key or token>/report``) sets an HttpOnly, SameSite=Strict cookie scoped to /take
(Secure when the site is https) and redirects to a token-free address; the pages and the candidate app's
API calls (``/take/v1/me...``) then work from the cookie, the API only with the app's header (no
cross-site request can send it). REST clients keep ``Authorization: Bearer`` on /v1/me."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session
from support.reviewer_data import make_app, seed

from api.models import Invitation, utcnow
from api.schemas import CandidateIn, InvitationCreate
from api.services import invitations as invitation_service
from api.services import report_links

HEADER = "X-Assay-Invitation"


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Any, Any]]:
    app = make_app(tmp_path_factory.mktemp("cookie"), public_url="http://127.0.0.1:8000")
    data = seed(app.state.engine)
    yield app, data


def invite(app: Any, data: Any, name: str, *, started: bool = False, finished: bool = False) -> tuple[str, str]:
    with Session(app.state.engine) as session:
        invitation, token = invitation_service.create(session, InvitationCreate(
            assessment_id=data.assessment_id, candidate=CandidateIn(name=name, email=f"{name.split()[0]}@example.com"),
            expires_at=utcnow() + timedelta(days=2)), None)
        if started or finished:
            invitation_service.start(session, invitation, consent=True)
        if finished:
            invitation_service.finish(session, invitation)
        session.commit()
        return invitation.id, token


def cookie_header(answer: Any) -> str:
    cookies = answer.headers.get_list("set-cookie")
    assert len(cookies) == 1, cookies
    return cookies[0]


def test_first_visit_sets_a_strict_http_only_cookie_and_redirects_to_a_token_free_address(env):
    app, data = env
    _, token = invite(app, data, "Cara Cookie")
    with TestClient(app) as client:
        first = client.get(f"/take/{token}", follow_redirects=False)
        assert first.status_code == 303, first.status_code
        assert first.headers["location"] == "/take/"
        assert first.headers["cache-control"] == "no-store" and first.headers["referrer-policy"] == "no-referrer"
        cookie = cookie_header(first)
        assert token in cookie
        attributes = {part.strip().split("=")[0].lower(): part.strip() for part in cookie.split(";")[1:]}
        assert "httponly" in attributes and attributes["samesite"].lower() == "samesite=strict"
        assert attributes["path"] == "Path=/take" and "secure" not in attributes  # plain http here
        landing = client.get("/take/")
        assert landing.status_code == 200 and "Hello Cara Cookie" in landing.text
        assert token not in landing.text  # the form posts to a token-free address too
        start = client.post("/take/start", data={"consent": "yes", "invitation": "someone-else"},
                            follow_redirects=False)
        assert start.status_code == 409  # a page of another link opened in this browser since
        start = client.post("/take/start", data={"consent": "yes", "invitation": landing_invitation(landing.text)},
                            follow_redirects=False)
        assert start.status_code == 303 and start.headers["location"] == "/take/"
    with TestClient(app) as client:  # clicked on another site: a page of this site's own moves on
        hop = client.get(f"/take/{token}", headers={"Sec-Fetch-Site": "cross-site"}, follow_redirects=False)
        assert hop.status_code == 200 and token in cookie_header(hop)
        assert '<meta http-equiv="refresh" content="0; url=/take/">' in hop.text and token not in hop.text
        assert hop.headers["cache-control"] == "no-store" and hop.headers["referrer-policy"] == "no-referrer"
    with TestClient(app, base_url="https://testserver") as client:  # behind TLS: Secure too
        secure = cookie_header(client.get(f"/take/{token}", follow_redirects=False))
        assert "secure" in secure.lower()
    with TestClient(app) as fresh:  # no cookie: the page asks for the personal link
        page = fresh.get("/take/")
        assert page.status_code == 200 and "Open your personal assessment link" in page.text


def landing_invitation(html: str) -> str:
    marker = 'name="invitation" value="'
    assert marker in html, html
    return html.split(marker, 1)[1].split('"', 1)[0]


def test_the_candidate_app_calls_the_api_with_the_cookie_and_its_header(env):
    app, data = env
    invitation_id, token = invite(app, data, "Dev Workspace", started=True)
    with TestClient(app) as client:
        page = client.get(f"/take/{token}")  # through the redirect: the workspace, from the cookie
        assert page.status_code == 200 and f'<meta name="assay-invitation" content="{invitation_id}">' in page.text
        assert token not in page.text
        me = client.get("/take/v1/me", headers={HEADER: invitation_id})
        assert me.status_code == 200 and me.json()["candidate_name"] == "Dev Workspace"
        saved = client.put("/take/v1/me/drafts/alert-windows/python3", json={"source": "print(1)\n"},
                           headers={HEADER: invitation_id})
        assert saved.status_code == 200, saved.text
        # Without the app's header (a form or link from another site) the cookie opens nothing.
        assert client.get("/take/v1/me").status_code == 403
        assert client.put("/take/v1/me/drafts/alert-windows/python3", json={"source": "x"}).status_code == 403
        # A tab of another link opened in this browser since: told to reload, nothing written there.
        other = client.get("/take/v1/me", headers={HEADER: "another-invitation"})
        assert other.status_code == 409 and "reload" in other.json()["detail"]
        # The REST API stays Bearer-only: the cookie is not sent there by browsers and not taken there.
        assert client.get("/v1/me", headers={HEADER: invitation_id}).status_code == 401
        bearer = client.get("/v1/me", headers={"Authorization": f"Bearer {token}"})
        assert bearer.status_code == 200 and bearer.json()["invitation_id"] == invitation_id


def test_report_links_move_their_key_into_the_cookie(env):
    app, data = env
    invitation_id, token = invite(app, data, "Eve Finished", finished=True)
    with Session(app.state.engine) as session:
        invitation = session.get(Invitation, invitation_id)
        assert invitation is not None
        url = report_links.link(session, invitation, "http://127.0.0.1:8000")
        session.commit()
    key = url.removeprefix("http://127.0.0.1:8000/take/").removesuffix("/report")
    assert key.startswith("rpt_")
    with TestClient(app) as client:
        first = client.get(f"/take/{key}/report", follow_redirects=False)
        assert first.status_code == 303 and first.headers["location"] == "/take/report"
        assert key in cookie_header(first)
        report = client.get("/take/report")
        assert report.status_code == 200 and "How your assessment was scored" in report.text
        assert "Back to your summary" not in report.text
        # the report key opens the report only, never the candidate's own pages
        assert client.get("/take/", follow_redirects=False).headers["location"] == "/take/report"
        assert client.get("/take/v1/me", headers={HEADER: invitation_id}).status_code == 401
    with TestClient(app) as client:  # the key's link in an ATS: another site
        hop = client.get(f"/take/{key}/report", headers={"Sec-Fetch-Site": "cross-site"}, follow_redirects=False)
        assert hop.status_code == 200 and key in cookie_header(hop) and 'url=/take/report"' in hop.text
        assert "How your assessment was scored" in client.get("/take/report").text
    with TestClient(app) as client:  # the candidate's own token: the report, then back to the summary
        own = client.get(f"/take/{token}/report", follow_redirects=False)
        assert own.status_code == 303 and own.headers["location"] == "/take/report"
        report = client.get("/take/report")
        assert report.status_code == 200 and 'href="/take/"' in report.text
        summary = client.get("/take/")
        assert 'href="/take/report"' in summary.text and token not in summary.text
    with TestClient(app) as client:
        assert client.get("/take/rpt_nothing-of-the-sort/report", follow_redirects=False).status_code == 404
        assert "set-cookie" not in client.get("/take/inv_nothing-of-the-sort", follow_redirects=False).headers
