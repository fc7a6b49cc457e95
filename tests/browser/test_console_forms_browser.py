"""The console's invite and Manage forms in a real headless Chromium (issue 26, items 1, 2, 4, 6): an
address the browser accepts but the server refuses (dev@localhost) comes back beside its field with
everything typed kept; after an invite, Reload and Back invite nobody again; a CSV file's problems are a
table (line, field, what is wrong); the links of a bulk invite download as CSV; 0 % and 0 min of extra
time is refused beside the field. Screenshots: docs/screenshots/console-invite-field-error.png,
console-csv-errors.png, console-invited-links.png, console-extra-time-refused.png."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import Session, col, select
from support.browser import chromium, screenshot, serve
from support.net import free_port
from support.reviewer_data import ROOT, make_app

from api.models import Invitation
from api.people import sessions, teams, users
from api.people.models import TeamRole
from api.schemas import AssessmentCreate, CandidateIn, InvitationCreate
from api.services import assessments as assessment_service
from api.services import invitations as invitation_service
from api.services import problems as problem_service
from problemformat.package_loader import load_package


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    port = free_port()
    app = make_app(tmp_path_factory.mktemp("forms"), public_url=f"http://127.0.0.1:{port}",
                   session_cookie_secure=False, port=port, webhook_worker=False)
    with Session(app.state.engine) as session:
        team = teams.create(session, "Backend")
        user = users.create(session, email="rhea@acme.example", name="Rhea")
        teams.set_member(session, team, user, TeamRole.RECRUITER)
        cookie = sessions.start(session, user, hours=8)[1]
        problem_service.store(session, load_package(ROOT / "problems" / "alert-windows"), None)
        assessment = assessment_service.create(session, AssessmentCreate(
            title="Backend screening", problems=["alert-windows"], duration_minutes=60), None, team.id)
        invitation, _ = invitation_service.create(session, InvitationCreate(
            assessment_id=assessment.id, candidate=CandidateIn(name="Ada Lovelace", email="ada@example.com")),
            None, box=app.state.webhook_box)
        session.commit()
        ids = {"assessment": assessment.id, "ada": invitation.id}
    with serve(app, port=port) as base, chromium() as browser:
        yield {"base": base, "browser": browser, "engine": app.state.engine, "cookie": cookie, **ids}


def _page(world: dict[str, Any]) -> tuple[Any, Any]:
    context = world["browser"].new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    context.add_cookies([{"name": "assay_session", "value": world["cookie"], "url": world["base"]}])
    return context, context.new_page()


def _count(world: dict[str, Any]) -> int:
    with Session(world["engine"]) as session:
        return len(session.exec(select(Invitation).where(col(Invitation.assessment_id) == world["assessment"])).all())


def test_a_refused_address_stays_in_its_field_with_everything_typed(world):
    context, page = _page(world)
    page.goto(f"{world['base']}/ui/assessments/{world['assessment']}")
    page.click("#invite summary")  # folded once the assessment has candidates
    page.fill("#inv-name", "Dev Person")
    page.fill("#inv-email", "dev@localhost")  # the browser's own check lets it through
    page.fill("#inv-ext", "gh-42")
    page.click("#invite-one button[type=submit]")
    page.wait_for_selector("#inv-email-error")
    assert "is not a valid e-mail address" in page.inner_text("#inv-email-error")
    assert page.input_value("#inv-name") == "Dev Person" and page.input_value("#inv-email") == "dev@localhost"
    assert page.input_value("#inv-ext") == "gh-42"
    assert "{" not in page.inner_text("main") and "pydantic" not in page.content()
    screenshot(page, "console-invite-field-error")
    before = _count(world)
    page.fill("#inv-email", "dev@example.com")  # corrected in place: the rest was kept
    page.click("#invite-one button[type=submit]")
    page.wait_for_selector("#invited")
    assert _count(world) == before + 1
    context.close()


def test_reload_back_and_forward_after_an_invite_never_invite_again(world):
    context, page = _page(world)
    page.goto(f"{world['base']}/ui/assessments/{world['assessment']}")
    page.click("#invite summary")
    page.fill("#inv-name", "Grace Hopper")
    page.fill("#inv-email", "grace@example.com")
    before = _count(world)
    page.click("#invite-one button[type=submit]")
    page.wait_for_selector("#invited")
    assert _count(world) == before + 1
    page.reload()
    page.wait_for_selector("#invited")
    assert _count(world) == before + 1, "Reload invited again"
    page.go_back()
    page.go_forward()
    page.wait_for_selector("#invited")
    assert _count(world) == before + 1, "Back and Forward invited again"
    assert "/invited/" in page.url
    page.goto(f"{world['base']}/ui/assessments/{world['assessment']}")
    page.click("#invite summary")
    page.fill("#inv-name", "Ada again")
    page.fill("#inv-email", "Ada@Example.com")
    page.click("#invite-one button[type=submit]")
    page.wait_for_selector("#skipped")
    assert "Nobody was invited" in page.inner_text("h1") and _count(world) == before + 1
    page.click(f"#skipped a[href='/ui/invitations/{world['ada']}']")
    page.wait_for_url(f"**/ui/invitations/{world['ada']}")
    context.close()


def test_csv_problems_as_a_table_and_the_links_as_a_csv_file(world, tmp_path: Path):
    context, page = _page(world)
    page.goto(f"{world['base']}/ui/assessments/{world['assessment']}")
    page.click("#invite summary")
    bad = tmp_path / "candidates.csv"
    bad.write_text("name,email\nGrace Hopper,grace@example.com\n,nobody@example.com\nDev,dev@localhost\n")
    page.set_input_files("#csv-file", str(bad))
    page.click("#invite-csv button[type=submit]")
    page.wait_for_selector("#csv-errors")
    cells = page.locator("#csv-errors tbody tr").all_inner_texts()
    assert [c.split("\t")[:2] for c in cells] == [["3", "name"], ["4", "email"]], cells
    screenshot(page, "console-csv-errors")
    good = tmp_path / "fixed.csv"
    good.write_text("name,email\nBarbara Liskov,barbara@example.com\nAlan Turing,alan@example.com\n"
                    "Ada Lovelace,ada@example.com\n")
    page.set_input_files("#csv-file", str(good))
    page.click("#invite-csv button[type=submit]")
    page.wait_for_selector("#links-csv")
    assert page.locator("#invited tbody tr").count() == 2 and page.locator("#skipped tbody tr").count() == 1
    screenshot(page, "console-invited-links")
    with page.expect_download() as download:
        page.click("#links-csv a")
    text = Path(download.value.path()).read_text(encoding="utf-8-sig")
    assert text.splitlines()[0] == "name,email,external_id,expires_at,link,note"
    assert text.count("/take/inv_") == 2
    context.close()


def test_extra_time_of_nothing_is_refused_beside_the_field(world):
    context, page = _page(world)
    page.goto(f"{world['base']}/ui/invitations/{world['ada']}")
    page.fill("#extra-percent", "0")
    page.fill("#extra-minutes", "0")
    page.fill("#extra-reason", "documented accommodation")
    page.click("#extra-time-form button[type=submit]")
    page.wait_for_selector("#extra-percent-error")
    assert "nothing to grant" in page.inner_text("#extra-percent-error")
    assert "Extra time was granted" not in page.inner_text("main")
    assert page.input_value("#extra-reason") == "documented accommodation"
    page.locator("#manage").scroll_into_view_if_needed()
    screenshot(page, "console-extra-time-refused", full_page=False)
    context.close()
