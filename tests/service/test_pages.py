"""The two page apps (api.console, api.take) through HTTP, no browser: every element id is unique on the
candidate workspace (built or not) and on the console's pages; static files under content-hashed names
(immutable), console pages with ETags (304), candidate pages no-store, gzip, and the analytics cache."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from datetime import timedelta
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session
from support.reviewer_data import make_app, seed

from api.models import Submission, utcnow
from api.schemas import CandidateIn, InvitationCreate
from api.services import analytics
from api.services import invitations as invitation_service
from api.services.analytics_cache import AnalyticsCache
from api.take import pages as take_pages
from api.take import routes as take_routes

ROOT = Path(__file__).resolve().parents[2]


class _Ids(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.ids += [value or "" for name, value in attrs if name == "id"]


def duplicate_ids(html: str) -> list[str]:
    parser = _Ids()
    parser.feed(html)
    return sorted({i for i in parser.ids if parser.ids.count(i) > 1})


def login(client: TestClient, key: str) -> None:
    form = client.get("/ui/login").text
    token = re.search(r'name="csrf_token" value="([^"]+)"', form)
    assert token, form
    answer = client.post("/ui/login", data={"key": key, "csrf_token": token.group(1), "next": "/ui/"},
                         follow_redirects=False)
    assert answer.status_code == 303, answer.text


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TestClient, Any]]:
    """One app for the module (each test leaves the data consistent: it only adds to it)."""
    app = make_app(tmp_path_factory.mktemp("pages"), session_cookie_secure=False)
    data = seed(app.state.engine)
    with TestClient(app) as client:
        yield client, data


def started_token(client: TestClient, data: Any) -> str:
    with Session(client.app.state.engine) as session:  # type: ignore[attr-defined]
        invitation, token = invitation_service.create(session, InvitationCreate(
            assessment_id=data.assessment_id, candidate=CandidateIn(name="Wes Workspace", email="wes@example.com"),
            expires_at=utcnow() + timedelta(days=2)), None)
        invitation_service.start(session, invitation, consent=True)
        session.commit()
    return token


def test_workspace_ids_are_unique_built_or_not(env, monkeypatch):
    client, data = env
    token = started_token(client, data)
    monkeypatch.setattr(take_routes, "bundle_url", lambda: "/take/static/dist/candidate-TEST1234.js")
    built = client.get(f"/take/{token}")
    assert built.status_code == 200 and 'id="workspace"' in built.text
    assert duplicate_ids(built.text) == []
    assert built.text.count('id="editor-section"') == 1
    monkeypatch.setattr(take_routes, "bundle_url", lambda: None)
    unbuilt = client.get(f"/take/{token}")
    assert 'id="not-built"' in unbuilt.text
    assert duplicate_ids(unbuilt.text) == []
    assert 'href="#content"' in unbuilt.text and 'id="content"' in unbuilt.text  # the skip link has a target


def test_workspace_template_names_each_id_once():
    """Not only per rendering: both branches of the template (built, not built) share no id."""
    source = (Path(take_routes.__file__).parent / "templates" / "workspace.html").read_text()
    ids = re.findall(r'\bid="([^"{]+)"', source)
    assert sorted({i for i in ids if ids.count(i) > 1}) == []


def test_console_pages_ids_are_unique(env):
    client, data = env
    login(client, data.reviewer_key)
    for path in ("/ui/", f"/ui/assessments/{data.assessment_id}", "/ui/assessments/new",
                 f"/ui/assessments/{data.assessment_id}/analytics",
                 *(f"/ui/invitations/{i}" for i in data.invitations.values())):
        page = client.get(path)
        assert page.status_code == 200, path
        assert duplicate_ids(page.text) == [], path


# ---------------------------------------------------------------------- static assets, caching, gzip (issue 20.9)

HASHED_LINK = re.compile(r'(?:href|src)="(/(?:ui|take)/static/[^"]+)"')


def test_console_links_hashed_assets_served_immutable(env):
    client, data = env
    login(client, data.reviewer_key)
    links = HASHED_LINK.findall(client.get("/ui/").text)
    names = {link.rsplit("/", 1)[1] for link in links}
    assert {re.sub(r"-[0-9a-f]{12}\.", ".", n) for n in names} == {"assay.css", "code.css", "console.js",
                                                                      "favicon.svg"}, links
    for link in links:
        answer = client.get(link)
        assert answer.status_code == 200, link
        assert answer.headers["cache-control"] == "public, max-age=31536000, immutable"
        name = re.sub(r"-[0-9a-f]{12}\.", ".", link.rsplit("/", 1)[1])
        assert hashlib.sha256(answer.content).hexdigest()[:12] in link  # the name is the content's
        if name == "assay.css":
            assert answer.content == (ROOT / "api" / "pages" / "static" / "assay.css").read_bytes()
    plain = client.get("/ui/static/assay.css")
    assert plain.status_code == 200 and plain.headers["cache-control"] == "no-cache" and plain.headers["etag"]
    assert client.get("/ui/static/assay.css", headers={"If-None-Match": plain.headers["etag"]}).status_code == 304
    stale = client.get("/ui/static/assay-000000000000.css")  # an old page's link during an upgrade
    assert stale.status_code == 200 and stale.headers["cache-control"] == "no-cache"
    assert client.get("/ui/static/../pages/static/assay.css").status_code == 404
    assert client.get("/ui/static/nothing-0123456789ab.css").status_code == 404


def test_candidate_pages_link_hashed_assets_and_bundle(env, tmp_path, monkeypatch):
    client, data = env
    dist = tmp_path / "dist"
    dist.mkdir()
    (dist / "candidate-AB12CD34.js").write_text("export {};\n")
    (dist / "manifest.json").write_text(json.dumps({"entries": {"candidate.js": "candidate-AB12CD34.js"},
                                                    "files": ["candidate-AB12CD34.js"]}))
    monkeypatch.setattr(take_pages.ASSETS, "bundle", dist)
    token = started_token(client, data)
    page = client.get(f"/take/{token}")
    assert 'src="/take/static/dist/candidate-AB12CD34.js"' in page.text
    links = HASHED_LINK.findall(page.text)
    assert {re.sub(r"-[0-9a-f]{12}\.", ".", link.rsplit("/", 1)[1]) for link in links if "/dist/" not in link} == {
        "assay.css", "candidate.css"}
    for link in links:
        answer = client.get(link)
        assert answer.status_code == 200 and answer.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert client.get("/take/static/dist/manifest.json").headers["cache-control"] == "no-cache"
    (dist / "manifest.json").unlink()
    assert take_routes.bundle_url() is None  # not built: the workspace says so


def test_console_pages_answer_304_while_unchanged_and_candidate_pages_stay_no_store(env):
    client, data = env
    login(client, data.reviewer_key)
    path = f"/ui/assessments/{data.assessment_id}"
    first = client.get(path)
    assert first.status_code == 200
    assert first.headers["cache-control"] == "private, no-cache" and "Cookie" in first.headers["vary"]
    tag = first.headers["etag"]
    again = client.get(path, headers={"If-None-Match": tag})
    assert again.status_code == 304 and again.content == b"" and again.headers["etag"] == tag
    assert again.headers["content-security-policy"] == first.headers["content-security-policy"]
    with Session(client.app.state.engine) as session:  # type: ignore[attr-defined]
        invitation_service.create(session, InvitationCreate(
            assessment_id=data.assessment_id, candidate=CandidateIn(name="Nia New", email="nia@example.com"),
            expires_at=utcnow() + timedelta(days=2)), None)
        session.commit()
    changed = client.get(path, headers={"If-None-Match": tag})
    assert changed.status_code == 200 and "Nia New" in changed.text and changed.headers["etag"] != tag
    # Another viewer's page is another page: their tag does not match.
    other = TestClient(client.app)
    login(other, data.admin_key)
    assert other.get(path, headers={"If-None-Match": changed.headers["etag"]}).status_code == 200

    login_page = client.get("/ui/login")
    assert login_page.headers["cache-control"] == "no-store" and "etag" not in login_page.headers
    token = started_token(client, data)
    for candidate_path in (f"/take/{token}", "/take/", "/take/inv_unknown"):
        answer = client.get(candidate_path)
        assert answer.headers["cache-control"] == "no-store" and "etag" not in answer.headers, candidate_path
    workspace = client.get(f"/take/{token}")
    nonce = re.search(r"'nonce-([^']+)'", workspace.headers["content-security-policy"])
    assert nonce and nonce.group(1) != re.search(r"'nonce-([^']+)'", client.get(
        f"/take/{token}").headers["content-security-policy"]).group(1)  # a fresh nonce each time, never a 304


def test_text_answers_are_gzipped_but_not_the_login_form(env):
    client, data = env
    login(client, data.reviewer_key)
    gzip = {"Accept-Encoding": "gzip"}
    css = client.get(HASHED_LINK.findall(client.get("/ui/").text)[1], headers=gzip)
    assert css.headers["content-encoding"] == "gzip" and "Accept-Encoding" in css.headers["vary"]
    for path in ("/ui/", f"/ui/assessments/{data.assessment_id}", "/openapi.json",
                 f"/ui/assessments/{data.assessment_id}/analytics.csv"):
        answer = client.get(path, headers=gzip)
        assert answer.status_code == 200 and answer.headers.get("content-encoding") == "gzip", path
    raw = client.get("/ui/", headers={"Accept-Encoding": "identity"})
    assert "content-encoding" not in raw.headers
    assert "content-encoding" not in client.get("/ui/login?next=/ui/", headers=gzip).headers  # BREACH


def test_analytics_are_computed_again_only_after_a_grading(env, monkeypatch):
    client, data = env
    login(client, data.reviewer_key)
    calls: list[str] = []
    real = analytics.compute

    def counted(session: Any, assessment: Any, now: Any = None) -> Any:
        calls.append(assessment.id)
        return real(session, assessment, now)

    monkeypatch.setattr(analytics, "compute", counted)
    monkeypatch.setattr(client.app.state, "analytics", AnalyticsCache())  # empty: other tests filled the app's
    base = f"/assessments/{data.assessment_id}/analytics"
    bearer = {"Authorization": f"Bearer {data.reviewer_key}"}
    first = client.get(f"/v1{base}", headers=bearer).json()
    assert client.get(f"/ui{base}").status_code == 200
    assert client.get(f"/ui{base}.csv").status_code == 200
    assert client.get(f"/v1{base}.csv", headers=bearer).status_code == 200
    assert client.get(f"/v1{base}", headers=bearer).json() == first
    assert len(calls) == 1, "no new grading: the page, JSON and CSV reuse one computation"

    with Session(client.app.state.engine) as session:  # type: ignore[attr-defined]
        row = session.get(Submission, data.submissions["cleo-mr"])
        assert row is not None
        row.graded_at = utcnow()
        row.points = row.max_points
        session.add(row)
        session.commit()
    second = client.get(f"/v1{base}", headers=bearer).json()
    assert len(calls) == 2, "a new grading: computed again"
    assert second["scores"] != first["scores"] or second["problems"] != first["problems"]
    client.get(f"/ui{base}")
    assert len(calls) == 2
