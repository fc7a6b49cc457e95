"""The pads' hub in one API process: each pad's document and version in memory (loaded from the
database on first use), the sockets of its participants, and the messages of the pad protocol.

The server is the authority (@codemirror/collab): a participant pushes its updates against the version
it has; they are accepted only on the current version (otherwise the participant first receives what it
missed, rebases, and pushes again), stored with the new document in one transaction, and only then sent
to everyone, its author included (that is the acknowledgement). A participant that reconnects says which
version it has and receives the updates after it, so an edit it had not seen acknowledged is pushed
again and nothing is lost; one that was stored is never lost by a restart.

Messages (JSON text frames), from a participant: ``hello {version|null}``, ``push {version, updates:
[{clientID, changes}]}``, ``run {stdin|null}``, ``language {language}``, ``presence {anchor, head}``,
``notes {text}`` (interviewers only). To it: ``doc``, ``updates``, ``pushed {ok}``, ``participants``,
``presence``, ``language``, ``run``, ``output``, ``error {message}``, and ``notes`` to interviewers only.
"""

from __future__ import annotations

import asyncio
import json
import logging
import secrets
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool
from starlette.websockets import WebSocket, WebSocketDisconnect

from api.errors import ApiError
from api.executor import Executor
from api.interviews import changes as change_sets
from api.interviews import runs, service
from api.interviews.models import Interview
from api.interviews.relay import relay_for
from api.models import Invitation, utcnow
from api.settings import Settings

log = logging.getLogger(__name__)

CANDIDATE, INTERVIEWER = "candidate", "interviewer"
MAX_MESSAGE = 256 * 1024  # characters in one frame
MAX_EDIT = 64 * 1024  # characters one push may insert
MAX_UPDATES = 100  # updates in one push
RUN_WAIT_SECONDS = 180.0
POLL_SECONDS = 0.2
CLOSED_CODE = 4410  # the candidate's link closed while connected
SLOW_WRITE_SECONDS = 0.1  # a batch of the pad writer slower than this is logged


class Refused(Exception):
    """A message the pad refuses; its text goes back to the sender only."""


@dataclass(eq=False)
class Participant:
    socket: WebSocket
    role: str
    name: str
    closes_at: float | None = None  # the candidate's link: time.time() after which it stops working
    id: str = field(default_factory=lambda: secrets.token_hex(4))

    async def send(self, message: dict[str, Any]) -> None:
        await self.send_text(json.dumps(message, separators=(",", ":")))

    async def send_text(self, text: str) -> None:
        try:
            await self.socket.send_text(text)
        except (RuntimeError, WebSocketDisconnect, OSError):
            pass  # it left; its loop ends on its own


@dataclass(eq=False)
class Room:
    interview_id: str
    document: str
    version: int
    language: str
    closes_at: float  # time.time() after which the pad is read-only (the interview is over)
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    participants: list[Participant] = field(default_factory=list)
    running: bool = False

    async def broadcast(self, message: dict[str, Any], *, only: str | None = None,
                        skip: Participant | None = None) -> None:
        text = json.dumps(message, separators=(",", ":"))  # encoded once for everyone
        for person in list(self.participants):
            if person is not skip and (only is None or person.role == only):
                await person.send_text(text)


@dataclass(eq=False)
class Write:
    """A push waiting for the pad writer: stored with the others of its batch in one transaction."""

    interview_id: str
    version: int
    document: str  # the pad's text at ``version``
    updates: list[tuple[str, list[Any]]]
    done: asyncio.Future[str | None]  # the text after the updates; None: another process got there first


class Hub:
    def __init__(self, engine: Engine, settings: Settings, executor: Executor) -> None:
        self.engine = engine
        self.relay = relay_for(engine, self)
        self.settings = settings
        self.executor = executor
        self.rooms: dict[str, Room] = {}
        self._loading = asyncio.Lock()
        self._tasks: set[asyncio.Task[None]] = set()
        self._writes: list[Write] = []  # pushes waiting to be stored (api.interviews.pad.Hub._write_loop)
        self._writer: asyncio.Task[None] | None = None

    # ------------------------------------------------------------------ rooms

    def _load(self, interview_id: str) -> Room:
        with Session(self.engine) as session:
            interview = session.get(Interview, interview_id)
            assert interview is not None
            return Room(interview_id, interview.document, interview.version, interview.language,
                        service.closes_at(interview).timestamp())

    async def room(self, interview_id: str) -> Room:
        self.relay.start(asyncio.get_running_loop())
        async with self._loading:
            if interview_id not in self.rooms:
                self.rooms[interview_id] = await run_in_threadpool(self._load, interview_id)
            return self.rooms[interview_id]

    # ------------------------------------------------------------------ a participant's connection

    async def serve(self, socket: WebSocket, interview_id: str, role: str, name: str,
                    closes_at: float | None = None) -> None:
        """Run one accepted socket until it closes."""
        room = await self.room(interview_id)
        me = Participant(socket, role, name, closes_at)
        room.participants.append(me)
        try:
            await self._participants(room)
            while True:
                try:  # the candidate's link stops working at its time, connected or not
                    left = None if me.closes_at is None else max(0.0, me.closes_at - time.time())
                    message = await asyncio.wait_for(socket.receive(), left)
                except TimeoutError:
                    message = {"type": "closed"}
                if message["type"] == "websocket.disconnect":
                    break
                if me.closes_at is not None and time.time() > me.closes_at:
                    await me.send({"type": "error", "message": "this interview is over: the pad is closed",
                                   "fatal": True})
                    await socket.close(CLOSED_CODE, "the interview is over")
                    break
                try:
                    await self._handle(room, me, _parse(message))
                except Refused as exc:
                    await me.send({"type": "error", "message": str(exc)})
                except Exception:  # a fault of ours with one message: said to its sender, the pad goes on
                    log.exception("pad %s: a %s message failed", interview_id, role)
                    await me.send({"type": "error", "message": "the server could not handle this; try again"})
        except WebSocketDisconnect:
            pass
        finally:
            room.participants.remove(me)
            await self._participants(room)

    async def _participants(self, room: Room) -> None:
        people = [{"id": p.id, "name": p.name, "role": p.role} for p in room.participants]
        for person in list(room.participants):
            await person.send({"type": "participants", "you": person.id, "people": people})

    async def _handle(self, room: Room, me: Participant, data: dict[str, Any]) -> None:
        kind = data.get("type")
        if kind == "hello":
            await self._hello(room, me, data.get("version"))
        elif kind == "push":
            await self._push(room, me, data)
        elif kind == "presence":
            anchor, head = data.get("anchor"), data.get("head")
            if not (_count(anchor) and _count(head)):
                raise Refused("presence needs the numbers anchor and head")
            await room.broadcast({"type": "presence", "id": me.id, "name": me.name, "role": me.role,
                                  "anchor": anchor, "head": head, "version": room.version}, skip=me)
        elif kind == "run":
            await self._run(room, me, data.get("stdin"))
        elif kind == "language":
            await self._language(room, me, data.get("language"))
        elif kind == "notes":
            await self._notes(room, me, data.get("text"))
        else:
            raise Refused(f"unknown message type {str(kind)[:40]!r}")

    async def _hello(self, room: Room, me: Participant, version: Any) -> None:
        if _count(version) and version > room.version:  # it saw more on another process: catch up first
            async with room.lock:
                await self._catch_up(room)
        if _count(version) and version <= room.version:
            updates = await run_in_threadpool(self._since, room.interview_id, version)
            await me.send({"type": "updates", "updates": updates})
            return
        async with room.lock:
            message: dict[str, Any] = {"type": "doc", "doc": room.document, "version": room.version,
                                       "language": room.language, "readonly": time.time() > room.closes_at}
            if me.role == INTERVIEWER:
                message["notes"] = await run_in_threadpool(self._notes_of, room.interview_id)
            await me.send(message)

    def _since(self, interview_id: str, version: int) -> list[dict[str, Any]]:
        with Session(self.engine) as session:
            return service.updates_since(session, interview_id, version)

    def _notes_of(self, interview_id: str) -> str:
        with Session(self.engine) as session:
            interview = session.get(Interview, interview_id)
            return interview.notes if interview is not None else ""

    async def _push(self, room: Room, me: Participant, data: dict[str, Any]) -> None:
        version, raw = data.get("version"), data.get("updates")
        if not _count(version) or not isinstance(raw, list) or not 1 <= len(raw) <= MAX_UPDATES:
            raise Refused(f"a push needs a version and 1 to {MAX_UPDATES} updates")
        assert isinstance(version, int)
        updates: list[tuple[str, list[Any]]] = []
        for update in raw:
            if not isinstance(update, dict) or not isinstance(update.get("clientID"), str) \
                    or not 1 <= len(update["clientID"]) <= 64 or not isinstance(update.get("changes"), list):
                raise Refused("each update needs a clientID and its changes")
            updates.append((update["clientID"], update["changes"]))
        if sum(change_sets.inserted_length(changes) for _, changes in updates) > MAX_EDIT:
            await me.send({"type": "pushed", "ok": False, "rejected": True})  # it starts again from the pad
            raise Refused(f"this edit is too large: at most {MAX_EDIT // 1024} K characters at once")
        if time.time() > room.closes_at:
            await me.send({"type": "pushed", "ok": False, "rejected": True})
            raise Refused("the interview is over: the pad is read-only")
        async with room.lock:
            if version > room.version:  # another process accepted updates this one has not relayed yet
                await self._catch_up(room)
            if version != room.version:
                await me.send({"type": "pushed", "ok": False})  # it receives what it missed, then retries
                return
            try:
                document = await self._store(room, version, updates)
            except change_sets.BadChange as exc:
                await me.send({"type": "pushed", "ok": False, "rejected": True})
                raise Refused(f"this edit does not fit the pad: {exc}") from None
            if document is None:  # another process got this version first
                await self._catch_up(room)
                await me.send({"type": "pushed", "ok": False})
                return
            room.document, room.version = document, room.version + len(updates)
            await room.broadcast({"type": "updates",
                                  "updates": [{"clientID": c, "changes": ch} for c, ch in updates]})
            await me.send({"type": "pushed", "ok": True})

    # ------------------------------------------------------------------ the pad writer

    def _store(self, room: Room, version: int, updates: list[tuple[str, list[Any]]]) -> asyncio.Future[str | None]:
        """Queue a push for the writer (the caller holds room.lock); the future resolves once it is stored."""
        write = Write(room.interview_id, version, room.document, updates, asyncio.get_running_loop().create_future())
        self._writes.append(write)
        if self._writer is None:
            self._writer = asyncio.create_task(self._write_loop())
        return write.done

    async def _write_loop(self) -> None:
        """Store the waiting pushes of every pad in one transaction per batch (a group commit): while one
        batch is written, the next gathers. Nobody hears of a push before its batch is committed."""
        try:
            while self._writes:
                batch, self._writes = self._writes, []
                started = time.monotonic()
                try:
                    results = await run_in_threadpool(self._write_batch, batch)
                    took = time.monotonic() - started
                    if took > SLOW_WRITE_SECONDS:
                        log.warning("pad writer: a batch of %d pushes took %.0f ms", len(batch), took * 1000)
                except Exception as exc:  # the database failed: each sender hears of it, the pad goes on
                    log.exception("pad writer: a batch of %d pushes failed", len(batch))
                    results = [exc] * len(batch)
                for write, result in zip(batch, results, strict=True):
                    if isinstance(result, Exception):
                        write.done.set_exception(result)
                    else:
                        write.done.set_result(result)
        finally:
            self._writer = None

    def _write_batch(self, batch: list[Write]) -> list[str | Exception | None]:
        """One transaction for ``batch``, its pads' rows locked in the order of their ids (two processes'
        batches cannot deadlock); should it fail (a version stored by another process meanwhile), each
        push alone."""
        try:
            with self.engine.begin() as connection:
                results: dict[int, str | Exception | None] = {}
                for index in sorted(range(len(batch)), key=lambda i: batch[i].interview_id):
                    results[index] = self._write_one(connection, batch[index])
                return [results[index] for index in range(len(batch))]
        except IntegrityError:
            if len(batch) == 1:
                return [None]
            return [self._write_batch([write])[0] for write in batch]

    def _write_one(self, connection: Connection, write: Write) -> str | Exception | None:
        try:
            document = service.apply_updates(write.document, write.updates)
        except change_sets.BadChange as exc:
            return exc
        if not service.store_updates(connection, write.interview_id, write.version, document, write.updates):
            return None
        self.relay.announce(connection, write.interview_id, write.version + len(write.updates))
        return document

    async def _catch_up(self, room: Room) -> None:
        """Apply and pass on the updates other processes stored after this room's version (hold room.lock)."""
        updates = await run_in_threadpool(self._since, room.interview_id, room.version)
        if not updates:
            return
        room.document = service.apply_updates(room.document, [(u["clientID"], u["changes"]) for u in updates])
        room.version += len(updates)
        await room.broadcast({"type": "updates", "updates": updates})

    async def relayed(self, interview_id: str, version: int) -> None:
        """Another process accepted updates of a pad up to ``version``: pass them on to this one's participants."""
        room = self.rooms.get(interview_id)
        if room is None or room.version >= version:
            return
        async with room.lock:
            await self._catch_up(room)

    async def _language(self, room: Room, me: Participant, language: Any) -> None:
        if not isinstance(language, str):
            raise Refused("choose a language")

        def save() -> None:
            with Session(self.engine) as session:
                interview = session.get(Interview, room.interview_id)
                assert interview is not None
                invitation = session.get(Invitation, interview.invitation_id)
                assert invitation is not None
                languages = service.pad_languages(session, invitation, interview.problem_slug)
                if language not in languages:
                    raise Refused(f"the pad runs one of: {', '.join(languages)}")
                service.save_language(session, room.interview_id, language)
                session.commit()

        await run_in_threadpool(save)
        room.language = language
        await room.broadcast({"type": "language", "language": language, "by": me.name})

    async def _notes(self, room: Room, me: Participant, text: Any) -> None:
        if me.role != INTERVIEWER:
            raise Refused("only interviewers keep notes")
        if not isinstance(text, str) or len(text) > service.MAX_NOTES:
            raise Refused(f"notes are text of at most {service.MAX_NOTES // 1024} K characters")

        def save() -> None:
            with Session(self.engine) as session:
                service.save_notes(session, room.interview_id, text)
                session.commit()

        await run_in_threadpool(save)
        await room.broadcast({"type": "notes", "text": text, "by": me.name}, only=INTERVIEWER, skip=me)

    # ------------------------------------------------------------------ runs

    async def _run(self, room: Room, me: Participant, stdin: Any) -> None:
        if stdin is not None and not isinstance(stdin, str):
            raise Refused("the input must be text")
        if room.running:
            raise Refused("a run is in progress: wait for its output")

        def start() -> str:
            with Session(self.engine, expire_on_commit=False) as session:
                interview = session.get(Interview, room.interview_id)
                assert interview is not None
                run_id = runs.start(session, interview, room.document, room.language, stdin or None, self.settings,
                                    self.executor)
                session.commit()
                return run_id

        async with room.lock:  # the document as everyone sees it at this version
            try:
                run_id = await run_in_threadpool(start)
            except ApiError as exc:
                raise Refused(exc.detail) from None
            room.running = True
        await room.broadcast({"type": "run", "by": me.name, "language": room.language,
                              "at": utcnow().isoformat()})
        task = asyncio.create_task(self._finish_run(room, run_id, me.name))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def _result(self, run_id: str) -> dict[str, Any] | None:
        with Session(self.engine) as session:
            return runs.result(session, run_id)

    async def _finish_run(self, room: Room, run_id: str, by: str) -> None:
        deadline = time.monotonic() + RUN_WAIT_SECONDS
        try:
            while time.monotonic() < deadline:
                result = await run_in_threadpool(self._result, run_id)
                if result is not None:
                    await room.broadcast({"type": "output", "by": by, "result": result})
                    return
                await asyncio.sleep(POLL_SECONDS)
            await room.broadcast({"type": "output", "by": by, "result": None,
                                  "message": "the run did not finish in time"})
        finally:
            room.running = False


def _count(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _parse(message: Mapping[str, Any]) -> dict[str, Any]:
    text = message.get("text")
    if text is None:
        raise Refused("the pad speaks JSON text frames")
    if len(text) > MAX_MESSAGE:
        raise Refused(f"this message is too large: at most {MAX_MESSAGE // 1024} K characters")
    try:
        data = json.loads(text)
    except ValueError:
        raise Refused("a malformed message: not JSON") from None
    if not isinstance(data, dict):
        raise Refused("a malformed message: a JSON object is expected")
    return data
