"""Authoring in the console (issue 25): create or edit a problem in the browser, upload a package.

- GET /ui/authoring/new, GET /ui/authoring/{slug}/edit?version=N: the problem form (the statement in
  Markdown with a live preview rendered by the server as candidates see it, MathML included; limits and
  languages; starter code per language; test and other files typed or uploaded; the grader and its
  settings; scoring groups).
- POST /ui/authoring/save: the form becomes a package and goes through the same checks as an upload;
  saved, it is the problem's next immutable version (303 to the problem's page); refused, the form
  comes back (422) with each error beside its field and everything typed kept. "Preview" re-renders
  the form with the statement rendered, for a browser without the script.
- POST /ui/authoring/preview: the statement rendered (a fragment for static/authoring.js).
- GET/POST /ui/authoring/upload: an Assay package (.zip, .tar.gz) or a Kattis / problemtools / DOMjudge
  package, converted on the way in.

Routes only; the work is api.services.authoring's and authoring_form's.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import RedirectResponse, Response
from sqlmodel import Session
from starlette.datastructures import UploadFile

from api import audit, statements
from api.auth import Staff
from api.console import csrf
from api.console.authoring_pages import HEADERS, author_staff, authoring_page, fragment
from api.deps import SessionDep, SettingsDep
from api.errors import TooLarge
from api.services import authoring
from api.services import problems as problem_service
from api.services.authoring import FormRefused
from api.services.authoring_form import (
    GRADER_KINDS,
    LABELS,
    MAX_FILE_ROWS,
    FieldError,
    ProblemForm,
    carry_value,
    form_from_post,
    form_of,
)
from api.settings import Settings
from problemformat.statement_math import math_errors
from sandbox import all_languages

router = APIRouter(include_in_schema=False)
STATEMENT_CHARS = 200_000
MAX_PART_BYTES = 2 << 20  # one typed field (a statement, a test file's text) of the form
MAX_WARNINGS = 50  # what an import could not convert, kept with the upload's audit record


def _form_page(request: Request, settings: Settings, staff: Staff, form: ProblemForm,
               errors: list[FieldError] | None = None, status: int = 200, preview: bool = True) -> Response:
    languages = {name: language.display_name for name, language in sorted(all_languages().items())}
    return authoring_page(request, "authoring_form.html", {
        "form": form, "errors": errors or [], "labels": LABELS, "languages": languages,
        "grader_kinds": GRADER_KINDS, "csrf": csrf.token_for(request, settings), "carry": carry_value,
        "preview_html": statements.to_html(form.statement) if preview else "", "max_files": MAX_FILE_ROWS,
        "preview_errors": math_errors(form.statement)}, status=status, staff=staff)


@router.get("/ui/authoring/new")
def new_problem(request: Request, session: SessionDep, settings: SettingsDep) -> Response:
    staff = author_staff(request, session, settings)
    return _form_page(request, settings, staff, ProblemForm(languages=["python3"], starters={}))


@router.get("/ui/authoring/{slug}/edit")
def edit_problem(request: Request, slug: str, session: SessionDep, settings: SettingsDep,
                 version: Annotated[int | None, Query(ge=1, le=1_000_000)] = None) -> Response:
    staff = author_staff(request, session, settings)
    row = problem_service.get_version(session, slug, version)
    return _form_page(request, settings, staff, form_of(problem_service.package_of(row), row.version))


async def _read(request: Request, settings: Settings) -> tuple[Any, list[tuple[str, bytes]]]:
    cap = settings.max_upload_mib << 20
    data = await request.form(max_files=MAX_FILE_ROWS, max_fields=4 * MAX_FILE_ROWS + 100,
                              max_part_size=MAX_PART_BYTES)
    uploads: list[tuple[str, bytes]] = []
    total = 0
    for item in data.getlist("uploads"):
        if isinstance(item, UploadFile) and item.filename:
            body = await item.read(cap + 1)
            total += len(body)
            if total > cap:
                raise TooLarge(f"uploads are limited to {settings.max_upload_mib} MiB in all")
            uploads.append((item.filename.replace("\\", "/").rpartition("/")[2], body))
    return data, uploads


def _save(request: Request, session: Session, settings: Settings, data: Any,
          uploads: list[tuple[str, bytes]]) -> Response:
    """The save (or the no-script preview) of a posted form, in the thread pool: database and package work."""
    token = data.get("csrf_token")
    staff = author_staff(request, session, settings, token if isinstance(token, str) else "")
    form = form_from_post(data, data.getlist, uploads)
    if data.get("action") == "preview":
        return _form_page(request, settings, staff, form)
    if len(form.statement) > STATEMENT_CHARS:
        return _form_page(request, settings, staff, form, [FieldError(
            "statement", f"is {len(form.statement)} characters long; at most {STATEMENT_CHARS}")], 422, False)
    try:
        saved = authoring.save(session, form, staff.key_id)
    except FormRefused as exc:
        session.rollback()
        return _form_page(request, settings, staff, form, exc.errors, 422)
    audit.record(session, staff, "problem.saved", "problem", saved.version.slug, request=request,
                 version=saved.version.version, content_hash=saved.version.content_hash, created=saved.created,
                 via="console form")
    session.commit()
    done = "saved" if saved.created else "unchanged"
    return RedirectResponse(f"/ui/problems/{saved.version.slug}?version={saved.version.version}&done={done}",
                            status_code=303, headers=HEADERS)


async def _posted_problem(request: Request, settings: SettingsDep) -> tuple[Any, list[tuple[str, bytes]]]:
    return await _read(request, settings)


@router.post("/ui/authoring/save")
def save_problem(request: Request, session: SessionDep, settings: SettingsDep,
                 posted: Annotated[tuple[Any, list[tuple[str, bytes]]], Depends(_posted_problem)]) -> Response:
    """The multipart body is read on the event loop (an async dependency); this plain ``def`` runs in the
    thread pool, so the database and package work never stalls other requests."""
    data, uploads = posted
    return _save(request, session, settings, data, uploads)


@router.post("/ui/authoring/preview")
def preview(request: Request, session: SessionDep, settings: SettingsDep,
            csrf_token: Annotated[str, Form(max_length=500)] = "",
            statement: Annotated[str, Form(max_length=STATEMENT_CHARS)] = "") -> Response:
    author_staff(request, session, settings, csrf_token)
    return fragment(request, "authoring_preview.html", {"preview_html": statements.to_html(statement),
                                                        "preview_errors": math_errors(statement)})


# ---------------------------------------------------------------------------------------------- upload


def _upload_page(request: Request, settings: Settings, staff: Staff, errors: list[FieldError] | None = None,
                 status: int = 200, filename: str = "") -> Response:
    return authoring_page(request, "authoring_upload.html", {
        "errors": errors or [], "csrf": csrf.token_for(request, settings), "filename": filename,
        "max_mib": settings.max_upload_mib}, status=status, staff=staff)


@router.get("/ui/authoring/upload")
def upload_form(request: Request, session: SessionDep, settings: SettingsDep) -> Response:
    return _upload_page(request, settings, author_staff(request, session, settings))


def _upload(request: Request, session: Session, settings: Settings, token: str, filename: str | None,
            body: bytes | None) -> Response:
    staff = author_staff(request, session, settings, token)
    if body is None or not filename:
        return _upload_page(request, settings, staff, [FieldError("file", "choose a package file (.zip, .kpp "
                                                                          "or .tar.gz)")], 422)
    if len(body) > settings.max_upload_mib << 20:
        return _upload_page(request, settings, staff, [FieldError(
            "file", f"{filename} is larger than {settings.max_upload_mib} MiB")], 422, filename)
    try:
        saved = authoring.upload(session, body, filename, staff.key_id)
    except FormRefused as exc:
        session.rollback()
        return _upload_page(request, settings, staff, exc.errors, 422, filename)
    audit.record(session, staff, "problem.uploaded", "problem", saved.version.slug, request=request,
                 version=saved.version.version, content_hash=saved.version.content_hash, created=saved.created,
                 via="console upload", warnings=saved.warnings[:MAX_WARNINGS])  # the problem's page shows them
    session.commit()
    done = "uploaded" if saved.created else "unchanged"
    return RedirectResponse(f"/ui/problems/{saved.version.slug}?version={saved.version.version}&done={done}",
                            status_code=303, headers=HEADERS)


async def _posted_package(request: Request, settings: SettingsDep) -> tuple[str, str | None, bytes | None]:
    data = await request.form(max_files=1, max_fields=10)
    token = data.get("csrf_token")
    item = data.get("file")
    filename, body = None, None
    if isinstance(item, UploadFile) and item.filename:
        filename, body = item.filename, await item.read((settings.max_upload_mib << 20) + 1)
    return token if isinstance(token, str) else "", filename, body


@router.post("/ui/authoring/upload")
def upload(request: Request, session: SessionDep, settings: SettingsDep,
           posted: Annotated[tuple[str, str | None, bytes | None], Depends(_posted_package)]) -> Response:
    """The file is read on the event loop (an async dependency); the import runs here, in the thread pool."""
    token, filename, body = posted
    return _upload(request, session, settings, token, filename, body)
