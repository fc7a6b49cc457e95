"""teams own things: assessments.team_id, api_keys.team_id (a key scoped to one team), audit_log's
actor_user_id and team_id; assessments made before belong to a "Default team"

Revision ID: 0013_teams
Revises: 0012_people
Create Date: 2026-12-07 05:20:00

Plain ADD COLUMNs (no batch copy of the tables: audit_log keeps its append-only triggers). The columns
are indexed but carry no foreign key (SQLite cannot add one to an existing table); the services check
the team exists.
"""

import uuid
from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = "0013_teams"
down_revision: str | None = "0012_people"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

S = sqlmodel.sql.sqltypes.AutoString
DEFAULT_TEAM = "Default team"


def upgrade() -> None:
    op.add_column("assessments", sa.Column("team_id", S(), nullable=True))
    op.create_index("ix_assessments_team_id", "assessments", ["team_id"])
    op.add_column("api_keys", sa.Column("team_id", S(), nullable=True))
    op.create_index("ix_api_keys_team_id", "api_keys", ["team_id"])
    op.add_column("audit_log", sa.Column("actor_user_id", S(), nullable=True))
    op.create_index("ix_audit_log_actor_user_id", "audit_log", ["actor_user_id"])
    op.add_column("audit_log", sa.Column("team_id", S(), nullable=True))
    op.create_index("ix_audit_log_team_id", "audit_log", ["team_id"])
    connection = op.get_bind()
    if connection.execute(sa.text("SELECT 1 FROM assessments LIMIT 1")).first() is None:
        return
    team_id = uuid.uuid4().hex
    existing = connection.execute(sa.text("SELECT id FROM teams WHERE name = :name"), {"name": DEFAULT_TEAM}).first()
    if existing is not None:
        team_id = existing[0]
    else:
        connection.execute(sa.text("INSERT INTO teams (id, name, created_at) VALUES (:id, :name, :at)"),
                           {"id": team_id, "name": DEFAULT_TEAM, "at": datetime.now(UTC)})
    connection.execute(sa.text("UPDATE assessments SET team_id = :team WHERE team_id IS NULL"), {"team": team_id})


def downgrade() -> None:
    for table, column in (("audit_log", "team_id"), ("audit_log", "actor_user_id"), ("api_keys", "team_id"),
                          ("assessments", "team_id")):
        op.drop_index(f"ix_{table}_{column}", table)
        op.drop_column(table, column)
