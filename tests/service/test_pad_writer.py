"""The pad writer (api.interviews.pad.Hub): pushes of several pads waiting at once are stored in one
transaction; a push that does not fit is refused alone while the others of its batch are stored; a push
on a version the database has moved past is not stored (another process got there first); nothing is
acknowledged before it is in the database."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

from sqlmodel import Session, col, func, select
from support.reviewer_data import make_app, seed

from api.interviews import changes as change_sets
from api.interviews import service
from api.interviews.models import Interview, PadUpdate
from api.interviews.pad import Hub
from api.models import Invitation, utcnow
from api.people import users


def _pads(tmp_path: Any, count: int) -> tuple[Any, list[str]]:
    app = make_app(tmp_path, webhook_worker=False)
    data = seed(app.state.engine)
    ids = []
    with Session(app.state.engine) as session:
        rita = users.create(session, email="rita@acme.example", name="Rita Reviewer")
        invitation = session.get(Invitation, data.invitations["ada"])
        assert invitation is not None
        for _ in range(count):
            interview, _ = service.schedule(session, invitation, rita, service.ScheduleIn(
                starts_at=utcnow() + timedelta(minutes=1), duration_minutes=60, interviewer_ids=[rita.id],
                problem_slug=None, language="python3", video_url=None), app.state.webhook_box)
            ids.append(interview.id)
        session.commit()
    return app, ids


def test_pushes_of_several_pads_are_stored_together_and_a_bad_one_alone_is_refused(tmp_path):
    app, ids = _pads(tmp_path, 4)
    hub: Hub = app.state.pads
    batches: list[int] = []
    write_batch = hub._write_batch

    def counting(batch: list[Any]) -> list[Any]:
        batches.append(len(batch))
        return write_batch(batch)

    hub._write_batch = counting  # type: ignore[method-assign]

    async def main() -> list[Any]:
        rooms = [await hub.room(interview_id) for interview_id in ids]
        pushes = [hub._store(room, 0, [(f"c{n}", [[0, f"pad {n}"]])]) for n, room in enumerate(rooms[:3])]
        pushes.append(hub._store(rooms[3], 0, [("bad", [5, [0, "x"]])]))  # longer than the empty pad
        return await asyncio.gather(*pushes, return_exceptions=True)

    results = asyncio.run(main())
    assert results[:3] == ["pad 0", "pad 1", "pad 2"]
    assert isinstance(results[3], change_sets.BadChange)
    assert batches == [4]  # one transaction for the four
    with Session(app.state.engine) as session:
        for n, interview_id in enumerate(ids[:3]):
            interview = session.get(Interview, interview_id)
            assert interview is not None and (interview.document, interview.version) == (f"pad {n}", 1)
        bad = session.get(Interview, ids[3])
        assert bad is not None and (bad.document, bad.version) == ("", 0)
        assert session.exec(select(func.count()).select_from(PadUpdate)
                            .where(col(PadUpdate.interview_id) == ids[3])).one() == 0


def test_a_push_on_a_version_the_database_moved_past_is_not_stored(tmp_path):
    app, [interview_id] = _pads(tmp_path, 1)
    hub: Hub = app.state.pads

    async def main() -> tuple[Any, Any]:
        room = await hub.room(interview_id)
        first = await hub._store(room, 0, [("a", [[0, "A"]])])
        second = await hub._store(room, 0, [("b", [[0, "B"]])])  # made on version 0 again: refused
        return first, second

    assert asyncio.run(main()) == ("A", None)
    with Session(app.state.engine) as session:
        interview = session.get(Interview, interview_id)
        assert interview is not None and (interview.document, interview.version) == ("A", 1)
        rows = session.exec(select(PadUpdate).where(col(PadUpdate.interview_id) == interview_id)).all()
        assert [(r.version, r.client_id) for r in rows] == [(1, "a")]
