"""A real, throwaway PostgreSQL server for tests: Debian's binaries, a cluster in a temp directory.

The cluster belongs to the ``postgres`` user (the server refuses to run as root), listens on
127.0.0.1 and a free port, and can be stopped, killed and restarted by tests (reconnect tests).
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import time
import uuid
from pathlib import Path

from api.db import make_engine
from api.migrate import heads, upgrade
from support.net import free_port


def find_bindir() -> Path | None:
    """The newest /usr/lib/postgresql/<version>/bin with initdb and pg_ctl, if PostgreSQL is installed."""
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), key=lambda p: int(Path(p).parts[-3]))
    return Path(candidates[-1]).parent if candidates else None


class PostgresServer:
    def __init__(self, root: Path, *, bindir: Path | None = None, port: int | None = None) -> None:
        found = bindir or find_bindir()
        if found is None:
            raise RuntimeError("PostgreSQL is not installed (scripts/setup-host.sh installs Debian's postgresql)")
        self.bindir = found
        self.root = root
        self.data = root / "data"
        self.port = port or free_port()
        self.user = "postgres"
        self.password = "assay-test"
        self.log = root / "postgres.log"
        self._templates: set[str] = set()

    # ------------------------------------------------------------------ process control

    def _as_owner(self, *argv: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        prefix: list[str] = []
        if os.geteuid() == 0:
            prefix = ["runuser", "-u", "postgres", "--"]
        return subprocess.run([*prefix, *argv], check=check, capture_output=True, text=True, timeout=120)

    def init(self) -> PostgresServer:
        self.root.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            shutil.chown(self.root, "postgres", "postgres")
        pwfile = self.root / "pw"
        pwfile.write_text(self.password + "\n")
        if os.geteuid() == 0:
            shutil.chown(pwfile, "postgres", "postgres")
        self._as_owner(str(self.bindir / "initdb"), "-D", str(self.data), "-U", self.user, "--pwfile", str(pwfile),
                       "-A", "scram-sha-256", "-E", "UTF8", "--no-sync")
        with (self.data / "postgresql.conf").open("a") as conf:
            conf.write(f"\nport = {self.port}\nlisten_addresses = '127.0.0.1'\n"
                       f"unix_socket_directories = '{self.root}'\n"
                       "max_connections = 300\nfsync = off\nsynchronous_commit = off\nfull_page_writes = off\n"
                       # databases live for one test: no background vacuuming of them, no JIT compiling
                       "autovacuum = off\njit = off\n")
        return self

    def start(self) -> None:
        self._as_owner(str(self.bindir / "pg_ctl"), "-D", str(self.data), "-l", str(self.log), "-w", "-t", "60",
                       "start")

    def stop(self, mode: str = "fast") -> None:
        """mode: smart, fast (disconnect clients) or immediate (as a crash)."""
        self._as_owner(str(self.bindir / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "-t", "60", "stop",
                       check=False)

    def restart(self, down_s: float = 0.0, mode: str = "fast") -> None:
        self.stop(mode)
        time.sleep(down_s)
        self.start()

    # ------------------------------------------------------------------ databases

    def url(self, database: str = "postgres", driver: str = "postgresql+psycopg") -> str:
        return f"{driver}://{self.user}:{self.password}@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str | None = None, *, at_head: bool = False) -> str:
        """A new database, empty, or with ``at_head`` a copy of one migrated to the head (an app that
        starts on it finds nothing to upgrade: ~2 s of migrations saved each time; the tests of first
        starts and of the migrations keep empty ones); returns its SQLAlchemy URL."""
        return self._create(name or f"assay_{uuid.uuid4().hex[:12]}", self._migrated_template() if at_head else None)

    def copy_database(self, template: str) -> str:
        """A new database copied from the database ``template`` (which nobody may be connected to);
        returns its SQLAlchemy URL."""
        return self._create(f"assay_{uuid.uuid4().hex[:12]}", template)

    def _create(self, name: str, template: str | None) -> str:
        import psycopg

        copy = f' TEMPLATE "{template}"' if template else ""
        with psycopg.connect(self.url(driver="postgresql"), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"{copy}')
        return self.url(name)

    def _migrated_template(self) -> str:
        head = heads()[0]
        name = f"assay_template_{head}"
        if name not in self._templates:
            url = self.create_database(name)
            engine = make_engine(url)
            upgrade(engine)
            engine.dispose()  # CREATE DATABASE ... TEMPLATE needs the template with no connection
            self._templates.add(name)
        return name

    def tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""
