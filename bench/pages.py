"""Bytes a browser transfers for the candidate workspace and a console page: a first visit, then a
repeat visit in the same browser (its HTTP cache kept), counted by Chromium (CDP Network events,
encodedDataLength: what went over the wire, gzip included). Needs `make assets` and chromium.

    python bench/pages.py
"""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from sqlmodel import Session  # noqa: E402
from support.browser import chromium, serve, sign_in_with_key  # noqa: E402
from support.reviewer_data import make_app, seed  # noqa: E402

from api.models import utcnow  # noqa: E402
from api.schemas import CandidateIn, InvitationCreate  # noqa: E402
from api.services import invitations as invitation_service  # noqa: E402


def visit(page: Any, cdp: Any, url: str, ready: str) -> tuple[int, int, int]:
    """(bytes over the wire, requests, bytes of static files) for one navigation."""
    seen: dict[str, dict[str, Any]] = {}
    cdp.on("Network.responseReceived",
           lambda e: seen.setdefault(e["requestId"], {}).update(url=e["response"]["url"]))
    cdp.on("Network.loadingFinished",
           lambda e: seen.setdefault(e["requestId"], {}).update(bytes=e["encodedDataLength"]))
    page.goto(url)
    page.wait_for_selector(ready)
    page.wait_for_timeout(1500)
    static = sum(v.get("bytes", 0) for v in seen.values() if "/static/" in v.get("url", ""))
    return sum(v.get("bytes", 0) for v in seen.values()), len(seen), static


def main() -> None:
    os.environ.setdefault("ASSAY_CONSOLE_KEY_SIGN_IN", "true")  # the console's key form, as the tests use it
    app = make_app(Path(tempfile.mkdtemp()), session_cookie_secure=False)
    data = seed(app.state.engine)
    with Session(app.state.engine) as session:
        invitation, token = invitation_service.create(session, InvitationCreate(
            assessment_id=data.assessment_id, candidate=CandidateIn(name="Bench", email="bench@example.com"),
            expires_at=utcnow() + timedelta(days=2)), None)
        invitation_service.start(session, invitation, consent=True)
        session.commit()
    with serve(app) as base, chromium() as browser:
        context = browser.new_context()
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        targets = [("workspace", f"{base}/take/{token}", "#workspace[data-state=ready]")]
        for label, url, ready in targets:
            for visit_name in ("first", "repeat"):
                wire, requests, static = visit(page, cdp, url, ready)
                print(f"{label} {visit_name}: {wire} bytes over the wire in {requests} requests ({static} static)")
        sign_in_with_key(page, base, data.reviewer_key, expect=None)
        url = f"{base}/ui/invitations/{data.invitations['ada']}"
        for visit_name in ("first", "repeat"):
            wire, requests, static = visit(page, cdp, url, "#candidate")
            print(f"console report {visit_name}: {wire} bytes over the wire in {requests} requests ({static} static)")


if __name__ == "__main__":
    main()
