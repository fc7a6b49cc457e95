"""the job queue of the scale-out mode: procrastinate's schema (PostgreSQL only)

The SQL is procrastinate's own ``schema.sql`` for the version pinned in pyproject.toml. A later
procrastinate release that changes its schema gets a migration here that runs its migration files.

Revision ID: 0004_jobqueue
Revises: 0001
Create Date: 2026-11-23 22:30:00.000000
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0004_jobqueue"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return  # the embedded mode (SQLite) grades in-process
    exists = bind.exec_driver_sql("SELECT to_regclass('public.procrastinate_jobs')").scalar()
    if exists is not None:
        return
    from procrastinate.schema import SchemaManager

    cursor = bind.connection.dbapi_connection.cursor()  # type: ignore[union-attr]  # set while the connection is open
    cursor.execute(SchemaManager.get_schema())  # as is: no parameters, so no placeholder parsing of its '%'
    cursor.close()


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    bind.exec_driver_sql(
        "DROP TABLE IF EXISTS procrastinate_events, procrastinate_periodic_defers, procrastinate_jobs,"
        " procrastinate_workers CASCADE"
    )
