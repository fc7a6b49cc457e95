"""A real SMTP server for the e-mail tests: aiosmtpd in its own process on a loopback port, writing
every message it accepts to a folder the test reads."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from support.net import free_port


@dataclass
class Received:
    mail_from: str
    rcpt_tos: list[str]
    message: EmailMessage

    @property
    def text(self) -> str:
        part = self.message.get_body(("plain",))
        assert part is not None
        return part.get_content()

    @property
    def html(self) -> str:
        part = self.message.get_body(("html",))
        assert part is not None
        return part.get_content()


# Run as its own process: ``python -c SINK FOLDER PORT [USER:PASSWORD]``. Each message accepted is
# written to FOLDER as ``<ns>-<id>.eml`` (a JSON line with the envelope, then the message), renamed into
# place whole; FOLDER/config.json, read at every command, sets ``refuse`` ({address: reply}) and
# ``delay_s``. With USER:PASSWORD it requires that login (over plain SMTP: a test server only).
SINK = r"""
import asyncio, json, sys, time, uuid
from pathlib import Path
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

folder, port = Path(sys.argv[1]), int(sys.argv[2])
login = sys.argv[3].encode().split(b":", 1) if len(sys.argv) > 3 else None

def config():
    try:
        return json.loads((folder / "config.json").read_text())
    except (OSError, ValueError):
        return {}

class Sink:
    async def handle_RCPT(self, server, session, envelope, address, options):
        reply = config().get("refuse", {}).get(address)
        if reply:
            return reply
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        await asyncio.sleep(config().get("delay_s", 0))
        name = f"{time.time_ns()}-{uuid.uuid4().hex}"
        meta = json.dumps({"mail_from": envelope.mail_from, "rcpt_tos": envelope.rcpt_tos}).encode()
        (folder / f".{name}").write_bytes(meta + b"\n" + envelope.original_content)
        (folder / f".{name}").rename(folder / f"{name}.eml")
        return "250 Message accepted for delivery"

def authenticator(server, session, envelope, mechanism, data):
    ok = isinstance(data, LoginPassword) and [data.login, data.password] == login
    return AuthResult(success=ok, handled=False)

extra = {"authenticator": authenticator, "auth_required": True, "auth_require_tls": False} if login else {}
controller = Controller(Sink(), hostname="127.0.0.1", port=port, **extra)
controller.start()
print("READY", flush=True)
try:
    sys.stdin.read()
finally:
    controller.stop()
"""


class SmtpServer:
    """A real SMTP server (aiosmtpd) in its own process, on a loopback port."""

    def __init__(self, port: int | None = None, login: str | None = None) -> None:
        self.port = port or free_port()
        self.login = login
        self.folder = Path(tempfile.mkdtemp(prefix="assay-smtp-"))
        self.process: subprocess.Popen[str] | None = None

    def start(self) -> SmtpServer:
        argv = [sys.executable, "-c", SINK, str(self.folder), str(self.port), *([self.login] if self.login else [])]
        self.process = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=subprocess.DEVNULL, text=True)
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        assert line.strip() == "READY", f"the SMTP server did not start: {line!r}"
        return self

    def stop(self) -> None:
        """Stop listening (closing its stdin ends the process)."""
        if self.process is not None:
            assert self.process.stdin is not None and self.process.stdout is not None
            self.process.stdin.close()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)
            self.process.stdout.close()
            self.process = None

    def configure(self, **config: Any) -> None:
        (self.folder / "config.json").write_text(json.dumps(config))

    def messages(self) -> list[Received]:
        received = []
        for path in sorted(self.folder.glob("*.eml")):
            meta, _, raw = path.read_bytes().partition(b"\n")
            envelope = json.loads(meta)
            received.append(Received(envelope["mail_from"], envelope["rcpt_tos"],
                                     message_from_bytes(raw, policy=policy.default)))  # type: ignore[arg-type]
        return received

    def to(self, address: str) -> list[Received]:
        return [m for m in self.messages() if address in m.rcpt_tos]


