"""Problems: upload a package (author), list and show (author, reviewer)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Query, Request, Response, UploadFile, status

from api import audit
from api.auth import Author, AuthorOrReviewer
from api.deps import MAX_INT, SessionDep, SettingsDep
from api.errors import TooLarge
from api.schemas import Page, ProblemDetail, ProblemOut
from api.services import problems as service
from api.services import sandbox_images

router = APIRouter(prefix="/v1/problems", tags=["problems"])


@router.post("", status_code=status.HTTP_201_CREATED, response_model=ProblemOut,
             summary="upload a problem package (.zip or .tar.gz) as a new version (author)",
             responses={200: {"description": "identical content: the existing version"},
                        422: {"description": "every problem of the package: file, field, reason"}})
def upload(request: Request, response: Response, session: SessionDep, settings: SettingsDep, staff: Author,
           file: Annotated[UploadFile, File(description="the package archive")]) -> ProblemOut:
    # a plain def: FastAPI runs it in its thread pool, so reading, unpacking and checking a package of
    # up to max_upload_mib never blocks the event loop (every other request) while it works
    cap = settings.max_upload_mib << 20
    data = file.file.read(cap + 1)
    if len(data) > cap:
        raise TooLarge(f"packages are limited to {settings.max_upload_mib} MiB")
    version, created = service.upload(session, data, file.filename or "package.zip", staff.key_id)
    audit.record(session, staff, "problem.uploaded", "problem", version.slug, request=request,
                 version=version.version, content_hash=version.content_hash, created=created)
    session.commit()
    if not created:
        response.status_code = status.HTTP_200_OK
    summary = service.summary(version)
    sandbox_images.prepare(request.app.state.sandbox, summary.languages)
    return summary


@router.get("", response_model=Page[ProblemOut], summary="list problems, newest version of each (author, reviewer)")
def list_problems(session: SessionDep, _: AuthorOrReviewer, offset: Annotated[int, Query(ge=0, le=MAX_INT)] = 0,
                  limit: Annotated[int, Query(ge=1, le=200)] = 50) -> Page[ProblemOut]:
    versions = service.latest_versions(session)
    return Page[ProblemOut](items=[service.summary(v) for v in versions[offset: offset + limit]],
                            total=len(versions), offset=offset, limit=limit)


@router.get("/{slug}", response_model=ProblemDetail, summary="show a problem (author, reviewer)")
def show(slug: str, session: SessionDep, _: AuthorOrReviewer,
         version: Annotated[int | None, Query(ge=1, le=MAX_INT)] = None) -> ProblemDetail:
    return service.detail(session, service.get_version(session, slug, version))
