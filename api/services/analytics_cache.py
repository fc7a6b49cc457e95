"""The analytics of an assessment, computed again only when something they show changed: the last
grading time (and the submissions, invitations and their states at this moment, which
``analytics.fingerprint`` reads in two cheap queries). The page, the JSON and the CSV share it.

One per process (made in ``create_app``, on ``app.state.analytics``); bounded, least recently used out."""

from __future__ import annotations

import threading
from collections import OrderedDict
from datetime import datetime
from typing import Any

from sqlmodel import Session

from api.analytics_schemas import Analytics
from api.models import Assessment, utcnow
from api.services import analytics


class AnalyticsCache:
    def __init__(self, size: int = 64) -> None:
        self.size = size
        self._rows: OrderedDict[str, tuple[tuple[Any, ...], Analytics]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, session: Session, assessment: Assessment, now: datetime | None = None) -> Analytics:
        """``analytics.compute(session, assessment)``, reused while its fingerprint stays the same."""
        now = now or utcnow()
        key = (assessment.title, *analytics.fingerprint(session, assessment.id, now))
        with self._lock:
            row = self._rows.get(assessment.id)
            if row is not None and row[0] == key:
                self._rows.move_to_end(assessment.id)
                return row[1]
        data = analytics.compute(session, assessment, now)
        with self._lock:
            self._rows[assessment.id] = (key, data)
            self._rows.move_to_end(assessment.id)
            while len(self._rows) > self.size:
                self._rows.popitem(last=False)
        return data
