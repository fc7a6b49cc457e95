"""Listeners of what happens in reviewing, for the parts that tell people (e-mails, the in-console
queue) and the ATS. Each listener is called with the caller's session, inside its transaction (so what
it writes, an outbox row for instance, commits or rolls back with the change), and must not commit.

Register at start-up (the composition root, or the listening module's import)::

    from api.reviews import hooks
    hooks.assigned.append(lambda session, assignment: ...)
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from sqlmodel import Session

if TYPE_CHECKING:
    from api.reviews.models import Review, ReviewAssignment

# a reviewer was assigned to a candidate (tell the reviewer)
assigned: list[Callable[[Session, ReviewAssignment], None]] = []
# a reviewer submitted (or edited: review.revision > 1) their review
submitted: list[Callable[[Session, Review], None]] = []
# the last assigned reviewer of a candidate submitted: every review is in (tell the recruiter); called
# once per candidate, with the invitation id, when the count of submitted reaches the count assigned
all_submitted: list[Callable[[Session, str], None]] = []
