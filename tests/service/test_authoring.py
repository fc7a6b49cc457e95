"""Authoring in the console (issue 25) through the app, signed in as people: an author writes a problem in
the form (saved as version 1, then 2; an unchanged save keeps the version), the form refused with each
error beside its field and everything typed kept (a slug in use, a time limit that is not a number, broken
TeX, a sample without its answer, a file tree past its cap), the live preview's fragment (MathML), uploads
(an Assay zip, a DOMjudge package converted, a broken archive), the changes between versions, moving an
assessment to a newer version (refused once a candidate started), "Verify" ending in a clear error when the
sandbox is unavailable, and who may do it (author role or key; not a reviewer; CSRF)."""

from __future__ import annotations

import io
import re
import time
import zipfile
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select
from support.reviewer_data import make_app

from api.audit import AuditEvent
from api.console import session as web_session
from api.models import AssessmentProblem, Invitation, InvitationDraw, ProblemVersion, utcnow
from api.people import sessions, teams, users
from api.people.models import TeamRole, User
from api.schemas import AssessmentCreate, CandidateIn, InvitationCreate
from api.services import assessments as assessment_service
from api.services import authoring_verify
from api.services import invitations as invitation_service
from api.services import problems as problem_service
from api.services.authoring_form import MAX_FILE_ROWS
from api.services.authoring_models import VerifyRun
from api.services.keys import create_key
from problemformat.package_loader import load_package
from sandbox import SandboxError

ROOT = Path(__file__).resolve().parents[2]
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@dataclass
class World:
    app: Any
    ids: dict[str, str]

    def client(self, who: str) -> TestClient:
        with Session(self.app.state.engine) as session:
            user = session.get(User, self.ids[who])
            assert user is not None
            _, token = sessions.start(session, user, hours=8)
            session.commit()
        client = TestClient(self.app, base_url="https://testserver", follow_redirects=False)
        client.cookies.set(web_session.cookie_name(self.app.state.settings), token)
        return client


@pytest.fixture
def world(tmp_path) -> World:
    app = make_app(tmp_path, webhook_worker=False)
    with Session(app.state.engine) as session:
        author = users.create(session, email="ada@acme.example", name="Ada Author")
        reviewer = users.create(session, email="rita@acme.example", name="Rita Reviewer")
        backend = teams.create(session, "Backend")
        teams.set_member(session, backend, author, TeamRole.AUTHOR)
        teams.set_member(session, backend, reviewer, TeamRole.REVIEWER)
        session.commit()
        ids = {"author": author.id, "reviewer": reviewer.id, "backend": backend.id}
    return World(app, ids)


def csrf_of(client: TestClient, path: str = "/ui/authoring/new") -> str:
    match = CSRF.search(client.get(path).text)
    assert match
    return match.group(1)


def problem_form(token: str, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "csrf_token": token, "base": "", "slug": "echo-sum", "title": "Echo Sum",
        "statement": "# Echo Sum\n\nRead $a$ and $b$ with $|a|,|b| \\le 10^{12}$; print $a+b$.\n",
        "time_limit_s": "1", "memory_limit_mib": "256", "languages": ["python3"], "grader_kind": "token",
        "groups": "main 100", "starter_python3": "a, b = map(int, input().split())\n",
        "file_path": ["tests/sample/01.in", "tests/sample/01.ans", "tests/secret/main/01.in",
                      "tests/secret/main/01.ans", "submissions/accepted/sol.py", "submissions/wrong_answer/off.py"],
        "file_text": ["1 2\n", "3\n", "1000000000000 -5\n", "999999999995\n",
                      "a, b = map(int, input().split())\nprint(a + b)\n",
                      "a, b = map(int, input().split())\nprint(a + b + 1)\n"],
        "upload_folder": "tests/secret/main", "action": "save",
    }
    data.update(overrides)
    return data


def save(client: TestClient, data: dict[str, Any], files: Any = None) -> Any:
    empty = [("uploads", ("", b"", "application/octet-stream"))]  # a multipart post, as the browser sends it
    return client.post("/ui/authoring/save", data=data, files=files or empty)


def test_an_author_writes_a_problem_and_every_save_is_a_new_version(world):
    client = world.client("author")
    assert 'id="new-problem"' in client.get("/ui/problems").text
    form = client.get("/ui/authoring/new")
    assert form.status_code == 200 and "connect-src 'self'" in form.headers["content-security-policy"]
    token = CSRF.search(form.text).group(1)

    answer = save(client, problem_form(token))
    assert answer.status_code == 303, answer.text
    assert answer.headers["location"] == "/ui/problems/echo-sum?version=1&done=saved"
    page = client.get(answer.headers["location"]).text
    assert "Saved as version 1" in page and "<math" in page and "Edit (saves version 2)" in page
    with Session(world.app.state.engine) as session:
        row = session.exec(select(ProblemVersion).where(ProblemVersion.slug == "echo-sum")).one()
        assert row.version == 1 and row.manifest["limits"]["time_limit_s"] == 1
    # edit: the form comes filled from version 1; a changed limit is version 2, the same content is kept
    edit = client.get("/ui/authoring/echo-sum/edit?version=1").text
    assert 'name="base" value="echo-sum@1"' in edit and "print(a + b + 1)" in edit and "readonly" in edit
    data = problem_form(token, base="echo-sum@1", time_limit_s="2")
    assert save(client, data).headers["location"] == "/ui/problems/echo-sum?version=2&done=saved"
    assert save(client, data).headers["location"] == "/ui/problems/echo-sum?version=2&done=unchanged"
    page = client.get("/ui/problems/echo-sum").text
    assert 'id="version-table"' in page and 'data-version="1"' in page and 'data-version="2"' in page
    diff = client.get("/ui/problems/echo-sum/diff?from=1&to=2")
    assert diff.status_code == 200 and 'id="facts-diff"' in diff.text and "time_limit_s&#34;: 2" in diff.text
    assert "problem.yaml" in diff.text and "statement.md" not in diff.text  # only the manifest changed
    saved = [e for e in _audit(world, "problem.saved")]
    assert [e.detail.get("created") for e in saved] == [True, True, False]
    assert saved[0].actor_name.startswith("Ada Author")


def _audit(world: World, action: str) -> list[AuditEvent]:
    with Session(world.app.state.engine) as session:
        return list(session.exec(select(AuditEvent).where(AuditEvent.action == action)
                                 .order_by(AuditEvent.id)).all())


def test_a_refused_form_names_each_field_and_keeps_everything_typed(world):
    client = world.client("author")
    token = csrf_of(client)
    assert save(client, problem_form(token)).status_code == 303
    data = problem_form(token, time_limit_s="fast", statement="# Broken\n\nWe need $\\frac{1}{$ here.\n",
                        file_path=["tests/sample/01.in", "submissions/accepted/sol.py"],
                        file_text=["1 2\n", "print(3)\n"], groups="main 100\nlarge many")
    answer = save(client, data)
    assert answer.status_code == 422
    text = answer.text
    assert "The problem was not saved" in text
    assert 'id="slug-error"' in text and "exists already" in text  # the slug of the first save
    assert 'id="time_limit_s-error"' in text and "not a number" in text
    assert 'id="statement-error"' in text and "not valid TeX" in text
    assert 'id="groups-error"' in text and "line 2" in text
    assert 'id="file-0-error"' in text and "no matching .ans" in text
    # everything typed is still there
    assert "We need $\\frac{1}{$ here." in text and 'value="fast"' in text and "print(3)" in text
    assert "large many" in text
    with Session(world.app.state.engine) as session:
        assert len(session.exec(select(ProblemVersion)).all()) == 1


def test_an_uploaded_file_and_a_file_tree_past_its_cap(world):
    client = world.client("author")
    token = csrf_of(client)
    many = problem_form(token, slug="many-files", file_path=[f"extra/{n}.txt" for n in range(MAX_FILE_ROWS + 1)],
                        file_text=["x"] * (MAX_FILE_ROWS + 1))
    answer = save(client, many)
    assert answer.status_code == 422 and 'id="files-error"' in answer.text and f"at most {MAX_FILE_ROWS}" in answer.text
    # the hidden test and a binary file come as uploads: the text one joins the typed files
    data = problem_form(token, slug="uploaded", file_path=problem_form(token)["file_path"][:2] +
                        problem_form(token)["file_path"][4:], file_text=problem_form(token)["file_text"][:2] +
                        problem_form(token)["file_text"][4:], upload_folder="tests/secret/main")
    files = [("uploads", ("01.in", b"4 5\n", "text/plain")), ("uploads", ("01.ans", b"9\n", "text/plain")),
             ("uploads", ("blob.bin", bytes(range(256)), "application/octet-stream"))]
    answer = save(client, data, files)
    assert answer.status_code == 303, answer.text
    edit = client.get("/ui/authoring/uploaded/edit").text
    assert "tests/secret/main/01.in" in edit and 'name="keep" value="tests/secret/main/blob.bin"' in edit


def test_the_preview_renders_math_as_candidates_see_it(world):
    client = world.client("author")
    token = csrf_of(client)
    answer = client.post("/ui/authoring/preview", data={"csrf_token": token, "statement": "Sum $a_i^2$ **bold**"})
    assert answer.status_code == 200 and "<math" in answer.text and "<strong>bold</strong>" in answer.text
    assert "$" not in answer.text
    broken = client.post("/ui/authoring/preview", data={"csrf_token": token, "statement": "Bad $\\frac{$"})
    assert "Not valid TeX" in broken.text
    assert client.post("/ui/authoring/preview", data={"csrf_token": "nope", "statement": "x"}).status_code == 403
    # without the script: the Preview button re-renders the form with the preview, saving nothing
    shown = save(client, problem_form(token, action="preview", statement="Hello $x^2$"))
    assert shown.status_code == 200 and "<math" in shown.text
    assert client.get("/ui/problems/echo-sum").status_code == 404


def _zip(files: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return out.getvalue()


def _folder(path: Path) -> dict[str, bytes]:
    return {str(p.relative_to(path)): p.read_bytes() for p in sorted(path.rglob("*")) if p.is_file()}


def test_uploads_of_an_assay_package_a_domjudge_package_and_a_broken_one(world):
    client = world.client("author")
    token = csrf_of(client, "/ui/authoring/upload")
    package = _zip(_folder(ROOT / "problems" / "meeting-rooms"))
    answer = client.post("/ui/authoring/upload", data={"csrf_token": token},
                         files={"file": ("meeting-rooms.zip", package, "application/zip")})
    assert answer.status_code == 303 and answer.headers["location"].endswith("version=1&done=uploaded")
    again = client.post("/ui/authoring/upload", data={"csrf_token": token},
                        files={"file": ("meeting-rooms.zip", package, "application/zip")})
    assert again.headers["location"].endswith("version=1&done=unchanged")
    source = _folder(ROOT / "tests" / "fixtures" / "kattis" / "hypotenuse")
    kattis = _zip({f"hypotenuse/{k}": v for k, v in source.items()})
    answer = client.post("/ui/authoring/upload", data={"csrf_token": token},
                         files={"file": ("hypotenuse.zip", kattis, "application/zip")})
    assert answer.status_code == 303, answer.text
    slug = answer.headers["location"].split("/")[3].split("?")[0]
    page = client.get(answer.headers["location"]).text
    assert slug == "hypotenuse" and "<math" in page and "Uploaded as version 1" in page
    assert 'id="import-warnings"' in page and "time_multiplier" in page  # what was not converted, listed
    # DOMjudge's hello has its statement only as a PDF: refused, saying what to add
    hello = _zip({f"hello/{k}": v for k, v in _folder(ROOT / "tests" / "fixtures" / "domjudge" / "hello").items()})
    refused = client.post("/ui/authoring/upload", data={"csrf_token": token},
                          files={"file": ("hello.zip", hello, "application/zip")})
    assert refused.status_code == 422 and "no problem statement found" in refused.text
    broken = client.post("/ui/authoring/upload", data={"csrf_token": token},
                         files={"file": ("x.zip", b"not a zip at all", "application/zip")})
    assert broken.status_code == 422 and "x.zip was not stored" in broken.text
    bad = _zip({"problem.yaml": b"schema: 1\nslug: Bad Slug\ntitle: T\n", "statement.md": b"# T\n"})
    refused = client.post("/ui/authoring/upload", data={"csrf_token": token},
                          files={"file": ("bad.zip", bad, "application/zip")})
    assert refused.status_code == 422 and "slug" in refused.text and "lowercase" in refused.text


def test_an_assessment_moves_to_a_newer_version_until_a_candidate_starts(world):
    client = world.client("author")
    token = csrf_of(client)
    save(client, problem_form(token))
    with Session(world.app.state.engine) as session:
        assessment = assessment_service.create(session, AssessmentCreate(
            title="Screening", problems=["echo-sum"], duration_minutes=60, languages=["python3"]),
            None, world.ids["backend"])
        session.commit()
        assessment_id = assessment.id
    save(client, problem_form(token, base="echo-sum@1", title="Echo Sum, again"))
    page = client.get("/ui/problems/echo-sum").text
    assert "Move to version 2" in page and "Screening" in page
    moved = client.post(f"/ui/authoring/assessments/{assessment_id}/move",
                        data={"csrf_token": token, "slug": "echo-sum", "version": "2"})
    assert moved.status_code == 303 and moved.headers["location"].startswith("/ui/problems/echo-sum?version=2")
    with Session(world.app.state.engine) as session:
        link = session.exec(select(AssessmentProblem).where(AssessmentProblem.assessment_id == assessment_id)).one()
        assert session.get(ProblemVersion, link.problem_version_id).version == 2
        invitation, _ = invitation_service.create(session, InvitationCreate(
            assessment_id=assessment_id, candidate=CandidateIn(name="Cy", email="cy@example.com")), None)
        invitation.started_at = utcnow()
        session.add(invitation)
        session.commit()
    refused = client.post(f"/ui/authoring/assessments/{assessment_id}/move",
                          data={"csrf_token": token, "slug": "echo-sum", "version": "1"})
    assert refused.status_code == 422 and "keeps the version" in refused.text
    assert _audit(world, "assessment.problem_moved")[0].detail["new_version"] == 2
    with Session(world.app.state.engine) as session:
        assert session.exec(select(Invitation)).one().started_at is not None


def test_verify_without_a_sandbox_ends_with_a_clear_error(world, monkeypatch):
    client = world.client("author")
    token = csrf_of(client)
    save(client, problem_form(token))

    def no_sandbox() -> Any:
        raise SandboxError("the Docker engine is not reachable")

    world.app.state.sandbox = no_sandbox
    started = client.post("/ui/authoring/echo-sum/1/verify", data={"csrf_token": token})
    assert started.status_code == 303
    location = started.headers["location"]
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        page = client.get(location).text
        if 'data-finished="yes"' in page:
            break
        time.sleep(0.1)
    assert "Could not run" in page and "Docker engine is not reachable" in page
    assert "Verify again" in page
    reviewer = world.client("reviewer").get(location)  # a reviewer reads the run, but may not start one
    assert reviewer.status_code == 200 and "Docker engine is not reachable" in reviewer.text
    assert "Verify again" not in reviewer.text
    live = client.get(location + "/live").text
    assert live.startswith('<div id="verify-live"') and "verify-error" in live
    assert "verify-error" in client.get("/ui/problems/echo-sum").text
    with Session(world.app.state.engine) as session:
        run = session.exec(select(VerifyRun)).one()
        run.status, run.updated_at = "running", utcnow().replace(year=2020)
        session.add(run)
        session.commit()
        assert authoring_verify.interrupted(run)
    assert "Interrupted" in client.get(location).text


def test_who_may_author(world):
    reviewer = world.client("reviewer")
    assert reviewer.get("/ui/authoring/new").status_code == 403
    assert 'id="new-problem"' not in reviewer.get("/ui/problems").text
    assert save(reviewer, problem_form("any")).status_code == 403  # the role is checked before the token
    author = world.client("author")
    assert save(author, problem_form("forged")).status_code == 403
    anonymous = TestClient(world.app, base_url="https://testserver", follow_redirects=False)
    assert anonymous.get("/ui/authoring/new").status_code == 303
    with Session(world.app.state.engine) as session:
        _, author_key = create_key(session, "author", "ci")
        _, reviewer_key = create_key(session, "reviewer", "rev")
        session.commit()
    keyed = TestClient(world.app, base_url="https://testserver", follow_redirects=False)
    assert keyed.get("/ui/authoring/new", headers={"Authorization": f"Bearer {author_key}"}).status_code == 200
    assert keyed.get("/ui/authoring/new", headers={"Authorization": f"Bearer {reviewer_key}"}).status_code == 403
    answer = keyed.post("/ui/authoring/save", data=problem_form(""), headers={"Authorization": f"Bearer {author_key}"},
                        files=[("uploads", ("", b"", "application/octet-stream"))])
    assert answer.status_code == 303, answer.text


@pytest.mark.parametrize("slug", ["above-their-manager", "git-and-unix", "lru-cache", "bisect-deploy",
                                  "exchange-rates", "meeting-rooms"])
def test_every_kind_of_problem_opens_in_the_form(world, slug):
    """SQL, a question set, unit tests, interactive, float and token problems: their form opens filled."""
    client = world.client("author")
    with Session(world.app.state.engine) as session:
        problem_service.store(session, load_package(ROOT / "problems" / slug), None)
        session.commit()
    page = client.get(f"/ui/authoring/{slug}/edit")
    assert page.status_code == 200 and f'name="base" value="{slug}@1"' in page.text
    assert 'id="statement"' in page.text and 'id="grader_kind"' in page.text


def test_moving_a_pooled_problem_moves_the_draws_of_candidates_not_started(world):
    client = world.client("author")
    token = csrf_of(client)
    save(client, problem_form(token))
    save(client, problem_form(token, slug="echo-diff", title="Echo Difference"))
    with Session(world.app.state.engine) as session:
        assessment = assessment_service.create(session, AssessmentCreate(
            title="Pooled", problems=[["echo-sum", "echo-diff"]], duration_minutes=60, languages=["python3"]),
            None, world.ids["backend"])
        for n in range(6):
            invitation_service.create(session, InvitationCreate(
                assessment_id=assessment.id, candidate=CandidateIn(name=f"C{n}", email=f"c{n}@example.com")), None)
        session.commit()
        assessment_id = assessment.id
    save(client, problem_form(token, base="echo-sum@1", title="Echo Sum 2"))
    moved = client.post(f"/ui/authoring/assessments/{assessment_id}/move",
                        data={"csrf_token": token, "slug": "echo-sum", "version": "2"})
    assert moved.status_code == 303
    with Session(world.app.state.engine) as session:
        pinned = {(v.slug, v.version) for v in assessment_service.problem_versions(session, assessment_id)}
        assert pinned == {("echo-sum", 2), ("echo-diff", 1)}
        drawn = {session.get(ProblemVersion, d.problem_version_id).slug + "@" +
                 str(session.get(ProblemVersion, d.problem_version_id).version)
                 for d in session.exec(select(InvitationDraw)).all()}
        assert drawn <= {"echo-sum@2", "echo-diff@1"} and drawn


class _FormFields(HTMLParser):
    """The fields a browser would send for the page's #problem-form, untouched (textareas lose the one
    newline after their opening tag, as in a browser; ticked boxes only; each select's chosen option)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.fields: list[tuple[str, str]] = []
        self.inside = False
        self.textarea: str | None = None
        self.select: str | None = None
        self.options: list[tuple[str, bool]] = []
        self.text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.inside = a.get("id") == "problem-form"
        if not self.inside:
            return
        if tag == "input" and a.get("name") and a.get("type", "text") not in ("file", "submit"):
            if a.get("type") != "checkbox" or "checked" in a:
                self.fields.append((a["name"], a.get("value", "")))
        elif tag == "textarea":
            self.textarea, self.text = a["name"], ""
        elif tag == "select":
            self.select, self.options = a["name"], []
        elif tag == "option" and self.select:
            self.options.append((a.get("value", ""), "selected" in a))

    def handle_data(self, data: str) -> None:
        if self.textarea is not None:
            self.text += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.inside = False
        elif tag == "textarea" and self.textarea is not None:
            self.fields.append((self.textarea, self.text.removeprefix("\n")))
            self.textarea = None
        elif tag == "select" and self.select is not None:
            chosen = [v for v, selected in self.options if selected] or [self.options[0][0]]
            self.fields.append((self.select, chosen[0]))
            self.select = None


@pytest.mark.parametrize("slug", ["alert-windows", "top-customers", "sql-fundamentals", "cursor-pagination",
                                  "build-order", "loan-schedule"])
def test_a_version_opened_in_the_form_and_saved_untouched_is_kept(world, slug):
    client = world.client("author")
    with Session(world.app.state.engine) as session:
        problem_service.store(session, load_package(ROOT / "problems" / slug), None)
        session.commit()
    parser = _FormFields()
    parser.feed(client.get(f"/ui/authoring/{slug}/edit").text)
    fields: dict[str, list[str]] = {"action": ["save"]}
    for name, value in parser.fields:
        fields.setdefault(name, []).append(value)
    answer = save(client, fields)
    assert answer.status_code == 303, answer.text[-3000:]
    assert answer.headers["location"] == f"/ui/problems/{slug}?version=1&done=unchanged"
