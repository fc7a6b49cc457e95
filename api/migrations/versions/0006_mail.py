"""mail: the emails outbox (invitation e-mails and reminders)

Revision ID: 0006_mail
Revises: 0001
Create Date: 2026-12-04 17:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = "0006_mail"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

S = sqlmodel.sql.sqltypes.AutoString
T = sqlmodel.sql.sqltypes.UTCDateTime


def upgrade() -> None:
    op.create_table(
        "emails",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("invitation_id", S(), nullable=False),
        sa.Column("kind", S(), nullable=False),
        sa.Column("to_addr", S(), nullable=False),
        sa.Column("status", S(), nullable=False),
        sa.Column("tries", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", T(), nullable=False),
        sa.Column("locked_until", T(), nullable=True),
        sa.Column("claim", S(), nullable=True),
        sa.Column("last_error", S(), nullable=True),
        sa.Column("subject", S(), nullable=True),
        sa.Column("message_id", S(), nullable=True),
        sa.Column("created_at", T(), nullable=False),
        sa.Column("updated_at", T(), nullable=False),
        sa.Column("sent_at", T(), nullable=True),
        sa.ForeignKeyConstraint(["invitation_id"], ["invitations.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("emails", schema=None) as batch_op:
        batch_op.create_index("ix_emails_invitation_id", ["invitation_id"], unique=False)
        batch_op.create_index("ix_emails_due", ["status", "next_attempt_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("emails", schema=None) as batch_op:
        batch_op.drop_index("ix_emails_due")
        batch_op.drop_index("ix_emails_invitation_id")
    op.drop_table("emails")
