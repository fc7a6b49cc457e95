"""The leased-outbox helper both the mail sender and the webhook worker use: claim with a lease, renew,
release, backoff, the time to the next due row, and the poller thread."""

import threading
import time
from datetime import timedelta
from pathlib import Path

import pytest
from sqlmodel import Session, create_engine, select

from api.leased_outbox import RELEASED, LeasedRows, Poller, backoff
from api.mail.models import Email
from api.models import utcnow
from api.wakeups import Wakeups

LEASE = timedelta(minutes=2)


@pytest.fixture
def engine(tmp_path: Path):
    engine = create_engine(f"sqlite:///{tmp_path / 'outbox.db'}")
    Email.__table__.create(engine)  # type: ignore[attr-defined]  # alone: no foreign keys enforced here
    yield engine
    engine.dispose()


def _rows(engine, count: int, due_in: timedelta = timedelta(0)) -> None:
    with Session(engine) as session:
        for i in range(count):
            session.add(Email(invitation_id=f"inv_{i}", kind="invitation", to_addr="a@example.com",
                              next_attempt_at=utcnow() + due_in))
        session.commit()


def _held(engine, token: str) -> list[Email]:
    with Session(engine) as session:
        return list(session.exec(select(Email).where(Email.claim == token)).all())


def test_claim_leases_due_rows_once_then_release_frees_them(engine) -> None:
    _rows(engine, 3)
    _rows(engine, 1, due_in=timedelta(hours=1))  # not due
    rows = LeasedRows(Email, LEASE)
    with Session(engine) as session:
        first = rows.claim(session, 2)
        second = rows.claim(session, 10)
        third = rows.claim(session, 10)
        session.commit()
    assert first and second and third is None
    assert len(_held(engine, first)) == 2 and len(_held(engine, second)) == 1
    assert all(row.locked_until is not None for row in _held(engine, first))
    with Session(engine) as session:
        session.exec(Email.__table__.update().where(Email.claim == first).values(**RELEASED))  # type: ignore[attr-defined,call-overload]
        again = rows.claim(session, 10)
        session.commit()
    assert again and len(_held(engine, again)) == 2


def test_an_expired_lease_is_claimed_again_and_renew_extends_one(engine) -> None:
    _rows(engine, 1)
    short = LeasedRows(Email, timedelta(seconds=-1))  # leases that have already run out
    with Session(engine) as session:
        token = short.claim(session, 1)
        assert short.claim(session, 1) not in (None, token)  # taken over
        session.commit()
    rows = LeasedRows(Email, LEASE)
    with Session(engine) as session:
        token = rows.claim(session, 1)
        assert token is not None
        assert rows.renew(session, token) == 1
        assert rows.claim(session, 1) is None
        rows.release_all(session)
        assert rows.claim(session, 1) is not None
        session.commit()


def test_seconds_to_next_is_bounded_by_the_poll_and_the_floor(engine) -> None:
    rows = LeasedRows(Email, LEASE)
    with Session(engine) as session:
        assert rows.seconds_to_next(session, 2.0, 0.01) == 2.0  # nothing waits
    _rows(engine, 1, due_in=timedelta(seconds=0.5))
    with Session(engine) as session:
        assert 0.3 < rows.seconds_to_next(session, 2.0, 0.01) <= 0.5
    _rows(engine, 1, due_in=-timedelta(seconds=5))
    with Session(engine) as session:
        assert rows.seconds_to_next(session, 2.0, 0.01) == 0.01


def test_backoff_follows_the_schedule_with_jitter() -> None:
    schedule = (10, 100)
    assert 8.5 <= backoff(schedule, 1) <= 11.5
    assert 85 <= backoff(schedule, 2) <= 115
    assert backoff(schedule, 3) is None
    assert backoff(schedule, 1, scale=0.01) < 0.2
    assert backoff(schedule, 1, retry_after_s=500) == 500
    assert backoff(schedule, 1, retry_after_s=10**9) == 24 * 3600.0


def test_the_poller_runs_at_once_while_there_is_work_and_wakes_on_a_commit() -> None:
    wakeups = Wakeups("test")
    calls: list[float] = []
    work = [True, True]  # two rounds with work, then idle
    ran = threading.Event()

    def step() -> float | None:
        calls.append(time.monotonic())
        ran.set()
        if work:
            work.pop()
            return None
        if len(calls) == 4:
            raise RuntimeError("a failing round is logged and retried")
        return 30.0

    poller = Poller("test-poller", step, wakeups, poll_s=0.05)
    poller.start()
    try:
        deadline = time.monotonic() + 5
        while len(calls) < 3 and time.monotonic() < deadline:
            time.sleep(0.01)
        assert len(calls) == 3  # two busy rounds back to back, then a long wait
        wakeups.wake_all()  # what a commit that queued work does
        while len(calls) < 5 and time.monotonic() < deadline:
            time.sleep(0.01)
        assert len(calls) == 5  # woken: a failing round (4), retried after poll_s (5)
    finally:
        poller.stop()
    assert not poller.running
