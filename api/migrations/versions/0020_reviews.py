"""reviews: scorecards per assessment, reviewers assigned to candidates, their reviews (every revision);
invitation_decisions.by_user_id (the person who decided)

Revision ID: 0020_reviews
Revises: 0019_greenhouse_callback_key
Create Date: 2026-12-07 12:40:00

New tables, and a plain ADD COLUMN on invitation_decisions (no foreign key: SQLite cannot add one to an
existing table; the service writes the id of the signed-in person).
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = "0020_reviews"
down_revision: str | None = "0019_greenhouse_callback_key"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

S = sqlmodel.sql.sqltypes.AutoString
T = sqlmodel.sql.sqltypes.UTCDateTime


def upgrade() -> None:
    op.create_table(
        "scorecards",
        sa.Column("assessment_id", S(), nullable=False),
        sa.Column("criteria", sa.JSON(), nullable=False),
        sa.Column("pass_threshold", sa.Float(), nullable=True),
        sa.Column("updated_at", T(), nullable=False),
        sa.Column("updated_by_user_id", S(), nullable=True),
        sa.Column("updated_by_key_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["assessment_id"], ["assessments.id"]),
        sa.ForeignKeyConstraint(["updated_by_user_id"], ["users.id"]),
        sa.ForeignKeyConstraint(["updated_by_key_id"], ["api_keys.id"]),
        sa.PrimaryKeyConstraint("assessment_id"),
    )
    op.create_table(
        "review_assignments",
        sa.Column("id", S(), nullable=False),
        sa.Column("invitation_id", S(), nullable=False),
        sa.Column("user_id", S(), nullable=False),
        sa.Column("assigned_at", T(), nullable=False),
        sa.Column("due_at", T(), nullable=False),
        sa.Column("assigned_by_user_id", S(), nullable=True),
        sa.Column("assigned_by_key_id", sa.Integer(), nullable=True),
        sa.Column("submitted_at", T(), nullable=True),
        sa.Column("reminded_at", T(), nullable=True),
        sa.ForeignKeyConstraint(["invitation_id"], ["invitations.id"]),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"]),
        sa.ForeignKeyConstraint(["assigned_by_user_id"], ["users.id"]),
        sa.ForeignKeyConstraint(["assigned_by_key_id"], ["api_keys.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("invitation_id", "user_id"),
    )
    op.create_index("ix_review_assignments_invitation_id", "review_assignments", ["invitation_id"])
    op.create_index("ix_review_assignments_user_id", "review_assignments", ["user_id"])
    op.create_table(
        "reviews",
        sa.Column("id", S(), nullable=False),
        sa.Column("invitation_id", S(), nullable=False),
        sa.Column("user_id", S(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("scores", sa.JSON(), nullable=False),
        sa.Column("recommendation", S(), nullable=False),
        sa.Column("note", S(), nullable=False),
        sa.Column("submitted_at", T(), nullable=False),
        sa.ForeignKeyConstraint(["invitation_id"], ["invitations.id"]),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("invitation_id", "user_id", "revision"),
    )
    op.create_index("ix_reviews_invitation_id", "reviews", ["invitation_id"])
    op.create_index("ix_reviews_user_id", "reviews", ["user_id"])
    op.add_column("invitation_decisions", sa.Column("by_user_id", S(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("invitation_decisions", schema=None) as batch_op:
        batch_op.drop_column("by_user_id")
    op.drop_index("ix_reviews_user_id", table_name="reviews")
    op.drop_index("ix_reviews_invitation_id", table_name="reviews")
    op.drop_table("reviews")
    op.drop_index("ix_review_assignments_user_id", table_name="review_assignments")
    op.drop_index("ix_review_assignments_invitation_id", table_name="review_assignments")
    op.drop_table("review_assignments")
    op.drop_table("scorecards")
