"""Webhook endpoints and deliveries (admin): create (the secret is shown once), list, update,
enable/disable, rotate the secret with a grace period, send a test event, list attempts, resend one
event, recover every failed event since a time. The logic is api.services.webhooks."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response, status

from api.auth import Admin
from api.deps import MAX_INT, SessionDep
from api.services import webhooks as service
from api.webhooks.models import WebhookAttempt
from api.webhooks.schemas import (
    AttemptOut,
    DeliveryOut,
    EndpointCreate,
    EndpointCreated,
    EndpointOut,
    EndpointUpdate,
    EventTypeOut,
    Recovered,
    RecoverIn,
    Rotated,
    RotateIn,
)

router = APIRouter(prefix="/v1/webhooks", tags=["webhooks"])


@router.post("/endpoints", status_code=status.HTTP_201_CREATED, response_model=EndpointCreated,
             summary="add an endpoint; the response carries its whsec_ secret, shown once (admin)")
def create_endpoint(body: EndpointCreate, request: Request, session: SessionDep, staff: Admin) -> EndpointCreated:
    return service.create_endpoint(session, body, staff, request, box=request.app.state.webhook_box,
                                   guard=request.app.state.webhook_guard)


@router.get("/endpoints", response_model=list[EndpointOut], summary="list endpoints (admin)")
def list_endpoints(session: SessionDep, _: Admin) -> list[EndpointOut]:
    return service.list_endpoints(session)


@router.get("/endpoints/{endpoint_id}", response_model=EndpointOut, summary="show an endpoint (admin)")
def show_endpoint(endpoint_id: str, session: SessionDep, _: Admin) -> EndpointOut:
    return service.endpoint_out(service.get_endpoint(session, endpoint_id))


@router.patch("/endpoints/{endpoint_id}", response_model=EndpointOut,
              summary="change url, event types, description, enabled (admin)")
def update_endpoint(endpoint_id: str, body: EndpointUpdate, request: Request, session: SessionDep,
                    staff: Admin) -> EndpointOut:
    return service.update_endpoint(session, endpoint_id, body, staff, request, guard=request.app.state.webhook_guard)


@router.delete("/endpoints/{endpoint_id}", status_code=status.HTTP_204_NO_CONTENT,
               summary="delete an endpoint with its deliveries and attempts (admin)")
def delete_endpoint(endpoint_id: str, request: Request, session: SessionDep, staff: Admin) -> Response:
    service.delete_endpoint(session, endpoint_id, staff, request)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post("/endpoints/{endpoint_id}/enable", response_model=EndpointOut,
             summary="re-enable an endpoint; its pending deliveries go out again (admin)")
def enable_endpoint(endpoint_id: str, request: Request, session: SessionDep, staff: Admin) -> EndpointOut:
    return service.set_enabled(session, endpoint_id, True, staff, request)


@router.post("/endpoints/{endpoint_id}/disable", response_model=EndpointOut,
             summary="disable an endpoint: nothing is sent until it is enabled (admin)")
def disable_endpoint(endpoint_id: str, request: Request, session: SessionDep, staff: Admin) -> EndpointOut:
    return service.set_enabled(session, endpoint_id, False, staff, request)


@router.post("/endpoints/{endpoint_id}/rotate", response_model=Rotated,
             summary="new secret, shown once; the old one keeps signing for the grace period (admin)")
def rotate_secret(endpoint_id: str, request: Request, session: SessionDep, staff: Admin,
                  body: RotateIn | None = None) -> Rotated:
    return service.rotate_secret(session, endpoint_id, body or RotateIn(), staff, request,
                                 box=request.app.state.webhook_box)


@router.post("/endpoints/{endpoint_id}/test", status_code=status.HTTP_202_ACCEPTED, response_model=DeliveryOut,
             summary="send a `test` event to this endpoint (admin)")
def send_test(endpoint_id: str, session: SessionDep, _: Admin) -> DeliveryOut:
    return service.send_test(session, endpoint_id)


@router.get("/endpoints/{endpoint_id}/attempts", response_model=list[AttemptOut],
            summary="delivery attempts to this endpoint, newest first; status=failed for failures (admin)")
def list_attempts(endpoint_id: str, session: SessionDep, _: Admin,
                  status_: Annotated[str | None, Query(alias="status", pattern="^(failed|succeeded)$")] = None,
                  event_id: str | None = None,
                  before: Annotated[int | None, Query(ge=1, le=MAX_INT, description="attempt id cursor")] = None,
                  limit: Annotated[int, Query(ge=1, le=500)] = 100) -> list[WebhookAttempt]:
    return service.list_attempts(session, endpoint_id, status=status_, event_id=event_id, before=before, limit=limit)


@router.get("/endpoints/{endpoint_id}/deliveries", response_model=list[DeliveryOut],
            summary="deliveries to this endpoint, newest first (admin)")
def list_deliveries(endpoint_id: str, session: SessionDep, _: Admin,
                    status_: Annotated[str | None, Query(alias="status",
                                                         pattern="^(pending|succeeded|failed|skipped)$")] = None,
                    limit: Annotated[int, Query(ge=1, le=500)] = 100) -> list[DeliveryOut]:
    return service.list_deliveries(session, endpoint_id, status=status_, limit=limit)


@router.post("/endpoints/{endpoint_id}/resend/{event_id}", status_code=status.HTTP_202_ACCEPTED,
             response_model=DeliveryOut, summary="send one event to this endpoint again, same webhook-id (admin)")
def resend(endpoint_id: str, event_id: str, request: Request, session: SessionDep, staff: Admin) -> DeliveryOut:
    return service.resend(session, endpoint_id, event_id, staff, request)


@router.post("/endpoints/{endpoint_id}/recover", status_code=status.HTTP_202_ACCEPTED, response_model=Recovered,
             summary="send again every failed (or skipped while disabled) event since a time (admin)")
def recover(endpoint_id: str, body: RecoverIn, request: Request, session: SessionDep, staff: Admin) -> dict[str, int]:
    return service.recover(session, endpoint_id, body, staff, request)


@router.get("/event-types", response_model=list[EventTypeOut], summary="event types and their JSON Schemas (admin)")
def event_types(_: Admin) -> list[dict[str, Any]]:
    return service.event_types()
