"""Many candidates at once: concurrent reads and submissions all answer, promptly and correctly
(the service once deadlocked its connection pool under ~20 concurrent result polls)."""

from __future__ import annotations

import asyncio
import time

import httpx
from e2e_support import AC, SLUG

CLIENTS = 60


def test_concurrent_candidates(api, assessment):
    invitations = [api.started(assessment["id"], name=f"C{i}") for i in range(3)]
    submitted = [api.submit(inv["token"], AC).json()["id"] for inv in invitations]

    async def main() -> list[tuple[int, float]]:
        limits = httpx.Limits(max_connections=CLIENTS, max_keepalive_connections=CLIENTS)
        async with httpx.AsyncClient(base_url=api.server.url, timeout=60, limits=limits) as http:
            async def one(index: int) -> tuple[int, float]:
                token = invitations[index % 3]["token"]
                path = (f"/v1/me/submissions/{submitted[index % 3]}?wait=0.5", f"/v1/me/problems/{SLUG}",
                        "/v1/me", "/v1/me/submissions")[index % 4]
                start = time.monotonic()
                response = await http.get(path, headers={"Authorization": f"Bearer {token}"})
                return response.status_code, time.monotonic() - start

            return await asyncio.gather(*(one(i) for i in range(CLIENTS * 2)))

    began = time.monotonic()
    answers = asyncio.run(main())
    elapsed = time.monotonic() - began
    assert [code for code, _ in answers] == [200] * len(answers)
    assert elapsed < 25, f"{len(answers)} concurrent reads took {elapsed:.1f} s"
    for invitation, submission_id in zip(invitations, submitted, strict=True):
        assert api.wait_graded(invitation["token"], submission_id)["verdict"] == "AC"
