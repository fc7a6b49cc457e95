"""The first start (issue 21): `assay serve` on a database with nobody in it prints a one-time set-up
link instead of making an admin key; the link opens the set-up form; nothing is written to the data
folder; once someone can sign in, no link is printed. Issue 22, item 11: two API processes starting at once
print one working link (SQLite and PostgreSQL), and a first-admin key file an earlier version left is
removed with its key revoked."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select
from support.reviewer_data import ROOT, make_app

from api.audit import AuditEvent
from api.db import make_engine
from api.migrate import upgrade
from api.people import links as people_links
from api.people import setup
from api.people.models import LinkPurpose, OneTimeLink
from api.services import bootstrap
from api.services.keys import create_key


def test_first_start_prints_a_set_up_link_and_no_key_file(tmp_path):
    app = make_app(tmp_path / "data")
    first = setup.first_start(app.state.engine, "http://127.0.0.1:8000")
    assert first is not None and first.url is not None
    assert first.url.startswith("http://127.0.0.1:8000/ui/setup/lnk_")
    assert not (tmp_path / "data" / "first-admin-key").exists()
    with TestClient(app) as client:
        form = client.get(first.url.removeprefix("http://127.0.0.1:8000"))
        assert form.status_code == 200 and "Set up Assay" in form.text
        assert client.get("/v1/keys").status_code == 401  # no key was made


# ---------------------------------------------------------------------- issue 22, item 11

STARTER = """
import json, pathlib, sys, time
from api.db import make_engine
from api.people import setup
url, folder, me = sys.argv[1], pathlib.Path(sys.argv[2]), sys.argv[3]
engine = make_engine(url)
(folder / f"ready-{me}").touch()
deadline = time.monotonic() + 120
while len(list(folder.glob("ready-*"))) < 2 and time.monotonic() < deadline:  # both imported: go together
    time.sleep(0.005)
link = setup.first_start(engine, "https://assay.acme.example")
print(json.dumps(None if link is None else link.url))
"""


@pytest.mark.parametrize("dialect", ["sqlite", "postgresql"])
def test_two_api_processes_starting_at_once_print_one_working_set_up_link(dialect, tmp_path, request):
    """Two real processes (not threads sharing one engine) ask for the set-up link at the same moment, on
    SQLite (its write lock) and on PostgreSQL (the advisory lock): one prints a link, the other says
    another process did, and the printed link is the one that works."""
    url = (f"sqlite:///{tmp_path / 'assay.db'}" if dialect == "sqlite"
           else request.getfixturevalue("postgres").create_database())
    engine = make_engine(url)
    upgrade(engine)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    starters = [subprocess.Popen([sys.executable, "-c", STARTER, url, str(tmp_path), str(n)], env=env,
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for n in range(2)]
    outputs = [p.communicate(timeout=180) for p in starters]
    assert all(p.returncode == 0 for p in starters), outputs
    printed = [json.loads(out.strip().splitlines()[-1]) for out, _ in outputs]
    links = [u for u in printed if u]
    assert len(links) == 1, printed  # the other one: "another Assay process printed the set-up link just now"
    with Session(engine) as session:
        token = links[0].rsplit("/", 1)[1]
        assert people_links.peek(session, token, LinkPurpose.SETUP).is_admin
        assert len(session.exec(select(OneTimeLink).where(OneTimeLink.purpose == LinkPurpose.SETUP)).all()) == 1
    engine.dispose()


def test_a_first_admin_key_file_left_by_an_earlier_version_is_removed_and_its_key_revoked(tmp_path):
    """An install upgraded from before the set-up link still had data/first-admin-key: an admin key that
    never expires, in a file. The start-up removes the file and revokes the key (audited), once."""
    data = tmp_path / "data"
    app = make_app(data)
    engine = app.state.engine
    with Session(engine) as session:
        key, secret = create_key(session, "admin", "first start")
        key_id = key.id
        _, other = create_key(session, "admin", "ops")
        session.commit()
    (data / "first-admin-key").write_text(secret + "\n")
    assert bootstrap.retire_first_admin_key(engine, data) is True
    assert not (data / "first-admin-key").exists()
    with TestClient(app) as client:
        assert client.get("/v1/keys", headers={"Authorization": f"Bearer {secret}"}).status_code == 401
        assert client.get("/v1/keys", headers={"Authorization": f"Bearer {other}"}).status_code == 200
    with Session(engine) as session:
        [event] = session.exec(select(AuditEvent).where(AuditEvent.action == "key.revoked")).all()
        assert event.target_id == str(key_id)
    assert bootstrap.retire_first_admin_key(engine, data) is False  # nothing left to do
