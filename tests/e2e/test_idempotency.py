"""Idempotency-Key: the same key gives the same submission, graded once, however often and however
concurrently it is sent."""

from __future__ import annotations

import threading

import httpx
from e2e_support import AC, SLUG, WA


def test_same_key_sequential_and_concurrent(api, assessment):
    invitation = api.started(assessment["id"])
    token = invitation["token"]

    first = api.submit(token, AC, headers={"Idempotency-Key": "attempt-1"})
    assert first.status_code == 202, first.text
    again = api.submit(token, AC, headers={"Idempotency-Key": "attempt-1"})
    assert again.status_code == 200 and again.json()["id"] == first.json()["id"]
    # a replay answers with the first submission whatever its body says
    other = api.submit(token, WA, headers={"Idempotency-Key": "attempt-1"})
    assert other.status_code == 200 and other.json()["id"] == first.json()["id"]

    threads_n = 8
    barrier = threading.Barrier(threads_n)
    answers: list[httpx.Response] = []
    lock = threading.Lock()

    def send() -> None:
        with httpx.Client(base_url=api.server.url, timeout=60) as client:
            barrier.wait()
            response = client.post("/v1/me/submissions", headers={
                "Authorization": f"Bearer {token}", "Idempotency-Key": "attempt-2"},
                json={"problem": SLUG, "language": "python3", "source": AC})
        with lock:
            answers.append(response)

    threads = [threading.Thread(target=send) for _ in range(threads_n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=90)
    assert len(answers) == threads_n
    assert all(r.status_code in (200, 202) for r in answers), [(r.status_code, r.text) for r in answers]
    assert sorted(r.status_code for r in answers) == [200] * (threads_n - 1) + [202]
    ids = {r.json()["id"] for r in answers}
    assert len(ids) == 1
    concurrent_id = ids.pop()
    assert concurrent_id != first.json()["id"]

    for submission_id in (first.json()["id"], concurrent_id):
        graded = api.wait_graded(token, submission_id)
        assert graded["verdict"] == "AC"
        detail = api.get(f"/v1/submissions/{submission_id}", as_="reviewer").json()
        assert detail["attempts"] == 1 and detail["status"] == "graded"
    listed = api.get("/v1/me/submissions", as_=token).json()
    assert sorted(s["id"] for s in listed) == sorted([first.json()["id"], concurrent_id])
    report = api.get(f"/v1/invitations/{invitation['id']}/report", as_="reviewer").json()
    assert [e["event"] for e in report["timeline"]].count("submission") == 2


def test_bad_idempotency_key(api, assessment):
    token = api.started(assessment["id"])["token"]
    response = api.submit(token, AC, headers={"Idempotency-Key": "k" * 201})
    assert response.status_code == 422 and response.headers["content-type"].startswith("application/problem+json")
    assert api.get("/v1/me/submissions", as_=token).json() == []
