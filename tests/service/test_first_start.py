"""The first start (issue 21): `assay serve` on a database with nobody in it prints a one-time set-up
link instead of making an admin key; the link opens the set-up form; nothing is written to the data
folder; once someone can sign in, no link is printed."""

from __future__ import annotations

from fastapi.testclient import TestClient
from support.reviewer_data import make_app

from api.people import setup


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
