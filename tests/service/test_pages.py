"""The two page apps (api.console, api.take) through HTTP, no browser: every element id is unique on the
candidate workspace (built or not) and on the console's pages."""

from __future__ import annotations

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

from api.models import utcnow
from api.schemas import CandidateIn, InvitationCreate
from api.services import invitations as invitation_service
from api.take import routes as take_routes


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


@pytest.fixture
def env(tmp_path) -> Iterator[tuple[TestClient, Any]]:
    app = make_app(tmp_path, session_cookie_secure=False)
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
