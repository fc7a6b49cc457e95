"""Issue 22, item 12: the read-only ``rpt_`` keys to a candidate's transparency report were stored in clear
text and never expired. Now only their SHA-256 is stored, a key expires with the retention period and
stops working when the candidate's data is erased; keys stored before the change keep working."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from alembic import command
from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlmodel import Session
from support.reviewer_data import make_app, seed

from api.analytics_models import CandidateReportKey
from api.migrate import alembic_config, upgrade
from api.models import Invitation, utcnow
from api.services import report_links, retention
from api.webhooks import outbox

PUBLIC = "https://assay.example"


def _complete(app: Any, invitation_id: str) -> str:
    """The report key the invitation.completed event carries."""
    with Session(app.state.engine) as session:
        invitation = session.get(Invitation, invitation_id)
        assert invitation is not None
        event = outbox.of(session).maybe_complete(session, invitation)
        session.commit()
        assert event is not None
        url = json.loads(event.payload)["data"]["candidate_report_url"]
    assert url.startswith(f"{PUBLIC}/take/rpt_") and url.endswith("/report")
    return url.removeprefix(f"{PUBLIC}/take/").removesuffix("/report")


def _table(app: Any) -> str:
    with app.state.engine.connect() as connection:
        return repr(connection.execute(text("SELECT * FROM candidate_report_keys")).all())


def test_a_report_key_is_stored_as_a_hash_and_expires_with_the_retention_period(tmp_path):
    app = make_app(tmp_path, public_url=PUBLIC, retention_days=30, webhook_worker=False)
    data = seed(app.state.engine)
    ada = data.invitations["ada"]
    key = _complete(app, ada)
    assert key not in _table(app), "only a hash of the key is stored"
    with TestClient(app, base_url="https://testserver") as client:  # the candidate cookie is Secure
        assert client.get(f"/take/{key}/report").status_code == 200
        with Session(app.state.engine) as session:
            row = session.get(CandidateReportKey, ada)
            invitation = session.get(Invitation, ada)
            assert row is not None and invitation is not None and row.expires_at is not None
            assert abs(row.expires_at - (invitation.created_at + timedelta(days=30))) < timedelta(seconds=1)
            row.expires_at = utcnow() - timedelta(seconds=1)  # the retention period is over
            session.add(row)
            session.commit()
        assert client.get(f"/take/{key}/report").status_code == 404


def test_erasing_the_candidates_data_revokes_the_report_key(tmp_path):
    app = make_app(tmp_path, public_url=PUBLIC, webhook_worker=False)  # no retention: no expiry
    data = seed(app.state.engine)
    key = _complete(app, data.invitations["ada"])
    with TestClient(app, base_url="https://testserver") as client:  # the candidate cookie is Secure
        assert client.get(f"/take/{key}/report").status_code == 200
        with Session(app.state.engine) as session:
            retention.delete_candidate_data(session, data.invitations["ada"], "admin")
        assert client.get(f"/take/{key}/report").status_code == 404
        with Session(app.state.engine) as session:
            assert report_links.by_key(session, key) is None


def test_a_key_stored_in_clear_text_before_the_migration_keeps_working_as_a_hash(tmp_path):
    app = make_app(tmp_path, public_url=PUBLIC, webhook_worker=False)
    data = seed(app.state.engine)
    engine = app.state.engine
    with engine.begin() as connection:  # the database as it was before 0018, with a key in clear text
        config = alembic_config(engine.url.render_as_string(hide_password=False))
        config.attributes["connection"] = connection
        command.downgrade(config, "0017_ats_checks")
        connection.execute(text("INSERT INTO candidate_report_keys (invitation_id, report_key, created_at) "
                                "VALUES (:id, 'rpt_made-before-the-upgrade', :now)"),
                           {"id": data.invitations["ada"], "now": utcnow()})
    upgrade(engine)
    assert "rpt_made-before-the-upgrade" not in _table(app)
    with TestClient(app, base_url="https://testserver") as client:  # the candidate cookie is Secure
        assert client.get("/take/rpt_made-before-the-upgrade/report").status_code == 200
