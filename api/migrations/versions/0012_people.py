"""people: staff users, console sessions, hiring teams, team members, one-time links, OIDC sign-ins

Revision ID: 0012_people
Revises: 0011_one_line
Create Date: 2026-12-07 05:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = "0012_people"
down_revision: str | None = "0011_one_line"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

S = sqlmodel.sql.sqltypes.AutoString
T = sqlmodel.sql.sqltypes.UTCDateTime


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("id", S(), nullable=False),
        sa.Column("email", S(), nullable=False),
        sa.Column("name", S(), nullable=False),
        sa.Column("is_admin", sa.Boolean(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("password_hash", S(), nullable=True),
        sa.Column("totp_secret_enc", S(), nullable=True),
        sa.Column("totp_last_counter", sa.Integer(), nullable=True),
        sa.Column("oidc_issuer", S(), nullable=True),
        sa.Column("oidc_subject", S(), nullable=True),
        sa.Column("failed_logins", sa.Integer(), nullable=False),
        sa.Column("locked_until", T(), nullable=True),
        sa.Column("created_at", T(), nullable=False),
        sa.Column("last_login_at", T(), nullable=True),
        sa.Column("deactivated_at", T(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("oidc_issuer", "oidc_subject"),
    )
    op.create_index("ix_users_email", "users", ["email"], unique=True)
    op.create_table(
        "staff_sessions",
        sa.Column("id", S(), nullable=False),
        sa.Column("user_id", S(), nullable=False),
        sa.Column("created_at", T(), nullable=False),
        sa.Column("last_seen_at", T(), nullable=False),
        sa.Column("expires_at", T(), nullable=False),
        sa.Column("revoked_at", T(), nullable=True),
        sa.Column("mfa_pending", sa.Boolean(), nullable=False),
        sa.Column("csrf_token", S(), nullable=False),
        sa.Column("user_agent", S(), nullable=False),
        sa.Column("address", S(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_staff_sessions_user_id", "staff_sessions", ["user_id"])
    op.create_table(
        "teams",
        sa.Column("id", S(), nullable=False),
        sa.Column("name", S(), nullable=False),
        sa.Column("created_at", T(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name"),
    )
    op.create_table(
        "team_members",
        sa.Column("team_id", S(), nullable=False),
        sa.Column("user_id", S(), nullable=False),
        sa.Column("role", S(), nullable=False),
        sa.Column("added_at", T(), nullable=False),
        sa.ForeignKeyConstraint(["team_id"], ["teams.id"]),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"]),
        sa.PrimaryKeyConstraint("team_id", "user_id"),
    )
    op.create_index("ix_team_members_user_id", "team_members", ["user_id"])
    op.create_table(
        "one_time_links",
        sa.Column("id", S(), nullable=False),
        sa.Column("purpose", S(), nullable=False),
        sa.Column("email", S(), nullable=False),
        sa.Column("name", S(), nullable=False),
        sa.Column("user_id", S(), nullable=True),
        sa.Column("team_id", S(), nullable=True),
        sa.Column("role", S(), nullable=True),
        sa.Column("is_admin", sa.Boolean(), nullable=False),
        sa.Column("created_at", T(), nullable=False),
        sa.Column("expires_at", T(), nullable=False),
        sa.Column("used_at", T(), nullable=True),
        sa.Column("created_by", S(), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"]),
        sa.ForeignKeyConstraint(["team_id"], ["teams.id"]),
        sa.ForeignKeyConstraint(["created_by"], ["users.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_one_time_links_purpose", "one_time_links", ["purpose"])
    op.create_table(
        "oidc_logins",
        sa.Column("id", S(), nullable=False),
        sa.Column("nonce", S(), nullable=False),
        sa.Column("code_verifier", S(), nullable=False),
        sa.Column("return_to", S(), nullable=False),
        sa.Column("created_at", T(), nullable=False),
        sa.Column("expires_at", T(), nullable=False),
        sa.Column("used_at", T(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )


def downgrade() -> None:
    op.drop_table("oidc_logins")
    op.drop_table("one_time_links")
    op.drop_table("team_members")
    op.drop_table("teams")
    op.drop_table("staff_sessions")
    op.drop_table("users")
