"""An assessment's results as a spreadsheet from the console: /ui/assessments/{id}/results.csv and
results.xlsx (one row per candidate: status, score, points per problem, time used, decision and who
made it, the report's link). Each download is audited (results.exported): personal data leaves Assay.
Routes only: the table is api.services.results_export's."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from api import audit
from api.console.pages import SECURITY_HEADERS, page_staff
from api.deps import SessionDep, SettingsDep
from api.services import assessments as assessment_service
from api.services import results_export

router = APIRouter(include_in_schema=False)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@router.get("/ui/assessments/{assessment_id}/results.{extension}")
def results(request: Request, assessment_id: str, extension: str, session: SessionDep,
            settings: SettingsDep) -> Response:
    staff = page_staff(request, session, settings)
    assessment = assessment_service.get(session, assessment_id, staff.scope)
    if extension not in ("csv", "xlsx"):
        return Response("results come as .csv or .xlsx", status_code=404, media_type="text/plain")
    table = results_export.results(session, assessment, settings.resolved_public_url)
    audit.record(session, staff, "results.exported", "assessment", assessment.id, request=request,
                 format=extension, rows=len(table.rows))
    session.commit()
    headers = {**SECURITY_HEADERS, "Cache-Control": "no-store",
               "Content-Disposition": f'attachment; filename="assessment-{assessment.id}-results.{extension}"'}
    if extension == "csv":
        return Response(results_export.to_csv(table), media_type="text/csv; charset=utf-8", headers=headers)
    return Response(results_export.to_xlsx(table, assessment.title), media_type=XLSX, headers=headers)
