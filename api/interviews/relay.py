"""Pads across API processes: with PostgreSQL, each accepted push is announced with NOTIFY in its own
transaction (delivered at commit), and every process LISTENs: a process with participants in that pad
reads the updates it has not seen from the database and passes them on (api.interviews.pad.Hub.relayed).
The database stays the authority (a push is accepted only on the version stored there). With SQLite
(one process) there is nothing to relay.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from typing import Protocol

from sqlalchemy import text
from sqlalchemy.engine import Connection, Engine

log = logging.getLogger(__name__)
CHANNEL = "assay_pads"
RETRY_SECONDS = 1.0


class Listener(Protocol):
    async def relayed(self, interview_id: str, version: int) -> None: ...


class NoRelay:
    """One process (SQLite): every participant of a pad is in it."""

    def start(self, loop: asyncio.AbstractEventLoop) -> None:
        pass

    def announce(self, connection: Connection, interview_id: str, version: int) -> None:
        pass


class PostgresRelay:
    """NOTIFY on accept, LISTEN in a thread of its own (one connection per process)."""

    def __init__(self, engine: Engine, listener: Listener) -> None:
        self.url = engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
        self.listener = listener
        self.loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._started = threading.Event()  # listening (tests wait for it)

    def start(self, loop: asyncio.AbstractEventLoop) -> None:
        if self._thread is not None:
            return
        self.loop = loop
        self._thread = threading.Thread(target=self._listen, name="pad-relay", daemon=True)
        self._thread.start()
        self._started.wait(10)

    def announce(self, connection: Connection, interview_id: str, version: int) -> None:
        connection.execute(text("SELECT pg_notify(:channel, :payload)"),
                        {"channel": CHANNEL, "payload": f"{interview_id}:{version}"})

    def _listen(self) -> None:
        import psycopg  # only with PostgreSQL (psycopg is the PostgreSQL extra's driver)

        while True:
            try:
                with psycopg.connect(self.url, autocommit=True) as connection:
                    connection.execute(f"LISTEN {CHANNEL}")
                    self._started.set()
                    for note in connection.notifies():
                        interview_id, _, version = note.payload.partition(":")
                        if self.loop is not None and version.isdigit():
                            asyncio.run_coroutine_threadsafe(
                                self.listener.relayed(interview_id, int(version)), self.loop)
            except Exception as exc:  # the database restarted: listen again (catch-up happens on the next push)
                if self.loop is not None and self.loop.is_closed():
                    return  # the app stopped
                log.warning("pad relay: %s; listening again in %.0f s", exc, RETRY_SECONDS)
                self._started.set()
                threading.Event().wait(RETRY_SECONDS)


def relay_for(engine: Engine, listener: Listener) -> NoRelay | PostgresRelay:
    return PostgresRelay(engine, listener) if engine.dialect.name == "postgresql" else NoRelay()
