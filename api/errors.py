"""RFC 9457 problem details for every error, and the domain errors services raise."""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

PROBLEM_JSON = "application/problem+json"


class ApiError(Exception):
    """An error with an HTTP status, a short title and a message that says what is wrong."""

    status = 400
    title = "Bad request"

    def __init__(self, detail: str, *, status: int | None = None, title: str | None = None,
                 errors: list[dict[str, Any]] | None = None, headers: dict[str, str] | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        if status is not None:
            self.status = status
        if title is not None:
            self.title = title
        self.errors = errors
        self.headers = headers


class NotFound(ApiError):
    status = 404
    title = "Not found"


class Conflict(ApiError):
    status = 409
    title = "Conflict"


class Unprocessable(ApiError):
    status = 422
    title = "Unprocessable content"


class Forbidden(ApiError):
    status = 403
    title = "Forbidden"


class Unauthorized(ApiError):
    status = 401
    title = "Unauthorized"


class TooLarge(ApiError):
    status = 413
    title = "Content too large"


class RateLimited(ApiError):
    status = 429
    title = "Too many requests"


def problem(status: int, title: str, detail: str, instance: str, *, errors: list[dict[str, Any]] | None = None,
            headers: dict[str, str] | None = None) -> JSONResponse:
    body: dict[str, Any] = {"type": "about:blank", "title": title, "status": status, "detail": detail,
                            "instance": instance}
    if errors is not None:
        body["errors"] = errors
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON, headers=headers)


def install(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def _api_error(request: Request, exc: ApiError) -> JSONResponse:
        return problem(exc.status, exc.title, exc.detail, request.url.path, errors=exc.errors,
                       headers=exc.headers)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [
            {"field": ".".join(str(part) for part in err.get("loc", ()) if part != "body"),
             "message": err.get("msg", ""), "type": err.get("type", "")}
            for err in exc.errors()
        ]
        summary = "; ".join(f"{e['field'] or 'body'}: {e['message']}" for e in errors[:5])
        return problem(422, "Invalid request", summary or "the request is invalid", request.url.path,
                       errors=errors)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        if exc.status_code == 400:  # FastAPI/Starlette could not parse the body (JSON, form): bad input, a 422
            cause = exc.__cause__
            why = f"{type(cause).__name__}: {cause}" if cause is not None else str(exc.detail)
            reason = f"the request body could not be read: {why}"[:500]
            return problem(422, "Invalid request", reason, request.url.path,
                           errors=[{"field": "", "message": reason, "type": "body_unreadable"}])
        title = getattr(exc, "title", None) or (
            HTTPStatus(exc.status_code).phrase if exc.status_code in HTTPStatus._value2member_map_ else "Error")
        return problem(exc.status_code, title, str(exc.detail), request.url.path,
                       headers=getattr(exc, "headers", None))

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:  # pragma: no cover - last resort
        import logging

        logging.getLogger("assay.api").exception("unhandled error on %s", request.url.path)
        return problem(500, "Internal server error", "an unexpected error occurred; it has been logged",
                       request.url.path)
