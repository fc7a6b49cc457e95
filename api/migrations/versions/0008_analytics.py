"""hiring analytics and anonymised review: per-group results, review mode, decisions, report keys

Revision ID: 0008_analytics
Revises: 0001
Create Date: 2026-12-04 18:00:00

Per-group rows of submissions graded before this migration are filled lazily (the analytics service
indexes what is missing the first time an assessment's analytics are asked for).
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = "0008_analytics"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

S = sqlmodel.sql.sqltypes.AutoString
T = sqlmodel.sql.sqltypes.UTCDateTime


def upgrade() -> None:
    op.create_table(
        "submission_groups",
        sa.Column("submission_id", S(), nullable=False),
        sa.Column("group_name", S(), nullable=False),
        sa.Column("invitation_id", S(), nullable=False, server_default=""),
        sa.Column("problem_version_id", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("verdict", S(), nullable=True),
        sa.Column("points", sa.Float(), nullable=False, server_default="0"),
        sa.Column("max_points", sa.Float(), nullable=False, server_default="0"),
        sa.Column("passed", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.ForeignKeyConstraint(["submission_id"], ["submissions.id"]),
        sa.PrimaryKeyConstraint("submission_id", "group_name"),
    )
    op.create_index("ix_submission_groups_analytics", "submission_groups",
                    ["invitation_id", "problem_version_id", "group_name", "passed"])
    op.create_table(
        "assessment_review",
        sa.Column("assessment_id", S(), nullable=False),
        sa.Column("anonymised", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("created_at", T(), nullable=False),
        sa.ForeignKeyConstraint(["assessment_id"], ["assessments.id"]),
        sa.PrimaryKeyConstraint("assessment_id"),
    )
    op.create_table(
        "invitation_decisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("invitation_id", S(), nullable=False),
        sa.Column("decision", S(), nullable=False),
        sa.Column("note", S(), nullable=False, server_default=""),
        sa.Column("decided_at", T(), nullable=False),
        sa.Column("by_key_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["invitation_id"], ["invitations.id"]),
        sa.ForeignKeyConstraint(["by_key_id"], ["api_keys.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_invitation_decisions_invitation_id", "invitation_decisions", ["invitation_id"])
    op.create_table(
        "candidate_report_keys",
        sa.Column("invitation_id", S(), nullable=False),
        sa.Column("report_key", S(), nullable=False),
        sa.Column("created_at", T(), nullable=False),
        sa.ForeignKeyConstraint(["invitation_id"], ["invitations.id"]),
        sa.PrimaryKeyConstraint("invitation_id"),
        sa.UniqueConstraint("report_key"),
    )
    # the analytics read submissions through this index alone (SQLite stores a row's columns in order,
    # and the large result JSON sits before created_at: reading the table would walk its overflow pages)
    op.create_index("ix_submissions_analytics", "submissions",
                    ["invitation_id", "kind", "problem_version_id", "status", "verdict", "points", "language",
                     "created_at", "id"])


def downgrade() -> None:
    op.drop_index("ix_submissions_analytics", table_name="submissions")
    op.drop_table("candidate_report_keys")
    op.drop_index("ix_invitation_decisions_invitation_id", table_name="invitation_decisions")
    op.drop_table("invitation_decisions")
    op.drop_table("assessment_review")
    op.drop_index("ix_submission_groups_analytics", table_name="submission_groups")
    op.drop_table("submission_groups")
