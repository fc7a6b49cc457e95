"""candidate app and HR console: consent, accommodations, the encrypted token, drafts

Revision ID: 0005_candidate_app
Revises: 0001
Create Date: 2026-12-04 17:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = "0005_candidate_app"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

S = sqlmodel.sql.sqltypes.AutoString
T = sqlmodel.sql.sqltypes.UTCDateTime


def upgrade() -> None:
    with op.batch_alter_table("invitations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("consented_at", T(), nullable=True))
        batch_op.add_column(sa.Column("time_multiplier", sa.Float(), nullable=False, server_default="1.0"))
        batch_op.add_column(sa.Column("extra_minutes", sa.Integer(), nullable=False, server_default="0"))
        batch_op.add_column(sa.Column("token_enc", S(), nullable=True))
    op.create_table(
        "drafts",
        sa.Column("invitation_id", S(), nullable=False),
        sa.Column("problem_slug", S(), nullable=False),
        sa.Column("language", S(), nullable=False),
        sa.Column("files", sa.JSON(), nullable=False),
        sa.Column("updated_at", T(), nullable=False),
        sa.ForeignKeyConstraint(["invitation_id"], ["invitations.id"]),
        sa.PrimaryKeyConstraint("invitation_id", "problem_slug", "language"),
    )


def downgrade() -> None:
    op.drop_table("drafts")
    with op.batch_alter_table("invitations", schema=None) as batch_op:
        for column in ("token_enc", "extra_minutes", "time_multiplier", "consented_at"):
            batch_op.drop_column(column)
