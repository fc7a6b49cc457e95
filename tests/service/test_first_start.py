"""`assay serve` on an empty database makes one admin key, kept in data_dir/first-admin-key (0600), so a
new user can sign in to the console without the CLI; never a second one."""

from __future__ import annotations

import stat

from fastapi.testclient import TestClient
from support.reviewer_data import make_app

from api.services.bootstrap import ensure_first_admin_key


def test_first_start_makes_one_admin_key_in_a_private_file(tmp_path):
    app = make_app(tmp_path)
    path = ensure_first_admin_key(app.state.engine, tmp_path)
    assert path is not None and path.name == "first-admin-key"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    key = path.read_text().strip()
    with TestClient(app) as client:
        me = client.get("/v1/keys", headers={"Authorization": f"Bearer {key}"})
        assert me.status_code == 200 and [k["role"] for k in me.json()] == ["admin"]
    assert ensure_first_admin_key(app.state.engine, tmp_path) == path, "a second start makes no second key"
    assert path.read_text().strip() == key
    path.unlink()
    assert ensure_first_admin_key(app.state.engine, tmp_path) is None, "keys exist: nothing made, nothing shown"
