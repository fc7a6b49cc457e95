"""Run the Alembic migrations (SQLite and PostgreSQL alike) up to every head."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy.engine import Engine

MIGRATIONS = Path(__file__).parent / "migrations"


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(engine: Engine) -> None:
    config = alembic_config(engine.url.render_as_string(hide_password=False))
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":  # api and workers may start together: one migrates at a time
            connection.exec_driver_sql("SELECT pg_advisory_xact_lock(7355608)")
        config.attributes["connection"] = connection
        command.upgrade(config, "heads")  # feature branches of the schema may each add a head
