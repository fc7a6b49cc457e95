"""The candidate web app (/take/<token>) in a real headless Chromium (Debian's chromium, driven by
Playwright) against `assay serve`'s app with the real executor and Docker sandbox.

A candidate opens the link, reads the landing page, cannot start without consent, ticks it, starts,
types a solution into the CodeMirror editor, runs the samples (through a 503 that is retried), reloads
and finds the draft restored, submits (the first response is lost on the way back: the retry carries the
same Idempotency-Key, so exactly one submission exists) and gets AC, runs custom input, finishes and
lands on the summary. Others: the deadline finishes by itself, 50 % extra time shows in the countdown,
keyboard-only use, the unknown link, the unbuilt bundle. Every page is checked for console errors and
CSP violations; screenshots go to artifacts/ and docs/screenshots/.

Without Docker or Chromium this fails in CI (CI=true) and skips elsewhere."""

from __future__ import annotations

import re
import shutil
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import Session, select
from support.browser import ARTIFACTS, SCREENSHOTS, chromium, editor_text, serve, wait_js

from api.models import Draft, Invitation, Submission, utcnow
from api.schemas import AssessmentCreate, CandidateIn, InvitationCreate
from api.services import assessments as assessment_service
from api.services import candidate_links
from api.services import invitations as invitation_service
from api.services import problems as problem_service
from api.take import routes as candidate_web
from problemformat.package_loader import load_package

ROOT = Path(__file__).resolve().parents[2]
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")

STATEMENT = """# Order Total

The shop's checkout sends the amounts of an order's lines, in whole cents, and needs the order total.

## Input

One line of whitespace-separated integers: the line amounts (at most 1000 of them, each between
-10⁹ and 10⁹; a refund is negative).

## Output

The sum of the amounts, on one line.

| input | output |
|---|---|
| `1 2` | `3` |
| `250 -50 1000` | `1200` |
"""
PACKAGE = {
    "problem.yaml": "schema: 1\nslug: order-total\ntitle: Order Total\n"
                    "languages: [python3, c, cpp, java, javascript, go]\n"
                    "limits: {time_limit_s: 1, memory_limit_mib: 128}\ngrader: {kind: token}\n"
                    "scoring:\n  groups:\n    - {name: main, points: 100}\n",
    "statement.md": STATEMENT,
    "templates/python3/main.py": "import sys\n\n# read the amounts and print their sum\n",
    "tests/sample/01.in": "1 2\n", "tests/sample/01.ans": "3\n",
    "tests/sample/02.in": "250 -50 1000\n", "tests/sample/02.ans": "1200\n",
    "tests/secret/main/01.in": "40000000001 2000000000003\n", "tests/secret/main/01.ans": "2040000000004\n",
    "tests/secret/main/02.in": "-7 7 5\n", "tests/secret/main/02.ans": "5\n",
    "submissions/accepted/sum.py": "import sys\nprint(sum(int(x) for x in sys.stdin.read().split()))\n",
}
LANGUAGES = ["python3", "c", "cpp", "java", "javascript", "go"]
NAMES = ["Python 3", "C (gcc, C17)", "C++ (g++, C++17)", "Java (OpenJDK 17)", "JavaScript (Node.js)", "Go"]
SOLUTION_HEAD = "import sys\n"
SOLUTION_BODY = "print(sum(int(x) for x in sys.stdin.read().split()))"


@dataclass
class Served:
    base: str
    app: Any
    assessment_id: str
    tokens: dict[str, str] = field(default_factory=dict)  # label -> token

    def session(self) -> Session:
        return Session(self.app.state.engine, expire_on_commit=False)

    def invitation(self, label: str) -> Invitation:
        with self.session() as session:
            row = candidate_links.invitation_for(session, self.tokens[label])
            assert row is not None
            return row

    def invite(self, label: str, name: str, **changes: Any) -> str:
        with self.session() as session:
            invitation, token = invitation_service.create(session, InvitationCreate(
                assessment_id=self.assessment_id, candidate=CandidateIn(name=name, email=f"{label}@example.com"),
                expires_at=utcnow() + timedelta(days=3)), None)
            for name_, value in changes.items():
                setattr(invitation, name_, value)
            session.add(invitation)
            session.commit()
        self.tokens[label] = token
        return token

    def url(self, label: str) -> str:
        """The personal link, as e-mailed."""
        return f"{self.base}/take/{self.tokens[label]}"

    @property
    def home(self) -> str:
        """Where the personal link leads once its token is in the cookie (issue 22.2)."""
        return f"{self.base}/take/"


@pytest.fixture(scope="module")
def served(docker_api, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    from api.app import create_app
    from api.settings import Settings

    if candidate_web.bundle_url() is None:
        pytest.fail("the candidate app is not built: run `make assets` (npm ci + esbuild) first")
    tmp = tmp_path_factory.mktemp("candidate-app")
    package_dir = tmp / "order-total"
    for name, text in PACKAGE.items():
        (package_dir / name).parent.mkdir(parents=True, exist_ok=True)
        (package_dir / name).write_text(text)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("ASSAY_SANDBOX_POOL_SIZE", "1")
        app = create_app(Settings(data_dir=tmp / "data", load_bundled_problems=False, demo=False, retention_days=180))
        with Session(app.state.engine) as session:
            for package in (load_package(package_dir), load_package(ROOT / "problems" / "regional-sales")):
                problem_service.store(session, package, None)
            assessment = assessment_service.create(session, AssessmentCreate(
                title="Backend engineer screening", problems=["order-total", "regional-sales"], duration_minutes=60,
                languages=LANGUAGES), None)
            session.commit()
            assessment_id = assessment.id
        with serve(app) as base:
            yield Served(base, app, assessment_id)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as launched:
        yield launched


class Console:
    """Console messages and uncaught errors of a page; CSP violations are console errors too."""

    def __init__(self, page: Any) -> None:
        self.messages: list[str] = []
        self.errors: list[str] = []
        page.on("console", lambda m: self.messages.append(f"{m.type}: {m.text}"))
        page.on("pageerror", lambda e: self.errors.append(f"pageerror: {e}"))
        self.requests: list[str] = []
        page.on("request", lambda r: self.requests.append(r.url))
        page.on("response", lambda r: self.messages.append(f"http {r.status}: {r.request.method} {r.url}")
                if r.status >= 400 else None)

    def problems(self, *, expected_failures: bool = False) -> list[str]:
        """Errors; ``expected_failures``: requests the test broke on purpose may log 'Failed to load'."""
        bad = [m for m in self.messages if m.startswith("error:")
               and not (expected_failures and "Failed to load resource" in m)]
        bad += [m for m in self.messages if "Content Security Policy" in m or "Refused to" in m]
        return bad + self.errors


def new_page(browser: Any, **options: Any) -> tuple[Any, Any, Console]:
    context = browser.new_context(**{"viewport": {"width": 1440, "height": 900}, **options})
    page = context.new_page()
    page.set_default_timeout(30000)
    return context, page, Console(page)


def shot(page: Any, name: str, **options: Any) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / name), **options)
    shutil.copyfile(ARTIFACTS / name, SCREENSHOTS / name)


def ready(page: Any) -> None:
    page.wait_for_selector("#workspace[data-state=ready]")
    page.wait_for_selector(".cm-content", state="attached")  # on a phone the editor is in the Code part


def watch_banner(page: Any) -> None:
    """Record every text the offline banner shows (it may show for a second only)."""
    page.evaluate("""() => { window.bannerTexts = []; const banner = document.getElementById('net-banner');
        new MutationObserver(() => { if (!banner.hidden) window.bannerTexts.push(banner.textContent); })
            .observe(banner, {attributes: true, childList: true, characterData: true, subtree: true}); }""")


def banner_texts(page: Any) -> list[str]:
    return page.evaluate("window.bannerTexts")


def wait_result(page: Any, pattern: str, timeout_s: float = 90) -> str:
    wait_js(page, """p => { const e = document.querySelector('#results-status');
        return !!e && !e.classList.contains('pending') && new RegExp(p).test(e.textContent); }""", pattern, timeout_s)
    return page.inner_text("#results")


CONTRAST_JS = """() => {
  const rgb = (c) => {
    const m = c.match(/rgba?\\(([^)]+)\\)/);
    if (!m) return null;
    const [r, g, b, a = 1] = m[1].split(/[ ,\\/]+/).filter(Boolean).map(Number);
    return { r, g, b, a };
  };
  const channel = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
  const lum = ({ r, g, b }) => 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
  const background = (el) => {
    for (let e = el; e; e = e.parentElement) {
      const c = rgb(getComputedStyle(e).backgroundColor);
      if (c && c.a > 0.5) return c;
    }
    return { r: 255, g: 255, b: 255 };
  };
  const failures = [];
  for (const el of document.querySelectorAll("body *")) {
    const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
    const box = el.getBoundingClientRect();
    if (!own || box.width < 2 || box.height < 2) continue;
    if (el.closest("[hidden], .visually-hidden, dialog:not([open])")) continue;
    const style = getComputedStyle(el);
    if (style.visibility === "hidden" || style.display === "none") continue;
    const [hi, lo] = [lum(rgb(style.color)), lum(background(el))].sort((x, y) => y - x);
    const ratio = (hi + 0.05) / (lo + 0.05);
    const size = parseFloat(style.fontSize);
    const large = size >= 24 || (Number(style.fontWeight) >= 700 && size >= 18.66);
    const text = el.textContent.trim().slice(0, 30);
    if (ratio < (large ? 3 : 4.5)) failures.push(`${el.tagName}.${el.className} "${text}" ${ratio.toFixed(2)}`);
  }
  return failures;
}"""


def contrast_failures(page: Any) -> list[str]:
    """Text whose colour against its background is below WCAG AA (4.5:1, large text 3:1)."""
    return page.evaluate(CONTRAST_JS)


def submissions(served: Served, label: str, kind: str = "submission") -> list[Submission]:
    invitation = served.invitation(label)
    with served.session() as session:
        return list(session.exec(select(Submission).where(Submission.invitation_id == invitation.id,
                                                          Submission.kind == kind)).all())


# ---------------------------------------------------------------------------------------------- tests


def test_the_link_clicked_in_a_webmail_opens_the_assessment(served: Served, browser: Any) -> None:
    """Issue 22.2: a candidate clicks the link in their webmail, another site. SameSite=Strict keeps the
    cookie from requests another site starts, redirects included: the link's answer must bring the browser
    on to the token-free address from this site, and leave the token out of the history."""
    token = served.invite("wes", "Wes Webmail")
    context, page, console = new_page(browser)
    page.route("http://mail.example/inbox", lambda route: route.fulfill(
        content_type="text/html", body=f'<p>Your assessment: <a id="link" href="{served.url("wes")}">start</a></p>'))
    page.goto("http://mail.example/inbox")
    page.click("#link")
    page.wait_for_selector("#start")
    assert page.url == served.home and page.inner_text("h1") == "Backend engineer screening"
    assert "Hello Wes Webmail" in page.inner_text("main")
    assert token not in page.evaluate("location.href + document.documentElement.outerHTML")
    page.go_back()
    page.wait_for_url("http://mail.example/inbox")  # the token's address is not a step of the history
    page.go_forward()
    page.wait_for_selector("#start")
    assert page.url == served.home
    page.check("#consent")
    page.click("#start")
    ready(page)
    assert console.problems() == [], console.messages
    context.close()


def test_landing_start_edit_run_submit_reload_finish(served: Served, browser: Any) -> None:
    token = served.invite("ada", "Ada Lovelace")
    context, page, console = new_page(browser)

    # Landing page: what, how long, the rules, what is recorded, consent.
    response = page.goto(served.url("ada"))
    assert response.status == 200
    # The token left the address for an HttpOnly, SameSite=Strict cookie that only /take receives.
    assert page.url == served.home and response.request.redirected_from.url == served.url("ada")
    cookie = next(c for c in context.cookies() if c["name"] == "assay_take")
    assert cookie["value"] == token and cookie["httpOnly"] and cookie["sameSite"] == "Strict"
    assert cookie["path"] == "/take" and not cookie["secure"]  # plain http here
    headers = response.headers
    assert "script-src 'self'" in headers["content-security-policy"]
    assert headers["referrer-policy"] == "no-referrer" and headers["cache-control"] == "no-store"
    assert page.inner_text("h1") == "Backend engineer screening"
    assert page.inner_text("#duration").strip() == "1 h"
    assert page.inner_text("#problem-count") == "2"
    assert page.inner_text("#languages") == ", ".join(NAMES)
    text = page.inner_text("main")
    for phrase in ("Work on your own", "cannot be paused", "isolated sandbox", "best submission per problem counts",
                   "finishes by itself", "similarity checks", "deleted 180 days after"):
        assert phrase in text, phrase
    shot(page, "candidate-landing.png", full_page=True)
    assert contrast_failures(page) == []

    # No consent, no start: the browser refuses the form, and so does the server.
    page.click("#start")
    assert page.url == served.home
    assert page.evaluate("document.querySelector('#consent').validity.valueMissing")
    refused = page.request.post(f"{served.url('ada')}/start", form={"consent": ""}, max_redirects=0)
    assert refused.status == 422 and "tick the box" in refused.text()
    assert served.invitation("ada").started_at is None

    page.check("#consent")
    page.click("#start")
    ready(page)
    assert page.url == served.home
    csp = page.request.get(served.url("ada")).headers["content-security-policy"]
    assert "script-src 'self';" in csp and "unsafe" not in csp and "connect-src 'self'" in csp
    assert re.search(r"style-src 'self' 'nonce-[\w-]{20,}';", csp), csp  # CodeMirror's <style>, nothing else
    invitation = served.invitation("ada")
    assert invitation.started_at is not None and invitation.consented_at is not None
    assert re.fullmatch(r"(59:[0-5]\d|1:00:00)", page.inner_text("#timer-value")), page.inner_text("#timer-value")
    assert page.locator("#timer-extra").is_hidden()
    assert page.inner_text("#problem-title") == "Order Total"
    assert page.locator("#statement table").count() == 1  # statement_html: Markdown rendered on the server
    assert "Time limit 1 s" in page.inner_text("#problem-limits")
    assert page.locator("#samples .io-grid").count() == 2
    assert page.input_value("#language") == "python3"
    assert page.locator("#language option").all_inner_texts() == NAMES
    assert editor_text(page) == "import sys\n\n# read the amounts and print their sum\n"  # the template
    assert page.locator(".cm-content .tok-keyword, .cm-content span[class^='ͼ']").count() > 0  # highlighted

    # Type a solution: the head by hand, the rest through the keyboard too (auto-closed brackets are typed over).
    page.click(".cm-content")
    page.keyboard.press("Control+a")
    page.keyboard.press("Delete")
    page.keyboard.type(SOLUTION_HEAD)
    page.keyboard.type(SOLUTION_BODY)
    wait_js(page, "document.querySelector('#save-state').dataset.state === 'saved'")
    assert editor_text(page) == SOLUTION_HEAD + SOLUTION_BODY
    with served.session() as session:
        draft = session.get(Draft, (invitation.id, "order-total", "python3"))
        assert draft is not None and draft.files == {"main.py": SOLUTION_HEAD + SOLUTION_BODY}
    shot(page, "candidate-workspace.png")

    # Run on the samples; the first answer is a 503 with Retry-After: the app waits and retries.
    calls = {"runs": 0}

    def busy_once(route: Any) -> None:
        if route.request.method == "POST" and calls["runs"] == 0:
            calls["runs"] += 1
            route.fulfill(status=503, headers={"Retry-After": "1", "Content-Type": "application/problem+json"},
                          body='{"title": "Service Unavailable", "status": 503, "detail": "busy"}')
            return
        route.continue_()

    page.route("**/v1/me/runs?wait=20", busy_once)
    watch_banner(page)
    page.click("#run")
    results = wait_result(page, "Accepted")
    assert any("not answering \u2013 retrying" in text for text in banner_texts(page)), banner_texts(page)
    page.unroute("**/v1/me/runs?wait=20")
    assert page.locator("#net-banner").is_hidden()
    assert page.locator(".sample-result").count() == 2
    sample = page.locator(".sample-result").nth(1).inner_text()
    assert "250 -50 1000" in sample and sample.count("1200") == 2  # input, expected, the program's output
    assert "Submission" not in results and len(submissions(served, "ada", "run")) == 1

    # Reload mid-way: the draft comes back (debounced save) ...
    page.reload()
    ready(page)
    assert editor_text(page) == SOLUTION_HEAD + SOLUTION_BODY
    # ... and so does text typed just before leaving (saved on pagehide, without waiting for the debounce).
    page.click(".cm-content")
    page.keyboard.press("Control+End")
    page.keyboard.press("Enter")
    page.keyboard.type("# checked")
    page.goto("about:blank")
    deadline = time.monotonic() + 30
    while True:
        with served.session() as session:
            draft = session.get(Draft, (invitation.id, "order-total", "python3"))
            if draft is not None and draft.files["main.py"].endswith("# checked"):
                break
        assert time.monotonic() < deadline, f"the draft was not saved on pagehide: {draft and draft.files}"
        time.sleep(0.2)
    page.goto(served.url("ada"))
    ready(page)
    expected = SOLUTION_HEAD + SOLUTION_BODY + "\n# checked"
    assert editor_text(page) == expected

    # Submit; the first response is lost on the way back (the server stored the submission): the retry
    # sends the same Idempotency-Key and gets that submission, not a second one.
    keys: list[str] = []

    def lose_first_answer(route: Any) -> None:
        if route.request.method != "POST":
            route.continue_()
            return
        keys.append(route.request.headers.get("idempotency-key", ""))
        if len(keys) == 1:
            route.fetch(timeout=90000)
            route.abort("connectionreset")
            return
        route.continue_()

    page.route("**/v1/me/submissions?wait=20", lose_first_answer)
    watch_banner(page)
    page.click("#submit")
    results = wait_result(page, "Accepted")
    assert any("Offline \u2013 retrying" in text for text in banner_texts(page)), banner_texts(page)
    page.unroute("**/v1/me/submissions?wait=20")
    assert "100 / 100 points" in results
    assert len(keys) == 2 and keys[0] == keys[1] and UUID.match(keys[0]), keys
    rows = submissions(served, "ada")
    assert len(rows) == 1 and rows[0].idempotency_key == keys[0] and rows[0].verdict == "AC"
    assert "hidden tests" in results and "40000000001" not in results  # hidden inputs never shown
    wait_js(page, "document.querySelector('button.problem[data-slug=order-total] .best').textContent === '100 / 100'")
    assert page.inner_text("#total") == "Total so far: 100 / 200"
    assert contrast_failures(page) == []  # the workspace: statement, editor (syntax colours), results
    page.locator("#editor-section").screenshot(path=str(ARTIFACTS / "candidate-results.png"))
    shutil.copyfile(ARTIFACTS / "candidate-results.png", SCREENSHOTS / "candidate-results.png")

    # Custom input.
    page.click("#custom summary")
    page.fill("#stdin", "5 7 -2\n")
    page.click("#run-custom")
    results = wait_result(page, "Ran|Accepted|OK")
    assert "10" in page.inner_text("#results .io-grid")

    # The second problem: its own template, with the draft of the first kept.
    page.click("button.problem[data-slug=regional-sales]")
    wait_js(page, "document.querySelector('#problem-title').textContent === 'Regional Sales Report'")
    assert "def main() -> None:" in editor_text(page)
    page.click("button.problem[data-slug=order-total]")
    wait_js(page, "document.querySelector('#problem-title').textContent === 'Order Total'")
    assert editor_text(page) == expected

    # Another language for the same problem: after a reload the most recently edited one is selected.
    page.select_option("#language", "cpp")
    wait_js(page, "document.querySelector('#filename').textContent === 'main.cpp'")  # the grammar loads first
    assert editor_text(page) == ""
    page.click(".cm-content")
    page.keyboard.type("// C++ later")
    wait_js(page, "document.querySelector('#save-state').dataset.state === 'saved'")
    page.reload()
    ready(page)
    assert page.input_value("#language") == "cpp" and editor_text(page) == "// C++ later"
    page.click("#run")  # a C++ file without main(): the compiler's (linker's) message is shown
    wait_result(page, "Compile error")
    assert page.locator("#compile-message").is_visible() and "main" in page.inner_text("#compile-message")
    page.select_option("#language", "python3")
    wait_js(page, "document.querySelector('#filename').textContent === 'main.py'")
    assert editor_text(page) == expected

    # Finish, with a confirmation first.
    page.click("#finish")
    assert page.locator("#finish-dialog").is_visible()
    page.click("#finish-cancel")
    assert page.locator("#finish-dialog").is_hidden() and served.invitation("ada").finished_at is None
    page.click("#finish")
    page.click("#finish-confirm")
    page.wait_for_selector("#thanks")
    assert served.invitation("ada").finished_at is not None
    assert "You have finished the assessment" in page.inner_text("#final-message")
    assert page.inner_text("#final-state") == "completed"
    assert page.inner_text("#total-score") == "100 / 200"
    assert page.locator("#submissions tbody tr").count() == 1
    assert "AC" in page.inner_text("#submissions") and "100 / 100" in page.inner_text("#problem-scores")
    assert re.match(r"\d+ (min|s)", page.inner_text("#time-used"))
    shot(page, "candidate-summary.png", full_page=True)
    assert contrast_failures(page) == []
    assert token not in "".join(console.messages)
    # Everything a candidate loads is under /take/ or /v1/me (a proxy may publish only those), nothing third-party.
    paths = {re.sub(r"^http://127\.0\.0\.1:\d+", "", url) for url in console.requests if not url.startswith("about:")}
    assert paths and all(p.startswith(("/take/", "/v1/me")) for p in paths), sorted(paths)
    assert console.problems(expected_failures=True) == []
    context.close()


def test_deadline_finishes_by_itself(served: Served, browser: Any) -> None:
    served.invite("bo", "Bo Deadline")
    with served.session() as session:
        invitation = candidate_links.invitation_for(session, served.tokens["bo"])
        assert invitation is not None
        invitation_service.start(session, invitation, consent=True)
        session.commit()
    context, page, console = new_page(browser)
    page.goto(served.url("bo"))
    ready(page)
    assert page.locator("#timer-warning").is_hidden()
    # The deadline moves to a few seconds from now (as when time is taken away); the app re-syncs its
    # clock when the page becomes visible again (and every minute).
    with served.session() as session:
        invitation = candidate_links.invitation_for(session, served.tokens["bo"])
        assert invitation is not None
        invitation.deadline_at = utcnow() + timedelta(seconds=5)
        session.add(invitation)
        session.commit()
    page.evaluate("document.dispatchEvent(new Event('visibilitychange'))")
    page.wait_for_selector("#timer.urgent")
    assert re.fullmatch(r"00:0[0-5]", page.inner_text("#timer-value")), page.inner_text("#timer-value")
    page.wait_for_selector("#timer-warning:not([hidden])")
    assert "unsubmitted code is not scored" in page.inner_text("#timer-warning")
    page.wait_for_selector("#thanks", timeout=30000)  # reloaded into the summary once the server agrees
    assert "The time is up" in page.inner_text("#final-message")
    assert page.locator("#no-submissions").is_visible()
    assert console.problems() == [], console.messages
    context.close()


def test_extra_time_shows_in_the_countdown(served: Served, browser: Any) -> None:
    served.invite("cy", "Cy Extra", time_multiplier=1.5)
    # Another time zone, and a machine clock three hours off: the countdown follows the server's clock.
    context, page, console = new_page(browser, timezone_id="Pacific/Auckland")
    page.clock.install(time=datetime.now(UTC) + timedelta(hours=3))
    page.goto(served.url("cy"))
    assert page.inner_text("#duration").split("\n")[0].startswith("1 h 30 min (the standard 1 h with your extra time)")
    page.check("#consent")
    page.click("#start")
    ready(page)
    assert re.fullmatch(r"1:(29:[0-5]\d|30:00)", page.inner_text("#timer-value")), page.inner_text("#timer-value")
    assert page.inner_text("#timer-extra") == "of 1 h 30 min, incl. 30 min extra time"
    invitation = served.invitation("cy")
    assert invitation.started_at is not None and invitation.deadline_at is not None
    assert abs((invitation.deadline_at - invitation.started_at).total_seconds() - 90 * 60) < 2
    assert console.problems() == [], console.messages
    context.close()


def test_keyboard_only(served: Served, browser: Any) -> None:
    served.invite("di", "Di Keyboard")
    context, page, console = new_page(browser)
    page.goto(served.url("di"))
    # Landing: Tab to the checkbox, Space ticks it, Tab to Start, Enter starts.
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "consent":
            break
    assert page.evaluate("document.activeElement.id") == "consent"
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "start"
    page.keyboard.press("Enter")
    ready(page)

    # The skip link is the first stop and jumps to the editor section.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"
    assert page.locator(".skip").is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "editor-section"

    # Tab reaches the language picker, then the editor; Tab inside it indents; Esc then Tab leaves it.
    reached = []
    for _ in range(6):
        page.keyboard.press("Tab")
        active = page.evaluate("document.activeElement.id || document.activeElement.className")
        reached.append(active)
        if "cm-content" in active:
            break
    assert "language" in reached and "cm-content" in reached[-1], reached
    assert page.get_attribute(".cm-content", "aria-label") == "Code editor, Python 3"
    failures = {"left": 2}

    def offline_twice(route: Any) -> None:  # the autosave meets a dead network, then gets through
        if failures["left"]:
            failures["left"] -= 1
            route.abort("internetdisconnected")
            return
        route.continue_()

    page.route("**/v1/me/drafts/**", offline_twice)
    page.keyboard.press("Control+End")
    page.keyboard.press("Tab")
    assert editor_text(page).endswith("print their sum\n    ")  # Tab indented, focus stayed
    wait_js(page, "document.querySelector('#save-state').dataset.state === 'offline'")
    assert page.inner_text("#save-state") == "Offline \u2013 retrying"
    assert page.locator("#net-banner").is_visible() and "Offline" in page.inner_text("#net-banner")
    wait_js(page, "document.querySelector('#save-state').dataset.state === 'saved'")
    assert page.locator("#net-banner").is_hidden() and failures["left"] == 0
    with served.session() as session:
        draft = session.get(Draft, (served.invitation("di").id, "order-total", "python3"))
        assert draft is not None and draft.files["main.py"].endswith("sum\n    ")
    page.keyboard.press("Control+z")  # undo
    assert editor_text(page).endswith("print their sum\n")
    page.keyboard.press("Escape")
    page.keyboard.press("Tab")
    stops = []
    for _ in range(6):
        stops.append(page.evaluate("document.activeElement.id || document.activeElement.tagName"))
        page.keyboard.press("Tab")
    assert stops[0] != "" and "cm-content" not in stops[0]
    for wanted in ("run", "run-custom", "submit"):
        assert wanted in stops, stops
    # Focus is visible: the focused button has an outline.
    page.focus("#submit")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"
    assert console.problems(expected_failures=True) == []
    context.close()


def test_every_language_is_highlighted(served: Served, browser: Any) -> None:
    """Each of the six languages loads its grammar (a chunk of its own) and colours the template."""
    served.invite("hu", "Hu Polyglot")
    context, page, console = new_page(browser)
    page.goto(served.url("hu"))
    page.check("#consent")
    page.click("#start")
    ready(page)
    page.click("button.problem[data-slug=regional-sales]")
    wait_js(page, "document.querySelector('#problem-title').textContent === 'Regional Sales Report'")
    files = {"python3": "main.py", "c": "main.c", "cpp": "main.cpp", "java": "Main.java", "javascript": "main.js",
             "go": "main.go"}
    keywords = {"python3": "def", "c": "return", "cpp": "return", "java": "class", "javascript": "function",
                "go": "func"}
    for language in LANGUAGES:
        page.select_option("#language", language)
        wait_js(page, f"document.querySelector('#filename').textContent === '{files[language]}'")
        template = (ROOT / "problems" / "regional-sales" / "templates" / language / files[language]).read_text()
        assert editor_text(page) == template
        page.wait_for_selector(f".cm-content span:text-is('{keywords[language]}')")
        colour = page.locator(f".cm-content span:text-is('{keywords[language]}')").first.evaluate(
            "e => getComputedStyle(e).color")
        assert colour == "rgb(122, 31, 162)", (language, colour)  # the keyword colour of highlight.js
        assert page.get_attribute(".cm-content", "aria-label") == f"Code editor, {NAMES[LANGUAGES.index(language)]}"
    assert console.problems() == [], console.messages
    context.close()


JS_SOLUTION = ['const input = require("fs").readFileSync(0, "utf8");\n',
               'console.log(input.split(/\\s+/).filter(Boolean).reduce((a, b) => a + Number(b), 0));']


def test_typing_at_once_after_a_language_switch_goes_to_that_language(served: Served, browser: Any) -> None:
    """Guards issue 29: the language picker showed JavaScript while the editor still held (and Run and
    Submit still sent) the Python document until the JavaScript grammar had downloaded. Here every
    grammar chunk is held back while the candidate switches and types at once: the text goes into the
    JavaScript document, Run and Submit send it as JavaScript, and when the grammar arrives the text is
    still there, now highlighted."""
    served.invite("kai", "Kai Hastypants")
    context, page, console = new_page(browser)
    page.goto(served.url("kai"))
    page.check("#consent")
    page.click("#start")
    ready(page)
    assert page.input_value("#language") == "python3"
    python_template = editor_text(page)

    held: list[Any] = []
    holding = [True]

    def hold_grammars(route: Any) -> None:  # a slow network: no grammar arrives until the test says so
        if holding[0] and route.request.url.endswith(".js") and "/candidate.js" not in route.request.url:
            held.append(route)
        else:
            route.continue_()

    page.route("**/take/static/dist/**", hold_grammars)
    sent: list[dict[str, Any]] = []
    page.on("request", lambda r: sent.append(r.post_data_json) if r.method == "POST" and (
        "/v1/me/runs" in r.url or "/v1/me/submissions" in r.url) else None)

    page.select_option("#language", "javascript")
    page.click(".cm-content")  # at once: the grammar is still on its way
    page.keyboard.press("Control+a")
    page.keyboard.press("Delete")
    for line in JS_SOLUTION:
        page.keyboard.type(line)
    assert held, "the JavaScript grammar should still be held back"
    assert page.input_value("#language") == "javascript"
    assert page.inner_text("#filename") == "main.js"
    assert editor_text(page) == "".join(JS_SOLUTION)
    assert page.get_attribute(".cm-content", "aria-label") == "Code editor, JavaScript (Node.js)"

    page.click("#run")
    assert "Accepted" in wait_result(page, "Accepted|Wrong|error|Error")
    page.click("#submit")
    assert "Accepted" in wait_result(page, "Accepted|Wrong|error|Error")
    assert [(body["language"], body["source"]) for body in sent] == [("javascript", "".join(JS_SOLUTION))] * 2
    with served.session() as session:
        invitation = served.invitation("kai")
        graded = session.exec(select(Submission).where(Submission.invitation_id == invitation.id,
                                                       Submission.kind == "submission")).one()
        assert graded.language == "javascript" and graded.points == graded.max_points

    # The grammar arrives: the same text, now highlighted; the Python document was never touched.
    holding[0] = False
    for route in held:
        route.continue_()
    page.wait_for_selector(".cm-content span:text-is('const')")
    assert editor_text(page) == "".join(JS_SOLUTION)
    page.select_option("#language", "python3")
    assert editor_text(page) == python_template
    assert console.problems() == [], console.messages
    context.close()


def test_the_language_waits_for_a_problem_switch_and_is_remembered(served: Served, browser: Any) -> None:
    """Guards issue 29 (second race, seen in test_new_user): a language picked while the next problem was
    still loading applied to the problem going away, and the new one then opened in its first language,
    so Python was submitted as C. Now the picker and the buttons wait for the switch, and the last choice
    is remembered across problems and reloads (issue 26 item 7)."""
    served.invite("lin", "Lin Switcher")
    context, page, console = new_page(browser)
    page.goto(served.url("lin"))
    page.check("#consent")
    page.click("#start")
    ready(page)
    page.select_option("#language", "go")  # the candidate's choice on the first problem
    held: list[Any] = []
    page.route("**/v1/me/problems/regional-sales", lambda route: held.append(route))
    page.click("button.problem[data-slug=regional-sales]")
    wait_js(page, "document.querySelector('#workspace').dataset.problem === 'loading'")
    assert page.is_disabled("#language") and page.is_disabled("#submit") and page.is_disabled("#run")
    for route in held:
        route.continue_()
    page.unroute("**/v1/me/problems/regional-sales")
    wait_js(page, "document.querySelector('#workspace').dataset.problem === 'regional-sales'")
    assert page.is_enabled("#language") and page.input_value("#language") == "go"  # remembered
    assert page.inner_text("#filename") == "main.go"
    page.select_option("#language", "python3")
    page.reload()
    ready(page)
    wait_js(page, "document.querySelector('#workspace').dataset.problem !== 'loading'")
    page.click("button.problem[data-slug=order-total]")
    wait_js(page, "document.querySelector('#workspace').dataset.problem === 'order-total'")
    assert page.input_value("#language") == "python3"  # the last choice, across the reload
    assert console.problems() == [], console.messages
    context.close()


def test_runs_waiting_beyond_the_limit_are_explained_not_retried(served: Served, browser: Any) -> None:
    """Issue 22.10: two runs of this invitation still wait for the sandbox (rows the executor never saw),
    so the server refuses a third; the app says why at once instead of retrying behind a banner."""
    served.invite("ivy", "Ivy Impatient")
    with served.session() as session:
        invitation = candidate_links.invitation_for(session, served.tokens["ivy"])
        assert invitation is not None
        invitation_service.start(session, invitation, consent=True)
        version = assessment_service.problem_versions(session, served.assessment_id)[0]
        for _ in range(2):
            session.add(Submission(kind="run", invitation_id=invitation.id, problem_version_id=version.id,
                                   language="python3", files={"main.py": "print(1)\n"}))
        session.commit()
    context, page, console = new_page(browser)
    page.goto(served.url("ivy"))
    ready(page)
    posts: list[str] = []
    page.on("request", lambda r: posts.append(r.url) if r.method == "POST" and "/v1/me/runs" in r.url else None)
    page.click("#run")
    wait_js(page, "(document.querySelector('#results-status')?.textContent || '').includes('not started')")
    assert page.inner_text("#results-status") == ("Run on samples not started: 2 of your runs are still waiting "
                                                 "(at most 2); run again once one has finished")
    assert page.locator("#net-banner").is_hidden() and page.is_enabled("#run")
    time.sleep(1.5)
    assert len(posts) == 1, posts  # not retried
    assert len(submissions(served, "ivy", "run")) == 2
    assert console.problems(expected_failures=True) == [], console.messages
    context.close()


def test_unknown_link_and_unbuilt_bundle(served: Served, browser: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    context, page, console = new_page(browser)
    response = page.goto(f"{served.base}/take/inv_not-a-real-token")
    assert response.status == 404
    assert "This assessment link is not valid" in page.inner_text("h1")
    assert page.goto(f"{served.base}/take/").status == 200
    assert "Open your personal assessment link" in page.inner_text("h1")
    served.invite("fay", "Fay Revoked", revoked_at=utcnow())
    page.goto(served.url("fay"))
    assert page.inner_text("h1") == "This invitation was withdrawn" and page.inner_text("#final-state") == "revoked"
    served.invite("gus", "Gus Late", expires_at=utcnow() - timedelta(minutes=1))
    page.goto(served.url("gus"))
    assert page.inner_text("h1") == "This invitation has expired" and page.inner_text("#final-state") == "expired"
    served.invite("ed", "Ed Unbuilt")
    page.goto(served.url("ed"))
    page.check("#consent")
    monkeypatch.setattr(candidate_web, "bundle_url", lambda: None)
    page.click("#start")
    page.wait_for_selector("#not-built")
    assert "the candidate app is not built: run make assets" in page.inner_text("#not-built").lower()
    assert [m for m in console.problems() if "404" not in m] == []
    context.close()


# ------------------------------------------------------------ issue 26: nothing a person types is ever lost


def _start(served: Served, browser: Any, label: str, name: str, **options: Any) -> tuple[Any, Any, Console]:
    served.invite(label, name)
    context, page, console = new_page(browser, **options)
    page.goto(served.url(label))
    page.check("#consent")
    page.click("#start")
    ready(page)
    return context, page, console


def _type_solution(page: Any, text: str = SOLUTION_HEAD + SOLUTION_BODY) -> None:
    page.click(".cm-content")
    page.keyboard.press("Control+a")
    page.keyboard.press("Delete")
    page.keyboard.type(text)
    wait_js(page, "document.querySelector('#save-state').dataset.state === 'saved'")


def test_the_submissions_tab_and_the_last_result_survive_a_reload(served: Served, browser: Any) -> None:
    """Item 8: after a reload the last result is back, and the Submissions tab lists every submission of
    the problem with its code, read-only."""
    context, page, console = _start(served, browser, "hist", "Hal History")
    _type_solution(page)
    page.keyboard.press("Control+Shift+Enter")  # item 11: the shortcut submits
    assert "Accepted" in wait_result(page, "Accepted")
    page.reload()
    ready(page)
    assert "Accepted" in wait_result(page, "Accepted")  # restored, not "Run your code…"
    assert page.inner_text("#history-count") == " (1)"
    page.click("#history-tab")
    page.wait_for_selector("#history-list li")
    assert page.locator("#results").is_hidden()
    item = page.locator("#history-list li").first
    assert "Python 3" in item.inner_text() and "100 / 100 points" in item.inner_text()
    item.locator("summary").click()
    # the list is drawn again when a result arrives (it keeps what was opened): wait for the code to show
    wait_js(page, "code => document.querySelector('#history-list li details[open] pre.code-readonly')?.innerText"
            " === code", SOLUTION_HEAD + SOLUTION_BODY)
    assert item.locator("pre.code-readonly").inner_text() == SOLUTION_HEAD + SOLUTION_BODY
    shot(page, "candidate-submissions-tab.png")
    item.locator("button", has_text="Show its result").click()
    assert page.locator("#results").is_visible() and "Accepted" in page.inner_text("#results")
    assert console.problems() == [], console.messages
    context.close()


def test_finish_names_a_problem_changed_after_its_last_submission(served: Served, browser: Any) -> None:
    """Item 9: the finish dialog names the problems whose code is newer than their last submission."""
    context, page, console = _start(served, browser, "fin", "Fiona Finisher")
    _type_solution(page)
    page.click("#submit")
    wait_result(page, "Accepted")
    page.click("#finish")
    wait_js(page, "document.querySelector('#finish-dialog').dataset.checked === 'true'")
    assert page.locator("#finish-unsubmitted").is_hidden()  # everything typed was submitted
    page.click("#finish-cancel")
    page.click(".cm-content")
    page.keyboard.press("Control+End")
    page.keyboard.type("\n# a second thought")
    wait_js(page, "document.querySelector('#save-state').dataset.state === 'saved'")
    page.click("#finish")
    wait_js(page, "document.querySelector('#finish-dialog').dataset.checked === 'true'")
    assert page.locator("#finish-unsubmitted").is_visible()
    assert page.locator("#finish-unsubmitted-list li").all_inner_texts() == ["Order Total"]
    shot(page, "candidate-finish-unsubmitted.png", full_page=False)
    page.click("#finish-cancel")
    assert served.invitation("fin").finished_at is None
    assert console.problems() == [], console.messages
    context.close()


def test_shortcuts_reset_and_a_green_ok(served: Served, browser: Any) -> None:
    """Item 11: Ctrl+Enter runs, reset brings the starter code back (after a confirmation; Ctrl+Z undoes
    it), and a custom run that ran shows a green OK, not a red one."""
    context, page, console = _start(served, browser, "keys", "Kim Keys")
    _type_solution(page)
    assert page.get_attribute("#run", "aria-keyshortcuts") and "Enter" in page.inner_text("#shortcuts")
    page.keyboard.press("Control+Enter")
    assert "Run" in wait_result(page, "Accepted")
    assert submissions(served, "keys") == []  # a run, not a submission
    page.once("dialog", lambda dialog: dialog.dismiss())
    page.click("#reset-code")
    assert editor_text(page) == SOLUTION_HEAD + SOLUTION_BODY  # refused: nothing changed
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("#reset-code")
    assert editor_text(page) == PACKAGE["templates/python3/main.py"]
    page.click(".cm-content")
    page.keyboard.press("Control+z")
    assert editor_text(page) == SOLUTION_HEAD + SOLUTION_BODY
    page.click("#run-custom")
    page.fill("#stdin", "4 5")
    page.click("#run-custom")
    wait_result(page, "OK|Ran")
    badge = page.locator("#results-status .verdict").first
    colour = badge.evaluate("e => getComputedStyle(e).backgroundColor")
    assert colour == "rgb(28, 124, 58)", colour  # --ok
    assert console.problems() == [], console.messages
    context.close()


def test_a_phone_sees_the_timer_finish_and_one_part_at_a_time(served: Served, browser: Any) -> None:
    """Item 10: at 390x844 the timer and Finish stay on screen, the editor is one tap away (not 2,200 px
    down), nothing scrolls sideways, and Run shows its result in the Results part."""
    context, page, console = _start(served, browser, "phone", "Pat Phone", viewport={"width": 390, "height": 844},
                                    is_mobile=True, has_touch=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    for selector in ("#finish", "#timer-value"):
        box = page.locator(selector).bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= 390 and box["y"] < 80, (selector, box)
    assert page.locator("#statement").is_visible() and page.locator("#editor").is_hidden()
    shot(page, "candidate-phone-statement.png", full_page=False)
    page.click("#pane-tabs button[data-pane=code]")
    box = page.locator("#editor").bounding_box()
    assert box and box["y"] < 250, box
    assert page.locator("#statement").is_hidden()
    _type_solution(page)
    page.click("#run")
    assert "Accepted" in wait_result(page, "Accepted")
    assert page.get_attribute("#workspace", "data-pane") == "results" and page.locator("#editor").is_hidden()
    page.mouse.wheel(0, 3000)
    box = page.locator("#finish").bounding_box()
    assert box and 0 <= box["y"] < 80, box  # the header stays on screen while scrolling
    shot(page, "candidate-phone-results.png", full_page=False)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert console.problems() == [], console.messages
    context.close()
