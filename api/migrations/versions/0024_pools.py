"""Question pools (issue 25): a slot of an assessment can be one of several problems; each candidate's draw

Revision ID: 0024_pools
Revises: 0023_interviews
Create Date: 2026-12-07 13:50:00

assessment_problems gains ``slot`` (existing rows: slot = position, one problem per slot, as before);
invitation_draws keeps the problem each invitation drew for each pooled slot.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = "0024_pools"
down_revision: str | None = "0023_interviews"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

S = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    with op.batch_alter_table("assessment_problems") as batch:
        batch.add_column(sa.Column("slot", sa.Integer(), nullable=False, server_default="0"))
    op.execute("UPDATE assessment_problems SET slot = position")
    op.create_table(
        "invitation_draws",
        sa.Column("invitation_id", S(), nullable=False),
        sa.Column("slot", sa.Integer(), nullable=False),
        sa.Column("problem_version_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["invitation_id"], ["invitations.id"]),
        sa.ForeignKeyConstraint(["problem_version_id"], ["problem_versions.id"]),
        sa.PrimaryKeyConstraint("invitation_id", "slot"),
    )


def downgrade() -> None:
    op.drop_table("invitation_draws")
    with op.batch_alter_table("assessment_problems") as batch:
        batch.drop_column("slot")
