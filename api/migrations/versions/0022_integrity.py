"""integrity evidence (issue 23): an assessment's integrity settings (assessment_integrity), the candidate
app's recording in append-only compressed batches (recording_batches), the AI tools a candidate declared
(ai_declarations)

Revision ID: 0022_integrity
Revises: 0021_notice_opt_outs
Create Date: 2026-12-07 13:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = "0022_integrity"
down_revision: str | None = "0021_notice_opt_outs"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

S = sqlmodel.sql.sqltypes.AutoString
T = sqlmodel.sql.sqltypes.UTCDateTime


def upgrade() -> None:
    op.create_table(
        "assessment_integrity",
        sa.Column("assessment_id", S(), nullable=False),
        sa.Column("signals", S(), nullable=False),
        sa.Column("ai_assistance", S(), nullable=False),
        sa.ForeignKeyConstraint(["assessment_id"], ["assessments.id"]),
        sa.PrimaryKeyConstraint("assessment_id"),
    )
    op.create_table(
        "recording_batches",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("invitation_id", S(), nullable=False),
        sa.Column("problem_slug", S(), nullable=False),
        sa.Column("batch_id", S(), nullable=False),
        sa.Column("received_at", T(), nullable=False),
        sa.Column("events", sa.Integer(), nullable=False),
        sa.Column("compressed_bytes", sa.Integer(), nullable=False),
        sa.Column("coarse", sa.Boolean(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(["invitation_id"], ["invitations.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("invitation_id", "problem_slug", "batch_id"),
    )
    op.create_index("ix_recording_batches_invitation_id", "recording_batches", ["invitation_id"])
    op.create_table(
        "ai_declarations",
        sa.Column("invitation_id", S(), nullable=False),
        sa.Column("tools", S(), nullable=False),
        sa.Column("declared_at", T(), nullable=False),
        sa.ForeignKeyConstraint(["invitation_id"], ["invitations.id"]),
        sa.PrimaryKeyConstraint("invitation_id"),
    )


def downgrade() -> None:
    op.drop_table("ai_declarations")
    op.drop_index("ix_recording_batches_invitation_id", "recording_batches")
    op.drop_table("recording_batches")
    op.drop_table("assessment_integrity")
