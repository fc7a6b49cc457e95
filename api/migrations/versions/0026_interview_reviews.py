"""Interviews after the end (issue 24): the pad's starting text (for the playback) and the interviewers'
scorecards

Revision ID: 0026_interview_reviews
Revises: 0025_verify_runs
Create Date: 2026-12-07 15:20:00

interviews gains ``start_document`` (the text the pad started from; null for interviews scheduled before
this migration, whose playback then starts from the first stored update); interview_reviews keeps each
revision of an interviewer's scorecard of one interview (append-only, as reviews).
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = "0026_interview_reviews"
down_revision: str | None = "0025_verify_runs"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

S = sqlmodel.sql.sqltypes.AutoString
T = sqlmodel.sql.sqltypes.UTCDateTime


def upgrade() -> None:
    with op.batch_alter_table("interviews") as batch:
        batch.add_column(sa.Column("start_document", sa.Text(), nullable=True))
    op.create_table(
        "interview_reviews",
        sa.Column("id", S(), nullable=False),
        sa.Column("interview_id", S(), nullable=False),
        sa.Column("invitation_id", S(), nullable=False),
        sa.Column("user_id", S(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("scores", sa.JSON(), nullable=False),
        sa.Column("recommendation", S(), nullable=False),
        sa.Column("note", S(), nullable=False),
        sa.Column("submitted_at", T(), nullable=False),
        sa.ForeignKeyConstraint(["interview_id"], ["interviews.id"]),
        sa.ForeignKeyConstraint(["invitation_id"], ["invitations.id"]),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("interview_id", "user_id", "revision"),
    )
    op.create_index("ix_interview_reviews_interview_id", "interview_reviews", ["interview_id"])
    op.create_index("ix_interview_reviews_invitation_id", "interview_reviews", ["invitation_id"])
    op.create_index("ix_interview_reviews_user_id", "interview_reviews", ["user_id"])


def downgrade() -> None:
    op.drop_index("ix_interview_reviews_user_id", table_name="interview_reviews")
    op.drop_index("ix_interview_reviews_invitation_id", table_name="interview_reviews")
    op.drop_index("ix_interview_reviews_interview_id", table_name="interview_reviews")
    op.drop_table("interview_reviews")
    with op.batch_alter_table("interviews") as batch:
        batch.drop_column("start_document")
