"""Signing in to the console as a person, end to end over HTTP: the sign-in form (GET /ui/login), the
password (POST /ui/login: argon2id verification, a server-side session), and the first console page
(GET /ui/) with the new session cookie. Baselines measured in the same run: an anonymous GET /healthz
(the floor of one request through uvicorn) and one argon2id verification alone (what the password check
costs by design).

    python bench/signin.py [--rounds 40]
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

import httpx  # noqa: E402
from sqlmodel import Session  # noqa: E402
from support.browser import serve  # noqa: E402
from support.reviewer_data import make_app  # noqa: E402

from api.people import passwords, users  # noqa: E402

PASSWORD = "correct horse battery staple 42"
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def sign_in(base: str) -> float:
    with httpx.Client(base_url=base, follow_redirects=False) as client:
        start = time.perf_counter()
        form = client.get("/ui/login")
        token = CSRF.search(form.text)
        assert token, "no CSRF token on the sign-in page"
        answer = client.post("/ui/login", data={"email": "jane@acme.example", "password": PASSWORD,
                                                "next": "/ui/", "csrf_token": token.group(1)})
        assert answer.status_code == 303 and answer.headers["location"] == "/ui/", answer.text[:300]
        console = client.get("/ui/")
        assert console.status_code == 200 and "Jane Doe" in console.text
        return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=40)
    rounds = parser.parse_args().rounds
    app = make_app(Path(tempfile.mkdtemp()), session_cookie_secure=False, webhook_worker=False)
    with Session(app.state.engine) as session:
        user = users.create(session, email="jane@acme.example", name="Jane Doe", is_admin=True)
        users.set_password(session, user, PASSWORD)
        session.commit()
    stored = passwords.hash_password(PASSWORD)
    verify = []
    for _ in range(rounds):
        start = time.perf_counter()
        passwords.verify(PASSWORD, stored)
        verify.append(time.perf_counter() - start)
    with serve(app) as base:
        sign_in(base)  # warm-up: imports, templates, the first connection
        health, signin = [], []
        with httpx.Client(base_url=base) as client:
            for _ in range(rounds):
                start = time.perf_counter()
                client.get("/healthz").raise_for_status()
                health.append(time.perf_counter() - start)
        for _ in range(rounds):
            signin.append(sign_in(base))
    p50 = statistics.median(signin)
    print(f"rounds: {rounds}")
    print(f"GET /healthz               p50 {statistics.median(health) * 1000:7.1f} ms")
    print(f"argon2id verify alone      p50 {statistics.median(verify) * 1000:7.1f} ms")
    print(f"sign-in to console         p50 {p50 * 1000:7.1f} ms   p95 {percentile(signin, 0.95) * 1000:7.1f} ms")
    print(f"sign-in / argon2id verify  {p50 / statistics.median(verify):.2f}x "
          f"(the rest: three requests, the session, the console page)")


if __name__ == "__main__":
    main()
