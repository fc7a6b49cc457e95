"""notice opt-outs: the kinds of e-mail about reviewing (a candidate finished, a review assigned, all
reviews in, a review overdue) each person turned off on the console's E-mails page

Revision ID: 0021_notice_opt_outs
Revises: 0020_reviews
Create Date: 2026-12-07 12:55:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = "0021_notice_opt_outs"
down_revision: str | None = "0020_reviews"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

S = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    op.create_table(
        "notice_opt_outs",
        sa.Column("user_id", S(), nullable=False),
        sa.Column("kind", S(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"]),
        sa.PrimaryKeyConstraint("user_id", "kind"),
    )


def downgrade() -> None:
    op.drop_table("notice_opt_outs")
