"""The issue's "done when", as a new user lives it: `assay serve` on an empty data directory (bundled
library and demo assessment, as `make run` does), open the one-time set-up link it prints, make the admin
account, invite yourself to the demo assessment, open the personal link, consent, start, write a solution in the
editor, submit, and see it accepted. Real process, real Docker sandbox, real Chromium."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from e2e_support import Server
from support.browser import chromium, screenshot

ROOT = Path(__file__).resolve().parents[2]
SOLUTION = (ROOT / "problems" / "regional-sales" / "submissions" / "accepted" / "csv_module.py").read_text()


@pytest.fixture(scope="module")
def fresh_server(docker_api, tmp_path_factory) -> Server:
    server = Server(tmp_path_factory.mktemp("new-user"), {})
    server.start()
    yield server
    server.stop()
    server.remove_containers(docker_api)


def test_a_new_user_invites_themself_and_solves_a_problem_in_the_browser(fresh_server):
    printed = re.search(r"(http://\S+/ui/setup/lnk_\S+)", fresh_server.log_tail(80))
    assert printed, "the start-up message gives the one-time set-up link: " + fresh_server.log_tail(40)
    base = fresh_server.url
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 1440, "height": 900})
        page.goto(printed.group(1))
        assert page.inner_text("h1") == "Set up Assay"
        page.fill("#name", "Nadia New")
        page.fill("#email", "nadia@example.com")
        page.fill("#password", "a long enough passphrase")
        page.fill("#confirm", "a long enough passphrase")
        page.click("button[type=submit]")
        page.wait_for_selector("text=Demo assessment")
        assert "Nadia New <nadia@example.com>" in page.inner_text("header")
        page.click("text=Demo assessment")
        page.fill("#inv-name", "Nadia New")
        page.fill("#inv-email", "nadia@example.com")
        page.click("#invite-one button[type=submit]")
        link = page.input_value("#link-1")
        assert link.startswith(f"{base}/take/inv_")

        page.goto(link)
        page.check("#consent")
        page.click("#start")
        page.wait_for_selector("#workspace[data-state=ready]")
        page.click("button.problem[data-slug=regional-sales]")
        page.wait_for_selector("#workspace[data-problem=regional-sales]")  # the switch is done (issue 29)
        page.select_option("#language", "python3")
        page.click(".cm-content")
        page.keyboard.press("Control+a")
        page.keyboard.press("Delete")
        page.keyboard.type("import csv\n")  # typed by hand; the rest pasted (auto-indent would re-indent it)
        page.keyboard.insert_text(SOLUTION.removeprefix("import csv\n"))
        page.click("#submit")
        deadline = time.monotonic() + 120
        while "Accepted" not in page.inner_text("#results"):
            assert time.monotonic() < deadline, page.inner_text("#results")
            time.sleep(0.5)
        assert "100 / 100 points" in page.inner_text("#results")
        screenshot(page, "new-user-solved", full_page=False)
