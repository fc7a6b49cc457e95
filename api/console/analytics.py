"""The HR console's analytics page of an assessment (/ui/assessments/{id}/analytics), its CSV export
with the session cookie. (The decision form on an invitation's page moved to api.console.reviews.)

Figures come from api.services.analytics (SQL); charts are drawn server-side by api.console.charts, each
with its figures in a table beside it.
"""

from __future__ import annotations

import csv
import io

from fastapi import APIRouter, Request
from fastapi.responses import Response

from api.analytics_schemas import Analytics
from api.console import charts
from api.console.pages import SECURITY_HEADERS, page, page_staff
from api.deps import SessionDep, SettingsDep
from api.services import analytics, anonymity
from api.services import assessments as assessment_service

router = APIRouter(include_in_schema=False)


def _rate(value: float | None) -> float:
    return round(100 * value, 1) if value is not None else 0.0


def chart_urls(data: Analytics) -> dict[str, str]:
    flow = data.funnel
    stages = {"invited": flow.invited, "started": flow.started, "finished": flow.finished, "expired": flow.expired}
    urls = {"funnel": charts.bars(tuple(s.capitalize() for s in stages), tuple(float(n) for n in stages.values()),
                                  xlabel="candidates", horizontal=True)}
    hist = data.scores.histogram
    urls["scores"] = charts.bars(tuple(f"{b.from_percent}\u2013{b.to_percent}" for b in hist),
                                 tuple(float(b.count) for b in hist),
                                 xlabel="score, % of the maximum", ylabel="finished candidates")
    problems = data.problems
    if problems:
        labels = tuple(label for p in problems for label in (f"{p.title}: attempted", f"{p.title}: solved"))
        values = tuple(v for p in problems for v in (_rate(p.attempt_rate), _rate(p.full_solve_rate)))
        colors = tuple(c for _ in problems for c in (charts.GREY, charts.BLUE))
        urls["problems"] = charts.bars(labels, values, xlabel="% of started candidates", percent=True,
                                       horizontal=True, colors=colors)
    groups = [g for g in data.groups if g.failure_rate is not None]
    if groups:
        colour = {"nobody passes": charts.RED, "everybody passes": charts.GREEN}
        urls["groups"] = charts.bars(tuple(f"{g.problem} / {g.group}" for g in groups),
                                     tuple(_rate(g.failure_rate) for g in groups),
                                     xlabel="% of graded submissions failing the group", percent=True,
                                     horizontal=True, colors=tuple(colour.get(g.calibration, charts.BLUE)
                                                                   for g in groups))
    return urls


@router.get("/ui/assessments/{assessment_id}/analytics")
def analytics_page(request: Request, assessment_id: str, session: SessionDep, settings: SettingsDep) -> Response:
    staff = page_staff(request, session, settings)
    assessment = assessment_service.get(session, assessment_id, staff.scope)
    data = request.app.state.analytics.get(session, assessment)
    return page(request, "analytics.html", {"assessment": assessment, "data": data, "charts": chart_urls(data),
                                            "anonymised": anonymity.is_anonymised(session, assessment.id)},
                staff=staff)


@router.get("/ui/assessments/{assessment_id}/analytics.csv")
def analytics_csv(request: Request, assessment_id: str, session: SessionDep, settings: SettingsDep) -> Response:
    staff = page_staff(request, session, settings)
    assessment = assessment_service.get(session, assessment_id, staff.scope)
    buffer = io.StringIO()
    data = request.app.state.analytics.get(session, assessment)
    csv.writer(buffer, lineterminator="\n").writerows(analytics.csv_rows(data))
    return Response(buffer.getvalue(), media_type="text/csv; charset=utf-8", headers={
        **SECURITY_HEADERS, "Content-Disposition": f'attachment; filename="assessment-{assessment.id}-analytics.csv"'})
