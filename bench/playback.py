"""How long the integrity player takes to load a 90-minute recording on the reviewer's report: a generated
session (a program typed key by key with deletions and new lines, pastes from inside and outside the
workspace, time away, runs and submissions) is stored as the candidate app stores it (compressed
batches), then the report is opened in Chromium. Printed: the page's size, the time from the navigation's
start until every player is ready (the recording parsed and replayed, the final code shown), the
player's own part of it, the time a seek takes, and the time the diff (@codemirror/merge, side by side) of
the session's middle against its end takes to show, its chunk loaded. Needs `make assets` and chromium.

    python bench/playback.py [--minutes 90] [--keys-per-minute 170] [--runs 3]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
import zlib
from datetime import timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from sqlmodel import Session  # noqa: E402
from support.browser import chromium, serve, sign_in_with_key  # noqa: E402
from support.reviewer_data import make_app, seed  # noqa: E402

from api.integrity import render as integrity_render  # noqa: E402
from api.integrity import signals as integrity_signals  # noqa: E402
from api.integrity.models import RecordingBatch  # noqa: E402
from api.models import Submission, utcnow  # noqa: E402
from api.schemas import AssessmentCreate, CandidateIn, InvitationCreate  # noqa: E402
from api.services import assessments as assessment_service  # noqa: E402
from api.services import invitations as invitation_service  # noqa: E402

SLUG = "alert-windows"
WORDS = ["def", "return", "for", "in", "range", "if", "else", "while", "import", "sys", "window", "alerts",
         "count", "seen", "len", "append", "print", "int", "split", "=", "+", "(", ")", ":", "[", "]", "0", "1"]


def session_events(minutes: int, keys_per_minute: int, rng: random.Random) -> tuple[list[dict[str, Any]], str]:
    """A candidate's session: (events in time order, the final code)."""
    end = minutes * 60_000
    doc = "import sys\n"
    events: list[dict[str, Any]] = [{"t": 500, "k": "o", "l": "python3", "d": doc}]
    t = 1000
    keys = minutes * keys_per_minute
    gap = end / keys
    for n in range(keys):
        t += int(rng.expovariate(1 / gap))
        if t >= end:
            break
        if n % 700 == 350:  # away for a while (another tab)
            hidden = rng.randint(5_000, 120_000)
            events += [{"t": t, "k": "h"}, {"t": t + hidden, "k": "v", "d": hidden}]
            t += hidden
            continue
        if n % 500 == 250:  # a paste: outside every other time
            text = "\n".join(" ".join(rng.choices(WORDS, k=8)) for _ in range(rng.randint(2, 12))) + "\n"
            outside = int(n % 1000 == 250)
            events.append({"t": t, "k": "p", "l": "python3", "n": len(text), "o": outside, "x": text})
            pos = len(doc)
        elif rng.random() < 0.08 and len(doc) > 20:  # a deletion
            pos = rng.randrange(len(doc) - 1)
            events.append({"t": t, "k": "c", "l": "python3", "c": [pos, [1], len(doc) - pos - 1]})
            doc = doc[:pos] + doc[pos + 1:]
            continue
        else:
            text = "\n" if rng.random() < 0.04 else rng.choice("abcdefghijklmnopqrstuvwxyz ()=:+_0123456789")
            pos = len(doc) if rng.random() < 0.85 else rng.randrange(len(doc))
        events.append({"t": t, "k": "c", "l": "python3", "c": [pos, [0, *text.split("\n")], len(doc) - pos]
                       if pos < len(doc) else [pos, [0, *text.split("\n")]]})
        doc = doc[:pos] + text + doc[pos:]
    return events, doc


def store(app: Any, assessment_id: str, events: list[dict[str, Any]], final: str, minutes: int) -> str:
    with Session(app.state.engine) as session:
        invitation, _ = invitation_service.create(session, InvitationCreate(
            assessment_id=assessment_id, candidate=CandidateIn(name="Bench Candidate", email="bench@example.com"),
            expires_at=utcnow() + timedelta(days=2)), None)
        invitation_service.start(session, invitation, consent=True)
        started = utcnow() - timedelta(minutes=minutes + 1)
        invitation.started_at = started
        invitation.finished_at = started + timedelta(minutes=minutes)
        session.add(invitation)
        size = 0
        batch: list[dict[str, Any]] = []
        for index, event in enumerate(events):  # a batch per autosave: about every 5 s of work
            batch.append(event)
            if index + 1 == len(events) or events[index + 1]["t"] - batch[0]["t"] > 5000:
                data = zlib.compress(json.dumps(batch, separators=(",", ":")).encode(), 6)
                size += len(data)
                session.add(RecordingBatch(invitation_id=invitation.id, problem_slug=SLUG, batch_id=f"b{index}",
                                           events=len(batch), compressed_bytes=len(data), data=data))
                batch = []
        version = assessment_service.problem_versions(session, assessment_id)[0]
        for k in range(28):  # runs, and a submission every fourth
            at = started + timedelta(minutes=(k + 1) * minutes / 29)
            session.add(Submission(kind="submission" if k % 4 == 3 else "run", invitation_id=invitation.id,
                                   problem_version_id=version.id, language="python3", files={"main.py": final},
                                   status="graded", verdict="WA", created_at=at, graded_at=at))
        session.commit()
        print(f"recording: {len(events):,} events, {size / 1024:.0f} KiB compressed "
              f"(the cap is 2048 KiB per problem), final code {len(final):,} characters")
        return invitation.id


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=int, default=90)
    parser.add_argument("--keys-per-minute", type=int, default=170)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    os.environ.setdefault("ASSAY_CONSOLE_KEY_SIGN_IN", "true")
    app = make_app(Path(tempfile.mkdtemp()), session_cookie_secure=False)
    data = seed(app.state.engine)
    with Session(app.state.engine) as session:
        assessment_id = assessment_service.create(session, AssessmentCreate(
            title="Playback bench", problems=[SLUG], duration_minutes=args.minutes, languages=["python3"],
            integrity_signals="full"), None).id
        session.commit()
    events, final = session_events(args.minutes, args.keys_per_minute, random.Random(23))
    invitation_id = store(app, assessment_id, events, final, args.minutes)
    server = []
    with Session(app.state.engine) as session:
        invitation = invitation_service.get(session, invitation_id)
        for _ in range(args.runs):
            started = time.perf_counter()
            integrity_render.section(integrity_signals.view(session, invitation), "reviewer")
            server.append((time.perf_counter() - started) * 1000)
    ready, built, seeks, pages, timing, diffs = [], [], [], [], [], []
    with serve(app) as base, chromium() as browser:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        sign_in_with_key(page, base, data.reviewer_key)
        for _ in range(args.runs):
            answer = page.goto(f"{base}/ui/invitations/{invitation_id}")
            assert answer is not None
            pages.append(len(answer.body()))
            page.wait_for_selector(f"#player-{SLUG}[data-state=ready]", timeout=60_000)
            ready.append(float(page.evaluate("document.documentElement.dataset.playerReadyMs")))
            timing.append(page.evaluate("""() => { const n = performance.getEntriesByType('navigation')[0];
                return [n.responseStart, n.responseEnd, n.domInteractive]; }"""))
            built.append(float(page.evaluate("document.documentElement.dataset.playerBuildMs")))
            shown = page.inner_text(f"#player-{SLUG} .player-code")
            assert shown.rstrip("\n") == final.rstrip("\n"), "the player's final code differs from the session's"
            seeks.append(page.evaluate("""slug => {
                const scrub = document.querySelector('#scrub-' + slug);
                const started = performance.now();
                for (let k = 0; k < 100; k++) {
                    scrub.value = Math.floor(Math.random() * Number(scrub.max));
                    scrub.dispatchEvent(new Event('input'));
                }
                return (performance.now() - started) / 100;
            }""", SLUG))
            player = page.locator(f"#player-{SLUG}")
            page.evaluate("""slug => { const scrub = document.querySelector('#scrub-' + slug);
                scrub.value = Math.floor(Number(scrub.max) / 2); scrub.dispatchEvent(new Event('input')); }""", SLUG)
            player.locator(".mark-a").click()
            player.locator(".player-jumps button").last.click()
            player.locator(".compare").click()
            page.wait_for_selector(f"#player-{SLUG}[data-diff-ms]", timeout=60_000)
            diffs.append(float(player.get_attribute("data-diff-ms") or "nan"))
    first_byte = statistics.median(t[0] for t in timing)
    own = statistics.median(server) + statistics.median(r - t[0] for r, t in zip(ready, timing, strict=True))
    print(f"load average during the run: {', '.join(f'{v:.1f}' for v in os.getloadavg())} "
          f"on {os.cpu_count()} cores (figures scale with it)")
    print(f"the server's integrity part (read, facts, section): {statistics.median(server):.0f} ms "
          f"(median of {args.runs})")
    print(f"report page: {statistics.median(pages) / 1024:.0f} KiB of HTML (the recording inside, before gzip)")
    print(f"player ready after {statistics.median(ready):.0f} ms from the navigation's start "
          f"(median of {args.runs}; runs: {', '.join(f'{v:.0f}' for v in ready)} ms)")
    last_byte, interactive = (statistics.median(t[k] for t in timing) for k in (1, 2))
    print(f"  the server's answer began at {first_byte:.0f} ms (the whole report: scores, attempts, reviews...) "
          f"and ended at {last_byte:.0f} ms; the document was parsed at {interactive:.0f} ms")
    print(f"  of which the player's own work (parse, replay, first render): {statistics.median(built):.0f} ms")
    print(f"seek (scrubber moved, code re-rendered): {statistics.median(seeks):.1f} ms each")
    print(f"diff of the session's middle against its last submission, side by side: {statistics.median(diffs):.0f} ms "
          f"(median; runs: {', '.join(f'{v:.0f}' for v in diffs)} ms)")
    print(f"the recording's load (its server part, then from the page's first byte to the player ready): "
          f"{own:.0f} ms; goal under 1000 ms:", "met" if own < 1000 else "MISSED")


if __name__ == "__main__":
    main()
