"""Issue 22.10: autosave is rate-limited and an unchanged draft is not written again; runs waiting for the
sandbox are counted in the database, at most 2 per invitation by default, with an error that says why."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from fastapi.testclient import TestClient
from sqlmodel import Session
from support.reviewer_data import make_app, seed

from api.models import Draft, utcnow
from api.schemas import CandidateIn, DraftIn, InvitationCreate
from api.services import candidate
from api.services import invitations as invitation_service

DRAFT = "/v1/me/drafts/alert-windows/python3"


def started(app: Any, assessment_id: str, name: str) -> tuple[str, dict[str, str]]:
    with Session(app.state.engine) as session:
        invitation, token = invitation_service.create(session, InvitationCreate(
            assessment_id=assessment_id, candidate=CandidateIn(name=name, email="x@example.com"),
            expires_at=utcnow() + timedelta(days=2)), None)
        invitation_service.start(session, invitation, consent=True)
        session.commit()
        return invitation.id, {"Authorization": f"Bearer {token}"}


def stored_draft(app: Any, invitation_id: str) -> Draft:
    with Session(app.state.engine) as session:
        draft = session.get(Draft, (invitation_id, "alert-windows", "python3"))
        assert draft is not None
        return draft


def test_an_unchanged_draft_is_not_written_again_and_autosave_is_rate_limited(tmp_path):
    app = make_app(tmp_path, drafts_per_minute=4)
    data = seed(app.state.engine)
    invitation_id, bearer = started(app, data.assessment_id, "Abe Autosave")
    with TestClient(app) as client:
        first = client.put(DRAFT, json={"source": "print(1)\n"}, headers=bearer)
        assert first.status_code == 200
        written = stored_draft(app, invitation_id).updated_at
        again = client.put(DRAFT, json={"source": "print(1)\n"}, headers=bearer)
        assert again.status_code == 200 and again.json()["updated_at"] == first.json()["updated_at"]
        assert stored_draft(app, invitation_id).updated_at == written  # not rewritten
        changed = client.put(DRAFT, json={"source": "print(2)\n"}, headers=bearer)
        assert changed.status_code == 200 and stored_draft(app, invitation_id).files == {"main.py": "print(2)\n"}
        assert client.put(DRAFT, json={"source": "print(3)\n"}, headers=bearer).status_code == 200
        limited = client.put(DRAFT, json={"source": "print(4)\n"}, headers=bearer)  # the 5th in a minute
        assert limited.status_code == 429, limited.text
        assert int(limited.headers["retry-after"]) >= 1 and "autosave" in limited.json()["detail"]
        assert stored_draft(app, invitation_id).files == {"main.py": "print(3)\n"}


def test_at_most_two_runs_of_an_invitation_wait_by_default(tmp_path):
    app = make_app(tmp_path)  # the executor is not started: every run stays queued
    data = seed(app.state.engine)
    _, bearer = started(app, data.assessment_id, "Rae Runner")
    _, other = started(app, data.assessment_id, "Sol Other")
    run = {"problem": "alert-windows", "language": "python3", "source": "print(1)\n"}
    with TestClient(app) as client:
        for _ in range(2):
            assert client.post("/v1/me/runs?wait=0", json=run, headers=bearer).status_code in (200, 202)
        refused = client.post("/v1/me/runs?wait=0", json=run, headers=bearer)
        assert refused.status_code == 429, refused.text
        assert refused.json()["detail"] == ("2 of your runs are still waiting (at most 2); "
                                            "run again once one has finished")
        assert refused.headers["retry-after"]
        # another candidate's runs are theirs to count; submissions keep their own limit
        assert client.post("/v1/me/runs?wait=0", json=run, headers=other).status_code in (200, 202)
        submitted = client.post("/v1/me/submissions?wait=0", json=run, headers=bearer)
        assert submitted.status_code in (200, 202), submitted.text


def test_two_first_saves_of_a_draft_racing_keep_the_newer_text(tmp_path, monkeypatch):
    """Nothing typed is lost (issue 26): a keepalive flush and a save under way can both find no draft and
    both insert; the second insert used to fail with a UNIQUE error (a 500). Now it becomes an update."""
    app = make_app(tmp_path)
    data = seed(app.state.engine)
    invitation_id, _ = started(app, data.assessment_id, "Rita Racer")
    with Session(app.state.engine) as first:  # the racing save, committed between the other's read and insert
        first.add(Draft(invitation_id=invitation_id, problem_slug="alert-windows", language="python3",
                        files={"main.py": "print('older')\n"}))
        first.commit()
    with Session(app.state.engine) as session:
        invitation = candidate.invitation_of(session, invitation_id)
        real_get = Session.get

        def blind_to_drafts(self: Session, entity: Any, ident: Any, **kw: Any) -> Any:
            if entity is Draft and not kw.get("populate_existing"):
                return None  # as if it read before the other save committed
            return real_get(self, entity, ident, **kw)

        monkeypatch.setattr(Session, "get", blind_to_drafts)
        out = candidate.save_draft(session, invitation, "alert-windows", "python3",
                                   DraftIn(source="print('newer')\n"), app.state.settings)
        session.commit()
        monkeypatch.setattr(Session, "get", real_get)
    assert out.files == {"main.py": "print('newer')\n"}
    assert stored_draft(app, invitation_id).files == {"main.py": "print('newer')\n"}
