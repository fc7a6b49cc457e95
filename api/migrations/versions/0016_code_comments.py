"""code comments: threads on a line of a file of a submission (comment_threads) and their comments
(code_comments), written by a person or an API key

Revision ID: 0016_code_comments
Revises: 0015_staff_notices
Create Date: 2026-12-07 12:50:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = "0016_code_comments"
down_revision: str | None = "0015_staff_notices"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

S = sqlmodel.sql.sqltypes.AutoString
T = sqlmodel.sql.sqltypes.UTCDateTime


def upgrade() -> None:
    op.create_table(
        "comment_threads",
        sa.Column("id", S(), nullable=False),
        sa.Column("submission_id", S(), nullable=False),
        sa.Column("invitation_id", S(), nullable=False),
        sa.Column("path", S(), nullable=False),
        sa.Column("line", sa.Integer(), nullable=False),
        sa.Column("created_at", T(), nullable=False),
        sa.Column("resolved_at", T(), nullable=True),
        sa.Column("resolved_by", S(), nullable=False),
        sa.ForeignKeyConstraint(["submission_id"], ["submissions.id"]),
        sa.ForeignKeyConstraint(["invitation_id"], ["invitations.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_comment_threads_submission_id", "comment_threads", ["submission_id"])
    op.create_index("ix_comment_threads_invitation_id", "comment_threads", ["invitation_id"])
    op.create_table(
        "code_comments",
        sa.Column("id", S(), nullable=False),
        sa.Column("thread_id", S(), nullable=False),
        sa.Column("body", S(), nullable=False),
        sa.Column("author_user_id", S(), nullable=True),
        sa.Column("author_key_id", sa.Integer(), nullable=True),
        sa.Column("author_name", S(), nullable=False),
        sa.Column("created_at", T(), nullable=False),
        sa.ForeignKeyConstraint(["thread_id"], ["comment_threads.id"]),
        sa.ForeignKeyConstraint(["author_user_id"], ["users.id"]),
        sa.ForeignKeyConstraint(["author_key_id"], ["api_keys.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_code_comments_thread_id", "code_comments", ["thread_id"])
    op.create_index("ix_code_comments_created_at", "code_comments", ["created_at"])


def downgrade() -> None:
    op.drop_index("ix_code_comments_created_at", "code_comments")
    op.drop_index("ix_code_comments_thread_id", "code_comments")
    op.drop_table("code_comments")
    op.drop_index("ix_comment_threads_invitation_id", "comment_threads")
    op.drop_index("ix_comment_threads_submission_id", "comment_threads")
    op.drop_table("comment_threads")
