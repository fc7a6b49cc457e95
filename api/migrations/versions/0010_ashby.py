"""Ashby integration: assessments Ashby started (api.integrations.ashby)

Revision ID: 0010_ashby
Revises: 0002_webhooks
Create Date: 2026-12-04 20:30:00

A branch off 0002_webhooks (its assessment.update goes through the webhook outbox); 0011_one_line
merges it.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = "0010_ashby"
down_revision: str | None = "0002_webhooks"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

S = sqlmodel.sql.sqltypes.AutoString
T = sqlmodel.sql.sqltypes.UTCDateTime


def upgrade() -> None:
    op.create_table(
        "ashby_assessments",
        sa.Column("invitation_id", S(), nullable=False),
        sa.Column("assessment_type_id", S(), nullable=False),
        sa.Column("application_id", S(), nullable=False),
        sa.Column("candidate_id", S(), nullable=True),
        sa.Column("ashby_profile_url", S(), nullable=True),
        sa.Column("update_url", S(), nullable=False),
        sa.Column("token_enc", S(), nullable=False),
        sa.Column("cancelled_at", T(), nullable=True),
        sa.Column("created_at", T(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["invitation_id"], ["invitations.id"]),
        sa.ForeignKeyConstraint(["created_by"], ["api_keys.id"]),
        sa.PrimaryKeyConstraint("invitation_id"),
        sa.UniqueConstraint("application_id", "assessment_type_id"),
    )


def downgrade() -> None:
    op.drop_table("ashby_assessments")
