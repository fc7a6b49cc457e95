"""The console's problem library (/ui/problems): every problem's latest version, searchable and filtered by
tag, language and difficulty, with how answers are checked in plain words; and a problem's page
(/ui/problems/{slug}): the statement as candidates read it, the samples, limits, languages, scoring and
versions. Every signed-in member of staff may read them (problems belong to the whole Assay, not to a
team). Routes only: the work is api.services.problem_library's.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from api.console import csrf
from api.console.pages import page, page_staff
from api.deps import SessionDep, SettingsDep
from api.services import authoring, problem_library
from api.services.problem_library import LibraryFilter

router = APIRouter(include_in_schema=False)
Short = Annotated[str, Query(max_length=100)]


@router.get("/ui/problems")
def library_page(request: Request, session: SessionDep, settings: SettingsDep, q: Short = "", tag: Short = "",
                 language: Short = "", difficulty: Short = "") -> Response:
    staff = page_staff(request, session, settings)
    where = LibraryFilter(text=q, tag=tag, language=language,
                          difficulty=difficulty if difficulty in problem_library.DIFFICULTIES else "")
    return page(request, "problems.html", {"library": problem_library.library(session, where), "where": where,
                                           "difficulties": problem_library.DIFFICULTIES,
                                           "may_author": authoring.may_author(session, staff)}, staff=staff)


@router.get("/ui/problems/{slug}")
def problem_page(request: Request, slug: str, session: SessionDep, settings: SettingsDep,
                 version: Annotated[int | None, Query(ge=1, le=1_000_000)] = None,
                 done: Annotated[str, Query(max_length=20)] = "") -> Response:
    staff = page_staff(request, session, settings)
    shown = problem_library.problem_page(session, slug, version)
    rows = authoring.version_rows(session, slug, staff.scope)  # issue 25: versions, verify runs, assessments
    return page(request, "problem.html", {
        "problem": shown, "may_author": authoring.may_author(session, staff), "version_rows": rows,
        "may_change": {u.assessment.id: authoring.may_change(session, staff, u.assessment)
                       for row in rows for u in row.uses},
        "latest": rows[0].version.version if rows else shown.entry.version, "done": done,
        "warnings": authoring.import_warnings(session, slug, shown.entry.version) if done == "uploaded" else [],
        "csrf": csrf.token_for(request, settings)}, staff=staff)
