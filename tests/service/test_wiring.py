"""Explicit wiring: each app builds its own outboxes and erasers from its own settings and binds them
to its own engine, so two apps in one process share none of them (no module-level lists or settings)."""

from pathlib import Path

from sqlmodel import Session, create_engine
from support.reviewer_data import make_app

from api.comments import threads as comment_threads
from api.integrations import registry
from api.integrity import recording as integrity_recording
from api.interviews import erasure as interview_erasure
from api.mail import outbox as mail_outbox
from api.services import retention
from api.webhooks import outbox as webhook_outbox


def test_two_apps_in_one_process_keep_their_own_outboxes(tmp_path: Path) -> None:
    mailing = make_app(tmp_path / "a", public_url="https://a.example", smtp_host="127.0.0.1",
                       smtp_from="A <jobs@a.example>", webhook_worker=False)
    quiet = make_app(tmp_path / "b", public_url="https://b.example", webhook_worker=False)
    try:
        with Session(mailing.state.engine) as a, Session(quiet.state.engine) as b:
            assert mail_outbox.enabled(a) is True and mail_outbox.enabled(b) is False
            assert mail_outbox.of(a).domain == "a.example"
            assert webhook_outbox.of(a).public_url == "https://a.example"
            assert webhook_outbox.of(b).public_url == "https://b.example"
            assert webhook_outbox.of(a) is mailing.state.webhook_outbox
            assert mail_outbox.of(b) is quiet.state.mail_outbox
            assert retention.erasers_of(a) == (mail_outbox.erase_candidate, comment_threads.erase_candidate,
                                               integrity_recording.erase_candidate,
                                               interview_erasure.erase_candidate, *registry.erasers())
            assert webhook_outbox.of(a).completion_deliveries == tuple(registry.completion_deliveries())
    finally:
        mailing.state.engine.dispose()
        quiet.state.engine.dispose()


def test_a_commit_wakes_only_its_own_apps_senders(tmp_path: Path) -> None:
    first = make_app(tmp_path / "a", webhook_worker=False)
    second = make_app(tmp_path / "b", webhook_worker=False)
    woken: list[str] = []
    first.state.webhook_outbox.wakeups.add(lambda: woken.append("first"))
    second.state.webhook_outbox.wakeups.add(lambda: woken.append("second"))
    try:
        with Session(first.state.engine) as session:
            webhook_outbox.emit(session, "test", {"endpoint_id": "ep_none", "message": "hi"})
            assert woken == []  # not before the commit
            session.commit()
        assert woken == ["first"]
    finally:
        first.state.engine.dispose()
        second.state.engine.dispose()


def test_an_engine_no_app_made_gets_everything_off(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'bare.db'}")
    with Session(engine) as session:
        assert mail_outbox.enabled(session) is False
        assert retention.erasers_of(session) == ()
        assert webhook_outbox.of(session).completion_deliveries == ()
        assert webhook_outbox.of(session) is webhook_outbox.of(engine)  # made once, kept with the engine
    engine.dispose()
