"""A problem's versions in the console (issue 25): "Verify" a version (its reference submissions run in the
sandbox in the background; the page shows the verdict table as it fills in), the changes between two
versions, and moving an assessment to another version of a problem, explicitly.

- POST /ui/authoring/{slug}/{version}/verify -> 303 /ui/authoring/verify/{run}
- GET /ui/authoring/verify/{run}: progress and the verdict table; static/authoring.js refreshes it from
  GET /ui/authoring/verify/{run}/live until the run ends (without the script: a Refresh link)
- GET /ui/problems/{slug}/diff?from=A&to=B (every member of staff, as the problem's page)
- POST /ui/authoring/assessments/{id}/move {slug, version} -> 303 to the problem's page
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import RedirectResponse, Response

from api import audit
from api.console import csrf
from api.console.authoring_pages import HEADERS, author_staff, authoring_page, fragment, reader_staff
from api.console.code_diff import diff_files
from api.console.pages import page, page_staff
from api.deps import SessionDep, SettingsDep
from api.errors import Forbidden
from api.services import assessments as assessment_service
from api.services import authoring, authoring_diff, authoring_verify
from api.services import problems as problem_service
from api.services.authoring_models import FINISHED, VerifyRun
from problemformat.verify import expected_text

router = APIRouter(include_in_schema=False)
Version = Annotated[int, Query(ge=1, le=1_000_000)]


@router.post("/ui/authoring/{slug}/{version}/verify")
def start_verify(request: Request, slug: str, version: int, session: SessionDep, settings: SettingsDep,
                 csrf_token: Annotated[str, Form(max_length=500)] = "") -> Response:
    staff = author_staff(request, session, settings, csrf_token)
    row = problem_service.get_version(session, slug, version)
    run = authoring_verify.start(session, row, staff.name)
    audit.record(session, staff, "problem.verify_started", "problem", slug, request=request, version=version,
                 run=run.id)
    session.commit()
    authoring_verify.launch(request.app.state.engine, request.app.state.sandbox, run.id)
    return RedirectResponse(f"/ui/authoring/verify/{run.id}", status_code=303, headers=HEADERS)


def _live_context(run: VerifyRun) -> dict[str, object]:
    report = run.report or {}
    return {"run": run, "report": report, "finished": run.status in FINISHED,
            "interrupted": authoring_verify.interrupted(run), "counts": authoring_verify.counts(report),
            "percent": int(100 * run.done / run.total) if run.total else (100 if run.status in FINISHED else 0),
            "expected_text": expected_text}


@router.get("/ui/authoring/verify/{run_id}")
def verify_page(request: Request, run_id: str, session: SessionDep, settings: SettingsDep) -> Response:
    staff = reader_staff(request, session, settings)
    run = authoring_verify.get(session, run_id)
    return authoring_page(request, "authoring_verify.html", {
        **_live_context(run), "csrf": csrf.token_for(request, settings),
        "may_author": authoring.may_author(session, staff)}, staff=staff)


@router.get("/ui/authoring/verify/{run_id}/live")
def verify_live(request: Request, run_id: str, session: SessionDep, settings: SettingsDep) -> Response:
    reader_staff(request, session, settings)
    return fragment(request, "authoring_verify_live.html", _live_context(authoring_verify.get(session, run_id)))


@router.get("/ui/problems/{slug}/diff")
def diff_page(request: Request, slug: str, session: SessionDep, settings: SettingsDep,
              from_: Annotated[int | None, Query(alias="from", ge=1, le=1_000_000)] = None,
              to: Annotated[int | None, Query(ge=1, le=1_000_000)] = None) -> Response:
    staff = page_staff(request, session, settings)
    versions = problem_service.versions_of(session, slug)
    if not versions:
        problem_service.get_version(session, slug)  # NotFound
    new = to or versions[-1]
    old = from_ or (versions[-2] if len(versions) > 1 else versions[-1])
    changes = authoring_diff.diff(session, slug, old, new)
    files = [f for f in diff_files(changes.old_text, changes.new_text, "", "") if f.status != "same"]
    return page(request, "authoring_diff.html", {
        "changes": changes, "files": files, "versions": versions, "old": old, "new": new,
        "added": sum(f.added for f in files), "removed": sum(f.removed for f in files)}, staff=staff)


@router.post("/ui/authoring/assessments/{assessment_id}/move")
def move_assessment(request: Request, assessment_id: str, session: SessionDep, settings: SettingsDep,
                    csrf_token: Annotated[str, Form(max_length=500)] = "",
                    slug: Annotated[str, Form(max_length=100)] = "",
                    version: Annotated[int, Form(ge=1, le=1_000_000)] = 1) -> Response:
    staff = page_staff(request, session, settings)
    csrf.check(request, settings, csrf_token)
    assessment = assessment_service.get(session, assessment_id, staff.scope)
    if not authoring.may_change(session, staff, assessment):
        raise Forbidden("changing an assessment's problems needs a role that creates assessments in its team")
    old, new = authoring.move(session, assessment, slug, version)
    audit.record(session, staff, "assessment.problem_moved", "assessment", assessment.id, request=request,
                 problem=slug, old_version=old, new_version=new)
    session.commit()
    return RedirectResponse(f"/ui/problems/{slug}?version={new}&done=moved#versions", status_code=303,
                            headers=HEADERS)
