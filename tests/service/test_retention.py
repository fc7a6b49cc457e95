"""Candidate-data governance: deletion on request (admin) and the retention purge leave no trace of
the candidate's name, email, ATS reference or code in any table (every text and JSON column is
scanned, and the SQLite file's raw bytes), nor in the report; scores and verdicts stay."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient
from sqlalchemy import inspect, text
from sqlmodel import Session, col, select
from support.reviewer_data import FIXTURES, make_app, seed

from api.interviews.models import Interview, PadUpdate
from api.models import Invitation, Submission, utcnow
from api.services import progress, retention
from api.webhooks import outbox as webhook_outbox

CODE_MARK = "freq[old] -= 1"  # a line of Ada's alert-windows solution
RUN_CODE_MARK = "answer += hi - lo + 1"


def _secrets() -> list[str]:
    return ["Ada Lovelace", "ada@example.com", "gh-app-1001", CODE_MARK, RUN_CODE_MARK]


def _scan_tables(engine) -> list[str]:
    """Every value of every text/JSON column of every table, as text."""
    found = []
    with engine.connect() as connection:
        for table in inspect(connection).get_table_names():
            for row in connection.execute(text(f'SELECT * FROM "{table}"')).mappings():
                for column, value in row.items():
                    if isinstance(value, bytes):
                        continue  # problem packages (zips)
                    found.append(f"{table}.{column}={json.dumps(value, default=str)}")
    return found


def _traces(engine, db_file: Path | None = None) -> list[str]:
    hits = [cell for cell in _scan_tables(engine) for secret in _secrets() if secret in cell]
    if db_file is not None:
        for path in (db_file, db_file.with_name(db_file.name + "-wal")):
            if path.exists():
                raw = path.read_bytes()
                hits += [f"{path.name} bytes: {s}" for s in _secrets() if s.encode() in raw]
    return hits


@pytest.fixture()
def app(tmp_path):
    application = make_app(tmp_path)
    application.state.seeded = seed(application.state.engine)
    return application


def test_delete_on_request_leaves_no_trace(app, tmp_path) -> None:
    data = app.state.seeded
    ada = data.invitations["ada"]
    engine = app.state.engine
    assert set(_traces(engine)), "the seed must contain what the test looks for"
    admin = {"Authorization": f"Bearer {data.admin_key}"}
    reviewer = {"Authorization": f"Bearer {data.reviewer_key}"}
    with TestClient(app, base_url="https://testserver") as client:
        before = client.get(f"/v1/invitations/{ada}/report", headers=reviewer).json()
        assert client.delete(f"/v1/invitations/{ada}/personal-data", headers=reviewer).status_code == 403
        response = client.delete(f"/v1/invitations/{ada}/personal-data", headers=admin)
        assert response.status_code == 200, response.text
        assert response.json()["submissions_scrubbed"] == 4  # 3 submissions and a run
        assert client.delete(f"/v1/invitations/{ada}/personal-data", headers=admin).status_code == 200  # idempotent
        assert client.delete("/v1/invitations/nope/personal-data", headers=admin).status_code == 404

        assert _traces(engine, tmp_path / "assay.db") == []
        # The report: anonymised, scores and verdicts kept.
        after = client.get(f"/v1/invitations/{ada}/report", headers=reviewer).json()
        page = client.get(f"/v1/invitations/{ada}/report.html", headers=reviewer).text
        for secret in _secrets():
            assert secret not in json.dumps(after) and secret not in page
        assert "Deleted candidate" in page and "erased on" in page
        assert after["total_points"] == before["total_points"] == 150
        assert [p["points"] for p in after["problems"]] == [p["points"] for p in before["problems"]]
        submission = client.get(f"/v1/submissions/{data.submissions['ada-mr']}", headers=reviewer).json()
        assert submission["files"] == {} and submission["verdict"] == "WA"
        assert [t["verdict"] for t in submission["tests"]].count("WA") == 2
        # Bob, who copied Ada, keeps his data; the flag against Ada is gone with her code.
        bob_page = client.get(f"/v1/invitations/{data.invitations['bob']}/report.html", headers=reviewer).text
        assert "Bob Copier" in bob_page and "Ada Lovelace" not in bob_page
        audit = client.get("/v1/audit", params={"action": "candidate_data.deleted"}, headers=admin).json()
        assert audit["total"] == 2 and audit["items"][0]["target_id"] == ada
    with Session(engine) as session:
        others = session.get(Invitation, data.invitations["bob"])
        assert others is not None and others.candidate_email == "bob@example.com"


def test_retention_purge_cli_and_periodic_task(tmp_path, monkeypatch) -> None:
    from api.cli import main

    app = make_app(tmp_path)
    data = seed(app.state.engine)
    engine = app.state.engine
    assert retention.purge(engine, 30) == []  # the seeded invitations are 2 days old
    monkeypatch.setenv("ASSAY_DATA_DIR", str(tmp_path))
    runner = CliRunner()
    dry = runner.invoke(main, ["privacy", "purge", "--days", "1", "--dry-run"])
    assert dry.exit_code == 0 and "would erase the personal data of 2 invitation(s)" in dry.output
    assert "Ada Lovelace" in json.dumps(_scan_tables(engine))
    result = runner.invoke(main, ["privacy", "purge", "--days", "1"])
    assert result.exit_code == 0, result.output
    assert "erased the personal data of 2 invitation(s)" in result.output
    # completed ones (Ada, Bob) are erased; open ones (Cleo started, Dan invited) are kept
    with Session(engine) as session:
        names = {i.id: i.candidate_name for i in session.query(Invitation).all()}
        assert names[data.invitations["ada"]] == names[data.invitations["bob"]] == ""
        assert names[data.invitations["cleo"]] == "Cleo Independent"
        assert names[data.invitations["dan"]] == "Dan Invited"
        bob_code = session.get(Submission, data.submissions["bob-aw"])
        assert bob_code is not None and bob_code.files == {} and bob_code.points == 100
    assert _traces(engine, tmp_path / "assay.db") == []
    assert runner.invoke(main, ["privacy", "purge"]).exit_code == 2  # no retention set

    # The periodic task in the app's lifespan: Cleo finishes, her invitation is purged at start-up.
    with Session(engine) as session:
        cleo = session.get(Invitation, data.invitations["cleo"])
        assert cleo is not None
        cleo.finished_at = cleo.started_at
        session.add(cleo)
        session.commit()
    purging = make_app(tmp_path, retention_days=1)
    with TestClient(purging, base_url="https://testserver") as client:
        import time

        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with Session(engine) as session:
                if retention.erased_at(session, data.invitations["cleo"]):
                    break
            time.sleep(0.1)
        admin = {"Authorization": f"Bearer {data.admin_key}"}
        events = client.get("/v1/audit", params={"action": "retention.purged"}, headers=admin).json()["items"]
    assert [e["detail"]["count"] for e in events] == [1, 2]
    assert events[0]["actor_role"] == "system" and events[1]["actor_name"] == "cli: assay privacy purge"
    with Session(engine) as session:
        assert session.get(Invitation, data.invitations["cleo"]).candidate_email == ""  # type: ignore[union-attr]
    assert (FIXTURES / "alert-windows").is_dir()


def test_erasure_empties_the_candidates_interviews(app, tmp_path) -> None:
    """The pad's text, its changes and the interviewers' notes are about the candidate: they go too, and
    the candidate's interview link stops working. The interview itself (when, how long) stays."""
    data = app.state.seeded
    ada = data.invitations["ada"]
    engine = app.state.engine
    note = "Ada was calm and explained the sliding window well"
    with Session(engine) as session:
        interview = Interview(invitation_id=ada, starts_at=utcnow(), duration_minutes=45, language="python3",
                              token_hash="hash-of-ada-token", token_enc="x", document=f"{CODE_MARK}\n",
                              start_document=f"{CODE_MARK}\n", version=1, notes=note)
        session.add(interview)
        session.flush()
        session.add(PadUpdate(interview_id=interview.id, version=1, client_id="c1", changes=[0, [0, RUN_CODE_MARK]]))
        session.commit()
        interview_id = interview.id
    admin = {"Authorization": f"Bearer {data.admin_key}"}
    with TestClient(app, base_url="https://testserver") as client:
        assert client.delete(f"/v1/invitations/{ada}/personal-data", headers=admin).status_code == 200
    assert _traces(engine, tmp_path / "assay.db") == []
    assert not [cell for cell in _scan_tables(engine) if note in cell]
    with Session(engine) as session:
        kept = session.get(Interview, interview_id)
        assert kept is not None and kept.duration_minutes == 45
        assert kept.document == "" and kept.notes == "" and kept.start_document is None
        assert kept.token_hash != "hash-of-ada-token"
        assert session.exec(select(PadUpdate).where(col(PadUpdate.interview_id) == interview_id)).all() == []


def test_an_event_built_from_an_invitation_read_before_its_erasure_carries_nothing_of_the_candidate(app) -> None:
    """The sweep reads the invitations it will announce, then emits. An erasure committed in between must
    not be undone by the event: built from what was read first, it carried the name and ATS reference
    the erasure had just removed (seen under load: a start-up sweep racing a deletion)."""
    ada = app.state.seeded.invitations["ada"]
    engine = app.state.engine
    with Session(engine) as sweeping:
        stale = sweeping.get(Invitation, ada)
        assert stale is not None and stale.candidate_name == "Ada Lovelace"
        assert progress.is_final(sweeping, stale), "the seed's Ada is over and not yet announced"
        with Session(engine) as erasing:
            invitation = erasing.get(Invitation, ada)
            assert invitation is not None
            retention.erase(erasing, invitation, "request")
            erasing.commit()
        assert webhook_outbox.of(sweeping).maybe_complete(sweeping, stale) is None
        sweeping.commit()
    assert _traces(engine) == []
