"""Lever integration: invitations a Lever stage change created (api.integrations.lever)

Revision ID: 0009_lever
Revises: 0002_webhooks
Create Date: 2026-12-04 20:30:00

A branch off 0002_webhooks (its result note goes through the webhook outbox); 0011_one_line merges it.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = "0009_lever"
down_revision: str | None = "0002_webhooks"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

S = sqlmodel.sql.sqltypes.AutoString
T = sqlmodel.sql.sqltypes.UTCDateTime


def upgrade() -> None:
    op.create_table(
        "lever_invitations",
        sa.Column("invitation_id", S(), nullable=False),
        sa.Column("opportunity_id", S(), nullable=False),
        sa.Column("assessment_id", S(), nullable=False),
        sa.Column("stage_id", S(), nullable=False),
        sa.Column("candidate_id", S(), nullable=True),
        sa.Column("note_url", S(), nullable=False),
        sa.Column("token_enc", S(), nullable=False),
        sa.Column("created_at", T(), nullable=False),
        sa.ForeignKeyConstraint(["invitation_id"], ["invitations.id"]),
        sa.PrimaryKeyConstraint("invitation_id"),
        sa.UniqueConstraint("opportunity_id", "assessment_id"),
    )
    op.create_index("ix_lever_invitations_opportunity_id", "lever_invitations", ["opportunity_id"])


def downgrade() -> None:
    op.drop_index("ix_lever_invitations_opportunity_id", table_name="lever_invitations")
    op.drop_table("lever_invitations")
