"""Fakes of the applicant-tracking systems Assay talks to, each a real HTTP server on loopback in the test's
process that follows the vendor's public documentation.

- ``FakeAshby``: Ashby's Assessments Partner API
  (https://developers.ashbyhq.com/docs/creating-an-assessments-integration): it calls Assay's
  ``assessment.list``, ``assessment.start`` and ``assessment.cancel`` (POST, JSON, HTTP Basic with the
  partner API key) and serves ``POST /assessment.update`` (HTTP Basic with the customer's Ashby API key,
  ``{"success": true}``, or HTTP 200 with ``{"success": false, "errors": [...]}`` on an error).
- ``FakeGreenhouse``: Greenhouse's Assessment Partner API: lists tests, sends one, and, when Assay PATCHes
  its callback URL, asks test_status, as Greenhouse does.
- ``FakeLever``: Lever's public API (https://hire.lever.co/developer/documentation): it signs its
  Candidate Stage Change webhooks as Lever does (hex HMAC-SHA256 of token + triggeredAt under the
  webhook's signature token), serves ``GET /v1/opportunities/:id`` and takes
  ``POST /v1/opportunities/:id/notes``, both with HTTP Basic (the API key as the username).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx

from support.http_server import JsonHandler, LoopbackServer
from support.service import SOLUTION, Service, upload_tiny_problem

ASHBY_KEY = "ashby-customer-api-key"
LEVER_API_KEY = "lever-api-key"
LEVER_SIGNATURE_TOKEN = "lever-signature-token"
LEVER_STAGE = "00922a60-7c15-422b-b086-f62000824fd7"  # the stage that invites
LEVER_OTHER_STAGE = "lead-new"


def _dashed_uuid(value: Any) -> bool:
    try:
        return isinstance(value, str) and str(uuid.UUID(value)) == value
    except ValueError:
        return False


class FakeAshby(LoopbackServer):
    def __init__(self, assay_url: str, partner_key: str) -> None:
        self.assay = httpx.Client(base_url=f"{assay_url}/integrations/ashby", auth=(partner_key, ""), timeout=30)
        self.updates: list[dict[str, Any]] = []
        self.script: list[dict[str, Any]] = []  # answers of the next result updates (Completed; then success)
        fake = self

        class Handler(JsonHandler):
            def do_POST(self) -> None:
                body = json.loads(self.body() or b"{}")
                if self.path != "/assessment.update":
                    self.reply(404, {"success": False, "errors": ["not found"]})
                    return
                expected = "Basic " + base64.b64encode(f"{ASHBY_KEY}:".encode()).decode()
                if self.headers.get("authorization") != expected:
                    self.reply(401, {"success": False, "errors": ["invalid_api_key"]})
                    return
                if not _dashed_uuid(body.get("assessment_id")):  # Ashby's reference types it as a UUID
                    answer: dict[str, Any] = {"success": False, "errors": ["assessment_id must be a UUID"]}
                else:
                    completed = (body.get("assessment_status") or {}).get("value") == "Completed"
                    answer = fake.script.pop(0) if fake.script and completed else {"success": True, "results": {}}
                fake.updates.append({"body": body, "accept": self.headers.get("accept"), "answer": answer})
                self.reply(200, answer)

        super().__init__(Handler)

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def results(self) -> list[dict[str, Any]]:
        """The updates that report a result (status Completed: the score, then any decision)."""
        return [u for u in self.updates if (u["body"].get("assessment_status") or {}).get("value") == "Completed"]

    def statuses(self) -> list[str]:
        return [(u["body"].get("assessment_status") or {}).get("value") for u in self.updates]

    def start(self, assessment_type_id: str, application: str | None = None, email: str = "ada@example.com") -> Any:
        candidate = str(uuid.uuid4())
        return self.assay.post("/assessment.start", json={
            "assessment_type_id": assessment_type_id,
            "candidate": {"ashby_id": candidate, "first_name": "Ada", "last_name": "Lovelace", "email": email,
                          "ashby_profile_url": f"https://app.ashbyhq.com/candidates/{candidate}"},
            "application": {"ashby_id": application or str(uuid.uuid4()), "status": "Active"},
            "job": {"ashby_id": str(uuid.uuid4()), "name": "Backend Engineer", "req_id": "42",
                    "hiringTeam": [{"email": "hm@example.com", "firstName": "Hiring", "lastName": "Manager",
                                    "role": "Hiring Manager"}]}})


# ---------------------------------------------------------------------- Assay with a fake Ashby


@contextmanager
def ashby_world(tmp_path: Path) -> Iterator[tuple[Service, FakeAshby, Any, str, str]]:
    """Assay (reporting to a fake Ashby) with the tiny problem: (service, fake, admin client, ats key,
    assessment id); both stopped afterwards."""
    fake = FakeAshby("http://unused", "unused").listen()
    service = Service(tmp_path / "data", ashby_api_key=ASHBY_KEY, ashby_api_url=fake.api_url,
                      ashby_callback_hosts="127.0.0.1").start()
    try:
        admin = service.client(service.key())
        ats_key = service.key("ats")
        fake.assay = httpx.Client(base_url=f"{service.url}/integrations/ashby", auth=(ats_key, ""), timeout=30)
        yield service, fake, admin, ats_key, upload_tiny_problem(admin)
    finally:
        fake.close()
        service.stop()


def complete_ashby_assessment(service: Service, ats_key: str, assessment_id: str,
                              submit: bool = False) -> dict[str, Any]:
    """The candidate of an Ashby assessment starts, (submits the solution,) and finishes; its Ashby view."""
    shown = service.client(ats_key).get(f"/integrations/ashby/assessments/{assessment_id}")
    assert shown.status_code == 200, shown.text
    candidate = service.client(shown.json()["candidate_token"])
    assert candidate.post("/v1/me/start").status_code == 200
    if submit:
        graded = candidate.post("/v1/me/submissions", params={"wait": 60},
                                json={"problem": "echo-sum", "language": "python3", "source": SOLUTION})
        assert graded.json()["points"] == 100.0, graded.text
    assert candidate.post("/v1/me/finish").status_code == 200
    return shown.json()


class FakeGreenhouse(LoopbackServer):
    """Greenhouse's side: HTTP Basic with the partner key; on PATCH .../take_home_tests/<id>, which must
    carry the same key as HTTP Basic (401 otherwise, as Greenhouse's partner documentation has it), it
    calls test_status for the interview it sent, and keeps what it got. ``patch_script``: statuses the
    next PATCHes get (then 200)."""

    def __init__(self, assay_url: str, key: str) -> None:
        self.key = key
        self.assay = httpx.Client(base_url=f"{assay_url}/integrations/greenhouse", auth=(key, ""), timeout=30)
        self.patches: list[dict[str, Any]] = []
        self.statuses: list[dict[str, Any]] = []
        self.interviews: dict[str, str] = {}  # take-home test id -> partner_interview_id
        self.patch_script: list[int] = []
        fake = self

        class Handler(JsonHandler):
            def do_PATCH(self) -> None:
                expected = "Basic " + base64.b64encode(f"{fake.key}:".encode()).decode()
                authorised = self.headers.get("authorization") == expected
                status = 401 if not authorised else (fake.patch_script.pop(0) if fake.patch_script else 200)
                fake.patches.append({"path": self.path, "body": self.body().decode(), "headers": dict(self.headers),
                                     "status": status})
                if status != 200:
                    self.reply(status, {"errors": ["Invalid Basic Auth credentials" if status == 401 else "refused"]})
                    return
                self.reply(200)
                test_id = self.path.rsplit("/", 1)[-1]
                interview = fake.interviews.get(test_id)
                if interview is not None:
                    threading.Thread(target=fake.poll, args=(interview,), daemon=True).start()

        super().__init__(Handler)

    def callback_url(self, test_id: int) -> str:
        return f"http://127.0.0.1:{self.port}/integrations/testing_partners/take_home_tests/{test_id}"

    def poll(self, partner_interview_id: str) -> None:
        response = self.assay.get("/test_status", params={"partner_interview_id": partner_interview_id})
        self.statuses.append({"status_code": response.status_code, "body": response.json()})

    def list_tests(self) -> list[dict[str, str]]:
        response = self.assay.get("/list_tests")
        assert response.status_code == 200, response.text
        return response.json()

    def send_test_body(self, partner_test_id: str, test_id: int, legacy: bool = False) -> dict[str, Any]:
        """send_test's body as Greenhouse sends it today (``url`` at the top level, since 2019), or as
        before (``legacy``: ``url`` inside ``candidate``)."""
        candidate = {"first_name": "Harry", "last_name": "Potter", "preferred_name": "Hal",
                     "resume_url": "https://example.com/resume", "phone_number": "123-456-7890",
                     "email": "hpotter@example.com",
                     "greenhouse_profile_url": "https://app.greenhouse.io/people/17681532?application_id=26234709"}
        if legacy:
            return {"partner_test_id": partner_test_id, "candidate": {**candidate, "url": self.callback_url(test_id)}}
        return {"partner_test_id": partner_test_id, "candidate": candidate, "url": self.callback_url(test_id),
                "sent_by": "recruiter@acme.example"}

    def send_test(self, partner_test_id: str, test_id: int, legacy: bool = False) -> str:
        response = self.assay.post("/send_test", json=self.send_test_body(partner_test_id, test_id, legacy))
        assert response.status_code == 200, response.text
        assert set(response.json()) == {"partner_interview_id"}
        interview = response.json()["partner_interview_id"]
        self.interviews[str(test_id)] = interview
        return interview


class FakeLever(LoopbackServer):
    def __init__(self) -> None:
        self.opportunities: dict[str, dict[str, Any]] = {}
        self.notes: list[dict[str, Any]] = []
        self.requests: list[dict[str, Any]] = []
        self.note_script: list[int] = []  # statuses the next note requests get (then 201)
        fake = self

        class Handler(JsonHandler):
            def _authorised(self) -> bool:
                expected = "Basic " + base64.b64encode(f"{LEVER_API_KEY}:".encode()).decode()
                if self.headers.get("authorization") != expected:
                    self.reply(401, {"code": "Unauthorized", "message": "Invalid API key"})
                    return False
                return True

            def do_GET(self) -> None:
                parts = urlsplit(self.path)
                fake.requests.append({"method": "GET", "path": parts.path})
                if not self._authorised():
                    return
                segments = parts.path.strip("/").split("/")
                if segments[:2] == ["v1", "opportunities"] and len(segments) == 3:
                    opportunity = fake.opportunities.get(segments[2])
                    if opportunity is None:
                        self.reply(404, {"code": "ResourceNotFound", "message": "Opportunity not found"})
                    else:
                        self.reply(200, {"data": opportunity})
                    return
                self.reply(404, {"code": "ResourceNotFound", "message": "no such route"})

            def do_POST(self) -> None:
                parts = urlsplit(self.path)
                raw = self.body()
                fake.requests.append({"method": "POST", "path": parts.path})
                if not self._authorised():
                    return
                segments = parts.path.strip("/").split("/")
                if segments[:2] == ["v1", "opportunities"] and len(segments) == 4 and segments[3] == "notes":
                    if segments[2] not in fake.opportunities:
                        self.reply(404, {"code": "ResourceNotFound", "message": "Opportunity not found"})
                        return
                    body = json.loads(raw)
                    if not isinstance(body.get("value"), str) or not body["value"]:
                        self.reply(400, {"code": "BadRequestError", "message": "value is required"})
                        return
                    status = fake.note_script.pop(0) if fake.note_script else 201
                    fake.notes.append({"opportunity": segments[2], "value": body["value"], "status": status,
                                       "query": parse_qs(parts.query),
                                       "content_type": self.headers.get("content-type")})
                    if status >= 300:
                        self.reply(status, {"code": "InternalServerError", "message": "try again"})
                    else:
                        self.reply(201, {"data": {"noteId": str(uuid.uuid4())}})
                    return
                self.reply(404, {"code": "ResourceNotFound", "message": "no such route"})

        super().__init__(Handler)

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def add_opportunity(self, name: str = "Grace Hopper", email: str = "grace@example.com") -> str:
        opportunity = str(uuid.uuid4())
        self.opportunities[opportunity] = {"id": opportunity, "name": name, "emails": [email] if email else [],
                                           "contact": str(uuid.uuid4()), "stage": LEVER_OTHER_STAGE, "tags": []}
        return opportunity

    def event(self, opportunity: str, to_stage: str = LEVER_STAGE, event: str = "candidateStageChange",
              secret: str = LEVER_SIGNATURE_TOKEN, token: str | None = None, triggered_at: int | None = None,
              move: bool = True) -> dict[str, Any]:
        """A webhook body as Lever sends it (signed with the webhook's signature token). Lever sends a
        Candidate Stage Change after the move, so the opportunity is in ``to_stage`` from then on (its
        ``stage`` as ``GET /opportunities/:id`` answers), unless ``move`` is False (a forged event)."""
        if move and event == "candidateStageChange" and opportunity in self.opportunities:
            self.opportunities[opportunity]["stage"] = to_stage
        token = token or uuid.uuid4().hex
        triggered_at = int(time.time() * 1000) if triggered_at is None else triggered_at
        signature = hmac.new(secret.encode(), f"{token}{triggered_at}".encode(), hashlib.sha256).hexdigest()
        return {"triggeredAt": triggered_at, "event": event, "token": token, "signature": signature,
                "data": {"opportunityId": opportunity, "toStageId": to_stage, "fromStageId": LEVER_OTHER_STAGE,
                         "candidateId": opportunity, "contactId": opportunity}}
