"""staff notices: which e-mails to staff about reviewing were decided (a candidate finished, a review
assigned, all reviews in, an overdue review's reminders), one row each under a key, so that none is
queued twice by two requests, processes or job runs

Revision ID: 0015_staff_notices
Revises: 0014_staff_mail
Create Date: 2026-12-07 12:50:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = "0015_staff_notices"
down_revision: str | None = "0014_staff_mail"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

S = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    op.create_table(
        "staff_notices",
        sa.Column("key", S(), nullable=False),
        sa.Column("kind", S(), nullable=False),
        sa.Column("subject_id", S(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
    with op.batch_alter_table("staff_notices", schema=None) as batch_op:
        batch_op.create_index("ix_staff_notices_subject", ["kind", "subject_id"], unique=False)


def downgrade() -> None:
    op.execute("DELETE FROM emails WHERE kind IN ('candidate_finished', 'review_assigned', 'reviews_done', "
               "'review_overdue')")  # the old code has no templates for them
    with op.batch_alter_table("staff_notices", schema=None) as batch_op:
        batch_op.drop_index("ix_staff_notices_subject")
    op.drop_table("staff_notices")
