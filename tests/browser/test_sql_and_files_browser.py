"""SQL questions and multi-file tasks in the candidate app, in a real headless Chromium against the real
sandbox, and what the reviewer sees of them.

A candidate opens an SQL question (its schema and sample result beside the statement), writes a query,
runs it on the sample and submits it; then a two-file task: the read-only driver cannot be changed, the
file they work on can; they add, rename and delete files, hit the cap on the number of files (a clear
message, nothing lost), run and submit all their files, reload and find every file again. The reviewer's
report shows the query and every file. Screenshots: docs/screenshots/sql-*.png, multifile-*.png.

Without Docker or Chromium this fails in CI (CI=true) and skips elsewhere."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import Session, select
from support.browser import (
    ARTIFACTS,
    SCREENSHOTS,
    chromium,
    editor_text,
    file_tabs,
    replace_text,
    serve,
    sign_in_with_key,
    wait_js,
)

from api.models import Draft, Submission, utcnow
from api.schemas import AssessmentCreate, CandidateIn, InvitationCreate
from api.services import assessments as assessment_service
from api.services import invitations as invitation_service
from api.services import problems as problem_service
from api.services.keys import create_key
from api.take import routes as candidate_web
from problemformat.package_loader import load_package

ROOT = Path(__file__).resolve().parents[2]
DRIVER = ('"""Reads the basket and prints its total. Read-only: write your code in pricing.py."""\n'
          "import sys\n\nfrom pricing import total\n\n"
          "print(total([int(x) for x in sys.stdin.read().split()]))\n")
PACKAGE = {
    "problem.yaml": "schema: 1\nslug: basket-total\ntitle: Basket Total\nlanguages: [python3]\n"
                    "limits: {time_limit_s: 2, memory_limit_mib: 128}\ngrader: {kind: token}\n"
                    "files: {read_only: [main.py], max_files: 3}\n"
                    "scoring:\n  groups:\n    - {name: main, points: 100}\n",
    "statement.md": "# Basket Total\n\nmain.py reads the prices (cents) of a basket; make `total` in pricing.py "
                    "return their sum.\n",
    "templates/python3/main.py": DRIVER,
    "templates/python3/pricing.py": 'def total(prices: list[int]) -> int:\n'
                                    '    """The sum, in cents."""\n    return 0\n',
    "tests/sample/01.in": "100 250\n", "tests/sample/01.ans": "350\n",
    "tests/secret/main/01.in": "1 2 3\n", "tests/secret/main/01.ans": "6\n",
    "tests/secret/main/02.in": "\n", "tests/secret/main/02.ans": "0\n",
}
QUERY = ("SELECT c.name, c.country, SUM(o.amount_cents) AS total_cents\n"
         "FROM customers AS c JOIN orders AS o ON o.customer_id = c.id\n"
         "WHERE o.status = 'paid' AND o.ordered_on BETWEEN '2026-01-01' AND '2026-12-31'\n"
         "GROUP BY c.id ORDER BY total_cents DESC, c.name LIMIT 10;")


@dataclass
class Served:
    base: str
    app: Any
    assessment_id: str
    reviewer_key: str

    def session(self) -> Session:
        return Session(self.app.state.engine, expire_on_commit=False)

    def invite(self, name: str) -> tuple[str, str]:
        with self.session() as session:
            invitation, token = invitation_service.create(session, InvitationCreate(
                assessment_id=self.assessment_id, candidate=CandidateIn(name=name, email="sam@example.com"),
                expires_at=utcnow() + timedelta(days=3)), None)
            session.commit()
            return invitation.id, token


@pytest.fixture(scope="module")
def served(docker_api, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    from api.app import create_app
    from api.settings import Settings

    if candidate_web.bundle_url() is None:
        pytest.fail("the candidate app is not built: run `make assets` (npm ci + esbuild) first")
    tmp = tmp_path_factory.mktemp("sql-and-files")
    package_dir = tmp / "basket-total"
    for name, text in PACKAGE.items():
        (package_dir / name).parent.mkdir(parents=True, exist_ok=True)
        (package_dir / name).write_text(text)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("ASSAY_SANDBOX_POOL_SIZE", "1")
        app = create_app(Settings(data_dir=tmp / "data", load_bundled_problems=False, demo=False,
                                  max_source_kib=4))  # a size cap a test can type past
        with Session(app.state.engine) as session:
            for package in (load_package(ROOT / "problems" / "top-customers"), load_package(package_dir)):
                problem_service.store(session, package, None)
            assessment = assessment_service.create(session, AssessmentCreate(
                title="Data engineer screening", problems=["top-customers", "basket-total"], duration_minutes=60,
                languages=["python3"]), None)
            _, reviewer_key = create_key(session, "reviewer", "reviewer")
            session.commit()
            assessment_id = assessment.id
        with serve(app) as base:
            yield Served(base, app, assessment_id, reviewer_key)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as launched:
        yield launched


def shot(page: Any, name: str, **options: Any) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / name), **options)
    shutil.copyfile(ARTIFACTS / name, SCREENSHOTS / name)


def wait_result(page: Any, pattern: str, timeout_s: float = 120) -> str:
    wait_js(page, """p => { const e = document.querySelector('#results-status');
        return !!e && !e.classList.contains('pending') && new RegExp(p).test(e.textContent); }""", pattern, timeout_s)
    return page.inner_text("#results")


def saved(page: Any) -> None:
    wait_js(page, "document.querySelector('#save-state').dataset.state === 'saved'")


def test_sql_query_and_two_file_task_then_the_report(served: Served, browser: Any) -> None:
    invitation_id, token = served.invite("Sam Query")
    context = browser.new_context(viewport={"width": 1440, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(30000)
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" and (
        "Content Security Policy" in m.text or "Refused" in m.text) else None)
    page.goto(f"{served.base}/take/{token}")
    page.check("#consent")
    page.click("#start")
    page.wait_for_selector("#workspace[data-state=ready]")

    # The SQL question: schema and sample result beside the statement, SQL as its one language.
    page.click("button.problem[data-slug=top-customers]")
    wait_js(page, "document.querySelector('#workspace').dataset.problem === 'top-customers'")
    assert page.locator("#sql-schema table[data-table=customers] tbody tr").count() == 3
    orders = page.inner_text("#sql-schema table[data-table=orders]")
    assert "amount_cents" in orders and "INTEGER" in orders and "primary key" in page.inner_text("#sql-schema")
    assert page.locator("#sql-sample-result thead th").all_inner_texts() == ["name", "country", "total_cents"]
    assert page.locator("#sql-sample-result tbody tr").first.inner_text().split("\t") == ["Ada Lovelace", "GB", "12500"]
    assert page.locator("#samples h3").all_inner_texts() == ["Sample 1: database (SQL)", "Sample 1: expected result"]
    assert page.locator("#language option").all_inner_texts() == ["SQL (SQLite 3)"]
    assert file_tabs(page) == ["main.sql"]
    replace_text(page, QUERY)
    saved(page)
    # highlighted as SQL (SQLite's dialect, a grammar chunk of its own)
    wait_js(page, "document.querySelectorAll(\".cm-content span[class^='ͼ']\").length > 10")
    shot(page, "sql-question.png", full_page=True)
    page.click("#run")
    assert "Accepted" in wait_result(page, "Accepted|Wrong|error|Error")
    page.click("#submit")
    result = wait_result(page, "Accepted|Wrong|error|Error")
    assert "Accepted" in result and "100" in result
    shot(page, "sql-result.png")

    # A query that writes is refused in plain words, and the data is as it was.
    replace_text(page, "DELETE FROM orders;\nSELECT name, country, 0 FROM customers;")
    page.click("#run")
    assert "Queries may not change the data" in wait_result(page, "Accepted|Wrong|error|Error")
    replace_text(page, QUERY)
    saved(page)

    # The two-file task: main.py is the problem's (read-only), pricing.py is theirs.
    page.click("button.problem[data-slug=basket-total]")
    wait_js(page, "document.querySelector('#workspace').dataset.problem === 'basket-total'")
    assert file_tabs(page) == ["main.py", "pricing.py"]
    assert "(read-only)" in page.inner_text("#file-tabs [data-file='main.py']")
    assert page.get_attribute(".cm-content", "contenteditable") == "false"
    assert page.is_disabled("#file-delete") and page.is_disabled("#file-rename")
    page.click(".cm-content")
    page.keyboard.insert_text("# tampered")
    assert "tampered" not in editor_text(page)

    # Add a file, rename it, delete another; past the cap of 3 files: a message, nothing lost.
    page.click("#file-add")
    page.fill("#file-name", "notes.txt")
    page.click("#file-ok")
    assert file_tabs(page) == ["main.py", "notes.txt", "pricing.py"]
    page.keyboard.insert_text("remember: cents")
    page.click("#file-add")
    page.fill("#file-name", "helpers.py")
    page.click("#file-ok")
    assert page.inner_text("#file-message") == "This problem accepts at most 3 files: delete one first."
    assert page.input_value("#file-name") == "helpers.py"  # what was typed stays
    assert file_tabs(page) == ["main.py", "notes.txt", "pricing.py"]
    shot(page, "multifile-cap.png")
    page.click("#file-cancel")
    page.click("#file-tabs [data-file='notes.txt']")
    assert editor_text(page) == "remember: cents"  # nothing lost
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("#file-delete")
    assert file_tabs(page) == ["main.py", "pricing.py"]
    page.click("#file-add")
    page.fill("#file-name", "helper.py")
    page.click("#file-ok")
    replace_text(page, "def add_all(values):\n    return sum(values)\n")
    page.click("#file-rename")
    page.fill("#file-name", "../evil.py")
    page.click("#file-ok")
    assert "plain relative path" in page.inner_text("#file-message")
    page.fill("#file-name", "helpers.py")
    page.click("#file-ok")
    assert file_tabs(page) == ["main.py", "helpers.py", "pricing.py"]
    assert page.is_hidden("#file-form")
    page.click("#file-tabs [data-file='pricing.py']")
    replace_text(page, "from helpers import add_all\n\n\ndef total(prices):\n    return add_all(prices)\n")
    saved(page)
    shot(page, "multifile-editor.png")
    with served.session() as session:
        draft = session.get(Draft, (invitation_id, "basket-total", "python3"))
        assert draft is not None and sorted(draft.files) == ["helpers.py", "main.py", "pricing.py"]
        assert draft.files["main.py"] == DRIVER

    page.click("#run")
    assert "Accepted" in wait_result(page, "Accepted|Wrong|error|Error")
    page.click("#submit")
    assert "Accepted" in wait_result(page, "Accepted|Wrong|error|Error")
    with served.session() as session:
        graded = session.exec(select(Submission).where(Submission.invitation_id == invitation_id,
                                                       Submission.kind == "submission")).all()
        by_problem = {s.files.get("main.sql") is not None: s for s in graded}
        assert sorted(by_problem[False].files) == ["helpers.py", "main.py", "pricing.py"]
        assert by_problem[True].files == {"main.sql": QUERY}

    # The Submissions tab puts a submission's files back: every file, the ones since then replaced.
    page.click("#file-tabs [data-file='pricing.py']")
    replace_text(page, "def total(prices):\n    return -1\n")
    saved(page)
    page.click("#history-tab")
    page.click("#history-list li:first-child summary")
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("#history-list li:first-child button.restore")
    wait_js(page, "document.querySelector('#file-message').textContent.includes('that of the submission')")
    assert file_tabs(page) == ["main.py", "helpers.py", "pricing.py"]
    page.click("#file-tabs [data-file='pricing.py']")
    assert editor_text(page) == "from helpers import add_all\n\n\ndef total(prices):\n    return add_all(prices)\n"
    saved(page)
    shot(page, "multifile-restored.png")

    # Reset works per file: the starter code of the file shown; a file the candidate added has none.
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("#reset-code")
    assert editor_text(page) == PACKAGE["templates/python3/pricing.py"].rstrip("\n") + "\n"
    page.keyboard.press("Control+z")
    assert "add_all" in editor_text(page)
    page.click("#file-tabs [data-file='helpers.py']")
    page.click("#reset-code")
    assert "a file you added: it has no starter code" in page.inner_text("#file-message")
    assert editor_text(page) == "def add_all(values):\n    return sum(values)\n"
    saved(page)

    # A reload brings every file back, the one shown last in front.
    page.reload()
    page.wait_for_selector("#workspace[data-state=ready]")
    page.click("button.problem[data-slug=basket-total]")
    wait_js(page, "document.querySelector('#workspace').dataset.problem === 'basket-total'")
    assert file_tabs(page) == ["main.py", "helpers.py", "pricing.py"]
    page.click("#file-tabs [data-file='helpers.py']")
    assert editor_text(page) == "def add_all(values):\n    return sum(values)\n"

    # Past the size cap (4 KiB here): said beside the files, nothing sent or lost; back under it, all is well.
    page.click(".cm-content")
    page.keyboard.press("Control+End")
    page.keyboard.insert_text("# " + "x" * 5000)
    wait_js(page, "!document.querySelector('#file-message').hidden")
    assert page.inner_text("#file-message").startswith("Your files are 6 KiB together; at most 4 KiB are accepted.")
    page.click("#run")
    assert "Run on samples not sent" in page.inner_text("#results")
    assert "6 KiB together" in page.inner_text("#file-message")  # the text is still there: nothing lost
    page.keyboard.press("Control+z")
    wait_js(page, "document.querySelector('#file-message').hidden")
    assert editor_text(page) == "def add_all(values):\n    return sum(values)\n"

    # At 390 px wide the files wrap in the Code part; nothing sticks out sideways.
    page.set_viewport_size({"width": 390, "height": 844})
    page.click("#pane-tabs [data-pane=code]")
    wait_js(page, "document.querySelector('#file-tabs').getBoundingClientRect().width > 0")
    assert page.evaluate("document.documentElement.scrollWidth <= 390"), "the page scrolls sideways"
    assert page.evaluate("[...document.querySelectorAll('#file-tabs [role=tab]')]"
                         ".every(t => t.getBoundingClientRect().right <= 390)")
    shot(page, "multifile-phone.png")
    assert errors == []
    context.close()

    # The reviewer's report: the query and every file of the two-file task.
    reviewer = browser.new_context(viewport={"width": 1280, "height": 1000})
    page = reviewer.new_page()
    sign_in_with_key(page, served.base, served.reviewer_key, expect=None)
    page.goto(f"{served.base}/ui/invitations/{invitation_id}")
    sql = page.inner_text("#problem-top-customers")
    assert "main.sql" in sql and "SUM(o.amount_cents)" in sql
    files = page.locator("#problem-basket-total .code figcaption").all_inner_texts()
    assert files == ["helpers.py", "main.py", "pricing.py"]
    assert "add_all" in page.inner_text("#problem-basket-total")
    page.locator("#problem-basket-total").scroll_into_view_if_needed()
    shot(page, "multifile-report.png")
    reviewer.close()
