"""The console's invitation and assessment forms (issue 26, items 1, 2, 4 and 6): an address with an open
invitation is not invited twice and the page links the existing one; every form that does something
answers with a redirect to a page (post/redirect/get), so reloading that page repeats nothing; a refused
form comes back with its error beside the field in plain words and what was typed kept (CSV problems
as a table); no console page shows raw JSON or pydantic's wording; the links of a bulk invite as a CSV
file, without the links of anonymised candidates; 0 % and 0 min of extra time is refused."""

from __future__ import annotations

import csv
import io
import re

import pytest
from sqlmodel import Session, col, select
from support.console_world import TOKEN, World, build_world

from api.models import Invitation

RAW = ('{"', '"detail"', "detail:", "pydantic", "value_error", "Field required", "String should", "Input should",
       "Value error", "type=value", "errors.pydantic", "Unprocessable content")


@pytest.fixture
def world(tmp_path) -> World:
    return build_world(tmp_path)


def _count(world: World, assessment_id: str) -> int:
    with Session(world.app.state.engine) as session:
        return len(session.exec(select(Invitation).where(col(Invitation.assessment_id) == assessment_id)).all())


def _plain(text: str) -> None:
    for raw in RAW:
        assert raw not in text, raw


# ------------------------------------------------------------------------------ item 1: not invited twice


def test_inviting_an_address_with_an_open_invitation_invites_nobody_and_links_the_existing_one(world):
    client, aid = world.client("recruiter"), world.ids["plain_assessment"]
    csrf = world.csrf(client)
    before = _count(world, aid)
    answer = client.post(f"/ui/assessments/{aid}/invitations", follow_redirects=True, data={
        "csrf_token": csrf, "name": "Ada again", "email": "ADA-Plain@x.example"})
    assert _count(world, aid) == before, "a second open invitation for the same address"
    assert answer.status_code == 200, answer.text
    assert "Nobody was invited" in answer.text and "already has an open invitation" in answer.text
    assert f'href="/ui/invitations/{world.ids["plain"]}"' in answer.text


def test_inviting_a_masked_candidate_again_is_skipped_without_naming_them(world):
    client, aid = world.client("recruiter"), world.ids["masked_assessment"]
    answer = client.post(f"/ui/assessments/{aid}/invitations", follow_redirects=True, data={
        "csrf_token": world.csrf(client), "name": "Someone", "email": "ada-masked@x.example"})
    assert _count(world, aid) == 1, "a second open invitation for the same address"
    assert answer.status_code == 200
    assert 'id="withheld"' in answer.text and "Ada masked" not in answer.text
    assert f'/ui/invitations/{world.ids["masked"]}"' not in answer.text


# ------------------------------------------------------------------------------ item 1: post/redirect/get


def test_every_console_form_redirects_and_reloading_its_page_repeats_nothing(world):
    client, aid = world.client("recruiter"), world.ids["plain_assessment"]
    csrf = world.csrf(client)
    invited = client.post(f"/ui/assessments/{aid}/invitations", data={
        "csrf_token": csrf, "name": "Grace Hopper", "email": "grace@x.example"})
    assert invited.status_code == 303 and re.fullmatch(rf"/ui/assessments/{aid}/invited/\d+",
                                                       invited.headers["location"])
    for _ in range(3):  # Reload, Back, Reload
        page = client.get(invited.headers["location"])
        assert page.status_code == 200 and "1 candidate invited" in page.text and "Grace Hopper" in page.text
    assert _count(world, aid) == 2
    bulk = client.post(f"/ui/assessments/{aid}/invitations/csv", data={"csrf_token": csrf},
                       files={"file": ("c.csv", "name,email\nAlan,alan@x.example\nGrace,grace@x.example\n")})
    assert bulk.status_code == 303
    for _ in range(2):
        page = client.get(bulk.headers["location"])
        assert page.status_code == 200 and "1 candidate invited" in page.text and 'id="skipped"' in page.text
    assert _count(world, aid) == 3
    new = client.post("/ui/assessments", data={"csrf_token": csrf, "title": "Second", "duration": "60",
                                               "problems": "alert-windows", "team_id": world.ids["backend"]})
    assert new.status_code == 303
    plain = world.ids["plain"]
    for action, data, done in (("extend", {"expires_on": "2099-01-31"}, "extended"),
                               ("extra-time", {"percent": "25", "minutes": "10"}, "extra_time"),
                               ("resend", {}, "resent"), ("revoke", {}, "revoked")):
        answer = client.post(f"/ui/invitations/{plain}/{action}", data={"csrf_token": csrf, **data})
        assert answer.status_code == 303, (action, answer.text)
        assert answer.headers["location"].startswith(f"/ui/invitations/{plain}?done={done}"), action
    assert len(world.audit("invitation.resent", plain)) == 1


def test_the_link_page_after_show_link_reloads_without_a_second_record(world):
    client, plain = world.client("recruiter"), world.ids["plain"]
    shown = client.post(f"/ui/invitations/{plain}/link", data={"csrf_token": world.csrf(client)})
    assert shown.status_code == 303 and "?shown=" in shown.headers["location"]
    for _ in range(3):
        page = client.get(shown.headers["location"])
        assert page.status_code == 200 and world.tokens["plain"] in page.text
    assert len(world.audit("invitation.link_shown", plain)) == 1
    bare = client.get(f"/ui/invitations/{plain}/link")  # no record of one's own: a button, no link
    assert bare.status_code == 200 and world.tokens["plain"] not in bare.text and "Show link" in bare.text
    other = world.client("admin")  # someone else's record shows nothing
    assert world.tokens["plain"] not in other.get(shown.headers["location"]).text


def test_a_batch_page_is_only_for_whoever_invited(world):
    client, aid = world.client("recruiter"), world.ids["plain_assessment"]
    invited = client.post(f"/ui/assessments/{aid}/invitations", data={
        "csrf_token": world.csrf(client), "name": "Grace Hopper", "email": "grace@x.example"})
    assert world.client("manager").get(invited.headers["location"]).status_code == 404
    assert world.client("admin").get(invited.headers["location"] + "/links.csv").status_code == 404


# ------------------------------------------------------------------------------ item 2: refusals in plain words


def test_a_refused_invite_keeps_what_was_typed_and_says_what_is_wrong_beside_the_field(world):
    client, aid = world.client("recruiter"), world.ids["plain_assessment"]
    answer = client.post(f"/ui/assessments/{aid}/invitations", data={
        "csrf_token": world.csrf(client), "name": "Dev Person", "email": "dev@localhost", "external_id": "gh-77"})
    assert answer.status_code == 422 and answer.headers["content-type"].startswith("text/html")
    _plain(answer.text)
    assert 'value="Dev Person"' in answer.text and 'value="dev@localhost"' in answer.text
    assert 'value="gh-77"' in answer.text
    assert re.search(r'id="inv-email-error">is not a valid e-mail address: the part after the @-sign', answer.text)
    assert 'aria-describedby="inv-email-error"' in answer.text
    assert _count(world, aid) == 1
    past = client.post(f"/ui/assessments/{aid}/invitations", data={
        "csrf_token": world.csrf(client), "name": "Old", "email": "old@x.example", "expires_on": "2001-01-01"})
    assert past.status_code == 422 and 'id="inv-expires_on-error">is in the past' in past.text
    assert 'value="2001-01-01"' in past.text and 'value="old@x.example"' in past.text


def test_csv_problems_are_a_table_of_line_field_and_what_is_wrong(world):
    client, aid = world.client("recruiter"), world.ids["plain_assessment"]
    bad = "name,email\nOk Person,ok@x.example\n,nobody@x.example\nDev,dev@localhost\nDup,ok@x.example\n"
    answer = client.post(f"/ui/assessments/{aid}/invitations/csv", data={
        "csrf_token": world.csrf(client), "expires_on": "2099-03-01"}, files={"file": ("people.csv", bad)})
    assert answer.status_code == 422
    _plain(answer.text)
    table = answer.text[answer.text.index('id="csv-errors"'):]
    rows = re.findall(r'<tr><td class="num">(\d+)</td><td>([^<]*)</td><td>([^<]*)</td></tr>', table)
    assert [(line, field) for line, field, _ in rows] == [("3", "name"), ("4", "email"), ("5", "email")]
    assert rows[0][2] == "is empty" and rows[1][2].startswith("is not a valid e-mail address")
    assert "also on line 2" in rows[2][2]
    assert 'value="2099-03-01"' in answer.text and "people.csv" in answer.text
    assert _count(world, aid) == 1
    header = client.post(f"/ui/assessments/{aid}/invitations/csv", data={"csrf_token": world.csrf(client)},
                         files={"file": ("x.csv", "who,where\na,b\n")})
    assert header.status_code == 422 and '<td class="num">1</td><td>header</td>' in header.text
    _plain(header.text)


def test_extra_time_of_nothing_is_refused_beside_the_field(world):
    client, plain = world.client("recruiter"), world.ids["plain"]
    csrf = world.csrf(client)
    nothing = client.post(f"/ui/invitations/{plain}/extra-time", data={
        "csrf_token": csrf, "percent": "0", "minutes": "0", "reason": "dyslexia"})
    assert nothing.status_code == 422 and "Extra time was granted" not in nothing.text
    assert 'id="extra-percent-error">nothing to grant' in nothing.text and 'value="dyslexia"' in nothing.text
    assert world.audit("invitation.extra_time", plain) == []
    words = client.post(f"/ui/invitations/{plain}/extra-time", data={"csrf_token": csrf, "percent": "lots"})
    assert words.status_code == 422 and 'id="extra-percent-error">must be a whole number' in words.text
    assert 'value="lots"' in words.text
    granted = client.post(f"/ui/invitations/{plain}/extra-time", data={"csrf_token": csrf, "percent": "50"},
                          follow_redirects=True)
    assert "Extra time was granted" in granted.text
    removed = client.post(f"/ui/invitations/{plain}/extra-time", data={"csrf_token": csrf, "percent": "0"},
                          follow_redirects=True)
    assert "The extra time was removed" in removed.text


def test_a_refused_extension_keeps_the_date_and_says_why(world):
    client, plain = world.client("recruiter"), world.ids["plain"]
    answer = client.post(f"/ui/invitations/{plain}/extend", data={
        "csrf_token": world.csrf(client), "expires_on": "2001-02-03"})
    assert answer.status_code == 422 and 'id="extend-expires_on-error">is in the past' in answer.text
    assert 'value="2001-02-03"' in answer.text
    _plain(answer.text)


def test_no_console_form_answers_with_raw_json_or_pydantic_wording(world):
    client = world.client("recruiter")
    csrf, aid, plain = world.csrf(client), world.ids["plain_assessment"], world.ids["plain"]
    long = "x" * 600
    posts = [
        ("/ui/assessments", {"title": "", "duration": "two", "team_id": world.ids["backend"]}, None),
        ("/ui/assessments", {"title": long, "duration": "60", "problems": "nope"}, None),
        ("/ui/assessments", {"title": "T", "duration": "3", "problems": "alert-windows", "languages": "cobol"}, None),
        (f"/ui/assessments/{aid}/invitations", {"name": "", "email": ""}, None),
        (f"/ui/assessments/{aid}/invitations", {"name": long, "email": "a@b"}, None),
        (f"/ui/assessments/{aid}/invitations", {"name": "N", "email": "n@x.example", "expires_on": "soon"}, None),
        (f"/ui/assessments/{aid}/invitations/csv", {}, None),
        (f"/ui/assessments/{aid}/invitations/csv", {}, {"file": ("e.csv", b"")}),
        (f"/ui/assessments/{aid}/invitations/csv", {}, {"file": ("b.bin", b"\x00\xff\xfe" * 10)}),
        (f"/ui/assessments/{aid}/invitations/csv", {"expires_on": "31/12/2099"}, {"file": ("c.csv", "name,email\n")}),
        (f"/ui/invitations/{plain}/extend", {"expires_on": ""}, None),
        (f"/ui/invitations/{plain}/extend", {"expires_on": long}, None),
        (f"/ui/invitations/{plain}/extra-time", {"percent": "-5", "minutes": "x"}, None),
        (f"/ui/invitations/{plain}/extra-time", {"percent": "9999"}, None),
        (f"/ui/invitations/{plain}/extra-time", {"percent": "10", "reason": long}, None),
        (f"/ui/invitations/{plain}/decision", {"decision": "maybe", "reason": ""}, None),
        (f"/ui/invitations/{plain}/decision", {"decision": long}, None),
    ]
    for path, data, files in posts:
        answer = client.post(path, data={"csrf_token": csrf, **data}, files=files)
        assert answer.status_code in (413, 422), (path, data, answer.status_code)
        assert answer.headers["content-type"].startswith("text/html"), (path, data, answer.text[:200])
        for raw in RAW:
            assert raw not in answer.text, (path, data, raw)
    assert _count(world, aid) == 1


# ------------------------------------------------------------------------------ item 4: the links as CSV


def _links(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))


def test_the_links_of_a_bulk_invite_download_as_csv_for_who_may_see_links(world):
    client, aid = world.client("recruiter"), world.ids["plain_assessment"]
    people = "name,email,external_id\nAlan Turing,alan@x.example,gh-1\n=cmd|x,eve@x.example,\n"
    bulk = client.post(f"/ui/assessments/{aid}/invitations/csv", data={"csrf_token": world.csrf(client)},
                       files={"file": ("c.csv", people)})
    page = client.get(bulk.headers["location"])
    assert "Download the links as CSV" in page.text
    download = client.get(bulk.headers["location"] + "/links.csv")
    assert download.status_code == 200 and download.headers["content-type"].startswith("text/csv")
    assert "attachment" in download.headers["content-disposition"]
    rows = _links(download.text)
    assert [r["email"] for r in rows] == ["alan@x.example", "eve@x.example"]
    assert rows[0]["external_id"] == "gh-1" and TOKEN.search(rows[0]["link"]) and rows[0]["note"] == ""
    assert rows[1]["name"] == "'=cmd|x", "a cell a spreadsheet would run as a formula is quoted"
    with Session(world.app.state.engine) as session:
        made = session.exec(select(Invitation).where(col(Invitation.candidate_email) == "alan@x.example")).one()
    assert len(world.audit("invitation.link_shown", made.id)) == 1
    manager = world.client("manager")  # may invite, may not see links
    done = manager.post(f"/ui/assessments/{aid}/invitations/csv", data={"csrf_token": world.csrf(manager)},
                        files={"file": ("c.csv", "name,email\nBob,bob@x.example\n")})
    assert "Download the links" not in manager.get(done.headers["location"]).text
    assert manager.get(done.headers["location"] + "/links.csv").status_code == 403


def test_the_links_csv_of_an_anonymised_assessment_omits_masked_links_and_says_why(world):
    client, aid = world.client("recruiter"), world.ids["masked_assessment"]
    bulk = client.post(f"/ui/assessments/{aid}/invitations/csv", data={"csrf_token": world.csrf(client)},
                       files={"file": ("c.csv", "name,email\nAlan Turing,alan@x.example\n")})
    page = client.get(bulk.headers["location"])
    assert not TOKEN.search(page.text) and "anonymised" in page.text
    [row] = _links(client.get(bulk.headers["location"] + "/links.csv").text)
    assert row["link"] == "" and "anonymised" in row["note"] and "Show link" in row["note"]
    assert not TOKEN.search(client.get(bulk.headers["location"] + "/links.csv").text)


def test_no_candidate_form_answers_with_raw_json(world):
    client = world.client("recruiter")  # any browser: the candidate's forms refuse unreadable fields as a page
    for path, data in (("/take/start", {"invitation": "x" * 200, "consent": "yes"}),
                       ("/take/start", {"consent": "certainly-yes"}),
                       ("/take/finish", {"invitation": "x" * 200}),
                       (f"/take/{world.tokens['plain']}/start", {"consent": "certainly-yes"})):
        answer = client.post(path, data=data)
        assert answer.status_code == 422 and answer.headers["content-type"].startswith("text/html"), path
        assert "could not be sent" in answer.text
        for raw in RAW:
            assert raw not in answer.text, (path, raw)


def test_the_sign_in_page_is_not_titled_reviewer_login(world):
    page = world.client("recruiter").get("/ui/login")
    assert "<title>Sign in · Assay</title>" in page.text and "Reviewer login" not in page.text
