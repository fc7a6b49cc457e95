"""Prometheus metrics of this process, unauthenticated like /healthz (expose it to the scraper's network only)."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from api import metrics

router = APIRouter(tags=["health"])


@router.get(
    "/metrics",
    summary="Prometheus metrics (text exposition format)",
    response_class=Response,
    responses={200: {"content": {CONTENT_TYPE_LATEST: {"schema": {"type": "string"}}}, "description": "metrics"}},
)
def prometheus_metrics(request: Request) -> Response:
    executor = getattr(request.app.state, "executor", None)
    if executor is not None:
        metrics.set_queue_depth_source(executor.queue_depth)
    return Response(content=generate_latest(), media_type=CONTENT_TYPE_LATEST)
