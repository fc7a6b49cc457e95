"""Run the Alembic migrations (SQLite and PostgreSQL alike) up to the head.

The history is one line (since 0011_one_line merged the branches it had): every new revision's
`down_revision` is the current head, so the order of upgrades is always the same. A database left at
any earlier state, one branch or several, reaches the head through the same `upgrade head`.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Engine

MIGRATIONS = Path(__file__).parent / "migrations"


def alembic_config(url: str = "") -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def script_directory() -> ScriptDirectory:
    """The revisions under api/migrations/versions (read from the files, no database needed)."""
    return ScriptDirectory.from_config(alembic_config())


def heads() -> tuple[str, ...]:
    """The revisions nothing follows; one, unless someone branched the history (a test fails then)."""
    return tuple(script_directory().get_heads())


class BranchedHistoryError(RuntimeError):
    """The history has more than one head: some revision does not follow the current head."""


def upgrade(engine: Engine, target: str = "head") -> None:
    """Upgrade to ``target`` (the head; tests pass an earlier revision to make an old database)."""
    found = heads()
    if target == "head" and len(found) > 1:
        raise BranchedHistoryError(
            f"api/migrations has {len(found)} heads ({', '.join(sorted(found))}): each revision's down_revision "
            "must be the head before it (README, Development: Migrations)")
    config = alembic_config(engine.url.render_as_string(hide_password=False))
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":  # api and workers may start together: one migrates at a time
            connection.exec_driver_sql("SELECT pg_advisory_xact_lock(7355608)")
        config.attributes["connection"] = connection
        command.upgrade(config, target)
