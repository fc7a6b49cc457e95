"""Shared by the browser tests: an app served by uvicorn in a thread, and Debian's Chromium driven by
Playwright (never `playwright install`). Without Chromium or Playwright, tests fail in CI (CI=true) and
skip elsewhere."""

from __future__ import annotations

import os
import shutil
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from support.gate import need
from support.net import free_port, wait_for

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("ASSAY_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = ROOT / "artifacts"  # CI keeps this folder
SCREENSHOTS = ROOT / "docs" / "screenshots"  # committed: the README shows them
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"]


@contextmanager
def serve(app: Any, port: int | None = None) -> Iterator[str]:
    """Serve ``app`` on ``port`` (default: a free one) on loopback, lifespan on; yield its base URL."""
    import uvicorn

    port = port or free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)


@contextmanager
def chromium() -> Iterator[Any]:
    """A headless Chromium (Playwright Browser)."""
    executable = CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium")
    if executable is None:
        need(f"no Chromium at {CHROMIUM} (apt-get install chromium; scripts/setup-host.sh installs it)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        need("the playwright Python package is not installed (pip install -e '.[test]')")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


def screenshot(page: Any, name: str, *, full_page: bool = True) -> Path:
    """Save a PNG under artifacts/ (CI) and docs/screenshots/ (the README's pictures)."""
    ARTIFACTS.mkdir(exist_ok=True)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    shutil.copyfile(path, SCREENSHOTS / f"{name}.png")
    return path


def sign_in_with_key(page: Any, base: str, key: str, *, expect: str | None = "/ui/") -> None:
    """Sign in to the console with an API key (ASSAY_CONSOLE_KEY_SIGN_IN, which tests/conftest.py turns
    on): the key form is folded under "Sign in with an API key" on the sign-in page."""
    if "/ui/login" not in page.url:
        page.goto(f"{base}/ui/login")
    if not page.is_visible("#key"):
        page.click("#key-form >> xpath=.. >> summary")
    page.fill("#key", key)
    page.click("#key-form button[type=submit]")
    if expect is not None:
        page.wait_for_url(f"{base}{expect}")


# A page's state is awaited, never timed: the limit only ends a wait that would otherwise hang, and is far above
# what any machine needs (a busy 2-core CI box included); a slow machine waits longer, it does not fail.
PAGE_WAIT_S = 180.0


def wait_js(page: Any, expression: str, arg: Any = None, timeout_s: float = PAGE_WAIT_S) -> Any:
    """Poll a JavaScript predicate until it is true (page.wait_for_function compiles strings with eval, which
    the pages' CSP forbids; page.evaluate does not)."""
    return wait_for(lambda: page.evaluate(expression, arg), max(timeout_s, PAGE_WAIT_S), 0.1, expression)


def editor_text(page: Any) -> str:
    """The candidate editor's text, line by line as CodeMirror shows it."""
    return page.evaluate("[...document.querySelectorAll('.cm-content .cm-line')].map(l => l.textContent).join('\\n')")


def replace_text(page: Any, text: str) -> None:
    """Select all in the editor and type ``text`` line by line (the editor's auto-indent taken away)."""
    page.click(".cm-content")
    page.keyboard.press("Control+a")
    page.keyboard.press("Delete")
    for index, line in enumerate(text.split("\n")):
        if index:
            page.keyboard.press("Enter")
            page.keyboard.press("Shift+Home")
            page.keyboard.press("Delete")
        page.keyboard.insert_text(line)


def file_tabs(page: Any) -> list[str]:
    """The file names of the candidate editor's tabs, in order."""
    return page.locator("#file-tabs [role=tab]").evaluate_all("tabs => tabs.map(t => t.dataset.file)")
