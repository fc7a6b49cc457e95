"""Issue 22.2: `assay serve`'s log lines (uvicorn's access log and Assay's own loggers) hold no credential.
The command runs as it does in production, except that uvicorn.run serves in a thread of this test, with
the very arguments (log configuration included) the command passes."""

from __future__ import annotations

import logging
import threading
from datetime import timedelta
from typing import Any

import httpx
import pytest
import uvicorn
from sqlmodel import Session
from support.net import free_port, wait_for
from support.reviewer_data import seed

from api.commands.serve import serve
from api.models import Invitation, utcnow
from api.schemas import CandidateIn, InvitationCreate
from api.services import invitations as invitation_service
from api.services import report_links


@pytest.fixture
def restore_logging() -> Any:
    """`assay serve` configures logging for the whole process: put it back for the next tests."""
    root = logging.getLogger()
    saved = root.handlers[:], root.level
    named = {name: (logging.getLogger(name).handlers[:], logging.getLogger(name).level,
                    logging.getLogger(name).propagate) for name in ("uvicorn", "uvicorn.access", "uvicorn.error")}
    yield
    root.handlers[:], root.level = saved[0], saved[1]
    for name, (handlers, level, propagate) in named.items():
        logger = logging.getLogger(name)
        logger.handlers[:] = handlers
        logger.setLevel(level)
        logger.propagate = propagate


def test_serve_logs_no_candidate_token_report_key_or_api_key(tmp_path, monkeypatch, capfd, restore_logging):
    port = free_port()
    monkeypatch.setenv("ASSAY_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("ASSAY_LOAD_BUNDLED_PROBLEMS", "false")
    monkeypatch.setenv("ASSAY_DEMO", "false")
    monkeypatch.setenv("ASSAY_EXECUTOR", "inprocess")
    secrets: list[str] = []

    def run_in_thread(app: Any, **options: Any) -> None:
        server = uvicorn.Server(uvicorn.Config(app, **options))
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        try:
            wait_for(lambda: server.started, 20, what="assay serve to start")
            data = seed(app.state.engine)
            with Session(app.state.engine) as session:
                invitation = session.get(Invitation, data.invitations["ada"])  # finished
                assert invitation is not None
                report = report_links.link(session, invitation, "http://x").removeprefix("http://x")
                _, fresh = invitation_service.create(session, InvitationCreate(
                    assessment_id=data.assessment_id, candidate=CandidateIn(name="Lou Logs", email="lou@example.com"),
                    expires_at=utcnow() + timedelta(days=2)), None)
                session.commit()
            rpt = report.removeprefix("/take/").removesuffix("/report")
            secrets.extend([fresh, rpt, data.admin_key])
            base = f"http://127.0.0.1:{port}"
            with httpx.Client(base_url=base, timeout=30) as client:
                assert client.get(f"/take/{fresh}").status_code < 400
                client.get(report)
                client.get(f"/v1/me?token={fresh}")  # a client that puts it in the query
                client.get(f"/v1/keys?key={data.admin_key}")
            logging.getLogger("api.mail").warning("could not send %s", f"{base}/take/{fresh}")
            logging.getLogger("api.webhooks").info(f"report link {base}{report}")
        finally:
            server.should_exit = True
            thread.join(30)

    monkeypatch.setattr(uvicorn, "run", run_in_thread)
    serve.callback(host="127.0.0.1", port=port)  # type: ignore[misc]
    out, err = capfd.readouterr()
    logged = out + err
    assert "GET /take/" in logged, logged  # the access log ran
    for secret in secrets:
        assert secret not in logged and secret[4:] not in logged, (secret[:4], logged)
    assert "/take/inv_[redacted]" in logged and "/take/rpt_[redacted]/report" in logged
    assert "could not send" in logged and "report link" in logged

