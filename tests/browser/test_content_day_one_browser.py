"""Issue 25's content on day one, in ONE flow in a real headless Chromium against the real sandbox.

An assessment of four slots: a pool of two small code problems, the bundled question set
http-fundamentals, the bundled SQL question top-customers and a two-file task (basket-total, written
here). The candidate sees only the pool problem drawn for them (the other is nowhere in the page and a
404 from the candidate API), solves it, answers multiple-choice and free-text questions (autosaved) and
submits them, writes an SQL query, runs it on the sample and submits it, edits the file they may change
of the two-file task (the driver stays read-only), submits it and finishes. The reviewer's report names
the pool and the drawn problem and shows the chosen options, the query with its verdict and both files.
Screenshots: docs/screenshots/content-day-one-candidate.png, content-day-one-report.png.

Without Docker or Chromium this fails in CI (CI=true) and skips elsewhere."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import Session, select
from support.browser import chromium, editor_text, file_tabs, replace_text, screenshot, serve, sign_in_with_key, wait_js

from api.models import Invitation, Submission, utcnow
from api.schemas import AssessmentCreate, CandidateIn, InvitationCreate
from api.services import assessments as assessment_service
from api.services import invitations as invitation_service
from api.services import pools
from api.services import problems as problem_service
from api.services.keys import create_key
from api.take import routes as candidate_web
from problemformat.package_loader import load_package

ROOT = Path(__file__).resolve().parents[2]


def pool_package(slug: str, title: str, operation: str, sample: str, secret: str) -> dict[str, str]:
    return {
        "problem.yaml": f"schema: 1\nslug: {slug}\ntitle: {title}\nlanguages: [python3]\n"
                        "limits: {time_limit_s: 2, memory_limit_mib: 128}\ngrader: {kind: token}\n"
                        "scoring:\n  groups:\n    - {name: main, points: 100}\n",
        "statement.md": f"# {title}\n\nRead two integers and print their {operation}.\n",
        "tests/sample/01.in": "2 3\n", "tests/sample/01.ans": sample,
        "tests/secret/main/01.in": "4 5\n", "tests/secret/main/01.ans": secret,
    }


POOL = {  # slug -> (package, a solution)
    "pool-sum": (pool_package("pool-sum", "Pool Sum of Two", "sum", "5\n", "9\n"),
                 "a, b = map(int, input().split())\nprint(a + b)\n"),
    "pool-product": (pool_package("pool-product", "Pool Product of Two", "product", "6\n", "20\n"),
                     "a, b = map(int, input().split())\nprint(a * b)\n"),
}
DRIVER = ('"""Reads the basket and prints its total. Read-only: write your code in pricing.py."""\n'
          "import sys\n\nfrom pricing import total\n\n"
          "print(total([int(x) for x in sys.stdin.read().split()]))\n")
BASKET = {
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
PRICING = "def total(prices):\n    return sum(prices)\n"
QUERY = ("SELECT c.name, c.country, SUM(o.amount_cents) AS total_cents\n"
         "FROM customers AS c JOIN orders AS o ON o.customer_id = c.id\n"
         "WHERE o.status = 'paid' AND o.ordered_on BETWEEN '2026-01-01' AND '2026-12-31'\n"
         "GROUP BY c.id ORDER BY total_cents DESC, c.name LIMIT 10;")
ANSWER = "The key names one payment; the server keeps the first response per key and replays it."


@dataclass
class Served:
    base: str
    app: Any
    token: str
    invitation_id: str
    reviewer_key: str

    def session(self) -> Session:
        return Session(self.app.state.engine, expire_on_commit=False)


def write_package(folder: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text)
    return folder


@pytest.fixture(scope="module")
def served(docker_api, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    from api.app import create_app
    from api.settings import Settings

    if candidate_web.bundle_url() is None:
        pytest.fail("the candidate app is not built: run `make assets` (npm ci + esbuild) first")
    tmp = tmp_path_factory.mktemp("content-day-one")
    packages = [write_package(tmp / slug, files) for slug, (files, _) in POOL.items()]
    packages += [write_package(tmp / "basket-total", BASKET),
                 ROOT / "problems" / "http-fundamentals", ROOT / "problems" / "top-customers"]
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("ASSAY_SANDBOX_POOL_SIZE", "1")
        app = create_app(Settings(data_dir=tmp / "data", load_bundled_problems=False, demo=False))
        with Session(app.state.engine, expire_on_commit=False) as session:
            for package in packages:
                problem_service.store(session, load_package(package), None)
            assessment = assessment_service.create(session, AssessmentCreate(
                title="Day-one screening", problems=[list(POOL), "http-fundamentals", "top-customers",
                                                     "basket-total"],
                duration_minutes=60, languages=["python3"]), None)
            invitation, token = invitation_service.create(session, InvitationCreate(
                assessment_id=assessment.id, candidate=CandidateIn(name="Dana Dayone", email="dana@example.com"),
                expires_at=utcnow() + timedelta(days=2)), None)
            _, reviewer_key = create_key(session, "reviewer", "Rex Reviewer")
            session.commit()
        with serve(app) as base:
            yield Served(base, app, token, invitation.id, reviewer_key)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as launched:
        yield launched


def wait_result(page: Any, pattern: str = "Accepted|Wrong|error|Error", timeout_s: float = 180) -> str:
    wait_js(page, """p => { const e = document.querySelector('#results-status');
        return !!e && !e.classList.contains('pending') && new RegExp(p).test(e.textContent); }""", pattern, timeout_s)
    return page.inner_text("#results")


def open_problem(page: Any, slug: str) -> None:
    page.click(f"button.problem[data-slug={slug}]")
    wait_js(page, "s => document.querySelector('#workspace').dataset.problem === s", slug)


def saved(page: Any) -> None:
    wait_js(page, "document.querySelector('#save-state').dataset.state === 'saved'")


def candidate_api_status(page: Any, path: str) -> int:
    """The status of a GET of the candidate API as the page's own app sends it (cookie + invitation header)."""
    return page.evaluate("""async path => (await fetch('/take' + path, {headers: {
        'X-Assay-Invitation': document.querySelector('meta[name="assay-invitation"]').content,
        Accept: 'application/json'}})).status""", path)


def test_a_candidate_takes_a_pooled_quiz_sql_and_two_file_assessment_and_the_reviewer_sees_it_all(
        served: Served, browser: Any) -> None:
    with served.session() as session:
        invitation = session.get(Invitation, served.invitation_id)
        assert invitation is not None
        drawn = pools.drawn_versions(session, invitation)[0].slug
    other = next(slug for slug in POOL if slug != drawn)
    titles = {slug: files["problem.yaml"].split("title: ")[1].split("\n")[0] for slug, (files, _) in POOL.items()}

    context = browser.new_context(viewport={"width": 1440, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(30000)
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" and (
        "Content Security Policy" in m.text or "Refused" in m.text) else None)
    page.goto(f"{served.base}/take/{served.token}")
    page.check("#consent")
    page.click("#start")
    page.wait_for_selector("#workspace[data-state=ready]")

    # 1. The pool: the drawn problem is listed, the other is nowhere and a 404.
    listed = page.locator("button.problem").evaluate_all("buttons => buttons.map(b => b.dataset.slug)")
    assert listed == [drawn, "http-fundamentals", "top-customers", "basket-total"]
    assert titles[drawn] in page.inner_text("body")
    assert titles[other] not in page.content() and other not in page.content()
    screenshot(page, "content-day-one-candidate", full_page=False)
    assert candidate_api_status(page, f"/v1/me/problems/{drawn}") == 200
    assert candidate_api_status(page, f"/v1/me/problems/{other}") == 404
    open_problem(page, drawn)
    assert titles[drawn] in page.inner_text("#statement-section")
    replace_text(page, POOL[drawn][1].rstrip("\n"))
    saved(page)
    page.click("#submit")
    assert "Accepted" in wait_result(page)

    # 2. The question set: a single-answer item, a multiple-answer item, a free-text answer; autosaved.
    page.click("button.problem[data-slug=http-fundamentals]")
    page.wait_for_selector("#quiz-form")
    assert '"correct"' not in page.content() and "rubric" not in page.content().lower()
    page.click("label[for=quiz-not-found-c]")
    for option in ("get", "put", "delete"):
        page.click(f"label[for=quiz-idempotent-methods-{option}]")
    page.fill("#quiz-explain-idempotency-key-text", ANSWER)
    saved(page)
    page.click("#quiz-submit")
    page.wait_for_selector("#quiz-status[data-kind=ok]")

    # 3. The SQL question: run on the sample, then submit.
    open_problem(page, "top-customers")
    assert page.locator("#sql-schema table[data-table=customers]").count() == 1
    assert page.locator("#language option").all_inner_texts() == ["SQL (SQLite 3)"]
    replace_text(page, QUERY.rstrip("\n"))
    saved(page)
    page.click("#run")
    assert "Accepted" in wait_result(page)
    page.click("#submit")
    result = wait_result(page)
    assert "Accepted" in result and "100" in result

    # 4. The two-file task: main.py stays read-only, pricing.py is edited; both are sent.
    open_problem(page, "basket-total")
    assert file_tabs(page) == ["main.py", "pricing.py"]
    assert "(read-only)" in page.inner_text("#file-tabs [data-file='main.py']")
    page.click("#file-tabs [data-file='main.py']")
    assert page.get_attribute(".cm-content", "contenteditable") == "false"
    page.click("#file-tabs [data-file='pricing.py']")
    replace_text(page, PRICING.rstrip("\n"))
    assert editor_text(page) == PRICING.rstrip("\n")
    saved(page)
    page.click("#submit")
    assert "Accepted" in wait_result(page)

    # 5. Finish.
    page.click("#finish")
    page.click("#finish-confirm")
    page.wait_for_selector("#thanks")
    assert errors == []
    context.close()

    with served.session() as session:
        rows = session.exec(select(Submission).where(Submission.invitation_id == served.invitation_id,
                                                     Submission.kind == "submission")).all()
        files = {tuple(sorted(row.files)) for row in rows if row.files}
        assert ("main.py", "pricing.py") in files and ("main.sql",) in files

    # 6. The reviewer's report: the pool and the draw, the chosen options, the query and its verdict, both files.
    reviewer = browser.new_context(viewport={"width": 1280, "height": 1000})
    page = reviewer.new_page()
    page.set_default_timeout(30000)
    sign_in_with_key(page, served.base, served.reviewer_key, expect=None)
    page.goto(f"{served.base}/ui/invitations/{served.invitation_id}")
    page.wait_for_selector("#problem-scores")
    scores = page.inner_text("#problem-scores")
    assert titles[drawn] in scores and "drawn from a pool: " + ", ".join(POOL) in scores
    assert titles[other] not in scores
    page.wait_for_selector("#quiz-http-fundamentals")
    assert page.locator("#question-not-found li.chosen.correct").count() == 1
    assert page.locator("#question-idempotent-methods li.chosen").count() == 3
    assert ANSWER in page.inner_text("#question-explain-idempotency-key")
    sql = page.inner_text("#problem-top-customers")
    assert "main.sql" in sql and "SUM(o.amount_cents)" in sql and "Accepted" in sql
    assert page.locator("#problem-basket-total .code figcaption").all_inner_texts() == ["main.py", "pricing.py"]
    basket = page.inner_text("#problem-basket-total")
    assert "return sum(prices)" in basket and "from pricing import total" in basket
    page.evaluate("document.querySelector('#problem-scores').scrollIntoView({block: 'start'})")
    screenshot(page, "content-day-one-report", full_page=False)
    reviewer.close()
