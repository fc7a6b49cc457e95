"""Live interviews (issue 24): interviews, their interviewers, and each pad's accepted updates

Revision ID: 0023_interviews
Revises: 0022_integrity
Create Date: 2026-12-07 13:40:00

Three new tables; nothing existing changes.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = "0023_interviews"
down_revision: str | None = "0022_integrity"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

S = sqlmodel.sql.sqltypes.AutoString
T = sqlmodel.sql.sqltypes.UTCDateTime


def upgrade() -> None:
    op.create_table(
        "interviews",
        sa.Column("id", S(), nullable=False),
        sa.Column("invitation_id", S(), nullable=False),
        sa.Column("team_id", S(), nullable=True),
        sa.Column("starts_at", T(), nullable=False),
        sa.Column("duration_minutes", sa.Integer(), nullable=False),
        sa.Column("problem_slug", S(), nullable=True),
        sa.Column("language", S(), nullable=False),
        sa.Column("video_url", S(), nullable=True),
        sa.Column("token_hash", S(), nullable=False),
        sa.Column("token_enc", S(), nullable=False),
        sa.Column("created_by", S(), nullable=True),
        sa.Column("created_at", T(), nullable=False),
        sa.Column("document", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("updated_at", T(), nullable=False),
        sa.ForeignKeyConstraint(["invitation_id"], ["invitations.id"]),
        sa.ForeignKeyConstraint(["created_by"], ["users.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("token_hash"),
    )
    op.create_index("ix_interviews_invitation_id", "interviews", ["invitation_id"])
    op.create_index("ix_interviews_team_id", "interviews", ["team_id"])
    op.create_table(
        "interview_interviewers",
        sa.Column("interview_id", S(), nullable=False),
        sa.Column("user_id", S(), nullable=False),
        sa.ForeignKeyConstraint(["interview_id"], ["interviews.id"]),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"]),
        sa.PrimaryKeyConstraint("interview_id", "user_id"),
    )
    op.create_table(
        "pad_updates",
        sa.Column("interview_id", S(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("client_id", S(), nullable=False),
        sa.Column("changes", sa.JSON(), nullable=False),
        sa.Column("created_at", T(), nullable=False),
        sa.ForeignKeyConstraint(["interview_id"], ["interviews.id"]),
        sa.PrimaryKeyConstraint("interview_id", "version"),
    )


def downgrade() -> None:
    op.drop_table("pad_updates")
    op.drop_table("interview_interviewers")
    op.drop_index("ix_interviews_team_id", table_name="interviews")
    op.drop_index("ix_interviews_invitation_id", table_name="interviews")
    op.drop_table("interviews")
