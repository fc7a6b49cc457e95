"""The outboxes of one app or worker process: built from its settings, bound to its database engine.

``create_app`` and ``assay worker`` each call ``build`` once with their own engine, so every session on
that engine writes events and e-mails through these objects, erasures run these erasers, and two apps
in one process share none of it (see api.engine_state).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy.engine import Engine
from sqlmodel import Session

from api.comments import threads as comment_threads
from api.integrations import registry
from api.integrity import recording as integrity_recording
from api.interviews import erasure as interview_erasure
from api.mail import outbox as mail_outbox
from api.mail import runtime as mail_runtime
from api.security import SecretBox
from api.services import retention, review_mail
from api.settings import Settings
from api.webhooks import outbox as webhook_outbox
from api.webhooks import runtime as webhook_runtime


@dataclass(frozen=True)
class Outboxes:
    box: SecretBox  # stored secrets: webhook endpoint secrets, candidate tokens, staff e-mails' links
    webhooks: webhook_outbox.WebhookOutbox
    mail: mail_outbox.MailOutbox


def build(engine: Engine, settings: Settings, *, on_pending: Callable[[Session], None] | None = None) -> Outboxes:
    """``on_pending``: run in each transaction that adds a webhook delivery (the distributed executor
    defers a delivery job there)."""
    box = SecretBox(settings.webhook_secret_key, settings.data_dir)
    # the recruiters hear when a candidate finished (with the invitation.completed event, once)
    outboxes = Outboxes(box=box, webhooks=webhook_runtime.make_outbox(settings, on_pending,
                                                                      [review_mail.candidate_finished]),
                        mail=mail_runtime.make_outbox(settings, box))
    webhook_outbox.bind(engine, outboxes.webhooks)
    mail_outbox.bind(engine, outboxes.mail)
    review_mail.listen()  # assigned, submitted, all in: the reviewers and the recruiters hear of it
    retention.bind_erasers(engine, [mail_outbox.erase_candidate, comment_threads.erase_candidate,
                                   integrity_recording.erase_candidate, interview_erasure.erase_candidate,
                                   *registry.erasers()])
    return outboxes
